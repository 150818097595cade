/**
 * Sending set-up rules: SMTP server passwords and DKIM private keys are encrypted at rest and never returned or
 * logged; a domain gets a fresh 2048-bit DKIM key and the DNS records to publish; every change is audited.
 */
import { checkOutboundHost, isOutboundRefused } from '../../lib/outbound/index.js';
import type { AppContext } from '../../app/context.js';
import { encryptSecret, decryptSecret } from '../../lib/crypto.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { dnsRecordsForDomain, generateDkimKeyPair, type DnsRecord } from '../channels/email/dkim/index.js';
import { SmtpConnection } from '../channels/email/smtp/smtp-connection.js';
import * as repo from './sending.repo.js';

export interface SmtpServerInput {
  name?: string;
  host?: string;
  port?: number;
  tlsMode?: 'none' | 'starttls' | 'tls';
  username?: string | null;
  /** Omitted = keep; '' or null = remove. */
  password?: string | null;
  maxConnections?: number;
  messagesPerSecond?: number | null;
  weight?: number;
  enabled?: boolean;
}

export function smtpServerView(s: repo.SmtpServerRow) {
  return {
    id: s.id, name: s.name, host: s.host, port: s.port, tlsMode: s.tls_mode, username: s.username, hasPassword: !!s.password_enc,
    maxConnections: s.max_connections, messagesPerSecond: s.messages_per_second, weight: s.weight, enabled: s.enabled,
  };
}

const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[?[0-9a-fA-F:.]+\]?$/;

export async function createSmtpServer(ctx: AppContext, ws: number, actor: Actor, b: SmtpServerInput) {
  if (!b.host || !HOST.test(b.host)) throw badRequest('Enter the SMTP host name or IP address.', 'host');
  // An internal address is refused when written (400 naming `host`), not only when a send connects.
  await checkOutboundHost(ctx.outbound, b.host.trim(), 'host', { acceptUnresolvable: true });
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertSmtpServer(trx, ws, {
      name: b.name?.trim() || b.host!,
      host: b.host!.trim(),
      port: b.port ?? 587,
      tls_mode: b.tlsMode ?? 'starttls',
      username: b.username?.trim() || null,
      password_enc: b.password ? encryptSecret(ctx.keys.encryptionKey, b.password) : null,
      max_connections: b.maxConnections ?? 5,
      messages_per_second: b.messagesPerSecond ?? null,
      weight: b.weight ?? 1,
      enabled: b.enabled ?? true,
    });
    await recordAudit(trx, ws, actor, 'smtp_server.created', 'smtp_server', row.id, { host: row.host, port: row.port });
    return row;
  });
}

export async function updateSmtpServer(ctx: AppContext, ws: number, id: number, actor: Actor, b: SmtpServerInput) {
  if (b.host !== undefined && !HOST.test(b.host)) throw badRequest('Enter the SMTP host name or IP address.', 'host');
  if (b.host !== undefined) await checkOutboundHost(ctx.outbound, b.host.trim(), 'host', { acceptUnresolvable: true });
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.updateSmtpServer(trx, ws, id, {
      ...(b.name !== undefined ? { name: b.name.trim() } : {}),
      ...(b.host !== undefined ? { host: b.host.trim() } : {}),
      ...(b.port !== undefined ? { port: b.port } : {}),
      ...(b.tlsMode !== undefined ? { tls_mode: b.tlsMode } : {}),
      ...(b.username !== undefined ? { username: b.username?.trim() || null } : {}),
      ...(b.password !== undefined ? { password_enc: b.password ? encryptSecret(ctx.keys.encryptionKey, b.password) : null } : {}),
      ...(b.maxConnections !== undefined ? { max_connections: b.maxConnections } : {}),
      ...(b.messagesPerSecond !== undefined ? { messages_per_second: b.messagesPerSecond } : {}),
      ...(b.weight !== undefined ? { weight: b.weight } : {}),
      ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
    });
    if (!row) throw notFound('SMTP server');
    // The audit says which fields changed, never their secret values.
    await recordAudit(trx, ws, actor, 'smtp_server.updated', 'smtp_server', id, { fields: Object.keys(b) });
    return row;
  });
}

