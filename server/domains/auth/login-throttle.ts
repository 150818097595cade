/**
 * Sign-in throttling held in PostgreSQL (table login_throttle), so every API process counts the same failures.
 * Keys: `account:<email>` (whether or not the account exists, so the answer reveals nothing) and `ip:<address>`
 * (the socket address unless CLARION_TRUST_PROXY names the proxy). From the FREE-th failure on, each one
 * blocks the key for a growing delay (2^n seconds, capped at 15 minutes); a blocked key is refused before any
 * password hashing. A run of failures is forgotten an hour after the last one; a successful sign-in clears the
 * account's key. After NOTIFY_AFTER failures the account's owner gets one notice a day through system mail.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.js';
import { AppError } from '../../lib/errors.js';
import { msg } from '../../lib/messages/index.js';
import { sendSystemMail } from '../system-mail/index.js';

const FREE = { account: 5, ip: 20 };
const MAX_DELAY_S = 15 * 60;
const FORGET_AFTER = '1 hour';
export const NOTIFY_AFTER = 10;

const keys = (email: string, ip: string | null) => ({ account: `account:${email.trim().toLowerCase()}`, ip: `ip:${ip ?? 'unknown'}` });

/** Throws 429 with the seconds to wait when the account or the address is blocked. */
export async function assertNotThrottled(ctx: AppContext, email: string, ip: string | null) {
  const k = keys(email, ip);
  const rows = await ctx.db
    .selectFrom('login_throttle')
    .select(['key', 'blocked_until'])
    .where('key', 'in', [k.account, k.ip])
    .where('blocked_until', '>', new Date())
    .execute();
  if (!rows.length) return;
  const until = Math.max(...rows.map((r) => r.blocked_until!.getTime()));
  const seconds = Math.max(1, Math.ceil((until - Date.now()) / 1000));
  throw new AppError(429, 'login_throttled', msg('accounts.login_throttled', { seconds }), undefined, { retryAfter: seconds });
}

/** Counts one failure on both keys (one statement each, atomic across processes); returns the account's count. */
export async function recordLoginFailure(ctx: AppContext, email: string, ip: string | null): Promise<number> {
  const k = keys(email, ip);
  let accountFailures = 0;
  for (const [kind, key] of [['account', k.account], ['ip', k.ip]] as const) {
    const free = FREE[kind];
    const r = await sql<{ failures: number }>`
      insert into login_throttle (key, failures, last_failure_at) values (${key}, 1, now())
      on conflict (key) do update set
        failures = case when login_throttle.last_failure_at < now() - ${FORGET_AFTER}::interval then 1 else login_throttle.failures + 1 end,
        last_failure_at = now()
      returning failures`.execute(ctx.db);
    const failures = Number(r.rows[0].failures);
    if (failures >= free) {
      const delay = Math.min(MAX_DELAY_S, 2 ** Math.min(failures - free + 1, 20));
      await ctx.db.updateTable('login_throttle').set({ blocked_until: new Date(Date.now() + delay * 1000) }).where('key', '=', key).execute();
    }
    if (kind === 'account') accountFailures = failures;
  }
  return accountFailures;
}

export async function clearAccountThrottle(ctx: AppContext, email: string) {
  await ctx.db.deleteFrom('login_throttle').where('key', '=', keys(email, null).account).execute();
}

/** Tells the account's owner about repeated failures, at most once a day (only for accounts that exist). */
export async function maybeNotify(ctx: AppContext, user: { email: string }, failures: number, ip: string | null) {
  if (failures < NOTIFY_AFTER) return;
  const key = keys(user.email, null).account;
  const claimed = await ctx.db
    .updateTable('login_throttle')
    .set({ notified_at: new Date() })
    .where('key', '=', key)
    .where((eb) => eb.or([eb('notified_at', 'is', null), eb('notified_at', '<', new Date(Date.now() - 86_400_000))]))
    .returning('key')
    .executeTakeFirst();
  if (!claimed) return;
  await sendSystemMail(ctx, {
    to: user.email,
    subject: 'Failed sign-ins to your Clarion account',
    text:
      `There were ${failures} failed attempts to sign in to your Clarion account (${user.email}) in the last hour, the last from ${ip ?? 'an unknown address'}.\n\n` +
      `If it was you, you can reset your password at ${ctx.config.publicUrl}/reset-password. If not, your password held; sign-ins are being slowed down.\n\n` +
      `היו ${failures} ניסיונות כושלים להתחבר לחשבון שלך ב-Clarion. אם זה לא היית את/ה, הסיסמה שלך לא נחשפה והניסיונות מואטים.`,
  });
}
