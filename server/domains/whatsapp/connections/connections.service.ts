/**
 * WhatsApp connections: add/edit/remove numbers (token and app secret encrypted at rest, never returned),
 * the Graph client bound to a connection, the connection test that says plainly what is wrong, and the
 * clock a connection lives on (the sandbox simulator's controllable clock, or real time).
 */
import type { AppContext } from '../../../app/context.js';
import { decryptSecret, encryptSecret, randomToken } from '../../../lib/crypto.js';
import { conflict, notFound } from '../../../lib/errors.js';
import { recordAudit, type Actor } from '../../audit/index.js';
import { DEFAULT_GRAPH_BASE_URL, DEFAULT_GRAPH_VERSION, GraphApiError, GraphClient, parseTierLabel } from '../../channels/whatsapp/graph-client.js';
import { assertOutboundTarget, outboundFetch } from '../../../lib/outbound/index.js';
import * as repo from './connections.repo.js';
import { invalidateConnectionCache } from './connection-cache.js';

export type { ConnectionRow } from './connections.repo.js';

/** Fields a user sets when adding a number. */
export interface ConnectionInput {
  name?: string;
  wabaId: string;
  phoneNumberId: string;
  displayNumber?: string;
  accessToken: string;
  appSecret: string;
  verifyToken?: string;
  graphBaseUrl?: string;
  apiVersion?: string;
  sandbox?: boolean;
  messagesPerSecond?: number;
  tier?: string;
}

const hint = (token: string) => (token.length > 8 ? `…${token.slice(-4)}` : '…');

/** A Graph base URL pointing at an internal address is refused when written (400 naming graphBaseUrl), not only at use. */
async function checkGraphBaseUrl(ctx: AppContext, url: string | undefined) {
  if (url !== undefined) await assertOutboundTarget(ctx.outbound, url, { field: 'graphBaseUrl', acceptUnresolvable: true });
}

/** Adds a number to the workspace. The phone-number id must not be connected anywhere else. */
export async function createConnection(ctx: AppContext, workspaceId: number, actor: Actor, input: ConnectionInput) {
  if (await repo.phoneNumberTaken(ctx.db, input.phoneNumberId)) {
    throw conflict('This phone number id is already connected to a Clarion workspace.', 'phoneNumberId');
  }
  await checkGraphBaseUrl(ctx, input.graphBaseUrl);
  const key = ctx.keys.encryptionKey;
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.insertConnection(trx, {
      workspace_id: workspaceId,
      name: input.name ?? '',
      waba_id: input.wabaId,
      phone_number_id: input.phoneNumberId,
      display_number: input.displayNumber ?? '',
      access_token_enc: encryptSecret(key, input.accessToken),
      token_hint: hint(input.accessToken),
      app_secret_enc: encryptSecret(key, input.appSecret),
      verify_token: input.verifyToken ?? randomToken(18),
      graph_base_url: (input.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, ''),
      api_version: input.apiVersion ?? DEFAULT_GRAPH_VERSION,
      sandbox: input.sandbox ?? false,
      messages_per_second: input.messagesPerSecond ?? 80,
      tier: input.tier ?? '250',
    });
    await recordAudit(trx, workspaceId, actor, 'whatsapp.connection.created', 'wa_connection', r.id, { phoneNumberId: r.phone_number_id, wabaId: r.waba_id });
    return r;
  });
  invalidateConnectionCache();
  return row;
}