export async function deleteSmtpServer(ctx: AppContext, ws: number, id: number, actor: Actor) {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.deleteSmtpServer(trx, ws, id);
    if (!Number(r.numDeletedRows)) throw notFound('SMTP server');
    await recordAudit(trx, ws, actor, 'smtp_server.deleted', 'smtp_server', id, {});
  });
}

/** Connects, greets, upgrades to TLS and logs in — never sends a message. Says what is wrong in plain words. */
export async function testSmtpServer(ctx: AppContext, ws: number, id: number): Promise<{ ok: boolean; message: string }> {
  const s = await repo.findSmtpServer(ctx.db, ws, id);
  if (!s) throw notFound('SMTP server');
  try {
    const conn = await SmtpConnection.open({
      host: s.host, port: s.port, tlsMode: s.tls_mode, username: s.username,
      password: s.password_enc ? decryptSecret(ctx.keys.encryptionKey, s.password_enc) : null, timeoutMs: 15_000, outbound: ctx.outbound,
    });
    const ext = [...conn.extensions].filter((e) => ['PIPELINING', 'STARTTLS', 'SIZE', '8BITMIME'].includes(e));
    conn.close();
    return { ok: true, message: `Connected to ${s.host}:${s.port}${s.username ? ' and logged in' : ''}. The server offers: ${ext.join(', ') || 'no extensions'}.` };
  } catch (err) {
    if (isOutboundRefused(err)) throw err; // an internal address: a 400 naming `host`, nothing learned from it
    return { ok: false, message: (err as Error).message };
  }
}

export function domainView(d: repo.SendingDomainRow, bounceDomain: string | null) {
  let dnsRecords: DnsRecord[] = [];
  try {
    const bounce = bounceDomain && (bounceDomain === d.domain || bounceDomain.endsWith(`.${d.domain}`)) ? bounceDomain : undefined;
    dnsRecords = dnsRecordsForDomain(d.domain, d.dkim_selector, d.dkim_public_key, { bounceDomain: bounce });
  } catch {
    dnsRecords = [];
  }
  return { id: d.id, domain: d.domain, dkimSelector: d.dkim_selector, createdAt: d.created_at.toISOString(), dnsRecords };
}

export async function createDomain(ctx: AppContext, ws: number, actor: Actor, domain: string, selector?: string) {
  const d = domain.trim().toLowerCase().replace(/\.$/, '');
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/.test(d)) throw badRequest('Enter a domain name such as news.example.com.', 'domain');
  const sel = (selector?.trim() || `clarion${new Date().getFullYear()}`).toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(sel)) throw badRequest('The selector may contain letters, digits and hyphens.', 'selector');
  const keys = generateDkimKeyPair(2048);
  return ctx.db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('sending_domains').select('id').where('workspace_id', '=', ws).where('domain', '=', d).executeTakeFirst();
    if (exists) throw conflict('That domain is already set up.', 'domain');
    const row = await repo.insertDomain(trx, ws, {
      domain: d, dkim_selector: sel, dkim_private_key_enc: encryptSecret(ctx.keys.encryptionKey, keys.privateKeyPem), dkim_public_key: keys.publicKeyPem,
    });
    await recordAudit(trx, ws, actor, 'sending_domain.created', 'sending_domain', row.id, { domain: d, selector: sel });
    return row;
  });
}

export async function deleteDomain(ctx: AppContext, ws: number, id: number, actor: Actor) {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.deleteDomain(trx, ws, id);
    if (!Number(r.numDeletedRows)) throw notFound('Sending domain');
    await recordAudit(trx, ws, actor, 'sending_domain.deleted', 'sending_domain', id, {});
  });
}

