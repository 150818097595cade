/**
 * `clarion email parse-bounce FILE.eml [--json]`: parses one saved bounce/complaint message and
 * prints what Clarion would record. Useful to check why a bounce was (not) counted.
 * `clarion email parse-bounce FILE… | DIR…`: several files, a maildir (cur/ and new/) or a folder of .eml files,
 * one JSON line per message, read one at a time, so thousands are classified in one process.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBounceMessage } from './parse-bounce.js';
import type { BounceEvent } from './types.js';

/** Where the command writes; injectable so tests and the main CLI can capture output. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Reads standard input when FILE is `-`. */
  readStdin?: () => Promise<Buffer>;
}

const USAGE =
  'usage: clarion email parse-bounce FILE.eml [--json]   (FILE "-" reads standard input)\n' +
  '       clarion email parse-bounce FILE… | DIR…          (several files, a maildir or a folder of .eml: one JSON line each)\n';

/**
 * Runs the command. `argv` are the arguments after `parse-bounce` (a leading `email parse-bounce`
 * or `parse-bounce` is tolerated). Returns the exit code: 0 parsed (whatever the kind), 2 usage
 * error or unreadable file.
 */
export async function runParseBounce(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const args = [...argv];
  if (args[0] === 'email' && args[1] === 'parse-bounce') args.splice(0, 2);
  else if (args[0] === 'parse-bounce') args.splice(0, 1);
  const json = args.includes('--json');
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const positional = args.filter((a) => a === '-' || !a.startsWith('-'));
  const unknownFlags = args.filter((a) => a !== '-' && a.startsWith('-') && a !== '--json');
  if (positional.length === 0 || unknownFlags.length > 0) {
    io.stderr.write(unknownFlags.length ? `unknown option: ${unknownFlags[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  if (positional.length > 1 || (positional[0] !== '-' && (await isDirectory(positional[0])))) return runMany(positional, io);
  const file = positional[0];
  let raw: Buffer;
  try {
    raw = file === '-' ? await (io.readStdin ?? readAllStdin)() : await readFile(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    io.stderr.write(`parse-bounce: cannot read ${file}: ${reason}\n`);
    return 2;
  }
  const ev = await parseBounceMessage(raw);
  io.stdout.write(json ? formatJson(ev) + '\n' : formatHuman(ev));
  return 0;
}

/**
 * Batch form: every path is a file or a directory (maildir: its cur/ and new/; else its *.eml files, sorted).
 * Prints `{"file", ...the single-file keys, "reason", "recipients"}` per message; an unreadable file prints
 * `{"file","error"}` and the run goes on. Exit 0 when every message was read, 1 when some could not be.
 */
async function runMany(paths: string[], io: CliIo): Promise<number> {
  let failed = 0;
  for (const p of paths) {
    let files: string[];
    try {
      files = (await isDirectory(p)) ? await messageFiles(p) : [p];
    } catch (err) {
      io.stdout.write(JSON.stringify({ file: p, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }) + '\n');
      failed++;
      continue;
    }
    for (const f of files) {
      let raw: Buffer;
      try {
        raw = await readFile(f);
      } catch (err) {
        io.stdout.write(JSON.stringify({ file: f, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }) + '\n');
        failed++;
        continue;
      }
      const ev = await parseBounceMessage(raw);
      const one = JSON.parse(formatJson(ev)) as Record<string, unknown>;
      const recipients = (ev.recipients ?? []).map((r) => ({ recipient: r.recipient, kind: r.kind, class: r.class, reason: r.reason, status: r.status }));
      io.stdout.write(JSON.stringify({ file: f, ...one, reason: ev.reason ?? null, recipients }) + '\n');
    }
  }
  return failed ? 1 : 0;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** The messages of a directory: a maildir's cur/ and new/ (tmp/ is being written), else its .eml files. */
async function messageFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, { withFileTypes: true });
  const sub = new Set(names.filter((n) => n.isDirectory()).map((n) => n.name));
  if (sub.has('cur') || sub.has('new')) {
    const out: string[] = [];
    for (const s of ['cur', 'new']) {
      if (!sub.has(s)) continue;
      const entries = await readdir(join(dir, s), { withFileTypes: true });
      out.push(...entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => join(dir, s, e.name)).sort());
    }
    return out;
  }
  return names.filter((n) => n.isFile() && n.name.toLowerCase().endsWith('.eml')).map((n) => join(dir, n.name)).sort();
}

/** The stable one-line JSON contract: exactly these keys, in this order. */
export function formatJson(ev: BounceEvent): string {
  return JSON.stringify({
    kind: ev.kind,
    class: ev.class,
    status: ev.status,
    recipient: ev.recipient,
    verpToken: ev.verpToken,
    diagnostic: ev.diagnostic,
  });
}

function formatHuman(ev: BounceEvent): string {
  const meaning: Record<BounceEvent['kind'], string> = {
    bounce: ev.class === 'hard' ? 'hard bounce: the address should be suppressed' : 'soft bounce: counts toward the soft-bounce rule',
    delay: 'delay notice: the MTA is still retrying; nothing to record against the address',
    complaint: 'complaint: the recipient must be unsubscribed from marketing',
    feedback: 'feedback report that is not a complaint (not-spam, authentication failure): nothing changes',
    auto_reply: 'auto-reply (RFC 3834 / vacation): not a bounce, nothing changes',
    unknown: 'not a bounce or complaint (auto-reply, human reply or unrecognised format)',
  };
  const lines = [
    `kind:        ${ev.kind}${ev.class ? ` (${ev.class})` : ''}${ev.policyBlock ? ' [policy block: sender-side problem]' : ''}`,
    `meaning:     ${meaning[ev.kind]}`,
    `status:      ${ev.status ?? '-'}`,
    `reason:      ${ev.reason ?? '-'}`,
    `recipient:   ${ev.recipient ?? '-'}`,
    `verp token:  ${ev.verpToken ?? '-'}`,
    `diagnostic:  ${ev.diagnostic ?? '-'}`,
  ];
  if (ev.feedbackType) lines.push(`feedback:    ${ev.feedbackType}`);
  if (ev.originalMessageId) lines.push(`message-id:  ${ev.originalMessageId}`);
  if (ev.recipients && ev.recipients.length > 1) {
    lines.push('recipients:');
    for (const r of ev.recipients) {
      lines.push(`  - ${r.recipient ?? '?'}  ${r.action ?? '?'}  ${r.status ?? '-'}  ${r.reason ?? ''}  ${r.class ?? ''}`.trimEnd());
    }
  }
  return lines.join('\n') + '\n';
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, readStdin: readAllStdin };
}

async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
