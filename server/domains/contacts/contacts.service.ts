/**
 * Rules for single contacts: normalised and unique email/phone per workspace (409 naming the holder), typed
 * custom fields, initial statuses with consent evidence, the protected flag (managers only), and deletion to
 * the recycle bin.
 */
import type { Kysely } from 'kysely';
import type { ContactCreate, ContactPatch } from '../../../common/contacts.js';
import type { Database } from '../../db/schema.js';
import { conflict, forbidden, notFound, validationFailed } from '../../lib/errors.js';
import { msg } from '../../lib/messages/index.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { checkFieldValues, listFields } from '../fields/index.js';
import { setChannelStatus } from './channel-status.js';
import { insertConsent } from './consents.repo.js';
import * as repo from './contacts.repo.js';
import { normaliseEmail, normalisePhone } from './normalise.js';

type Db = Kysely<Database>;

/** Who is acting, as the service needs it (routes build it from the request's principal). */
export interface Caller {
  workspaceId: number;
  actor: Actor;
  /** Manager or owner: may set the protected flag and erase. */
  isAdmin: boolean;
}

interface Keys {
  email?: string | null;
  phone_e164?: string | null;
  phone_raw?: string | null;
}

/** Normalises the email/phone present in `input` (absent = unchanged, null/'' = cleared). 400 names the field. */
export function resolveKeys(input: { email?: string | null; phone?: string | null }, country: string): Keys {
  const out: Keys = {};
  if (input.email !== undefined) {
    if (input.email === null || input.email.trim() === '') out.email = null;
    else {
      const r = normaliseEmail(input.email);
      if (!r.ok) throw validationFailed('email', msg('contacts.email_invalid', { value: input.email, problem: r.reason }));
      out.email = r.value;
    }
  }
  if (input.phone !== undefined) {
    if (input.phone === null || input.phone.trim() === '') {
      out.phone_e164 = null;
      out.phone_raw = null;
    } else {
      const r = normalisePhone(input.phone, country);
      if (!r.ok) throw validationFailed('phone', msg('contacts.phone_invalid', { value: input.phone, problem: r.reason }));
      out.phone_e164 = r.value;
      out.phone_raw = input.phone.trim();
    }
  }
  return out;
}

/** Throws 409 `{field, details:{contactId}}` when another live contact holds the email or phone. */
export async function assertKeysFree(db: Db, workspaceId: number, email: string | null | undefined, phone: string | null | undefined, exceptId?: number) {
  if (email) {
    const hit = await repo.findLiveByKey(db, workspaceId, 'email', email, exceptId);
    if (hit) throw conflict(`Contact #${hit.id} already has the email ${email}.`, 'email', { contactId: hit.id });
  }
  if (phone) {
    const hit = await repo.findLiveByKey(db, workspaceId, 'phone_e164', phone, exceptId);
    if (hit) throw conflict(`Contact #${hit.id} already has the phone ${phone}.`, 'phone', { contactId: hit.id });
  }
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';

/**
 * Runs a write; if a concurrent write took the email/phone between our check and our insert, the unique
 * index rejects it and we answer the same 409 as the pre-check would have.
 */
async function withUniqueKeys<T>(db: Db, workspaceId: number, keys: Keys, exceptId: number | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await assertKeysFree(db, workspaceId, keys.email, keys.phone_e164, exceptId);
    throw err;
  }
}

