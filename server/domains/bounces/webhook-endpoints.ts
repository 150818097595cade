/**
 * Per-workspace ESP webhook configuration. Each workspace configures at most one endpoint per provider; its
 * secrets (SendGrid public key, Mailgun signing key, Postmark basic-auth credentials, allowed SES topics) are
 * stored encrypted, and the endpoint gets an unguessable key that goes into the webhook URL
 * (`/webhooks/email/<provider>/<key>`), which is how a request finds its workspace before it is verified.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { Database } from '../../db/schema.js';
import { decryptSecret, encryptSecret } from '../../lib/crypto.js';
import { badRequest } from '../../lib/errors.js';
import type { ProviderName, ProviderWebhookConfig } from '../channels/email/bounces/index.js';
import { recordAudit, type Actor } from '../audit/index.js';

export const PROVIDERS: ProviderName[] = ['ses', 'sendgrid', 'mailgun', 'postmark'];

/** What a workspace stores per provider (decrypted). */
export interface StoredProviderConfig {
  /** SES: notifications are accepted only from these SNS topic ARNs (required for the key-less URL). */
  allowedTopicArns?: string[];
  /** SendGrid: the Event Webhook verification key (base64 DER or PEM). */
  publicKey?: string;
  /** Mailgun: the HTTP webhook signing key. */
  signingKey?: string;
  /** Postmark: the basic-auth credentials put in the webhook URL. */
  username?: string;
  password?: string;
}

/** Checks that the configuration has what the provider needs; throws a 400 naming the field. */
export function validateProviderConfig(provider: ProviderName, c: StoredProviderConfig): StoredProviderConfig {
  const need = (field: keyof StoredProviderConfig, what: string) => {
    const v = c[field];
    if (typeof v !== 'string' || !v.trim()) throw badRequest(`${what} is required for ${provider}.`, `config.${field}`);
  };
  if (provider === 'sendgrid') need('publicKey', 'The verification key');
  if (provider === 'mailgun') need('signingKey', 'The webhook signing key');
  if (provider === 'postmark') {
    need('username', 'The basic-auth user name');
    need('password', 'The basic-auth password');
  }
  if (provider === 'ses' && c.allowedTopicArns && !c.allowedTopicArns.every((a) => /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(a))) {
    throw badRequest('allowedTopicArns must be SNS topic ARNs.', 'config.allowedTopicArns');
  }
  return c;
}

/** Turns a stored configuration into the options handleProviderWebhook takes. */
export function toWebhookConfig(provider: ProviderName, c: StoredProviderConfig, extra: Partial<ProviderWebhookConfig> = {}): ProviderWebhookConfig {
  switch (provider) {
    case 'ses':
      return { ses: { ...(extra.ses ?? {}), ...(c.allowedTopicArns?.length ? { allowedTopicArns: c.allowedTopicArns } : {}) } };
    case 'sendgrid':
      return { sendgrid: { publicKey: c.publicKey ?? '' } };
    case 'mailgun':
      return { mailgun: { ...(extra.mailgun ?? {}), signingKey: c.signingKey ?? '' } };
    case 'postmark':
      return { postmark: { basicAuth: { username: c.username ?? '', password: c.password ?? '' } } };
  }
}

export interface EndpointRow {
  id: number;
  workspaceId: number;
  provider: ProviderName;
  key: string;
  config: StoredProviderConfig;
  createdAt: Date;
  updatedAt: Date;
}

function decode(ctx: AppContext, r: { id: number; workspace_id: number; provider: string; endpoint_key: string; config_enc: string; created_at: Date; updated_at: Date }): EndpointRow {
  return {
    id: Number(r.id),
    workspaceId: Number(r.workspace_id),
    provider: r.provider as ProviderName,
    key: r.endpoint_key,
    config: JSON.parse(decryptSecret(ctx.keys.encryptionKey, r.config_enc)) as StoredProviderConfig,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Creates or replaces a workspace's endpoint for a provider (the URL key is kept on replace). */
export async function saveEndpoint(ctx: AppContext, ws: number, provider: ProviderName, config: StoredProviderConfig, actor: Actor): Promise<EndpointRow> {
  validateProviderConfig(provider, config);
  const enc = encryptSecret(ctx.keys.encryptionKey, JSON.stringify(config));
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('email_webhook_endpoints')
      .values({ workspace_id: ws, provider, endpoint_key: randomBytes(18).toString('base64url'), config_enc: enc })
      .onConflict((oc) => oc.columns(['workspace_id', 'provider']).doUpdateSet({ config_enc: enc, updated_at: new Date() }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ws, actor, 'email_webhook.saved', 'email_webhook', Number(r.id), { provider });
    return decode(ctx, r);
  });
}

/** The workspace's endpoints. */
export async function listEndpoints(ctx: AppContext, ws: number): Promise<EndpointRow[]> {
  const rows = await ctx.db.selectFrom('email_webhook_endpoints').selectAll().where('workspace_id', '=', ws).orderBy('provider').execute();
  return rows.map((r) => decode(ctx, r));
}

/** Removes a workspace's endpoint; false when there was none. */
export async function deleteEndpoint(ctx: AppContext, ws: number, provider: ProviderName, actor: Actor): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('email_webhook_endpoints').where('workspace_id', '=', ws).where('provider', '=', provider).returning('id').executeTakeFirst();
    if (r) await recordAudit(trx, ws, actor, 'email_webhook.deleted', 'email_webhook', Number(r.id), { provider });
    return !!r;
  });
}

/** The endpoints a request may belong to: the one its URL key names, or (key-less URL) every one of the provider. */
export async function candidateEndpoints(db: Kysely<Database>, ctx: AppContext, provider: ProviderName, key: string | null): Promise<EndpointRow[]> {
  let q = db.selectFrom('email_webhook_endpoints').selectAll().where('provider', '=', provider);
  if (key !== null) q = q.where('endpoint_key', '=', key);
  const rows = await q.orderBy('id').limit(key !== null ? 1 : 200).execute();
  return rows.map((r) => decode(ctx, r));
}