export interface IdentityInput { fromName?: string; fromAddress?: string; replyTo?: string | null; isDefault?: boolean }

export const identityView = (i: repo.SenderIdentityRow) => ({ id: i.id, fromName: i.from_name, fromAddress: i.from_address, replyTo: i.reply_to, isDefault: i.is_default });

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export async function saveIdentity(ctx: AppContext, ws: number, actor: Actor, b: IdentityInput, id?: number) {
  if (b.fromAddress !== undefined && !EMAIL.test(b.fromAddress)) throw badRequest('The from address is not an email address.', 'fromAddress');
  if (b.replyTo && !EMAIL.test(b.replyTo)) throw badRequest('The reply-to address is not an email address.', 'replyTo');
  if (b.fromName !== undefined && /[\r\n]/.test(b.fromName)) throw badRequest('The name cannot contain line breaks.', 'fromName');
  return ctx.db.transaction().execute(async (trx) => {
    if (b.isDefault) await trx.updateTable('sender_identities').set({ is_default: false }).where('workspace_id', '=', ws).execute();
    let row;
    if (id === undefined) {
      if (!b.fromAddress) throw badRequest('The from address is required.', 'fromAddress');
      row = await repo.insertIdentity(trx, ws, { from_name: b.fromName?.trim() ?? '', from_address: b.fromAddress.trim().toLowerCase(), reply_to: b.replyTo?.trim() || null, is_default: !!b.isDefault });
    } else {
      const patch = {
        ...(b.fromName !== undefined ? { from_name: b.fromName.trim() } : {}),
        ...(b.fromAddress !== undefined ? { from_address: b.fromAddress.trim().toLowerCase() } : {}),
        ...(b.replyTo !== undefined ? { reply_to: b.replyTo?.trim() || null } : {}),
        ...(b.isDefault !== undefined ? { is_default: b.isDefault } : {}),
      };
      // An empty patch changes nothing (an empty SET is not SQL): answer with the row, or 404.
      row = Object.keys(patch).length ? await repo.updateIdentity(trx, ws, id, patch) : await repo.findIdentity(trx, ws, id);
      if (!row) throw notFound('Sender identity');
    }
    await recordAudit(trx, ws, actor, id === undefined ? 'sender_identity.created' : 'sender_identity.updated', 'sender_identity', row.id, { fromAddress: row.from_address });
    return row;
  });
}

export async function deleteIdentity(ctx: AppContext, ws: number, id: number, actor: Actor) {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.deleteIdentity(trx, ws, id);
    if (!Number(r.numDeletedRows)) throw notFound('Sender identity');
    await recordAudit(trx, ws, actor, 'sender_identity.deleted', 'sender_identity', id, {});
  });
}

export const settingsView = (s: repo.EmailSettingsRow) => ({
  bounceDomain: s.bounce_domain, bounceRuleCount: s.bounce_rule_count, bounceRuleDays: s.bounce_rule_days, individualTracking: s.individual_tracking,
});

export async function saveSettings(ctx: AppContext, ws: number, actor: Actor, b: Partial<ReturnType<typeof settingsView>>) {
  if (b.bounceDomain && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i.test(b.bounceDomain)) {
    throw badRequest('The bounce domain must be a domain name such as bounce.example.com.', 'bounceDomain');
  }
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.saveEmailSettings(trx, ws, {
      ...(b.bounceDomain !== undefined ? { bounce_domain: b.bounceDomain?.trim().toLowerCase() || null } : {}),
      ...(b.bounceRuleCount !== undefined ? { bounce_rule_count: b.bounceRuleCount } : {}),
      ...(b.bounceRuleDays !== undefined ? { bounce_rule_days: b.bounceRuleDays } : {}),
      ...(b.individualTracking !== undefined ? { individual_tracking: b.individualTracking } : {}),
    });
    await recordAudit(trx, ws, actor, 'email_settings.updated', 'email_settings', ws, { ...b });
    return row;
  });
}
