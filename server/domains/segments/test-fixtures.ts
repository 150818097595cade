/** Test fixtures shared by the segments, groups and contacts-query tests: contacts and fields inserted directly. */
import type { Kysely } from 'kysely';
import type { Database, EmailStatus, FieldType, OptStatus } from '../../db/schema.js';

export interface FixtureContact {
  email?: string | null;
  phone?: string | null;
  first?: string;
  last?: string;
  fields?: Record<string, unknown>;
  emailStatus?: EmailStatus;
  whatsappStatus?: OptStatus;
  createdAt?: string;
  deleted?: boolean;
}

export async function insertContacts(db: Kysely<Database>, workspaceId: number, list: FixtureContact[]): Promise<number[]> {
  if (list.length === 0) return [];
  const rows = await db
    .insertInto('contacts')
    .values(
      list.map((c) => ({
        workspace_id: workspaceId,
        email: c.email ?? null,
        phone_e164: c.phone ?? null,
        phone_raw: c.phone ?? null,
        first_name: c.first ?? '',
        last_name: c.last ?? '',
        fields: JSON.stringify(c.fields ?? {}),
        email_status: c.emailStatus ?? 'subscribed',
        whatsapp_status: c.whatsappStatus ?? 'unknown',
        ...(c.createdAt ? { created_at: c.createdAt, updated_at: c.createdAt } : {}),
        deleted_at: c.deleted ? new Date() : null,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function defineFields(db: Kysely<Database>, workspaceId: number, defs: { key: string; type: FieldType; options?: string[] }[]) {
  await db
    .insertInto('field_definitions')
    .values(defs.map((d) => ({ workspace_id: workspaceId, key: d.key, label: d.key, type: d.type, options: JSON.stringify(d.options ?? []) })))
    .execute();
}
