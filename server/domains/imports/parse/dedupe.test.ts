/** In-file dedupe: email case/space-insensitive, E.164 phone, transitive through a merged key, large volumes. */
import { describe, expect, it } from 'vitest';
import { createInFileDeduper, mergeDuplicate, type NormalizedContact } from './index.js';

describe('createInFileDeduper', () => {
  it('flags the same email (case, spaces) or the same phone after the first occurrence', () => {
    const d = createInFileDeduper();
    expect(d.seen('dana@example.com', null)).toBe(false);
    expect(d.seen(' DANA@Example.com ', null)).toBe(true);
    expect(d.seen(null, '+972501234567')).toBe(false);
    expect(d.seen('other@example.com', '+972501234567')).toBe(true);
    expect(d.seen('other@example.com', null)).toBe(true); // learned from the duplicate above
    expect(d.seen(null, null)).toBe(false);
    expect(d.seen('new@example.com', '+972509999999')).toBe(false);
  });

  it('firstOccurrence returns the record of the first row so a duplicate can be merged into it', () => {
    const d = createInFileDeduper();
    expect(d.firstOccurrence('a@example.com', null, 5)).toBe(0);
    expect(d.firstOccurrence('A@example.com', '+972501111111', 9)).toBe(5);
    expect(d.firstOccurrence(null, '+972501111111', 12)).toBe(5);
    const first: NormalizedContact = { email: 'a@example.com', phone_e164: null, phone_raw: null, first_name: 'Dana', last_name: null, fields: { a: 1 } };
    const dup: NormalizedContact = { email: 'a@example.com', phone_e164: '+972501111111', phone_raw: '050-1111111', first_name: 'D', last_name: 'Levi', fields: { a: 2, b: 3 } };
    // Later non-empty values win field by field; the keys only fill blanks.
    expect(mergeDuplicate(first, dup)).toEqual({
      email: 'a@example.com', phone_e164: '+972501111111', phone_raw: '050-1111111', first_name: 'D', last_name: 'Levi', fields: { a: 2, b: 3 },
    });
    const blank: NormalizedContact = { email: null, phone_e164: '+972501111111', phone_raw: '0501111111', first_name: null, last_name: null, fields: {} };
    expect(mergeDuplicate(first, blank)).toMatchObject({ first_name: 'D', last_name: 'Levi', fields: { a: 2, b: 3 }, phone_raw: '050-1111111' });
  });

  it('keeps exact counts over 300,000 distinct keys with growth (no false duplicates)', () => {
    const d = createInFileDeduper(16);
    let dups = 0;
    for (let i = 0; i < 150_000; i++) if (d.seen(`user${i}@example.com`, `+97250${String(i).padStart(7, '0')}`)) dups++;
    expect(dups).toBe(0);
    expect(d.size).toBe(300_000);
    for (let i = 0; i < 150_000; i += 7) expect(d.seen(null, `+97250${String(i).padStart(7, '0')}`)).toBe(true);
    expect(d.byteLength).toBeLessThanOrEqual(12 * 1024 * 1024);
  });
});