export async function createContact(db: Db, caller: Caller, input: ContactCreate, ip: string | null) {
  if (input.protected && !caller.isAdmin) throw forbidden('Only managers and owners can mark a contact as protected.');
  const ws = caller.workspaceId;
  const keys = resolveKeys(input, await repo.workspaceCountry(db, ws));
  if (!keys.email && !keys.phone_e164) throw validationFailed('email', 'A contact needs an email address or a phone number.');
  const fields = checkFieldValues(await listFields(db, ws), input.fields ?? undefined);
  const source = input.consent?.source ?? (caller.actor.type === 'api_key' ? 'api' : 'manual');
  return withUniqueKeys(db, ws, keys, undefined, () =>
    db.transaction().execute(async (trx) => {
      await assertKeysFree(trx, ws, keys.email, keys.phone_e164);
      const row = await repo.insertContact(trx, {
        workspace_id: ws,
        email: keys.email ?? null,
        phone_e164: keys.phone_e164 ?? null,
        phone_raw: keys.phone_raw ?? null,
        first_name: input.firstName?.trim() ?? '',
        last_name: input.lastName?.trim() ?? '',
        fields: fields.set,
        protected: input.protected ?? false,
        source,
        email_status: input.emailStatus,
        whatsapp_status: input.whatsappStatus,
        sms_status: input.smsStatus,
      });
      // The first consent rows are the evidence of how the contact came in.
      const evidence = { source, reason: input.consent?.reason ?? null, ip: input.consent?.ip ?? ip, wording: input.consent?.wording ?? null, actor: caller.actor.label };
      if (row.email) await insertConsent(trx, { workspace_id: ws, contact_id: row.id, channel: 'email', status: row.email_status, ...evidence });
      if (input.whatsappStatus) await insertConsent(trx, { workspace_id: ws, contact_id: row.id, channel: 'whatsapp', status: row.whatsapp_status, ...evidence });
      if (input.smsStatus) await insertConsent(trx, { workspace_id: ws, contact_id: row.id, channel: 'sms', status: row.sms_status, ...evidence });
      await recordAudit(trx, ws, caller.actor, 'contact.created', 'contact', row.id, { email: row.email, phone: row.phone_e164, source });
      return row;
    }),
  );
}

export async function updateContact(db: Db, caller: Caller, id: number, patch: ContactPatch, ip: string | null) {
  if (patch.protected !== undefined && !caller.isAdmin) throw forbidden('Only managers and owners can change the protected flag.');
  const ws = caller.workspaceId;
  const keys = resolveKeys(patch, await repo.workspaceCountry(db, ws));
  const fields = checkFieldValues(await listFields(db, ws), patch.fields ?? undefined);
  return withUniqueKeys(db, ws, keys, id, () =>
    db.transaction().execute(async (trx) => {
      const before = await repo.findLiveContactForUpdate(trx, ws, id);
      if (!before) throw notFound('Contact');
      if (before.erased_at) throw validationFailed('id', 'This contact was erased; its personal data cannot be set again.');
      const email = keys.email !== undefined ? keys.email : before.email;
      const phone = keys.phone_e164 !== undefined ? keys.phone_e164 : before.phone_e164;
      if (!email && !phone) throw validationFailed(keys.email === null ? 'email' : 'phone', 'A contact needs an email address or a phone number.');
      await assertKeysFree(trx, ws, keys.email, keys.phone_e164, id);
      const update: repo.ContactUpdate = { ...keys };
      if (patch.firstName !== undefined) update.first_name = patch.firstName.trim();
      if (patch.lastName !== undefined) update.last_name = patch.lastName.trim();
      if (patch.protected !== undefined) update.protected = patch.protected;
      await repo.updateContact(trx, ws, id, update, fields);
      // Bounced/invalid describe the old address, not the person: a new address starts deliverable.
      if (keys.email && keys.email !== before.email && ['bounced', 'invalid'].includes(before.email_status)) {
        await setChannelStatus(trx, ws, id, 'email', 'subscribed', { source: 'email_changed', reason: `address changed from ${before.email ?? '(none)'}`, ip, actor: caller.actor.label });
      }
      await recordAudit(trx, ws, caller.actor, 'contact.updated', 'contact', id, { ...patch });
      return (await repo.findContact(trx, ws, id))!;
    }),
  );
}

/** Moves one contact to the recycle bin (memberships and consents kept for a restore within 7 days). */
export async function deleteContact(db: Db, caller: Caller, id: number) {
  await db.transaction().execute(async (trx) => {
    const moved = await repo.softDeleteContacts(trx, caller.workspaceId, [id]);
    if (!moved.length) throw notFound('Contact');
    await recordAudit(trx, caller.workspaceId, caller.actor, 'contact.deleted', 'contact', id);
  });
}

/** The contact (live or in the bin) with its groups and consent history. */
export async function getContactDetail(db: Db, workspaceId: number, id: number) {
  const row = await repo.findContact(db, workspaceId, id);
  if (!row) throw notFound('Contact');
  const [groups, consents] = await Promise.all([repo.contactGroups(db, workspaceId, id), repo.contactConsents(db, workspaceId, id)]);
  return { row, groups, consents };
}
