/**
 * The public submission pipeline: form state (paused, dates, limit) → rate limits → spam checks (honeypot, render
 * time, proof of work, optional captcha) → validation in the visitor's language → accept now, or (double opt-in) keep
 * a pending row and email a signed confirmation link. The visitor gets the same answer whether or not the address
 * was already a contact. Rejected submissions only increase the form's `rejected` counter.
 */
import type { AppContext } from '../../app/context.js';
import type { FormDefinition, FormSettings } from '../../../common/forms.js';
import { decryptSecret, hmacSha256, safeEqual } from '../../lib/crypto.js';
import { workspaceCountryOf } from './forms.service.js';
import * as repo from './forms.repo.js';
import { notifyManagers, sendVisitorEmail } from './forms-mail.js';
import { publicText, textIn, type PublicCode } from './public-texts.js';
import { acceptSignup } from './signup.repo.js';
import * as spam from './spam.js';
import { bump } from './stats.repo.js';
import { validateSubmission, type FieldProblem, type MappedSubmission } from './validate.js';

export const PENDING_TTL_DAYS = 60;

export interface SubmitRequest {
  body: Record<string, unknown>;
  lang: string;
  ip: string | null;
  userAgent: string | null;
  /** The page the form was on (Referer of the POST, or the page_url field). */
  referer: string | null;
}

export type SubmitOutcome =
  | { status: 'accepted' | 'pending'; message: string; redirectUrl: string | null }
  | { status: 'invalid'; problems: (FieldProblem & { message: string })[] }
  | { status: 'refused'; code: PublicCode; message: string; httpStatus: number };

const refuse = (lang: string, code: PublicCode, httpStatus: number): SubmitOutcome => ({ status: 'refused', code, message: publicText(lang, code), httpStatus });

/** Why a form cannot take submissions now (null = open). */
export async function closedReason(ctx: AppContext, f: repo.FormRow, now = new Date()): Promise<'paused' | 'closed' | 'full' | null> {
  const s = f.settings as FormSettings;
  if (f.paused) return 'paused';
  if ((s.opensAt && new Date(s.opensAt) > now) || (s.closesAt && new Date(s.closesAt) <= now)) return 'closed';
  if (s.limit && (await repo.countSubmissions(ctx.db, f.id)) >= s.limit) return 'full';
  return null;
}

export function closedText(f: repo.FormRow, lang: string, reason: 'paused' | 'closed' | 'full'): string {
  const s = f.settings as FormSettings;
  if (reason === 'full') return textIn(s.fullText, lang, publicText(lang, 'full'));
  if (reason === 'closed') return textIn(s.closedText, lang, publicText(lang, 'closed'));
  return publicText(lang, 'paused');
}

