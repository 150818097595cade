/**
 * Password rules and the bound on hashing work. scrypt costs ~16 MiB and tens of milliseconds per hash; every
 * hash or check in this process goes through one WorkLimit (CLARION_PASSWORD_HASH_CONCURRENCY at once, a short
 * queue behind), so a flood of sign-ins or sign-ups cannot turn hashing into a CPU or memory exhaustion. Input
 * length is capped as well (MAX_PASSWORD_LENGTH), before any hashing.
 */
import type { AppContext } from '../../app/context.js';
import { AppError, badRequest } from '../../lib/errors.js';
import { hashPassword, verifyPassword } from '../../lib/crypto.js';
import { msg } from '../../lib/messages/index.js';
import { WorkLimit, WorkLimitFull } from '../../lib/work-limit.js';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;
const MAX_QUEUED_HASHES = 32;

let limit: { concurrency: number; work: WorkLimit } | null = null;

function hashing(ctx: AppContext): WorkLimit {
  const n = ctx.config.passwordHashConcurrency;
  if (!limit || limit.concurrency !== n) limit = { concurrency: n, work: new WorkLimit(n, MAX_QUEUED_HASHES) };
  return limit.work;
}

async function bounded<T>(ctx: AppContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await hashing(ctx).run(fn);
  } catch (err) {
    if (err instanceof WorkLimitFull) throw new AppError(503, 'busy', msg('accounts.hashing_busy'));
    throw err;
  }
}

export function checkPasswordStrength(pw: string, field = 'password') {
  if (pw.length < MIN_PASSWORD_LENGTH) throw badRequest(msg('accounts.password_short'), field);
  if (pw.length > MAX_PASSWORD_LENGTH) throw badRequest(msg('accounts.password_long', { max: MAX_PASSWORD_LENGTH }), field);
}

/** Checks the rules, then hashes within the process's hashing bound. */
export async function hashNewPassword(ctx: AppContext, pw: string, field = 'password'): Promise<string> {
  checkPasswordStrength(pw, field);
  return bounded(ctx, () => hashPassword(pw));
}

/** Compares a password with a stored hash within the hashing bound; over-long input fails without hashing. */
export async function checkPassword(ctx: AppContext, pw: string, stored: string): Promise<boolean> {
  if (pw.length > MAX_PASSWORD_LENGTH) return false;
  return bounded(ctx, () => verifyPassword(pw, stored));
}
