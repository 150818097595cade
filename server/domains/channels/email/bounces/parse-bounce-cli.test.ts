import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runParseBounce } from './parse-bounce-cli.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const sharedFixtures = '/work/shared/fixtures/bounces/';
const localFixtures = fileURLToPath(new URL('../../../../test/fixtures/bounces/', import.meta.url));
/** Prefer the shared read-only originals; fall back to our copies when run outside this machine. */
const fixtureDir = (name: string) => (existsSync(sharedFixtures + name) ? sharedFixtures + name : localFixtures + name);

async function capture(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runParseBounce(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

describe('clarion email parse-bounce', () => {
  it('prints the exact JSON line for the hard-bounce fixture', async () => {
    const r = await capture([fixtureDir('postfix-failed-5_1_1-nosuchuser-example.eml'), '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(
      '{"kind":"bounce","class":"hard","status":"5.1.1","recipient":"nosuchuser@example.test","verpToken":"d42.c7","diagnostic":"unknown user: \\"nosuchuser\\""}\n',
    );
    expect(Object.keys(JSON.parse(r.out))).toEqual(['kind', 'class', 'status', 'recipient', 'verpToken', 'diagnostic']);
  });

  it('prints a delay for the delayed fixture', async () => {
    const r = await capture(['email', 'parse-bounce', fixtureDir('postfix-delayed-4_4_1-someone-hard.eml'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      kind: 'delay',
      class: null,
      status: '4.4.1',
      recipient: 'someone@hard.test',
      verpToken: 'd43.c8',
      diagnostic: 'connect to 127.0.0.1[127.0.0.1]:2526: Connection refused',
    });
  });

  it('prints a human summary without --json, listing every recipient of a multi-recipient DSN', async () => {
    const r = await capture([localFixtures + 'postfix-multi-recipient-mixed.eml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('kind:        bounce (hard)');
    expect(r.out).toContain('verp token:  d50.c7');
    expect(r.out).toContain('full@mx.example.test  failed  5.2.2  mailbox_full  soft');
    expect(r.out).toContain('slow@mx2.example.test  delayed  4.7.0');
  });

  it('exits 2 with a message on stderr for an unreadable file or bad usage', async () => {
    const missing = await capture(['/nonexistent/dir/x.eml', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.out).toBe('');
    expect(missing.err).toContain('cannot read /nonexistent/dir/x.eml: ENOENT');
    expect((await capture([])).code).toBe(2);
    expect((await capture(['a.eml', '--yaml'])).err).toContain('unknown option: --yaml');
  });

  it('classifies a folder of .eml files and a maildir, one JSON line per message, and reports unreadable files', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'parse-bounce-'));
    try {
      const maildir = join(tmp, 'Maildir');
      for (const s of ['cur', 'new', 'tmp']) await mkdir(join(maildir, s), { recursive: true });
      const names = readdirSync(localFixtures).filter((n) => n.endsWith('.eml')).sort();
      await copyFile(localFixtures + names[0], join(maildir, 'cur', '1700000000.M1.host:2,S'));
      await copyFile(localFixtures + names[1], join(maildir, 'new', '1700000001.M2.host'));
      await writeFile(join(maildir, 'tmp', 'partial'), 'half a message');

      const folder = await capture([localFixtures]);
      expect(folder.code).toBe(0);
      const lines = folder.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => l.file)).toEqual(names.map((n) => join(localFixtures, n)));
      expect(Object.keys(lines[0]).slice(0, 7)).toEqual(['file', 'kind', 'class', 'status', 'recipient', 'verpToken', 'diagnostic']);
      const hard = lines.find((l) => String(l.file).endsWith('postfix-failed-5_1_1-nosuchuser-example.eml'))!;
      expect(hard).toMatchObject({ kind: 'bounce', class: 'hard', reason: 'user_unknown', recipients: [{ recipient: 'nosuchuser@example.test', reason: 'user_unknown' }] });

      const md = await capture([maildir, join(tmp, 'missing.eml')]);
      expect(md.code).toBe(1);
      const mdLines = md.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(mdLines.map((l) => l.file)).toEqual([join(maildir, 'cur', '1700000000.M1.host:2,S'), join(maildir, 'new', '1700000001.M2.host'), join(tmp, 'missing.eml')]);
      expect(mdLines[2]).toEqual({ file: join(tmp, 'missing.eml'), error: 'ENOENT' });

      const two = await capture([localFixtures + names[0], localFixtures + names[1]]);
      expect(two.out.trim().split('\n')).toHaveLength(2);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('works as a real process through tsx', async () => {
    const run = promisify(execFile);
    const main = 'server/domains/channels/email/bounces/parse-bounce-cli-main.ts';
    const ok = await run(process.execPath, ['--import', 'tsx', main, fixtureDir('postfix-failed-5_1_1-nosuchuser-example.eml'), '--json'], { cwd: root });
    expect(JSON.parse(ok.stdout)).toMatchObject({ kind: 'bounce', class: 'hard', status: '5.1.1', verpToken: 'd42.c7' });
    const bad = await run(process.execPath, ['--import', 'tsx', main, '/nonexistent.eml', '--json'], { cwd: root }).catch((e: { code: number; stderr: string; stdout: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr).toContain('cannot read /nonexistent.eml');
  }, 60_000);
});