/** Changes a number's settings; a new token or app secret replaces the stored one. */
export async function updateConnection(ctx: AppContext, workspaceId: number, id: number, actor: Actor, input: Partial<ConnectionInput>) {
  if (input.phoneNumberId && (await repo.phoneNumberTaken(ctx.db, input.phoneNumberId, id))) {
    throw conflict('This phone number id is already connected to a Clarion workspace.', 'phoneNumberId');
  }
  await checkGraphBaseUrl(ctx, input.graphBaseUrl);
  const key = ctx.keys.encryptionKey;
  const patch: Record<string, unknown> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.wabaId !== undefined) patch.waba_id = input.wabaId;
  if (input.phoneNumberId !== undefined) patch.phone_number_id = input.phoneNumberId;
  if (input.displayNumber !== undefined) patch.display_number = input.displayNumber;
  if (input.accessToken !== undefined) Object.assign(patch, { access_token_enc: encryptSecret(key, input.accessToken), token_hint: hint(input.accessToken) });
  if (input.appSecret !== undefined) patch.app_secret_enc = encryptSecret(key, input.appSecret);
  if (input.verifyToken !== undefined) patch.verify_token = input.verifyToken;
  if (input.graphBaseUrl !== undefined) patch.graph_base_url = input.graphBaseUrl.replace(/\/+$/, '');
  if (input.apiVersion !== undefined) patch.api_version = input.apiVersion;
  if (input.sandbox !== undefined) patch.sandbox = input.sandbox;
  if (input.messagesPerSecond !== undefined) patch.messages_per_second = input.messagesPerSecond;
  if (input.tier !== undefined) patch.tier = input.tier;
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.updateConnection(trx, workspaceId, id, patch);
    if (!r) throw notFound('WhatsApp number');
    const changed = Object.keys(patch).filter((k) => !k.endsWith('_enc') && k !== 'token_hint');
    if (input.accessToken !== undefined) changed.push('access_token');
    if (input.appSecret !== undefined) changed.push('app_secret');
    await recordAudit(trx, workspaceId, actor, 'whatsapp.connection.updated', 'wa_connection', id, { changed });
    return r;
  });
  invalidateConnectionCache();
  return row;
}

/** Removes a number (its templates and conversations stay readable until the workspace deletes them). */
export async function deleteConnection(ctx: AppContext, workspaceId: number, id: number, actor: Actor) {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.softDeleteConnection(trx, workspaceId, id))) throw notFound('WhatsApp number');
    await recordAudit(trx, workspaceId, actor, 'whatsapp.connection.deleted', 'wa_connection', id);
  });
  invalidateConnectionCache();
}

/** Loads a connection of the workspace or throws 404. */
export async function getConnection(ctx: AppContext, workspaceId: number, id: number) {
  const row = await repo.findConnection(ctx.db, workspaceId, id);
  if (!row) throw notFound('WhatsApp number');
  return row;
}

/** A Graph client authenticated as this connection. */
export function graphClientFor(ctx: AppContext, conn: repo.ConnectionRow, timeoutMs?: number): GraphClient {
  return new GraphClient({
    baseUrl: conn.graph_base_url,
    version: conn.api_version,
    accessToken: decryptSecret(ctx.keys.encryptionKey, conn.access_token_enc),
    timeoutMs,
    outbound: ctx.outbound,
  });
}

/**
 * "Now" as this connection's provider sees it, in ms. For a sandbox connection that is the simulator's
 * controllable clock (so advancing it 25 h closes service windows here too); the offset is remembered for
 * set-based queries. For real numbers it is the system clock.
 */
export async function connectionNow(ctx: AppContext, conn: repo.ConnectionRow): Promise<number> {
  if (!conn.sandbox) return Date.now();
  try {
    const res = await outboundFetch(ctx.outbound, `${conn.graph_base_url}/_sim/clock`, { timeoutMs: 5_000, maxBytes: 64 * 1024, followRedirects: false });
    const body = res.json<{ nowMs?: number }>();
    if (typeof body.nowMs === 'number') {
      const offset = Math.round(body.nowMs - Date.now());
      if (Math.abs(offset - Number(conn.clock_offset_ms)) > 1000) {
        await ctx.db.updateTable('wa_connections').set({ clock_offset_ms: offset }).where('id', '=', conn.id).execute();
        conn.clock_offset_ms = offset;
      }
      return body.nowMs;
    }
  } catch {
    /* simulator unreachable: fall back to the last known offset */
  }
  return Date.now() + Number(conn.clock_offset_ms);
}

/** One line of the connection test. */
export interface TestCheck {
  check: 'reachable' | 'token' | 'phone_number' | 'waba' | 'display_number';
  ok: boolean;
  message: string;
}

