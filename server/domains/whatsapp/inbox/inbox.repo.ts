/** Queries of the inbox: conversation list with filters and search, one conversation, a page of messages. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';

type Db = Kysely<Database>;

/** Filters of the conversation list. */
export interface ConversationFilter {
  assigned?: 'me' | 'unassigned' | 'any';
  assigneeUserId?: number;
  meUserId?: number | null;
  label?: string;
  windowOpen?: boolean;
  unread?: boolean;
  connectionId?: number;
  q?: string;
  /** Cursor: `<last_message_at ms>:<id>` of the last row of the previous page. */
  cursor?: string;
  limit: number;
}

const base = (db: Db) =>
  db
    .selectFrom('wa_conversations as c')
    .innerJoin('wa_connections as n', 'n.id', 'c.connection_id')
    .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .select([
      'c.id', 'c.connection_id', 'c.contact_id', 'c.wa_id', 'c.profile_name', 'c.last_message_at', 'c.last_message_preview',
      'c.last_inbound_at', 'c.window_expires_at', 'c.unread_count', 'c.message_count', 'c.assignee_user_id', 'c.labels',
      'c.created_at', 'c.updated_at', 'ct.first_name', 'ct.last_name', 'ct.whatsapp_status',
      // "now" on the number's clock: the sandbox simulator's clock may run ahead of ours.
      sql<boolean>`coalesce(c.window_expires_at > now() + make_interval(secs => n.clock_offset_ms / 1000.0), false)`.as('window_open'),
    ]);

export type ConversationRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

export async function listConversations(db: Db, ws: number, f: ConversationFilter): Promise<ConversationRow[]> {
  let q = base(db).where('c.workspace_id', '=', ws);
  if (f.assigned === 'me') q = f.meUserId ? q.where('c.assignee_user_id', '=', f.meUserId) : q.where(sql<boolean>`false`);
  if (f.assigned === 'unassigned') q = q.where('c.assignee_user_id', 'is', null);
  if (f.assigneeUserId) q = q.where('c.assignee_user_id', '=', f.assigneeUserId);
  if (f.label) q = q.where(sql<boolean>`${f.label} = any(c.labels)`);
  if (f.windowOpen !== undefined) {
    const open = sql<boolean>`coalesce(c.window_expires_at > now() + make_interval(secs => n.clock_offset_ms / 1000.0), false)`;
    q = q.where(f.windowOpen ? open : sql<boolean>`not ${open}`);
  }
  if (f.unread) q = q.where('c.unread_count', '>', 0);
  if (f.connectionId) q = q.where('c.connection_id', '=', f.connectionId);
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[%_\\]/g, (x) => `\\${x}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(c.profile_name)`, 'like', like),
        eb('c.wa_id', 'like', like),
        eb(sql`lower(ct.first_name || ' ' || ct.last_name)`, 'like', like),
        eb(sql`lower(c.last_message_preview)`, 'like', like),
      ]),
    );
  }
  if (f.cursor) {
    const [ms, id] = f.cursor.split(':').map(Number);
    if (Number.isFinite(ms) && Number.isFinite(id)) {
      q = q.where(sql<boolean>`(coalesce(c.last_message_at, c.created_at), c.id) < (${new Date(ms).toISOString()}::timestamptz, ${id}::bigint)`);
    }
  }
  return q.orderBy(sql`coalesce(c.last_message_at, c.created_at)`, 'desc').orderBy('c.id', 'desc').limit(f.limit).execute();
}

export function findConversation(db: Db, ws: number, id: number) {
  return base(db).where('c.workspace_id', '=', ws).where('c.id', '=', id).executeTakeFirst();
}

/** Newest first; `beforeId` pages back in time. */
export function listMessages(db: Db, ws: number, conversationId: number, opts: { beforeId?: number; limit: number }) {
  let q = db.selectFrom('wa_messages').selectAll().where('workspace_id', '=', ws).where('conversation_id', '=', conversationId);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}
