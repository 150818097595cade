/**
 * Per-channel status of contacts. Every change writes a consent row (channel, status, source, time, IP, wording,
 * actor) in the same statement. Other domains call `setChannelStatus` (imports, unsubscribe links, bounces,
 * WhatsApp STOP); it is set-based, so pass many ids at once.
 */
import type { Kysely } from 'kysely';
import { EMAIL_STATUSES, OPT_STATUSES } from '../../../common/contacts.js';
import type { Channel, Database } from '../../db/schema.js';
import { validationFailed } from '../../lib/errors.js';
import { updateStatusesWithConsent } from './consents.repo.js';

/** Evidence and options of a status change. */
export interface StatusChangeOptions {
  /** Where the change came from: manual, api, import, unsubscribe_link, bounce, complaint, whatsapp_stop, confirmed, … */
  source: string;
  reason?: string | null;
  ip?: string | null;
  /** The consent wording the person was shown, if any. */
  wording?: string | null;
  /** Who made the change (audit label of a user or key, or 'system'/'contact'). */
  actor?: string | null;
  /**
   * Leave protected ("whitelisted") contacts unchanged. Unsubscribe-link handlers pass true: a forwarded copy of
   * a campaign must not unsubscribe the workspace's own staff.
   */
  skipProtected?: boolean;
  /**
   * Allow email `subscribed` over `unsubscribed`/`complained`. Off by default: a person who opted out is only
   * re-subscribed after confirming by email (the confirmation link sets this).
   */
  allowResubscribe?: boolean;
}

/** The statuses a channel accepts. */
export function statusesOf(channel: Channel): readonly string[] {
  return channel === 'email' ? EMAIL_STATUSES : OPT_STATUSES;
}

/** Throws a 400 naming `status` when the status does not belong to the channel. */
export function assertStatusFits(channel: Channel, status: string) {
  if (!statusesOf(channel).includes(status)) {
    throw validationFailed('status', `"${status}" is not a ${channel} status; use one of: ${statusesOf(channel).join(', ')}.`);
  }
}

/** Email statuses that express the person's own wish to stop: only a confirmed request undoes them. */
export const OPTED_OUT_EMAIL = ['unsubscribed', 'complained'];

/**
 * Sets `channel` to `status` for the given live contacts of the workspace and records consent for each one that
 * actually changed (contacts already in that status are left alone and get no row). Run it inside the caller's
 * transaction. Returns the ids that changed.
 *
 * @example
 *   await setChannelStatus(trx, ws, ids, 'email', 'unsubscribed', { source: 'import', actor: 'import #12' });
 */
export async function setChannelStatus(
  trx: Kysely<Database>,
  workspaceId: number,
  contactIds: number | readonly number[],
  channel: Channel,
  status: string,
  opts: StatusChangeOptions,
): Promise<number[]> {
  assertStatusFits(channel, status);
  const ids = typeof contactIds === 'number' ? [contactIds] : [...new Set(contactIds)];
  const keep = channel === 'email' && status === 'subscribed' && !opts.allowResubscribe ? OPTED_OUT_EMAIL : [];
  return updateStatusesWithConsent(trx, {
    workspaceId,
    ids,
    channel,
    status,
    source: opts.source,
    reason: opts.reason ?? null,
    ip: opts.ip ?? null,
    wording: opts.wording ?? null,
    actor: opts.actor ?? null,
    skipProtected: opts.skipProtected ?? false,
    keepStatuses: keep,
  });
}
