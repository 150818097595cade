/**
 * Record streaming: encodings (generated with iconv-lite), delimiters, quoted multi-line fields and their
 * starting line numbers, chunk boundaries, blank rows, resume via skipRecords, header/preview, XLSX cells.
 */
import { Readable } from 'node:stream';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  CsvFormatError,
  listSheets,
  readHeader,
  readPreview,
  readRecordBatches,
  readRecords,
  sniffFile,
  type FileRecord,
  type ReadOptions,
} from './index.js';

/** Feeds `buf` in chunks of `size` bytes (1 = every byte boundary, including inside UTF-8/UTF-16 sequences). */
async function* chunks(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function readAll(buf: Buffer, opts: ReadOptions, chunkSize = 1 << 16): Promise<FileRecord[]> {
  const out: FileRecord[] = [];
  for await (const r of readRecords(chunks(buf, chunkSize), opts)) out.push(r);
  return out;
}

const HEBREW_CSV = 'שם פרטי,שם משפחה,טלפון,אימייל\r\nדנה,לוי,050-1234567,dana@example.com\r\nאבי,"כהן, הבכור",052-7654321,avi@example.co.il\r\n';

describe('encodings', () => {
  const cases: [string, Buffer, string, boolean][] = [
    ['UTF-8 without BOM', Buffer.from(HEBREW_CSV, 'utf8'), 'utf8', false],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEBREW_CSV)]), 'utf8', true],
    ['UTF-16LE with BOM', iconv.encode(HEBREW_CSV, 'utf-16le', { addBOM: true }), 'utf16le', true],
    ['UTF-16LE without BOM', iconv.encode(HEBREW_CSV, 'utf-16le'), 'utf16le', false],
    ['UTF-16BE with BOM', iconv.encode(HEBREW_CSV, 'utf-16be', { addBOM: true }), 'utf16be', true],
    ['UTF-16BE without BOM', iconv.encode(HEBREW_CSV, 'utf-16be'), 'utf16be', false],
    ['Windows-1255', iconv.encode(HEBREW_CSV, 'windows-1255'), 'windows-1255', false],
  ];
  for (const [name, buf, encoding, hasBom] of cases) {
    it(`${name} is detected and decoded to the same records, even fed one byte at a time`, async () => {
      const s = sniffFile(buf.subarray(0, 65536), 'contacts.csv');
      expect(s).toEqual({ format: 'csv', encoding, delimiter: ',', hasBom });
      let header: string[] = [];
      for (const size of [1, 3, 65536]) {
        const recs = await readAll(buf, { ...s, onHeader: (h) => (header = h) }, size);
        expect(header).toEqual(['שם פרטי', 'שם משפחה', 'טלפון', 'אימייל']);
        expect(recs).toEqual([
          { line: 2, record: 1, values: ['דנה', 'לוי', '050-1234567', 'dana@example.com'] },
          { line: 3, record: 2, values: ['אבי', 'כהן, הבכור', '052-7654321', 'avi@example.co.il'] },
        ]);
      }
    });
  }

  it('Western Windows-1252 (isolated accented letters) is not mistaken for Hebrew', async () => {
    const buf = iconv.encode('Name,City\nRené,Zürich\nJosé,São Paulo\n', 'windows-1252');
    const s = sniffFile(buf, 'x.csv');
    expect(s.encoding).toBe('windows-1252');
    expect((await readAll(buf, s)).map((r) => r.values)).toEqual([['René', 'Zürich'], ['José', 'São Paulo']]);
  });
});

describe('delimiters', () => {
  for (const d of [',', ';', '\t', '|'] as const) {
    it(`detects and splits on ${JSON.stringify(d)} even when other candidates appear inside values`, async () => {
      const others = [',', ';', '|'].filter((x) => x !== d).join(' ');
      const text = [
        ['Email', 'Name', 'Notes'].join(d),
        ['a@example.com', '"Levi' + d + ' Dana"', `x ${others}`].join(d),
        ['b@example.com', 'Cohen', `y ${others} ${others}`].join(d),
      ].join('\n');
      const buf = Buffer.from(text);
      const s = sniffFile(buf, 'f.txt');
      expect(s.delimiter).toBe(d);
      const recs = await readAll(buf, s);
      expect(recs.map((r) => r.values)).toEqual([
        ['a@example.com', `Levi${d} Dana`, `x ${others}`],
        ['b@example.com', 'Cohen', `y ${others} ${others}`],
      ]);
    });
  }
  it('a single-column file falls back to comma (or tab for .tsv)', () => {
    expect(sniffFile(Buffer.from('email\na@b.co\n'), 'x.csv').delimiter).toBe(',');
    expect(sniffFile(Buffer.from('email\na@b.co\n'), 'x.tsv').delimiter).toBe('\t');
  });
});