/** Plain-language reason for a failed Graph call made while testing. */
export function explainTestFailure(err: unknown, conn: repo.ConnectionRow, what: 'phone_number' | 'waba'): TestCheck {
  if (!(err instanceof GraphApiError)) return { check: 'reachable', ok: false, message: `Unexpected error: ${(err as Error).message}` };
  if (err.kind !== 'graph') {
    return { check: 'reachable', ok: false, message: `${err.message} Check the Graph API base URL (${conn.graph_base_url}) and that this server can reach it.` };
  }
  const code = err.code ?? 0;
  if (code === 190 || code === 0) {
    return {
      check: 'token',
      ok: false,
      message: `The access token was rejected (${code}): it is invalid or has expired. Create a permanent system-user token in Meta Business Settings with the whatsapp_business_messaging and whatsapp_business_management permissions and paste it here.`,
    };
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    return { check: 'token', ok: false, message: `The access token lacks a permission (${code}): give the system user access to this WhatsApp account with the whatsapp_business_messaging and whatsapp_business_management permissions.` };
  }
  if (code === 100) {
    return what === 'phone_number'
      ? { check: 'phone_number', ok: false, message: `The phone number id "${conn.phone_number_id}" was not found, or this token cannot access it (100${err.subcode ? `/${err.subcode}` : ''}). Copy the "Phone number ID" from WhatsApp Manager → API Setup; it is a long number, not the phone number itself.` }
      : { check: 'waba', ok: false, message: `The WhatsApp Business Account id "${conn.waba_id}" was not found, or this token cannot access it (100${err.subcode ? `/${err.subcode}` : ''}). Copy the "WhatsApp Business Account ID" from WhatsApp Manager → API Setup.` };
  }
  return { check: what, ok: false, message: `Meta answered with error ${code}: ${err.message}` };
}

/**
 * Tests a connection: `GET /{phone-number-id}` (token, number) then the WABA's template list. Records the
 * result and refreshes quality rating, tier and verified name from what Meta reports.
 */
export async function testConnection(ctx: AppContext, workspaceId: number, id: number) {
  const conn = await getConnection(ctx, workspaceId, id);
  const graph = graphClientFor(ctx, conn, 10_000);
  const checks: TestCheck[] = [];
  let number: { displayNumber: string | null; verifiedName: string | null; qualityRating: string | null; tier: string | null } | null = null;
  try {
    const info = await graph.getPhoneNumber(conn.phone_number_id);
    checks.push({ check: 'reachable', ok: true, message: `Reached ${conn.graph_base_url}.` });
    checks.push({ check: 'token', ok: true, message: 'The access token was accepted.' });
    checks.push({ check: 'phone_number', ok: true, message: `Phone number id ${conn.phone_number_id} is ${info.display_phone_number ?? 'reachable'}${info.verified_name ? ` (${info.verified_name})` : ''}.` });
    const tier = parseTierLabel(info.whatsapp_business_manager_messaging_limit ?? info.messaging_limit_tier);
    number = { displayNumber: info.display_phone_number ?? null, verifiedName: info.verified_name ?? null, qualityRating: info.quality_rating ?? null, tier };
    const digits = (s: string) => s.replace(/\D/g, '');
    if (conn.display_number && info.display_phone_number && digits(conn.display_number) !== digits(info.display_phone_number)) {
      checks.push({ check: 'display_number', ok: false, message: `The display number you entered (${conn.display_number}) differs from Meta's (${info.display_phone_number}); the phone number id may belong to another number.` });
    }
  } catch (err) {
    checks.push(explainTestFailure(err, conn, 'phone_number'));
  }
  const tokenOk = checks.every((c) => c.check !== 'token' || c.ok) && checks.every((c) => c.check !== 'reachable' || c.ok);
  if (tokenOk) {
    try {
      await graph.listTemplates(conn.waba_id, { limit: 1 });
      checks.push({ check: 'waba', ok: true, message: `WhatsApp Business Account ${conn.waba_id} is accessible (templates can be read).` });
    } catch (err) {
      checks.push(explainTestFailure(err, conn, 'waba'));
    }
  }
  const ok = checks.every((c) => c.ok);
  const patch: Record<string, unknown> = { last_tested_at: new Date(), last_test_ok: ok };
  if (number?.qualityRating) patch.quality_rating = number.qualityRating;
  if (number?.tier) patch.tier = number.tier;
  if (number?.verifiedName) patch.verified_name = number.verifiedName;
  if (number?.displayNumber && !conn.display_number) patch.display_number = number.displayNumber;
  await repo.updateConnection(ctx.db, workspaceId, id, patch);
  if (conn.sandbox) await connectionNow(ctx, conn);
  return { ok, checks, number };
}