export async function submitForm(ctx: AppContext, f: repo.FormRow, req: SubmitRequest): Promise<SubmitOutcome> {
  const def = f.definition as FormDefinition;
  const s = f.settings as FormSettings;
  const lang = req.lang;
  const rejected = async (code: PublicCode, httpStatus: number) => {
    await bump(ctx.db, f.workspace_id, 'form', f.id, 'rejected');
    return refuse(lang, code, httpStatus);
  };
  const reason = await closedReason(ctx, f);
  if (reason) return { status: 'refused', code: reason, message: closedText(f, lang, reason), httpStatus: reason === 'full' ? 409 : 403 };

  const limits = [
    { key: `ip:${req.ip ?? '-'}:${f.id}`, max: s.perIpPerMinute ?? spam.DEFAULT_PER_IP_PER_MINUTE },
    { key: `form:${f.id}`, max: s.perFormPerMinute ?? spam.DEFAULT_PER_FORM_PER_MINUTE },
  ];
  if (!(await spam.hitRateLimits(ctx.db, limits))) return rejected('rate_limited', 429);

  const honey = req.body[spam.HONEYPOT_FIELD];
  if (typeof honey === 'string' ? honey.trim() !== '' : honey !== undefined && honey !== null) return rejected('spam', 400);
  const ts = spam.checkRenderTime(ctx.keys.signingKey, f.public_id, req.body[spam.TIMESTAMP_FIELD]);
  if (ts !== 'ok') return rejected(ts === 'too_fast' ? 'too_fast' : 'spam', 400);
  if (s.pow !== false) {
    const pow = await spam.verifyPow(ctx.db, ctx.keys.signingKey, f.public_id, req.body[spam.POW_FIELD]);
    if (pow !== 'ok') return rejected(pow === 'missing' ? 'pow_missing' : 'pow_invalid', 400);
  }
  if (s.captcha) {
    const field = s.captcha.provider === 'turnstile' ? 'cf-turnstile-response' : 'h-captcha-response';
    const ok = await spam.verifyRemoteCaptcha(s.captcha.provider, decryptSecret(ctx.keys.encryptionKey, s.captcha.secret), req.body[field], req.ip);
    if (!ok) return rejected('captcha_failed', 400);
  }

  const v = validateSubmission(def, req.body, lang, await workspaceCountryOf(ctx, f.workspace_id));
  if (!v.ok) return { status: 'invalid', problems: v.problems.map((p) => ({ ...p, message: publicText(lang, p.code) })) };
  const sub = v.value;
  sub.pageUrl ??= req.referer;
  const groupIds = await repo.groupIdsLive(ctx.db, f.workspace_id, def.groupIds ?? []);
  const submittedAt = new Date();
  const success = { message: textIn(s.successMessage, lang, publicText(lang, s.doubleOptIn && sub.email ? 'check_email' : 'thanks')), redirectUrl: s.redirectUrl ?? null };

  if (s.doubleOptIn && sub.email) {
    const pendingId = await repo.insertPending(ctx.db, {
      workspace_id: f.workspace_id, form_id: f.id, form_version: f.version, email: sub.email,
      payload: { sub, lang, ip: req.ip, userAgent: req.userAgent, submittedAt: submittedAt.toISOString() },
      expires_at: new Date(submittedAt.getTime() + PENDING_TTL_DAYS * 86400_000),
    });
    const link = `${ctx.config.publicUrl.replace(/\/+$/, '')}/f/confirm/${signPendingToken(ctx.keys.signingKey, pendingId, sub.email)}`;
    await sendVisitorEmail(ctx, f.workspace_id, confirmationMail(sub.email, textIn(def.title, lang, f.name), link, lang));
    return { status: 'pending', ...success };
  }
  const r = await accept(ctx, f, sub, { lang, ip: req.ip, userAgent: req.userAgent, submittedAt, doubleOptIn: false, confirmedAt: null, confirmIp: null, groupIds });
  if (r === 'full') return { status: 'refused', code: 'full', message: closedText(f, lang, 'full'), httpStatus: 409 };
  return { status: 'accepted', ...success };
}

async function accept(
  ctx: AppContext,
  f: repo.FormRow,
  sub: MappedSubmission,
  m: { lang: string; ip: string | null; userAgent: string | null; submittedAt: Date; doubleOptIn: boolean; confirmedAt: Date | null; confirmIp: string | null; groupIds: number[]; version?: number },
) {
  const def = f.definition as FormDefinition;
  const s = f.settings as FormSettings;
  const title = textIn(def.title, m.lang, f.name);
  const r = await acceptSignup(ctx.db, sub, {
    workspaceId: f.workspace_id, formId: f.id, formVersion: m.version ?? f.version, groupIds: m.groupIds, lang: m.lang, ip: m.ip, userAgent: m.userAgent,
    submittedAt: m.submittedAt, doubleOptIn: m.doubleOptIn, confirmedAt: m.confirmedAt, confirmIp: m.confirmIp,
    implicitEmailWording: `Submitted the sign-up form "${title}" (${textIn(def.submitLabel, m.lang, publicText(m.lang, 'submit'))}).`,
    hasEmailConsentBox: def.fields.some((x) => x.type === 'consent' && x.consentChannel === 'email'),
  }, s.limit ? f.id : null);
  if (r !== 'full' && s.notifyEmails?.length) void notifyManagers(ctx, f.workspace_id, f.name, s.notifyEmails, sub.values);
  return r;
}

function confirmationMail(to: string, title: string, link: string, lang: string) {
  const he = lang === 'he';
  const subject = he ? `אישור הרשמה: ${title}` : `Please confirm your sign-up: ${title}`;
  const text = he
    ? `כדי לאשר את ההרשמה ל"${title}" יש לפתוח את הקישור וללחוץ על הכפתור:\n${link}\n\nאם לא נרשמת, אפשר להתעלם מהודעה זו.`
    : `To confirm your sign-up to "${title}", open this link and press the button:\n${link}\n\nIf you did not sign up, ignore this email.`;
  const esc = (x: string) => x.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const html = `<div dir="${he ? 'rtl' : 'ltr'}"><p>${esc(text.split('\n')[0])}</p><p><a href="${esc(link)}">${esc(link)}</a></p></div>`;
  return { to, subject, text, html };
}

