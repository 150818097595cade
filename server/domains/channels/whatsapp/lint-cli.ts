/**
 * `clarion whatsapp lint TEMPLATE.json [--json]`: checks a create-template request body against
 * Meta's rules locally (same validator as the editor and the simulator's review).
 * Exit codes: 0 valid, 1 violations found, 2 file unreadable / not JSON / bad usage.
 */
import { readFile } from 'node:fs/promises';
import { validateTemplate } from './template-rules.js';
import type { CreateTemplateRequest } from './wa-types.js';

const USAGE = 'usage: clarion whatsapp lint TEMPLATE.json [--json] [--allow-unknown-languages]';

/**
 * Runs the lint command.
 * @param argv arguments after `whatsapp lint` (file path and flags).
 * @returns the process exit code (0 ok, 1 violations, 2 unreadable input).
 */
export async function runWhatsappLint(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const allowUnknownLanguages = argv.includes('--allow-unknown-languages');
  const files = argv.filter((a) => !a.startsWith('--'));
  if (argv.includes('--help') || files.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = files[0];
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    process.stderr.write(`clarion whatsapp lint: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return 2;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (err) {
    process.stderr.write(`clarion whatsapp lint: ${file} is not valid JSON: ${(err as Error).message}\n`);
    return 2;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    process.stderr.write(`clarion whatsapp lint: ${file} must contain one JSON object (a create-template request body)\n`);
    return 2;
  }
  const result = validateTemplate(body as CreateTemplateRequest, { allowUnknownLanguages });
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else if (result.ok) {
    process.stdout.write(`✓ ${file}: no problems found — WhatsApp should accept this template's format.\n`);
  } else {
    const n = result.violations.length;
    process.stdout.write(`✗ ${file}: ${n} problem${n > 1 ? 's' : ''} WhatsApp would reject:\n`);
    for (const v of result.violations) process.stdout.write(`  ${v.component.padEnd(8)} ${v.message}\n`);
  }
  return result.ok ? 0 : 1;
}