describe('CSV records and line numbers', () => {
  const text =
    'email,notes,tags\r\n' + // line 1
    'a@example.com,"one\r\ntwo\r\nthree",x\r\n' + // lines 2-4
    '\r\n' + // line 5: blank, skipped, not counted
    'b@example.com,"said ""hi""",y\r\n' + // line 6
    ',,\r\n' + // line 7: only delimiters → blank
    'c@example.com,"multi\nline\rold mac",z\n' + // lines 8-10 (LF and lone CR inside quotes)
    'd@example.com,"x"y,\r' + // line 11, lone CR ends the line; text after closing quote appended
    'e@example.com,plain"quote,last'; // line 12, no final newline
  const expected: FileRecord[] = [
    { line: 2, record: 1, values: ['a@example.com', 'one\r\ntwo\r\nthree', 'x'] },
    { line: 6, record: 2, values: ['b@example.com', 'said "hi"', 'y'] },
    { line: 8, record: 3, values: ['c@example.com', 'multi\nline\rold mac', 'z'] },
    { line: 11, record: 4, values: ['d@example.com', 'xy', ''] },
    { line: 12, record: 5, values: ['e@example.com', 'plain"quote', 'last'] },
  ];

  it('reports the line on which each record STARTS, at every chunk boundary', async () => {
    for (const size of [1, 2, 5, 17, 1 << 16]) {
      expect(await readAll(Buffer.from(text), { format: 'csv', encoding: 'utf8', delimiter: ',' }, size)).toEqual(expected);
    }
  });

  it('skipRecords resumes after the last committed record with the same numbering', async () => {
    const recs = await readAll(Buffer.from(text), { format: 'csv', encoding: 'utf8', delimiter: ',', skipRecords: 3 });
    expect(recs).toEqual(expected.slice(3));
  });

  it('batches hold at most batchSize records and keep order', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `u${i}@example.com,${i}`).join('\n');
    const buf = Buffer.from('email,n\n' + rows);
    const sizes: number[] = [];
    let n = 0;
    for await (const b of readRecordBatches(chunks(buf, 4096), { format: 'csv', encoding: 'utf8', delimiter: ',', batchSize: 1000 })) {
      sizes.push(b.length);
      for (const r of b) expect(r.values[1]).toBe(String(n++));
    }
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it('an unclosed quote is an error naming the line where the record starts', async () => {
    const bad = Buffer.from('email,notes\na@example.com,ok\nb@example.com,"never closed\nmore\n');
    await expect(readAll(bad, { format: 'csv', encoding: 'utf8', delimiter: ',' })).rejects.toThrowError(CsvFormatError);
    await expect(readAll(bad, { format: 'csv', encoding: 'utf8', delimiter: ',' })).rejects.toThrow(/line 3/);
  });

  it('readHeader and readPreview read only the start of the file', async () => {
    const big = Buffer.from(' Email , Name\n' + Array.from({ length: 10000 }, (_, i) => `u${i}@example.com,N${i}`).join('\n'));
    let pulled = 0;
    async function* counting() {
      for await (const c of chunks(big, 1024)) {
        pulled++;
        yield c;
      }
    }
    expect(await readHeader(counting(), { format: 'csv', encoding: 'utf8', delimiter: ',' })).toEqual(['Email', 'Name']);
    expect(pulled).toBe(1);
    const p = await readPreview(Readable.from(chunks(big, 1024)), { format: 'csv', encoding: 'utf8', delimiter: ',' }, 3);
    expect(p.header).toEqual(['Email', 'Name']);
    expect(p.records.map((r) => r.record)).toEqual([1, 2, 3]);
  });

  it('an empty file has an empty header and no records', async () => {
    let header: string[] | null = null;
    expect(await readAll(Buffer.alloc(0), { format: 'csv', onHeader: (h) => (header = h) })).toEqual([]);
    expect(header).toEqual([]);
  });
});

describe('XLSX', () => {
  function workbook(): Buffer {
    const ws = XLSX.utils.aoa_to_sheet([
      ['Email', 'Phone', 'Born', 'Amount', 'VIP', 'Intl'],
      ['a@example.com', 505990608, 30007, 1234.5, true, 972505990608],
      [],
      ['b@example.com', '052-1234567', '25/02/1982', '', false, null],
    ]);
    ws['B2'].z = '0000000000'; // phone typed as a number, shown with its leading zero
    ws['C2'].z = 'm/d/yy'; // ambiguous display format → ISO out
    const other = XLSX.utils.aoa_to_sheet([['Mail'], ['z@example.com']]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Contacts');
    XLSX.utils.book_append_sheet(wb, other, 'Leads');
    return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  }

  it('lists sheets and reads the first by default: formatted phones, ISO dates, no scientific notation', async () => {
    const buf = workbook();
    expect(listSheets(buf)).toEqual(['Contacts', 'Leads']);
    let header: string[] = [];
    const recs = await readAll(buf, { format: 'xlsx', onHeader: (h) => (header = h) }, 1000);
    expect(header).toEqual(['Email', 'Phone', 'Born', 'Amount', 'VIP', 'Intl']);
    expect(recs).toEqual([
      { line: 2, record: 1, values: ['a@example.com', '0505990608', '1982-02-25', '1234.5', 'TRUE', '972505990608'] },
      { line: 4, record: 2, values: ['b@example.com', '052-1234567', '25/02/1982', '', 'FALSE'] },
    ]);
  });

  it('reads a chosen sheet by name or index, and rejects a missing one', async () => {
    const buf = workbook();
    for (const sheet of ['Leads', 'leads', 1]) {
      const recs = await readAll(buf, { format: 'xlsx', sheet });
      expect(recs).toEqual([{ line: 2, record: 1, values: ['z@example.com'] }]);
    }
    await expect(readAll(buf, { format: 'xlsx', sheet: 'Nope' })).rejects.toThrow(/Contacts, Leads/);
  });
});

describe('XLSX size guard', () => {
  it('refuses a sheet whose uncompressed XML exceeds the in-memory budget, with advice to use CSV', async () => {
    const rows = [['Email'], ...Array.from({ length: 3000 }, (_, i) => [`user${i}@example.com`])];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'S');
    const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
    await expect(readAll(buf, { format: 'xlsx', maxXlsxXmlBytes: 50_000 })).rejects.toThrow(/export it as CSV/);
    expect(await readAll(buf, { format: 'xlsx' })).toHaveLength(3000);
  });
});
