/**
 * No import cycle in server/ (value and type imports alike), and no domain imports the worker registry: domains
 * export their jobs and loops, server/app/worker-registry.ts assembles them (issue 12 §3). Reads every .ts file's
 * imports with the TypeScript compiler's own pre-processor and resolves relative ones to files; a new cycle fails
 * this test with its path. (`npx madge --circular --extensions ts server` reports the same.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('../../', import.meta.url));

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...tsFiles(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The files `file` imports (relative specifiers only; `.js` in a specifier names the `.ts` source). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  const out: string[] = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), ref.fileName);
    const candidates = [base.replace(/\.js$/, '.ts'), base + '.ts', path.join(base, 'index.ts')];
    const hit = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    if (hit) out.push(hit);
  }
  return out;
}

/** Every elementary cycle's first occurrence found by depth-first search (one path per strongly connected knot). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (n: string) => {
    state.set(n, 1);
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const s = state.get(m);
      if (s === 1) cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (s === undefined) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}

const KNOWN_CYCLES = [
  'db/schema.ts → domains/auth/auth.tables.ts → db/schema.ts',
  'api/auth-hook.ts → domains/auth/auth.service.ts → domains/system-mail/index.ts → domains/system-mail/system-mail.routes.ts → api/auth-hook.ts',
  'domains/auth/auth.routes.ts → domains/auth/invitations.routes.ts → domains/auth/auth.routes.ts',
];

describe('server import graph', () => {
  const files = tsFiles(serverDir);
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const rel = (f: string) => path.relative(serverDir, f);

  it('the cycle finder finds a planted cycle (so an empty result means something)', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(findCycles(g)).toEqual([['a', 'b', 'c', 'a']]);
    expect(graph.size).toBeGreaterThan(100);
  });

  it('has no new import cycle, and none through the workers or the registry', () => {
    const found = findCycles(graph).map((c) => c.map((f) => rel(f).split(path.sep).join('/')).join(' → '));
    expect(found.filter((c) => /(^|→ )(workers\/|app\/worker-registry)/.test(c))).toEqual([]);
    // Cycles that predate this check, outside the worker layer (auth and system mail): the list may only shrink.
    // A cycle not listed here fails; a listed one that is gone fails too, so it is struck off.
    expect(found.sort()).toEqual([...KNOWN_CYCLES].sort());
  });

  it('no domain imports the worker registry or the app layer that assembles it', () => {
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      if (!rel(f).startsWith('domains' + path.sep)) continue;
      for (const d of deps) if (rel(d) === path.join('app', 'worker-registry.ts') || rel(d) === path.join('app', 'roles.ts')) bad.push(`${rel(f)} → ${rel(d)}`);
    }
    expect(bad).toEqual([]);
  });
});
