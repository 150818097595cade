/**
 * Performance check (not a test): streams N generated contact rows (default 1,000,000) through
 * parse → normalise → dedupe on one core and reports rows/s and peak RSS.
 *
 *   npx tsx server/domains/imports/parse/parse.perf.ts [rows] [--mode=all|gen|parse|full] [--encoding=utf8|windows-1255]
 *
 * The CSV is generated while it is read (never held in memory), in 64 KiB chunks, with the messy shapes real files
 * have: BOM, CRLF, Hebrew names, spaced mixed-case emails, five phone styles, dd/mm/yyyy dates, `,a,b,` tags,
 * quoted commas/quotes/line breaks, ~1% duplicates and ~0.5% invalid rows. Rates include generation (also
 * reported alone), so they understate the parser slightly. Rows per CPU-second is printed besides wall-clock
 * rows/s because the latter is meaningless on a busy shared machine.
 */
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { suggestMapping } from '../../../../common/import-mapping.js';
import { createInFileDeduper, createRowNormalizer, readRecordBatches, sniffFile, type FieldDefinition, type TextEncoding } from './index.js';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const mode = (args.find((a) => a.startsWith('--mode='))?.slice(7) ?? 'all') as 'all' | 'gen' | 'parse' | 'full';
const encoding = (args.find((a) => a.startsWith('--encoding='))?.slice(11) ?? 'utf8') as TextEncoding;

const FIRST = ['Dana', 'Avi', 'נועה', 'איתי', 'Shira', 'מיכל', 'Ron', 'תמר', 'Omer', 'Sarah'];
const LAST = ['Levi', 'Cohen', 'מזרחי', 'Peretz', 'ביטון', 'Friedman', 'Azoulay', 'כהן'];
const CITY = ['Tel Aviv', 'באר שבע', 'Haifa', 'ירושלים', '"Eilat, South"', "Ra'anana"];
const TAGS = ['', '",students,"', '",teachers,parents,"', 'students'];
const NOTES = ['', '"VIP, pays on time"', '"said ""call later"""', '"line one\r\nline two"', 'plain note'];
const HEADER = 'First Name,Last Name,E-mail,Phone,Birthday,City,Tags,Notes\r\n';

function phone(i: number): string {
  const n = String(1_000_000 + ((i * 7919) % 9_000_000)).slice(0, 7);
  const pre = ['050', '052', '053', '054', '058'][i % 5];
  switch (i % 6) {
    case 0: return `${pre}-${n}`;
    case 1: return `${pre}${n}`;
    case 2: return `+972 ${pre.slice(1)} ${n.slice(0, 3)} ${n.slice(3)}`;
    case 3: return `(${pre}) ${n.slice(0, 3)}-${n.slice(3)}`;
    case 4: return `+972-${pre.slice(1)}${n}`;
    default: return ''; // email-only contact
  }
}

function row(i: number): string {
  if (i % 200 === 199) return `Bad,Row,broken.${i}@@example.com,,,,,\r\n`; // invalid: malformed email, no phone
  const id = i % 100 === 99 ? i - 50 : i; // duplicate of an earlier row, in different case
  const email = i % 100 === 99 ? `  USER.${id}@EXAMPLE.COM ` : i % 3 === 0 ? `  user.${id}@example.com ` : `User.${id}@Example.com`;
  const d = (i % 28) + 1;
  const m = (i % 12) + 1;
  return `${FIRST[i % 10]},${LAST[i % 8]},${email},${i % 100 === 99 ? '' : phone(id)},${d < 10 ? '0' : ''}${d}/${m < 10 ? '0' : ''}${m}/${1950 + (i % 50)},${CITY[i % 6]},${TAGS[i % 4]},${NOTES[i % 5]}\r\n`;
}

async function* generate(): AsyncGenerator<Buffer> {
  const enc = (s: string) => (encoding === 'utf8' ? Buffer.from(s, 'utf8') : iconv.encode(s, encoding));
  yield Buffer.concat([encoding === 'utf8' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), enc(HEADER)]);
  let parts: string[] = [];
  let len = 0;
  for (let i = 0; i < N; i++) {
    const r = row(i);
    parts.push(r);
    len += r.length;
    if (len >= 60_000) {
      yield enc(parts.join(''));
      parts = [];
      len = 0;
    }
  }
  if (parts.length) yield enc(parts.join(''));
}

const fields: FieldDefinition[] = [
  { key: 'birthday', type: 'date' },
  { key: 'city', type: 'text' },
  { key: 'tags', type: 'multi_select', options: ['students', 'teachers', 'parents'] },
  { key: 'notes', type: 'text' },
];

async function run(which: 'gen' | 'parse' | 'full'): Promise<void> {
  const src = Readable.from(generate(), { objectMode: false, highWaterMark: 1 });
  const head = (await generate().next()).value as Buffer;
  const sniff = sniffFile(head, 'perf.csv');
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let rows = 0;
  let valid = 0;
  let invalid = 0;
  let dups = 0;
  if (which === 'gen') {
    for await (const c of src) rows += (c as Buffer).length;
  } else {
    let norm: ReturnType<typeof createRowNormalizer> | null = null;
    const dedupe = createInFileDeduper();
    const onHeader = (h: string[]) => {
      norm = createRowNormalizer({ mapping: suggestMapping(h, fields.map((f) => ({ key: f.key, label: f.key }))), fields, defaultCountry: 'IL', headers: h });
    };
    for await (const batch of readRecordBatches(src, { ...sniff, onHeader })) {
      rows += batch.length;
      if (which === 'parse') continue;
      for (const r of batch) {
        const res = norm!(r.values, r.line);
        if (!res.ok) invalid++;
        else if (dedupe.firstOccurrence(res.contact.email, res.contact.phone_e164, r.record)) dups++;
        else valid++;
      }
    }
    if (which === 'full') console.log(`  dedupe table: ${dedupe.size} keys, ${(dedupe.byteLength / 1048576).toFixed(1)} MiB`);
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6; // all threads (GC helpers too): a conservative per-core figure
  const peak = process.resourceUsage().maxRSS / 1024;
  const what = which === 'gen' ? `${(rows / 1048576).toFixed(0)} MiB generated` : `${rows} rows`;
  const n = which === 'gen' ? N : rows;
  const rate = `${(n / secs).toFixed(0)} rows/s wall, ${(n / cpuSecs).toFixed(0)} rows/CPU-s`;
  console.log(`${which.padEnd(5)} ${what} in ${secs.toFixed(2)} s (CPU ${cpuSecs.toFixed(2)} s) = ${rate}; peak RSS so far ${peak.toFixed(0)} MiB` +
    (which === 'full' ? `; valid ${valid}, duplicates ${dups}, invalid ${invalid}` : ''));
}

console.log(`node ${process.version}, ${N} rows, encoding ${encoding}`);
for (const m of mode === 'all' ? (['gen', 'parse', 'full'] as const) : [mode]) await run(m);