const pendingMac = (key: Buffer, body: string, email: string) => hmacSha256(key, `form.doi.v1:${body}:${email}`).subarray(0, 16).toString('base64url');

/** `<pendingId base36>.<mac>`: the mac binds the pending row to the address the link was sent to. */
export function signPendingToken(key: Buffer, pendingId: number, email: string) {
  const body = pendingId.toString(36);
  return `${body}.${pendingMac(key, body, email)}`;
}

function parsePendingToken(token: string): { id: number; body: string; mac: string } | null {
  const m = /^([0-9a-z]{1,13})\.([\w-]{22})$/.exec(token);
  return m ? { id: parseInt(m[1], 36), body: m[1], mac: m[2] } : null;
}

/** For the GET page: whether the link is genuine and still pending, and the form's language. Changes nothing. */
export async function inspectPending(ctx: AppContext, token: string): Promise<{ state: 'ok' | 'invalid' | 'expired' | 'done'; lang: string }> {
  const t = parsePendingToken(token);
  if (!t) return { state: 'invalid', lang: 'en' };
  const p = await ctx.db.selectFrom('form_pending').selectAll().where('id', '=', t.id).executeTakeFirst();
  if (!p || !safeEqual(t.mac, pendingMac(ctx.keys.signingKey, t.body, p.email))) return { state: 'invalid', lang: 'en' };
  const lang = String((p.payload as { lang?: string }).lang ?? 'en');
  if (p.confirmed_at) return { state: 'done', lang };
  return { state: p.expires_at < new Date() ? 'expired' : 'ok', lang };
}

/** The confirming POST: only now is the contact created or activated, with the confirming IP in the evidence. */
export async function confirmPending(ctx: AppContext, token: string, ip: string | null): Promise<{ state: 'confirmed' | 'invalid' | 'expired' | 'done'; lang: string; redirectUrl: string | null; message: string }> {
  const t = parsePendingToken(token);
  const bad = (state: 'invalid' | 'expired', lang = 'en') => ({ state, lang, redirectUrl: null, message: publicText(lang, state === 'invalid' ? 'link_invalid' : 'link_expired') });
  if (!t) return bad('invalid');
  const claimed = await ctx.db.transaction().execute(async (trx) => {
    const p = await repo.findPendingForUpdate(trx, t.id);
    if (!p || !safeEqual(t.mac, pendingMac(ctx.keys.signingKey, t.body, p.email))) return { kind: 'invalid' as const };
    if (p.confirmed_at) return { kind: 'done' as const, p };
    if (p.expires_at < new Date()) return { kind: 'expired' as const, p };
    await repo.markPendingConfirmed(trx, p.id);
    return { kind: 'ok' as const, p };
  });
  if (claimed.kind === 'invalid') return bad('invalid');
  const payload = claimed.p.payload as { sub: MappedSubmission; lang: string; ip: string | null; userAgent: string | null; submittedAt: string };
  const lang = payload.lang;
  if (claimed.kind === 'expired') return bad('expired', lang);
  const f = await repo.findForm(ctx.db, claimed.p.workspace_id, claimed.p.form_id);
  if (!f || f.deleted_at) return bad('invalid', lang);
  const s = f.settings as FormSettings;
  const msg = { lang, redirectUrl: s.redirectUrl ?? null, message: publicText(lang, 'confirmed') };
  if (claimed.kind === 'done') return { state: 'done', ...msg };
  const def = f.definition as FormDefinition;
  const r = await accept(ctx, f, payload.sub, {
    lang, ip: payload.ip, userAgent: payload.userAgent, submittedAt: new Date(payload.submittedAt), doubleOptIn: true, confirmedAt: new Date(), confirmIp: ip,
    groupIds: await repo.groupIdsLive(ctx.db, f.workspace_id, def.groupIds ?? []), version: claimed.p.form_version,
  });
  if (r === 'full') return { state: 'done', ...msg, message: closedText(f, lang, 'full') };
  return { state: 'confirmed', ...msg };
}
