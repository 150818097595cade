/**
 * Status changes requested through the API, and the re-subscribe confirmation. A person who unsubscribed (or
 * complained) is not re-subscribed by staff directly: they get an email with a signed link, and only their
 * click flips the status (source 'confirmed').
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { StatusChange } from '../../../common/contacts.js';
import type { Channel, Database } from '../../db/schema.js';
import { notFound, validationFailed } from '../../lib/errors.js';
import { recordAudit, systemActor } from '../audit/index.js';
import { sendSystemMail } from '../system-mail/index.js';
import { assertStatusFits, OPTED_OUT_EMAIL, setChannelStatus } from './channel-status.js';
import { sentTo, signConfirmToken, verifyConfirmToken } from './confirm-token.js';
import * as repo from './contacts.repo.js';
import type { Caller } from './contacts.service.js';

type Db = Kysely<Database>;

/** Sources the API refuses because only Clarion itself may record them. */
const RESERVED_SOURCES = ['confirmed', 'unsubscribe_link', 'bounce', 'complaint', 'email_changed', 'erased'];

export async function changeStatus(ctx: AppContext, caller: Caller, id: number, body: StatusChange, ip: string | null) {
  const ws = caller.workspaceId;
  const channel = body.channel as Channel;
  assertStatusFits(channel, body.status);
  const source = body.source ?? 'manual';
  if (RESERVED_SOURCES.includes(source)) throw validationFailed('source', `The source "${source}" is recorded by Clarion itself.`);
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const c = await repo.findLiveContactForUpdate(trx, ws, id);
    if (!c) throw notFound('Contact');
    if (c.erased_at) throw validationFailed('id', 'This contact was erased.');
    if (channel === 'email' && !c.email) throw validationFailed('channel', 'The contact has no email address.');
    if (channel !== 'email' && !c.phone_e164) throw validationFailed('channel', 'The contact has no phone number.');
    if (channel === 'email' && body.status === 'subscribed' && OPTED_OUT_EMAIL.includes(c.email_status)) {
      const n = await repo.latestConsentId(trx, ws, id, 'email');
      await recordAudit(trx, ws, caller.actor, 'contact.resubscribe_requested', 'contact', id, { email: c.email });
      return { pending: { email: c.email!, n }, changed: false };
    }
    const changed = await setChannelStatus(trx, ws, id, channel, body.status, {
      source, reason: body.reason, wording: body.wording, ip, actor: caller.actor.label,
    });
    if (changed.length) await recordAudit(trx, ws, caller.actor, 'contact.status_changed', 'contact', id, { channel, status: body.status, source });
    return { pending: null, changed: changed.length > 0 };
  });
  if (outcome.pending) {
    await sendConfirmation(ctx, ws, id, outcome.pending.email, outcome.pending.n);
    return { row: (await repo.findContact(ctx.db, ws, id))!, changed: false, pendingConfirmation: true };
  }
  return { row: (await repo.findContact(ctx.db, ws, id))!, changed: outcome.changed, pendingConfirmation: false };
}

async function sendConfirmation(ctx: AppContext, ws: number, contactId: number, email: string, n: number) {
  const w = await ctx.db.selectFrom('workspaces').select('name').where('id', '=', ws).executeTakeFirst();
  const token = signConfirmToken(ctx.keys.signingKey, { w: ws, c: contactId, n }, email);
  const link = `${ctx.config.publicUrl}/confirm-subscription/${token}`;
  await sendSystemMail(ctx, {
    to: email,
    devLink: link,
    subject: `Confirm your subscription to ${w?.name ?? 'our emails'}`,
    text:
      `You asked to receive emails from ${w?.name ?? 'us'} again.\n\nConfirm within 7 days by opening this link:\n${link}\n\n` +
      `If you did not ask for this, ignore this email and you will not be subscribed.\n\n` +
      `ביקשת לקבל שוב הודעות דוא"ל. לאישור יש לפתוח את הקישור למעלה בתוך 7 ימים. אם לא ביקשת, אפשר להתעלם מהודעה זו.`,
    workspaceId: ws,
  });
}

/** Outcome of a confirmation link, for the page shown to the person. */
export type ConfirmOutcome = 'confirmed' | 'already' | 'invalid' | 'expired' | 'stale';

/** Wording recorded as consent evidence when a link is clicked. */
export const CONFIRM_WORDING = 'Confirmed the re-subscription by opening the link emailed to this address.';

/** Applies a clicked confirmation link: re-subscribes with source 'confirmed' and the clicker's IP. */
export async function confirmSubscription(ctx: AppContext, token: string, ip: string | null): Promise<ConfirmOutcome> {
  // The signature is checked before any database work, so forged links cost nothing.
  const p = verifyConfirmToken(ctx.keys.signingKey, token);
  if (p === null) return 'invalid';
  if (p === 'expired') return 'expired';
  return ctx.db.transaction().execute(async (trx: Db) => {
    const c = await repo.findLiveContactForUpdate(trx, p.w, p.c);
    if (!c || c.erased_at || !sentTo(p, c.email)) return 'invalid';
    if (c.email_status === 'subscribed') return 'already';
    // Any email status change after the link was sent (e.g. a new unsubscribe) makes the link stale.
    if ((await repo.latestConsentId(trx, p.w, p.c, 'email')) !== p.n) return 'stale';
    const changed = await setChannelStatus(trx, p.w, p.c, 'email', 'subscribed', {
      source: 'confirmed', ip, wording: CONFIRM_WORDING, actor: 'contact', allowResubscribe: true,
    });
    if (!changed.length) return 'already';
    await recordAudit(trx, p.w, { ...systemActor('contact (confirmation link)'), ip }, 'contact.resubscribed', 'contact', p.c, { source: 'confirmed' });
    return 'confirmed';
  });
}
