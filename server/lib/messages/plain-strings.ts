/**
 * Finds English sentences passed where a coded message is expected: an error factory (badRequest, conflict,
 * forbidden, unauthorized, tooMany, tooLarge, validationFailed, new AppError) called with a string literal
 * instead of msg('…'). Used by plain-strings.test.ts, which fails on any such call beyond the shrinking
 * baseline in plain-strings.baseline.json (docs/i18n.md, "Converting the rest").
 */
import fs from 'node:fs';
import path from 'node:path';

const CALLS = [
  /\b(?:badRequest|conflict|forbidden|unauthorized|tooMany|tooLarge)\(\s*(['"`])/g,
  /\bvalidationFailed\(\s*[^,()]+,\s*(['"`])/g,
  /\bnew AppError\(\s*\d+\s*,\s*'[^']*'\s*,\s*(['"`])/g,
];

export interface PlainString {
  file: string;
  line: number;
  text: string;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !p.includes(`${path.sep}test${path.sep}`)) out.push(p);
  }
  return out;
}

/** Every plain-string message in the server's source (root: the repository). */
export function plainStrings(root: string): PlainString[] {
  const out: PlainString[] = [];
  for (const file of sources(path.join(root, 'server'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const re of CALLS) {
      for (const m of text.matchAll(re)) {
        const start = text.lastIndexOf('\n', m.index) + 1;
        const lineText = text.slice(start, text.indexOf('\n', m.index)).trim();
        if (lineText.startsWith('*') || lineText.startsWith('//')) continue;
        out.push({ file: path.relative(root, file).split(path.sep).join('/'), line: text.slice(0, m.index).split('\n').length, text: lineText });
      }
    }
  }
  return out;
}

/** Counts per file. */
export function countByFile(found: PlainString[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of found) counts[f.file] = (counts[f.file] ?? 0) + 1;
  return counts;
}
