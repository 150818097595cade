/**
 * No new English sentence where a coded message is expected: an error factory called with a string literal
 * reaches Hebrew users in English. The calls not yet converted are counted per file in
 * plain-strings.baseline.json; a file may only go down. Converting some: lower (or delete) its line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countByFile, plainStrings } from './plain-strings.js';

const root = path.resolve(import.meta.dirname, '../../..');
const baseline = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'plain-strings.baseline.json'), 'utf8')) as Record<string, number>;

describe('plain-string messages', () => {
  it('finds a plain literal passed to an error factory, and not a coded one', () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'plain-'));
    fs.mkdirSync(path.join(dir, 'server'));
    fs.writeFileSync(
      path.join(dir, 'server', 'x.ts'),
      [
        "throw badRequest('The name is too long.', 'name');",
        'throw conflict(`A group "${n}" exists.`);',
        "throw validationFailed('email', \"Bad email.\");",
        "throw new AppError(409, 'window_closed', 'The window closed.');",
        "throw badRequest(msg('validation.required', { field: 'x' }), 'x');",
        "throw forbidden();",
        "// badRequest('in a comment')",
      ].join('\n'),
    );
    const found = plainStrings(dir);
    fs.rmSync(dir, { recursive: true });
    expect(found.map((f) => f.line)).toEqual([1, 2, 3, 4]);
  });

  it('has no plain-string message beyond the baseline (new server text must be msg(...))', () => {
    const found = plainStrings(root);
    const counts = countByFile(found);
    const over = Object.entries(counts)
      .filter(([file, n]) => n > (baseline[file] ?? 0))
      .map(([file]) => found.filter((f) => f.file === file).map((f) => `${f.file}:${f.line}  ${f.text}`).join('\n'));
    expect(over, 'convert these to msg(...) (docs/i18n.md)').toEqual([]);
  });
});
