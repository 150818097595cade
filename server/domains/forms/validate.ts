/**
 * Checks a visitor's answers against a form's schema and maps them onto contact fields. Pure: no database.
 * Every problem is a `{ field, code }` pair so the answer can be shown in the visitor's language beside the field.
 */
import type { FormDefinition, FormField } from '../../../common/forms.js';
import { normaliseEmail, normalisePhone } from '../contacts/normalise.js';
import { textIn, type PublicCode } from './public-texts.js';

export interface FieldProblem {
  field: string;
  code: PublicCode;
}

export interface MappedSubmission {
  /** Every answered field by key, as cleaned (hidden fields included). */
  values: Record<string, unknown>;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  /** Custom contact fields (key without the `field:` prefix). */
  fields: Record<string, unknown>;
  /** Consent boxes ticked: the channel and the exact wording shown, in the visitor's language. */
  consents: { channel: 'email' | 'whatsapp' | 'sms'; wording: string }[];
  utm: Record<string, string>;
  referrer: string | null;
  pageUrl: string | null;
}

const asString = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : v === undefined || v === null ? '' : String(v)).trim();
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x)) : v === undefined || v === null || v === '' ? [] : [String(v)]);
const truthy = (v: unknown) => ['on', 'true', '1', 'yes'].includes(asString(v).toLowerCase()) || v === true;

/** Validates `raw` (body fields by key) for the form; returns the mapping or the list of problems. */
export function validateSubmission(def: FormDefinition, raw: Record<string, unknown>, lang: string, country: string): { ok: true; value: MappedSubmission } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const out: MappedSubmission = { values: {}, email: null, phone: null, firstName: null, lastName: null, fields: {}, consents: [], utm: {}, referrer: null, pageUrl: null };
  for (const f of def.fields) {
    const r = checkField(f, raw[f.key], country);
    if ('code' in r) {
      problems.push({ field: f.key, code: r.code });
      continue;
    }
    if (r.value === undefined) continue;
    out.values[f.key] = r.value;
    if (f.type === 'consent') {
      if (r.value === true && f.consentChannel) out.consents.push({ channel: f.consentChannel, wording: textIn(f.label, lang) });
      continue;
    }
    if (f.type === 'hidden') {
      const src = f.hiddenSource ?? 'static';
      if (src.startsWith('utm_') && typeof r.value === 'string' && r.value) out.utm[src] = r.value;
      if (src === 'referrer' && r.value) out.referrer = String(r.value);
      if (src === 'page_url' && r.value) out.pageUrl = String(r.value);
    }
    const m = f.maps;
    if (!m) continue;
    if (m === 'email') out.email = r.value as string;
    else if (m === 'phone') out.phone = r.value as string;
    else if (m === 'first_name') out.firstName = String(r.value);
    else if (m === 'last_name') out.lastName = String(r.value);
    else if (m.startsWith('field:')) out.fields[m.slice(6)] = r.value;
  }
  if (!problems.length && !out.email && !out.phone) {
    const key = def.fields.find((f) => f.maps === 'email' || f.maps === 'phone')?.key ?? def.fields[0].key;
    problems.push({ field: key, code: 'need_contact' });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: out };
}

function checkField(f: FormField, v: unknown, country: string): { value: unknown } | { code: PublicCode } {
  if (f.type === 'checkbox' || f.type === 'consent') {
    const on = truthy(v);
    if (f.required && !on) return { code: f.type === 'consent' ? 'consent_required' : 'required' };
    return { value: on };
  }
  if (f.type === 'multiselect') {
    const list = asList(v).filter((x) => x !== '');
    if (f.required && !list.length) return { code: 'required' };
    const allowed = new Set((f.options ?? []).map((o) => o.value));
    if (list.some((x) => !allowed.has(x))) return { code: 'invalid_option' };
    return { value: list.length ? list : undefined };
  }
  const s = asString(v);
  if (s === '') return f.required ? { code: 'required' } : { value: undefined };
  if (f.minLength !== undefined && s.length < f.minLength) return { code: 'too_short' };
  if (s.length > (f.maxLength ?? (f.type === 'textarea' ? 5000 : 500))) return { code: 'too_long' };
  if (f.pattern) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(`^(?:${f.pattern})$`, 'u');
    } catch {
      re = null;
    }
    if (re && !re.test(s)) return { code: 'pattern' };
  }
  switch (f.type) {
    case 'email': {
      const r = normaliseEmail(s);
      return r.ok ? { value: r.value } : { code: 'invalid_email' };
    }
    case 'phone': {
      const r = normalisePhone(s, country);
      return r.ok ? { value: r.value } : { code: 'invalid_phone' };
    }
    case 'number': {
      const n = Number(s);
      if (!Number.isFinite(n)) return { code: 'invalid_number' };
      if (f.min !== undefined && n < f.min) return { code: 'too_small' };
      if (f.max !== undefined && n > f.max) return { code: 'too_large' };
      return { value: n };
    }
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s))) return { code: 'invalid_date' };
      return { value: s };
    }
    case 'select': {
      if (!(f.options ?? []).some((o) => o.value === s)) return { code: 'invalid_option' };
      return { value: s };
    }
    case 'hidden':
      return { value: f.hiddenSource === 'static' || !f.hiddenSource ? (f.hiddenValue ?? s) : s.slice(0, 2000) };
    default:
      return { value: s };
  }
}
