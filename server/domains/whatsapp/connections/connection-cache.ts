/**
 * In-memory index of live connections for the webhook endpoint: phone-number id / WABA id → connection with
 * its decrypted app secret. The POST path must cost one HMAC and one INSERT, so it cannot query or decrypt
 * per request. Reloaded every 10 s, at once after a change made in this process, and on a miss (at most
 * once a second, so unknown ids cannot turn into a query storm).
 */
import type { AppContext } from '../../../app/context.js';
import { decryptSecret } from '../../../lib/crypto.js';
import { listAllLiveConnections } from './connections.repo.js';

/** What the webhook router needs of a connection. */
export interface CachedConnection {
  id: number;
  workspaceId: number;
  wabaId: string;
  phoneNumberId: string;
  displayDigits: string;
  appSecret: string;
}

interface Snapshot {
  at: number;
  byPhone: Map<string, CachedConnection>;
  byWaba: Map<string, CachedConnection[]>;
  verifyTokens: Set<string>;
}

const TTL_MS = 10_000;
const MISS_RELOAD_MS = 1_000;
let snapshot: Snapshot | null = null;
let loading: Promise<Snapshot> | null = null;
let generation = 0;

/** Forget the cached connections (called after any connection change in this process). */
export function invalidateConnectionCache(): void {
  generation++;
  snapshot = null;
}

async function load(ctx: AppContext): Promise<Snapshot> {
  const gen = generation;
  const rows = await listAllLiveConnections(ctx.db);
  const byPhone = new Map<string, CachedConnection>();
  const byWaba = new Map<string, CachedConnection[]>();
  const verifyTokens = new Set<string>();
  for (const r of rows) {
    let appSecret: string;
    try {
      appSecret = decryptSecret(ctx.keys.encryptionKey, r.app_secret_enc);
    } catch {
      continue; // encrypted with another instance key: cannot verify its webhooks
    }
    const c: CachedConnection = {
      id: r.id,
      workspaceId: r.workspace_id,
      wabaId: r.waba_id,
      phoneNumberId: r.phone_number_id,
      displayDigits: r.display_number.replace(/\D/g, ''),
      appSecret,
    };
    byPhone.set(c.phoneNumberId, c);
    byWaba.set(c.wabaId, [...(byWaba.get(c.wabaId) ?? []), c]);
    verifyTokens.add(r.verify_token);
  }
  const snap = { at: Date.now(), byPhone, byWaba, verifyTokens };
  if (gen === generation) snapshot = snap;
  return snap;
}

async function current(ctx: AppContext, forceIfOlderThan = TTL_MS): Promise<Snapshot> {
  if (snapshot && Date.now() - snapshot.at < forceIfOlderThan) return snapshot;
  loading ??= load(ctx).finally(() => {
    loading = null;
  });
  return loading;
}

/** Connections that a webhook naming these phone-number ids and WABA ids may belong to. */
export async function candidateConnections(ctx: AppContext, phoneIds: Iterable<string>, wabaIds: Iterable<string>): Promise<CachedConnection[]> {
  const pick = (s: Snapshot) => {
    const out = new Map<number, CachedConnection>();
    let missing = false;
    for (const p of phoneIds) {
      const c = s.byPhone.get(p);
      if (c) out.set(c.id, c);
      else missing = true;
    }
    for (const w of wabaIds) {
      const list = s.byWaba.get(w);
      if (list) for (const c of list) out.set(c.id, c);
      else missing = true;
    }
    return { found: [...out.values()], missing };
  };
  const first = pick(await current(ctx));
  if (!first.missing) return first.found;
  return pick(await current(ctx, MISS_RELOAD_MS)).found;
}

/** True when some live connection uses this verify token (the GET subscription handshake). */
export async function isKnownVerifyToken(ctx: AppContext, token: string): Promise<boolean> {
  if ((await current(ctx)).verifyTokens.has(token)) return true;
  return (await current(ctx, MISS_RELOAD_MS)).verifyTokens.has(token);
}
