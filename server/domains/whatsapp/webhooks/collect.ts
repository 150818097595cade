/**
 * Turns stored webhook bodies into work, field by field, keeping only what a verifying connection may touch:
 *  - `messages` changes: statuses (with pricing, conversation and errors), inbound messages (with the sender's
 *    identity: wa_id, business-scoped user id, username, profile name), message echoes (sent from the business
 *    app), and everything else the value carries (calls, value-level `errors`, keys we do not know) as change-log
 *    records, raw;
 *  - `user_preferences`: marketing stop / resume / sign-up per user;
 *  - `smb_message_echoes`: echoes without metadata (attributed to the WABA's verified numbers);
 *  - every other field goes to the WABA-level handler (waba-events.ts), which says what it did with it.
 * Nothing is skipped without a record: a change no verified connection may touch is the only thing left out
 * (it was not signed for any number here).
 */
import type { WhatsappStatusInput } from './statuses.js';

/** A verified connection as the processor sees it. */
export interface Conn {
  id: number;
  workspace_id: number;
  waba_id: string;
  phone_number_id: string;
  display_number: string;
}

/** The person behind an inbound message: any of the three may be missing (username users have no wa_id). */
export interface Identity {
  waId: string | null;
  userId: string | null;
  username: string | null;
  profileName: string | null;
}

export interface InboundWork extends Identity {
  workspaceId: number;
  connectionId: number;
  message: Record<string, unknown>;
}

export interface EchoWork {
  workspaceId: number;
  connectionId: number;
  to: string;
  message: Record<string, unknown>;
}

export interface PreferenceWork {
  workspaceId: number;
  connectionId: number;
  waId: string;
  value: string;
  category: string | null;
  detail: string | null;
  at: Date;
  raw: Record<string, unknown>;
}

/** One change-log record (what Clarion did with a change or with a part of one). */
export interface LogWork {
  workspaceId: number;
  connectionId: number | null;
  inboxId: number;
  field: string;
  event: string | null;
  outcome: 'applied' | 'recorded' | 'unsupported';
  detail: string | null;
  value: unknown;
}

export interface WabaWork {
  inboxId: number;
  field: string;
  value: Record<string, unknown>;
  conns: Conn[];
  time: number | null;
}

export interface Work {
  statuses: WhatsappStatusInput[];
  inbound: InboundWork[];
  echoes: EchoWork[];
  preferences: PreferenceWork[];
  waba: WabaWork[];
  log: LogWork[];
}

export interface InboxRow {
  id: number;
  connection_ids: number[];
  body: string;
}

type V = Record<string, unknown>;
type Entry = { id?: unknown; time?: unknown; changes?: { field?: string; value?: V }[] };

/** Keys of a `messages` value that Clarion applies; any other key is recorded raw as unsupported. */
const MESSAGE_VALUE_KEYS = new Set(['messaging_product', 'metadata', 'contacts', 'messages', 'statuses', 'errors', 'message_echoes', 'calls']);

const str = (x: unknown): string | null => (x === undefined || x === null || x === '' ? null : String(x));
const tsDate = (x: unknown, fallback = Date.now()) => new Date(Number(x) * 1000 || fallback);

/** A status as the status applier wants it, with everything Meta said about price, conversation and errors. */
function statusOf(s: V, conn: Conn): WhatsappStatusInput {
  const errs = (Array.isArray(s.errors) ? s.errors : []) as { code?: number; title?: string; message?: string; error_data?: { details?: string } }[];
  const err = errs[0];
  const pricing = (s.pricing ?? null) as V | null;
  const conv = (s.conversation ?? null) as { id?: unknown; origin?: { type?: unknown }; expiration_timestamp?: unknown } | null;
  return {
    workspaceId: conn.workspace_id,
    connectionId: conn.id,
    wamid: String(s.id ?? ''),
    status: String(s.status ?? ''),
    at: tsDate(s.timestamp),
    errorCode: err?.code ?? null,
    errorTitle: err ? String(err.title ?? err.message ?? '') : null,
    details: {
      recipientId: str(s.recipient_id) ?? str(s.recipient_user_id),
      pricingCategory: str(pricing?.category),
      pricingModel: str(pricing?.pricing_model),
      pricingType: str(pricing?.type),
      billable: typeof pricing?.billable === 'boolean' ? pricing.billable : null,
      conversationId: str(conv?.id),
      conversationOrigin: str(conv?.origin?.type),
      conversationExpiresAt: conv?.expiration_timestamp ? tsDate(conv.expiration_timestamp) : null,
      callbackData: str(s.biz_opaque_callback_data),
      errorDetails: err ? str(err.error_data?.details) ?? str(err.message) : null,
    },
  };
}

/** Who sent `m`: from / from_user_id, completed from the contacts block (matched by wa_id or user id). */
export function identityOf(m: V, contacts: V[]): Identity {
  const from = str(m.from);
  const fromUser = str(m.from_user_id);
  const c =
    contacts.find((x) => (from && str(x.wa_id) === from) || (fromUser && str(x.user_id) === fromUser)) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const profile = (c?.profile ?? {}) as V;
  return {
    waId: from ?? str(c?.wa_id),
    userId: fromUser ?? str(c?.user_id),
    username: str(profile.username) ?? str(c?.username),
    profileName: str(profile.name),
  };
}

