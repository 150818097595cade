/**
 * Ids written into a campaign (sender identity, SMTP servers, WhatsApp number and template, audience groups and
 * segments) must belong to the campaign's workspace: they are refused with a 400 naming the field when written,
 * not only found missing at send. Settings keys other than the known ones are refused too.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { badRequest } from '../../lib/errors.js';
import { msg } from '../../lib/messages/index.js';

/** Every key a campaign's settings may hold (email and WhatsApp). */
export const SETTINGS_KEYS = ['senderIdentityId', 'smtpServerIds', 'utm', 'trackOpens', 'trackClicks', 'connectionId'] as const;

type RefTable = 'sender_identities' | 'smtp_servers' | 'wa_connections' | 'wa_templates' | 'groups' | 'segments';
const SOFT_DELETED: RefTable[] = ['wa_connections', 'wa_templates', 'groups', 'segments'];

async function assertOwned(db: Kysely<Database>, ws: number, table: RefTable, ids: unknown, field: string) {
  const list = (Array.isArray(ids) ? ids : [ids]).filter((v) => v !== null && v !== undefined);
  if (!list.length) return;
  if (!list.every((v) => Number.isInteger(v) && (v as number) > 0)) throw badRequest(msg('guard.ids_whole', { field }), field);
  const wanted = [...new Set(list as number[])];
  let q = db.selectFrom(table).select('id').where('workspace_id', '=', ws).where('id', 'in', wanted);
  if (SOFT_DELETED.includes(table)) q = q.where('deleted_at' as never, 'is', null);
  const found = new Set((await q.execute()).map((r) => Number(r.id)));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length) throw badRequest(msg('guard.ids_missing', { field, ids: missing.join(', ') }), field, { ids: missing });
}

export async function assertCampaignRefs(
  db: Kysely<Database>,
  ws: number,
  input: { settings?: Record<string, unknown>; content?: Record<string, unknown>; audience?: unknown },
) {
  const s = input.settings;
  if (s) {
    const unknown = Object.keys(s).filter((k) => !(SETTINGS_KEYS as readonly string[]).includes(k));
    if (unknown.length) throw badRequest(msg('guard.setting_unknown', { key: unknown[0] }), `settings.${unknown[0]}`);
    await assertOwned(db, ws, 'sender_identities', s.senderIdentityId, 'settings.senderIdentityId');
    await assertOwned(db, ws, 'smtp_servers', s.smtpServerIds, 'settings.smtpServerIds');
    await assertOwned(db, ws, 'wa_connections', s.connectionId, 'settings.connectionId');
  }
  if (input.content && input.content.waTemplateId !== undefined) {
    await assertOwned(db, ws, 'wa_templates', input.content.waTemplateId, 'content.waTemplateId');
  }
  const a = input.audience as { include?: { groups?: unknown; segments?: unknown }; exclude?: { groups?: unknown; segments?: unknown } } | undefined;
  if (a) {
    for (const side of ['include', 'exclude'] as const) {
      await assertOwned(db, ws, 'groups', a[side]?.groups, `audience.${side}.groups`);
      await assertOwned(db, ws, 'segments', a[side]?.segments, `audience.${side}.segments`);
    }
  }
}
