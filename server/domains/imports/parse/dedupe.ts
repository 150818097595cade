/**
 * In-file duplicate detection for imports of up to millions of rows.
 *
 * Keys are 64-bit hashes (two independent 32-bit string hashes) of the normalised email and E.164 phone, kept in an
 * open-addressing table of typed arrays: 12 bytes per slot, no per-key objects, so 1M rows with both keys cost about
 * 50 MB at most instead of the ~150 MB a `Set<string>` would. A false "duplicate" needs a 64-bit collision:
 * probability about n²/2⁶⁵ (≈1e-7 for 2M keys).
 */
import type { NormalizedContact } from './normalize.js';

/** Tracks which contacts an import has already seen. */
export interface InFileDeduper {
  /** True when the email or phone was seen before (then also remembers the other key for the same contact). */
  seen(email: string | null, phone: string | null): boolean;
  /**
   * Like `seen`, but returns the `record` of the first occurrence (0 when this row is new and gets registered under
   * `record`). Lets the writer merge a duplicate's extra data (e.g. a phone) into the contact created first.
   */
  firstOccurrence(email: string | null, phone: string | null, record: number): number;
  /** Number of keys stored. */
  readonly size: number;
  /** Bytes held by the table's arrays. */
  readonly byteLength: number;
}

const EMPTY = 0; // value 0 marks an empty slot; stored values are always ≥ 1

/** Creates an empty deduper. Emails are compared trimmed and case-insensitively; phones as given (E.164). */
export function createInFileDeduper(initialCapacity = 1 << 16): InFileDeduper {
  let cap = 1;
  while (cap < initialCapacity) cap <<= 1;
  let his = new Uint32Array(cap);
  let los = new Uint32Array(cap);
  let vals = new Int32Array(cap);
  let size = 0;
  let autoId = 0;
  let h1 = 0;
  let h2 = 0;

  // Two 32-bit hashes in one pass (FNV-1a and a multiply-xorshift with another seed), each finalised by fmix32.
  const hash = (s: string, ns: number): void => {
    let a = 0x811c9dc5 ^ ns;
    let b = 0x9747b28c ^ Math.imul(ns, 0x85ebca6b);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    h1 = fmix(a);
    h2 = fmix(b ^ s.length);
  };

  const find = (hi: number, lo: number): number => {
    const mask = cap - 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (vals[i] !== EMPTY) {
      if (his[i] === hi && los[i] === lo) return i;
      i = (i + 1) & mask;
    }
    return ~i; // not found: bitwise-not of the free slot
  };

  const grow = (): void => {
    const oh = his;
    const ol = los;
    const ov = vals;
    cap <<= 1;
    his = new Uint32Array(cap);
    los = new Uint32Array(cap);
    vals = new Int32Array(cap);
    for (let i = 0; i < ov.length; i++) {
      if (ov[i] === EMPTY) continue;
      const j = ~find(oh[i], ol[i]);
      his[j] = oh[i];
      los[j] = ol[i];
      vals[j] = ov[i];
    }
  };

  const put = (hi: number, lo: number, value: number): void => {
    if ((size + 1) * 10 > cap * 7) grow();
    const i = find(hi, lo);
    if (i >= 0) return;
    his[~i] = hi;
    los[~i] = lo;
    vals[~i] = value;
    size++;
  };

  const firstOccurrence = (email: string | null, phone: string | null, record: number): number => {
    const e = email ? email.trim().toLowerCase() : '';
    const p = phone ? phone.trim() : '';
    if (!e && !p) return 0;
    // Each key is hashed once and used for both the lookup and the insert.
    let eHi = 0;
    let eLo = 0;
    let pHi = 0;
    let pLo = 0;
    if (e) {
      hash(e, 1);
      eHi = h1 >>> 0;
      eLo = h2 >>> 0;
    }
    if (p) {
      hash(p, 2);
      pHi = h1 >>> 0;
      pLo = h2 >>> 0;
    }
    let first = 0;
    if (e) {
      const i = find(eHi, eLo);
      if (i >= 0) first = vals[i];
    }
    if (first === 0 && p) {
      const i = find(pHi, pLo);
      if (i >= 0) first = vals[i];
    }
    if (first === 0 && !(record >= 1)) throw new RangeError('record must be ≥ 1');
    // A duplicate's other key is remembered under the first contact, so a third row matching only it is a duplicate too.
    const owner = first !== 0 ? first : record;
    if (e) put(eHi, eLo, owner);
    if (p) put(pHi, pLo, owner);
    return first;
  };

  return {
    seen: (email, phone) => firstOccurrence(email, phone, ++autoId) !== 0,
    firstOccurrence,
    get size() {
      return size;
    },
    get byteLength() {
      return his.byteLength + los.byteLength + vals.byteLength;
    },
  };
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * Merges a later duplicate into the contact kept from the first occurrence, field by field: a later non-empty value
 * wins (names, custom fields); an empty one keeps what is there. Email and phone, the keys the rows were matched
 * by, are only filled when the first left them empty. Returns `into` (mutated).
 */
export function mergeDuplicate(into: NormalizedContact, dup: NormalizedContact): NormalizedContact {
  if (into.email === null) into.email = dup.email;
  if (into.phone_e164 === null && dup.phone_e164 !== null) {
    into.phone_e164 = dup.phone_e164;
    into.phone_raw = dup.phone_raw;
  }
  if (dup.first_name) into.first_name = dup.first_name;
  if (dup.last_name) into.last_name = dup.last_name;
  for (const [k, v] of Object.entries(dup.fields)) if (v !== null && v !== '' && !(Array.isArray(v) && !v.length)) into.fields[k] = v;
  return into;
}
