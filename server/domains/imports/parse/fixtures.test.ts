/**
 * End-to-end over the shared messy-contacts fixtures: sniff → stream → suggest mapping → normalise → dedupe must
 * reproduce messy-contacts.expected.json for the CSV, the semicolon CSV and the XLSX.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { suggestMapping, type FieldTarget } from '../../../../common/import-mapping.js';
import {
  createInFileDeduper,
  createRowNormalizer,
  mergeDuplicate,
  readRecordBatches,
  sniffFile,
  type FieldDefinition,
  type NormalizedContact,
} from './index.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/contacts/', import.meta.url));
const expected = JSON.parse(readFileSync(dir + 'messy-contacts.expected.json', 'utf8')) as {
  records: number;
  created: number;
  duplicates_in_file: number;
  invalid: number;
  invalid_record_rows: number[];
  invalid_physical_lines: number[];
  keys: { email: string | null; phone: string | null }[];
};

const fields: FieldDefinition[] = [
  { key: 'birthday', type: 'date' },
  { key: 'city', type: 'text' },
  { key: 'tags', type: 'multi_select', options: ['students', 'teachers', 'parents'] },
  { key: 'notes', type: 'text' },
];
const customFields = [
  { key: 'birthday', label: 'תאריך לידה' },
  { key: 'city', label: 'עיר' },
  { key: 'tags', label: 'Tags' },
  { key: 'notes', label: 'הערות' },
];

async function importFile(name: string) {
  const path = dir + name;
  const sniff = sniffFile(readFileSync(path).subarray(0, 65536), name);
  let header: string[] = [];
  const contacts = new Map<number, NormalizedContact>(); // record → contact kept (first occurrence)
  const invalid: { line: number; record: number; column: string; reason: string }[] = [];
  let duplicates = 0;
  let records = 0;
  let normalize: ReturnType<typeof createRowNormalizer> | null = null;
  const dedupe = createInFileDeduper();
  let mapping: Record<number, FieldTarget | null> = {};
  const stream = createReadStream(path, { highWaterMark: 97 }); // tiny odd chunks: records and characters split
  for await (const batch of readRecordBatches(stream, {
    ...sniff,
    batchSize: 7,
    onHeader: (h) => {
      header = h;
      mapping = suggestMapping(h, customFields);
      normalize = createRowNormalizer({ mapping, fields, defaultCountry: 'IL', headers: h });
    },
  })) {
    for (const r of batch) {
      records++;
      const res = normalize!(r.values, r.line);
      if (!res.ok) {
        invalid.push({ line: r.line, record: r.record, column: res.column, reason: res.reason.message });
        continue;
      }
      const first = dedupe.firstOccurrence(res.contact.email, res.contact.phone_e164, r.record);
      if (first) {
        duplicates++;
        mergeDuplicate(contacts.get(first)!, res.contact);
      } else contacts.set(r.record, res.contact);
    }
  }
  return { sniff, header, mapping, contacts, invalid, duplicates, records };
}

function keySet(keys: { email: string | null; phone: string | null }[]): string[] {
  return keys.map((k) => `${k.email}|${k.phone}`).sort();
}

describe('messy-contacts fixtures', () => {
  for (const name of ['messy-contacts.csv', 'messy-contacts-semicolon.csv', 'messy-contacts.xlsx']) {
    it(`${name} imports to exactly the expected counts, lines and keys`, async () => {
      const r = await importFile(name);
      expect(r.header).toEqual(['First Name', 'Last Name', 'E-mail', 'Phone', 'Birthday', 'City', 'Tags', 'Notes']);
      expect(r.mapping).toEqual({
        0: 'first_name',
        1: 'last_name',
        2: 'email',
        3: 'phone',
        4: { custom: 'birthday' },
        5: { custom: 'city' },
        6: { custom: 'tags' },
        7: { custom: 'notes' },
      });
      expect(r.records).toBe(expected.records);
      expect(r.contacts.size).toBe(expected.created);
      expect(r.duplicates).toBe(expected.duplicates_in_file);
      expect(r.invalid).toHaveLength(expected.invalid);
      expect(r.invalid.map((x) => x.record)).toEqual(expected.invalid_record_rows);
      const lines = r.invalid.map((x) => x.line);
      if (name.endsWith('.xlsx')) expect(lines).toEqual(expected.invalid_record_rows.map((n) => n + 1));
      else expect(lines).toEqual(expected.invalid_physical_lines);
      expect(r.invalid.filter((x) => x.column === 'E-mail')).toHaveLength(6);
      expect(r.invalid.at(-1)?.reason).toMatch(/more than one "@"/);
      expect(r.invalid.find((x) => x.record === 28)?.reason).toBe('The row has neither an email address nor a phone number');
      const got = [...r.contacts.values()].map((c) => ({ email: c.email, phone: c.phone_e164 }));
      expect(keySet(got)).toEqual(keySet(expected.keys));
    });
  }

  it('normalises the messy values of a known row (Hebrew name, spaced email, dd/mm/yyyy, ",students,", quoted comma)', async () => {
    const r = await importFile('messy-contacts.csv');
    // Line 6 is merged with its in-file duplicate on line 39 ("Noa,Dup,User.0.7@Example.Com,,,,,duplicate row"):
    // the later row's non-empty values win field by field, its empty cells keep line 6's values.
    const c = [...r.contacts.values()].find((x) => x.email === 'user.0.7@example.com')!;
    expect(c).toEqual({
      email: 'user.0.7@example.com',
      phone_e164: '+972505990608',
      phone_raw: '0505990608',
      first_name: 'Noa',
      last_name: 'Dup',
      fields: { birthday: '1977-02-02', city: 'באר שבע', tags: ['students'], notes: 'duplicate row' },
    });
    // A contact with no duplicate keeps exactly its own normalised values (line 4: Hebrew name, dashed phone).
    expect([...r.contacts.values()].find((x) => x.email === 'user.11.7@example.com')).toEqual({
      email: 'user.11.7@example.com',
      phone_e164: '+972505882072',
      phone_raw: '050-5882072',
      first_name: 'מיכל',
      last_name: 'Peretz',
      fields: { birthday: '1951-10-12', city: 'Tel Aviv', tags: ['teachers'] },
    });
    const multi = [...r.contacts.values()].find((x) => x.email === 'user.14.7@example.com')!;
    expect(multi.fields.notes).toBe('line one\nline two');
  });

  it('sniffs the fixtures: UTF-8 with BOM and comma, semicolon, and XLSX by signature', () => {
    const head = (n: string) => readFileSync(dir + n).subarray(0, 65536);
    expect(sniffFile(head('messy-contacts.csv'), 'messy-contacts.csv')).toEqual({ format: 'csv', encoding: 'utf8', delimiter: ',', hasBom: true });
    expect(sniffFile(head('messy-contacts-semicolon.csv'), 'x.csv')).toMatchObject({ format: 'csv', delimiter: ';' });
    expect(sniffFile(head('messy-contacts.xlsx'), 'contacts.csv').format).toBe('xlsx');
  });
});
