/**
 * Writes an accepted sign-up: finds or creates the contact (by email, else phone), fills only what the contact does
 * not have yet (an anonymous form must not overwrite someone's name), records the consent the person gave, joins the
 * groups, stores the evidence and the submission. One transaction; the same outcome whether or not the address existed.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { setChannelStatus } from '../contacts/index.js';
import { addToGroups, countSubmissions, insertEvidence, insertSubmission, lockForm } from './forms.repo.js';
import { bump } from './stats.repo.js';
import type { MappedSubmission } from './validate.js';

type Db = Kysely<Database>;

export interface AcceptMeta {
  workspaceId: number;
  formId: number;
  formVersion: number;
  groupIds: number[];
  lang: string;
  ip: string | null;
  userAgent: string | null;
  submittedAt: Date;
  doubleOptIn: boolean;
  confirmedAt: Date | null;
  confirmIp: string | null;
  /** When the form has no consent box for email, submitting it is the consent: this is the wording recorded. */
  implicitEmailWording: string | null;
  /** The form has an email consent box (unticked = the new contact starts unsubscribed from email). */
  hasEmailConsentBox: boolean;
}

async function findContact(trx: Db, ws: number, email: string | null, phone: string | null) {
  const q = (col: 'email' | 'phone_e164', v: string) =>
    trx.selectFrom('contacts').select(['id', 'email', 'phone_e164', 'first_name', 'last_name', 'fields', 'email_status', 'whatsapp_status', 'sms_status'])
      .where('workspace_id', '=', ws).where(col, '=', v).where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
  return (email ? await q('email', email) : undefined) ?? (phone ? await q('phone_e164', phone) : undefined);
}

/**
 * Accepts the sign-up; returns the contact id, or 'full' when the form has a registration limit that is reached
 * (the form row is locked while counting, so concurrent sign-ups never overshoot it).
 */
export async function acceptSignup(db: Db, s: MappedSubmission, m: AcceptMeta, limit: number | null): Promise<number | 'full'> {
  const ws = m.workspaceId;
  const evidenceBase = { ip: m.confirmIp ?? m.ip, actor: 'contact (form)', source: 'form', reason: `form #${m.formId} v${m.formVersion}${m.doubleOptIn ? ' (double opt-in)' : ''}` };
  const emailConsent = s.consents.find((c) => c.channel === 'email');
  const emailWording = emailConsent?.wording ?? (m.hasEmailConsentBox ? null : m.implicitEmailWording);
  const attempt = () =>
    db.transaction().execute(async (trx): Promise<number | 'full'> => {
      if (limit) {
        await lockForm(trx, m.formId);
        if ((await countSubmissions(trx, m.formId)) >= limit) return 'full';
      }
      let c = await findContact(trx, ws, s.email, s.phone);
      let id: number;
      if (!c) {
        const emailStatus = s.email && emailWording ? 'subscribed' : 'unsubscribed';
        const row = await trx
          .insertInto('contacts')
          .values({
            workspace_id: ws, email: s.email, phone_e164: s.phone, phone_raw: s.phone, first_name: s.firstName ?? '', last_name: s.lastName ?? '',
            fields: JSON.stringify(s.fields), source: 'form', email_status: emailStatus,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        id = Number(row.id);
        if (s.email) {
          await trx.insertInto('consents').values({ workspace_id: ws, contact_id: id, channel: 'email', status: emailStatus, wording: emailWording, ...evidenceBase }).execute();
        }
        for (const k of s.consents.filter((x) => x.channel !== 'email')) {
          if (!s.phone) continue;
          await setChannelStatus(trx, ws, id, k.channel, 'opted_in', { ...evidenceBase, wording: k.wording });
        }
      } else {
        id = Number(c.id);
        const fields = c.fields as Record<string, unknown>;
        const newFields = Object.fromEntries(Object.entries(s.fields).filter(([k]) => fields[k] === undefined || fields[k] === null || fields[k] === ''));
        await trx
          .updateTable('contacts')
          .set({
            ...(c.first_name === '' && s.firstName ? { first_name: s.firstName } : {}),
            ...(c.last_name === '' && s.lastName ? { last_name: s.lastName } : {}),
            ...(!c.email && s.email ? { email: s.email } : {}),
            ...(!c.phone_e164 && s.phone ? { phone_e164: s.phone, phone_raw: s.phone } : {}),
            fields: sql`fields || ${JSON.stringify(newFields)}::jsonb`,
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute();
        // A confirmed double opt-in may re-subscribe someone who had opted out (they proved the address is theirs).
        const email = c.email ?? s.email;
        if (email && emailWording) await setChannelStatus(trx, ws, id, 'email', 'subscribed', { ...evidenceBase, wording: emailWording, allowResubscribe: m.doubleOptIn });
        for (const k of s.consents.filter((x) => x.channel !== 'email')) {
          if (!(c.phone_e164 ?? s.phone)) continue;
          const current = k.channel === 'whatsapp' ? c.whatsapp_status : c.sms_status;
          if (current === 'opted_out' && !m.doubleOptIn) continue;
          await setChannelStatus(trx, ws, id, k.channel, 'opted_in', { ...evidenceBase, wording: k.wording });
        }
        c = undefined;
      }
      await addToGroups(trx, ws, id, m.groupIds);
      const submissionId = await insertSubmission(trx, {
        workspace_id: ws, form_id: m.formId, form_version: m.formVersion, contact_id: id, email: s.email, phone: s.phone, values: s.values, lang: m.lang,
        ip: m.ip, user_agent: m.userAgent, page_url: s.pageUrl, referrer: s.referrer, utm: s.utm, double_opt_in: m.doubleOptIn,
        submitted_at: m.submittedAt, confirmed_at: m.confirmedAt, confirm_ip: m.confirmIp,
      });
      const consentRows = [
        ...(emailWording && s.email ? [{ channel: 'email', wording: emailWording }] : []),
        ...s.consents.filter((k) => k.channel !== 'email' && s.phone),
      ];
      await insertEvidence(
        trx,
        consentRows.map((k) => ({
          workspace_id: ws, contact_id: id, form_id: m.formId, form_version: m.formVersion, submission_id: submissionId, channel: k.channel, wording: k.wording,
          ip: m.ip, user_agent: m.userAgent, page_url: s.pageUrl, double_opt_in: m.doubleOptIn, submitted_at: m.submittedAt, confirmed_at: m.confirmedAt, confirm_ip: m.confirmIp,
        })),
      );
      await bump(trx, ws, 'form', m.formId, 'submissions');
      if (m.doubleOptIn) await bump(trx, ws, 'form', m.formId, 'confirmations');
      return id;
    });
  try {
    return await attempt();
  } catch (err) {
    // Two sign-ups of the same new address at once: the unique index refused the second insert; now it finds the first.
    if ((err as { code?: string })?.code === '23505') return attempt();
    throw err;
  }
}
