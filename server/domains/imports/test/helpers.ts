/** Test helpers for imports: upload over real HTTP, a real job runner, polling until an import settles. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JobRunner } from '../../../workers/runner.js';
import type { JobHandler } from '../../../workers/types.js';
import { importJobHandlers } from '../imports.jobs.js';
import type { TestApp } from '../../../test/app.js';

export const fixtureDir = fileURLToPath(new URL('../../../test/fixtures/contacts/', import.meta.url));

export const expected = JSON.parse(readFileSync(fixtureDir + 'messy-contacts.expected.json', 'utf8')) as {
  records: number;
  created: number;
  duplicates_in_file: number;
  invalid: number;
  invalid_record_rows: number[];
  invalid_physical_lines: number[];
  keys: { email: string | null; phone: string | null }[];
};

/** Uploads bytes as multipart (default) or as the raw body with ?fileName=. */
export async function upload(t: TestApp, key: string, name: string, bytes: Buffer | string, how: 'multipart' | 'raw' = 'multipart') {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  let res: Response;
  if (how === 'multipart') {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), name);
    res = await fetch(`${t.url}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  } else {
    res = await fetch(`${t.url}/api/v1/imports?fileName=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(data),
    });
  }
  const body = (await res.json()) as any;
  return { status: res.status, body };
}

/**
 * A worker polling fast, as `clarion worker` would run it, with the import jobs and any others a test needs
 * (domains do not import the app's worker registry, so each test names the jobs it runs).
 */
export function startRunner(t: TestApp, more: Record<string, JobHandler> = {}) {
  const runner = new JobRunner(t.ctx, new Map(Object.entries({ ...importJobHandlers, ...more })), { concurrency: 2, pollMs: 50 });
  runner.start();
  return runner;
}

/** Polls GET /imports/:id until it leaves queued/running (generous: the machine may be busy). */
export async function waitForImport(t: TestApp, key: string, id: number, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await t.api('GET', `/api/v1/imports/${id}`, { key });
    if (r.status !== 200) throw new Error(`GET import ${id}: ${r.status} ${JSON.stringify(r.body)}`);
    if (!['queued', 'running'].includes(r.body.data.status)) return r.body.data;
    if (Date.now() > until) throw new Error(`import ${id} still ${r.body.data.status}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** The fields the fixtures carry besides the built-ins, created from their columns. */
export const fixtureNewFields = [
  { column: 4, key: 'birthday', label: 'Birthday', type: 'date' },
  { column: 5, key: 'city', label: 'City', type: 'text' },
  { column: 6, key: 'tags', label: 'Tags', type: 'multi_select', options: ['students', 'teachers', 'parents'] },
  { column: 7, key: 'notes', label: 'Notes', type: 'text' },
];

export function keySet(keys: { email: string | null; phone: string | null }[]): string[] {
  return keys.map((k) => `${k.email}|${k.phone}`).sort();
}
