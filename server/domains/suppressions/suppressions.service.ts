/**
 * Rules of the suppression lists: values are normalised like contacts' keys (lowercased email, E.164 phone in
 * the workspace's default country), bulk adds report invalid values instead of failing, and erased contacts
 * are kept as hashes only.
 */
import type { Kysely } from 'kysely';
import type { Channel, Database } from '../../db/schema.js';
import { notFound, validationFailed } from '../../lib/errors.js';
import { msg, reasonFields, type Message } from '../../lib/messages/index.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { createPhoneNormalizer, normalizeEmail } from '../imports/parse/index.js';
import { HASH_PREFIX, suppressionHash } from './suppression-sql.js';
import * as repo from './suppressions.repo.js';

type Db = Kysely<Database>;
type Checked = { ok: true; value: string } | { ok: false; reason: Message };
/** A refused value: its position, the value, and the coded reason (`reason` is the English text). */
export type InvalidValue = { index: number; value: string } & ReturnType<typeof reasonFields>;

/** A value checker for a channel: emails for `email`, phone numbers (E.164 out) for WhatsApp and SMS. */
export function valueNormaliser(channel: Channel, country: string): (raw: string) => Checked {
  if (channel === 'email') return normalizeEmail;
  const phone = createPhoneNormalizer(country);
  return (raw) => (raw.trim().startsWith(HASH_PREFIX) ? { ok: false, reason: msg('suppressions.hashed_value') } : phone(raw));
}

async function countryOf(db: Db, workspaceId: number) {
  const w = await db.selectFrom('workspaces').select('default_country').where('id', '=', workspaceId).executeTakeFirst();
  return w?.default_country ?? 'IL';
}

export interface AddReport {
  added: number;
  alreadyPresent: number;
  duplicates: number;
  invalid: InvalidValue[];
}

const INSERT_CHUNK = 5000;

/**
 * Adds values to a channel's list. Invalid values are reported with their index (0-based in the array, or the
 * line number for CSV imports) and skipped; valid ones are inserted set-based.
 */
export async function addSuppressions(
  db: Db,
  workspaceId: number,
  channel: Channel,
  raw: { index: number; value: string }[],
  opts: { reason: string; source: string; actor: Actor },
): Promise<AddReport> {
  const norm = valueNormaliser(channel, await countryOf(db, workspaceId));
  const valid = new Set<string>();
  const report: AddReport = { added: 0, alreadyPresent: 0, duplicates: 0, invalid: [] };
  for (const r of raw) {
    const c = norm(r.value);
    if (!c.ok) report.invalid.push({ index: r.index, value: r.value.slice(0, 200), ...reasonFields(c.reason) });
    else if (valid.has(c.value)) report.duplicates++;
    else valid.add(c.value);
  }
  const values = [...valid];
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < values.length; i += INSERT_CHUNK) {
      report.added += await repo.insertSuppressions(trx, workspaceId, channel, values.slice(i, i + INSERT_CHUNK), opts.reason, opts.source);
    }
    report.alreadyPresent = values.length - report.added;
    await recordAudit(trx, workspaceId, opts.actor, 'suppression.added', 'suppression', null, {
      channel, added: report.added, invalid: report.invalid.length, source: opts.source, ...(values.length <= 20 ? { values } : {}),
    });
  });
  return report;
}

export async function removeSuppression(db: Db, workspaceId: number, id: number, actor: Actor) {
  await db.transaction().execute(async (trx) => {
    const row = await repo.deleteSuppression(trx, workspaceId, id);
    if (!row) throw notFound('Suppression');
    await recordAudit(trx, workspaceId, actor, 'suppression.removed', 'suppression', id, { channel: row.channel, value: row.value });
  });
}

/**
 * Splits a CSV/text body into values: one per line, first column only (`,` `;` or tab ends it), quotes and a
 * BOM removed, blank lines skipped. A first line that is a header word (email, phone, value…) is skipped.
 */
export function valuesFromCsv(text: string): { index: number; value: string }[] {
  const out: { index: number; value: string }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((line, i) => {
    let v = line.split(/[,;\t]/)[0].trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/""/g, '"').trim();
    if (!v) return;
    if (i === 0 && /^(e-?mail|email address|phone|mobile|value|address|אימייל|מייל|טלפון|נייד)$/i.test(v)) return;
    out.push({ index: i + 1, value: v });
  });
  return out;
}

/** Normalises a domain for the blocked list: lowercase, no leading `@` or `*.`, LDH labels and a real TLD. */
export function normaliseDomain(raw: string): Checked {
  const d = raw.trim().toLowerCase().replace(/^(\*\.|@)/, '').replace(/\.$/, '');
  const labels = d.split('.');
  if (labels.length < 2) return { ok: false, reason: msg('suppressions.domain_too_short') };
  for (const l of labels) if (!/^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u.test(l)) return { ok: false, reason: msg('suppressions.domain_part_invalid', { part: l }) };
  if (!/^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u.test(labels[labels.length - 1])) return { ok: false, reason: msg('email.tld_invalid') };
  return { ok: true, value: d };
}

export async function addBlockedDomains(db: Db, workspaceId: number, raw: string[], actor: Actor) {
  const invalid: InvalidValue[] = [];
  const valid = new Set<string>();
  let first: Message | null = null;
  raw.forEach((r, index) => {
    const c = normaliseDomain(r);
    if (c.ok) valid.add(c.value);
    else {
      first ??= c.reason;
      invalid.push({ index, value: r.slice(0, 200), ...reasonFields(c.reason) });
    }
  });
  if (raw.length === 1 && first) throw validationFailed('domain', msg('suppressions.domain_invalid', { value: raw[0], problem: first }));
  return db.transaction().execute(async (trx) => {
    const added = await repo.insertBlockedDomains(trx, workspaceId, [...valid]);
    await recordAudit(trx, workspaceId, actor, 'blocked_domain.added', 'blocked_domain', null, { domains: [...valid].slice(0, 50), added });
    return { added, alreadyPresent: valid.size - added, invalid };
  });
}

export async function removeBlockedDomain(db: Db, workspaceId: number, domain: string, actor: Actor) {
  const d = normaliseDomain(domain);
  await db.transaction().execute(async (trx) => {
    if (!d.ok || !(await repo.deleteBlockedDomain(trx, workspaceId, d.value))) throw notFound('Blocked domain');
    await recordAudit(trx, workspaceId, actor, 'blocked_domain.removed', 'blocked_domain', d.value);
  });
}

/**
 * Called when a contact is erased: replaces clear-text entries of its email/phone by hashed ones on every
 * channel the address serves, so a later re-import of an old list cannot message the person again while no
 * readable address is kept. Runs in the caller's transaction.
 */
export async function addErasureSuppressions(trx: Db, workspaceId: number, keys: { email: string | null; phone: string | null }) {
  const clear = [keys.email, keys.phone].filter((v): v is string => !!v);
  await repo.deleteSuppressionValues(trx, workspaceId, clear);
  if (keys.email) await repo.insertSuppressions(trx, workspaceId, 'email', [suppressionHash(keys.email)], 'erased contact', 'erasure');
  if (keys.phone) {
    for (const ch of ['whatsapp', 'sms'] as const) await repo.insertSuppressions(trx, workspaceId, ch, [suppressionHash(keys.phone)], 'erased contact', 'erasure');
  }
}
