/**
 * Column → contact-field suggestions for the contact import, shared by the server and the web app
 * (so: no Node-only imports here).
 *
 * Headers are compared after `normalizeHeader` (case, spaces, punctuation, Hebrew geresh/gershayim and niqqud are
 * ignored), against English and Hebrew synonyms. "Full name" / "שם מלא" / "Name" map to `full_name`, which the
 * importer splits at the first space (first word → first name, rest → last name) unless separate first/last
 * columns are mapped too. Each target and each column is used at most once; the strongest synonym wins
 * (e.g. "Mobile" beats "Phone" since imports feed WhatsApp/SMS), ties go to the leftmost column.
 */

/** Where a column's values go: a built-in contact attribute or a custom field by key. */
export type FieldTarget = 'email' | 'phone' | 'first_name' | 'last_name' | 'full_name' | { custom: string };

/** The custom fields of a workspace, as offered for mapping. */
export interface CustomFieldRef {
  key: string;
  label: string;
}

/** A stable string form of a target (`email`, `custom:birthday`) for use as a map key or `<select>` value. */
export function targetKey(t: FieldTarget): string {
  return typeof t === 'string' ? t : `custom:${t.custom}`;
}

/** Inverse of `targetKey`. */
export function parseTargetKey(s: string): FieldTarget | null {
  if (s === 'email' || s === 'phone' || s === 'first_name' || s === 'last_name' || s === 'full_name') return s;
  if (s.startsWith('custom:') && s.length > 7) return { custom: s.slice(7) };
  return null;
}

/** Lowercases and strips everything that is not a letter or digit (spaces, `-_."'׳״()`, niqqud, RTL marks). */
export function normalizeHeader(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u0591-\u05C7]/g, '') // Hebrew cantillation + niqqud
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

type Builtin = Exclude<FieldTarget, { custom: string }>;

/** Synonym → [target, strength]. Strength orders competing columns for the same target. */
const BUILTIN_SYNONYMS: [Builtin, number, string[]][] = [
  ['email', 3, ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'email id', 'אימייל', 'אימיל', 'דוא"ל', 'דואל', 'דואר אלקטרוני', 'מייל', 'כתובת מייל', 'כתובת אימייל', 'כתובת דוא"ל']],
  ['phone', 3, ['mobile', 'mobile phone', 'mobile number', 'cell', 'cellphone', 'cell phone', 'cellular', 'whatsapp', 'whatsapp number', 'נייד', 'טלפון נייד', 'מספר נייד', 'סלולרי', 'סלולר', 'פלאפון', 'וואטסאפ', 'ווטסאפ']],
  ['phone', 2, ['phone', 'phone number', 'phone no', 'telephone', 'tel', 'msisdn', 'טלפון', 'מספר טלפון', 'טל']],
  ['first_name', 3, ['first name', 'firstname', 'first', 'given name', 'fname', 'שם פרטי', 'פרטי']],
  ['last_name', 3, ['last name', 'lastname', 'last', 'surname', 'family name', 'lname', 'שם משפחה', 'משפחה']],
  ['full_name', 2, ['full name', 'name', 'contact name', 'contact', 'שם מלא', 'שם', 'שם איש קשר']],
];

/** Well-known custom concepts: a header in a group matches a custom field whose key or label is in the same group. */
const CUSTOM_GROUPS: string[][] = [
  ['birthday', 'birth date', 'birthdate', 'date of birth', 'dob', 'born', 'תאריך לידה', 'יום הולדת', 'יום הולדת'],
  ['city', 'town', 'עיר', 'ישוב', 'יישוב', 'עיר מגורים'],
  ['tags', 'tag', 'labels', 'label', 'groups', 'תגיות', 'תגים', 'תגית', 'קבוצות'],
  ['notes', 'note', 'comments', 'comment', 'remarks', 'הערות', 'הערה'],
  ['gender', 'sex', 'מגדר', 'מין'],
  ['company', 'organization', 'organisation', 'employer', 'חברה', 'ארגון', 'מקום עבודה'],
  ['address', 'street', 'street address', 'כתובת', 'רחוב'],
  ['zip', 'zip code', 'postal code', 'postcode', 'מיקוד'],
  ['country', 'ארץ', 'מדינה'],
  ['language', 'lang', 'שפה'],
];

const builtinIndex = new Map<string, [Builtin, number]>();
for (const [target, strength, words] of BUILTIN_SYNONYMS) {
  for (const w of words) builtinIndex.set(normalizeHeader(w), [target, strength]);
}
const groupIndex = new Map<string, number>();
CUSTOM_GROUPS.forEach((g, i) => g.forEach((w) => groupIndex.set(normalizeHeader(w), i)));

/** Substrings that betray a contact column inside longer headers ("Work E-mail", "טלפון בבית"). */
const CONTAINS: [Builtin, string[]][] = [
  ['email', ['email', 'אימייל', 'דואל', 'מייל']],
  ['phone', ['mobile', 'phone', 'cell', 'נייד', 'טלפון', 'סלולר']],
];

interface Candidate {
  col: number;
  target: FieldTarget;
  score: number;
}

/**
 * Suggests a target for every column (null = do not import). Custom fields match by key or label
 * (normalised, exact), or through a well-known synonym group (a "Birthday" column → a field labelled "תאריך לידה").
 */
export function suggestMapping(headers: string[], customFields: CustomFieldRef[]): Record<number, FieldTarget | null> {
  const customs = customFields.map((f) => ({ key: f.key, k: normalizeHeader(f.key), l: normalizeHeader(f.label) }));
  const candidates: Candidate[] = [];
  headers.forEach((h, col) => {
    const n = normalizeHeader(h);
    if (!n) return;
    for (const c of customs) {
      if (n === c.k || n === c.l) candidates.push({ col, target: { custom: c.key }, score: 5 });
    }
    const b = builtinIndex.get(n);
    if (b) candidates.push({ col, target: b[0], score: b[1] + 1 });
    const g = groupIndex.get(n);
    if (g !== undefined) {
      for (const c of customs) {
        if (groupIndex.get(c.k) === g || groupIndex.get(c.l) === g) candidates.push({ col, target: { custom: c.key }, score: 3 });
      }
    }
    if (!b) {
      for (const [target, subs] of CONTAINS) {
        if (subs.some((s) => n.includes(s))) candidates.push({ col, target, score: 1 });
      }
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.col - b.col);
  const result: Record<number, FieldTarget | null> = {};
  headers.forEach((_, i) => (result[i] = null));
  const usedTargets = new Set<string>();
  for (const c of candidates) {
    const key = targetKey(c.target);
    if (result[c.col] !== null || usedTargets.has(key)) continue;
    result[c.col] = c.target;
    usedTargets.add(key);
  }
  // A full-name column is redundant when both first and last names have their own columns.
  if (usedTargets.has('first_name') && usedTargets.has('last_name')) {
    for (const i of Object.keys(result)) if (result[+i] === 'full_name') result[+i] = null;
  }
  return result;
}
