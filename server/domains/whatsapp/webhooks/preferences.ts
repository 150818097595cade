/**
 * `user_preferences`: a customer stopped or resumed marketing messages from this business inside WhatsApp (or
 * signed up through a sign-up link). Recorded as the contact's WhatsApp opt-out / opt-in through the contacts
 * domain, with Meta's words, the time and the sign-up id as evidence (a consent row). Every sending path reads
 * that status: campaigns skip opted-out contacts at audience build and again at send time, the inbox refuses
 * marketing templates to them, auto-replies and journeys go through the same status.
 * A person not yet in the workspace becomes a contact, so an opt-out is kept even before the first import.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { normalisePhone, setChannelStatus } from '../../contacts/index.js';
import type { PreferenceWork } from './collect.js';

type Db = Kysely<Database>;

/** Meta's value → the WhatsApp status it means (null: not a marketing preference we know). */
export function preferenceStatus(p: { value: string; category: string | null }): 'opted_out' | 'opted_in' | null {
  if (p.category && p.category !== 'marketing_messages') return null;
  if (p.value === 'stop') return 'opted_out';
  if (p.value === 'resume' || p.value === 'signup') return 'opted_in';
  return null;
}

/** Applies the preferences of a batch. Returns how many contacts changed. */
export async function applyPreferences(db: Db, prefs: PreferenceWork[]): Promise<number> {
  let changed = 0;
  for (const p of prefs) {
    const status = preferenceStatus(p);
    if (!status) continue;
    const n = normalisePhone(`+${p.waId}`, 'IL');
    if (!n.ok) continue;
    let contact = await db.selectFrom('contacts').select('id').where('workspace_id', '=', p.workspaceId).where('phone_e164', '=', n.value).where('deleted_at', 'is', null).executeTakeFirst();
    contact ??= await db
      .insertInto('contacts')
      .values({ workspace_id: p.workspaceId, phone_e164: n.value, phone_raw: p.waId, fields: '{}', source: 'whatsapp' })
      .onConflict((oc) => oc.columns(['workspace_id', 'phone_e164']).where('deleted_at', 'is', null).where('phone_e164', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!contact) continue;
    const signup = typeof p.raw.signup_id === 'string' ? ` (sign-up ${p.raw.signup_id})` : '';
    const ids = await setChannelStatus(db, p.workspaceId, contact.id, 'whatsapp', status, {
      source: status === 'opted_out' ? 'whatsapp_marketing_stop' : p.value === 'signup' ? 'whatsapp_signup' : 'whatsapp_marketing_resume',
      reason: `${p.detail ?? `WhatsApp marketing preference: ${p.value}`}${signup}; reported by Meta for ${p.at.toISOString()}`,
      wording: p.detail,
      actor: 'contact',
    });
    changed += ids.length;
  }
  return changed;
}