function collectMessages(w: Work, row: InboxRow, value: V, conn: Conn) {
  for (const s of (Array.isArray(value.statuses) ? value.statuses : []) as V[]) w.statuses.push(statusOf(s, conn));
  const contacts = (Array.isArray(value.contacts) ? value.contacts : []) as V[];
  for (const m of (Array.isArray(value.messages) ? value.messages : []) as V[]) {
    w.inbound.push({ workspaceId: conn.workspace_id, connectionId: conn.id, message: m, ...identityOf(m, contacts) });
  }
  for (const e of (Array.isArray(value.message_echoes) ? value.message_echoes : []) as V[]) {
    if (str(e.to)) w.echoes.push({ workspaceId: conn.workspace_id, connectionId: conn.id, to: String(e.to), message: e });
  }
  const base = { workspaceId: conn.workspace_id, connectionId: conn.id, inboxId: row.id };
  if (Array.isArray(value.errors) && value.errors.length) {
    const first = value.errors[0] as { code?: unknown; title?: unknown };
    w.log.push({ ...base, field: 'messages.errors', event: str(first?.code), outcome: 'recorded', detail: str(first?.title), value: value.errors });
  }
  if (Array.isArray(value.calls) && value.calls.length) {
    w.log.push({ ...base, field: 'messages.calls', event: str((value.calls[0] as V).event), outcome: 'unsupported', detail: 'WhatsApp calling is not handled by Clarion; the call events are kept as received.', value: value.calls });
  }
  const unknown = Object.keys(value).filter((k) => !MESSAGE_VALUE_KEYS.has(k));
  if (unknown.length) {
    w.log.push({ ...base, field: `messages.${unknown.join(',')}`, event: null, outcome: 'unsupported', detail: 'Keys Clarion does not know yet; kept as received.', value: Object.fromEntries(unknown.map((k) => [k, value[k]])) });
  }
}

function collectPreferences(w: Work, value: V, conns: Conn[]) {
  const prefs = (Array.isArray(value.user_preferences) ? value.user_preferences : []) as V[];
  const seen = new Set<number>(); // one application per workspace, even if several of its numbers verified
  for (const conn of conns) {
    if (seen.has(conn.workspace_id)) continue;
    seen.add(conn.workspace_id);
    for (const p of prefs) {
      const waId = str(p.wa_id);
      if (!waId) continue;
      w.preferences.push({
        workspaceId: conn.workspace_id,
        connectionId: conn.id,
        waId,
        value: String(p.value ?? '').toLowerCase(),
        category: str(p.category),
        detail: str(p.detail),
        at: tsDate(p.timestamp),
        raw: p,
      });
    }
  }
}

/** Parses rows into work. */
export function collect(rows: InboxRow[], conns: Map<number, Conn>): Work {
  const w: Work = { statuses: [], inbound: [], echoes: [], preferences: [], waba: [], log: [] };
  for (const row of rows) {
    let body: { entry?: Entry[] };
    try {
      body = JSON.parse(row.body) as { entry?: Entry[] };
    } catch {
      continue; // the endpoint stores only bodies that parsed
    }
    const allowed = row.connection_ids.map((id) => conns.get(Number(id))).filter((c): c is Conn => !!c);
    for (const entry of Array.isArray(body.entry) ? body.entry : []) {
      const wabaId = String(entry.id ?? '');
      const ofWaba = allowed.filter((c) => c.waba_id === wabaId);
      for (const change of Array.isArray(entry.changes) ? entry.changes : []) {
        const value = (change.value ?? {}) as V;
        const field = String(change.field ?? '');
        const phoneId = str((value.metadata as V | undefined)?.phone_number_id);
        // Number-level values name their number; the others belong to every verified number of the WABA.
        const targets = phoneId ? allowed.filter((c) => c.phone_number_id === phoneId) : ofWaba;
        if (field === 'messages') {
          const conn = targets[0];
          if (conn) collectMessages(w, row, value, conn);
        } else if (field === 'user_preferences') {
          collectPreferences(w, value, targets);
          for (const c of targets) w.log.push({ workspaceId: c.workspace_id, connectionId: c.id, inboxId: row.id, field, event: null, outcome: 'applied', detail: 'Marketing preferences recorded on the contacts.', value });
        } else if (field === 'smb_message_echoes' && targets[0]) {
          const conn = targets[0];
          for (const e of (Array.isArray(value.message_echoes) ? value.message_echoes : []) as V[]) {
            if (str(e.to)) w.echoes.push({ workspaceId: conn.workspace_id, connectionId: conn.id, to: String(e.to), message: e });
          }
          w.log.push({ workspaceId: conn.workspace_id, connectionId: conn.id, inboxId: row.id, field, event: null, outcome: 'applied', detail: 'Messages sent from the WhatsApp Business app, added to their conversations.', value });
        } else if (targets.length) {
          w.waba.push({ inboxId: row.id, field, value, conns: targets, time: Number(entry.time) || null });
        }
      }
    }
  }
  return w;
}
