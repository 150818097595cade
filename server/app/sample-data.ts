/**
 * Demo content for a fresh instance so the first screen is not empty: a few groups and contacts in
 * English and Hebrew, consent recorded as "sample".
 */
import type { AppContext } from './context.js';

const PEOPLE: Array<[string, string, string, string | null]> = [
  ['Noa', 'Levi', 'noa.levi@example.com', '+972501234567'],
  ['דנה', 'כהן', 'dana.cohen@example.com', '+972521112233'],
  ['Avi', 'Mizrahi', 'avi@example.org', '+972541234000'],
  ['יוסי', 'פרץ', 'yossi.peretz@example.co.il', null],
  ['Maya', 'Friedman', 'maya.f@example.com', '+972531239876'],
  ['Omer', 'Ben David', 'omer.bd@example.net', '+972501110000'],
  ['שירה', 'אזולאי', 'shira.a@example.com', '+972547778899'],
  ['Tal', 'Shapiro', 'tal@example.com', null],
];

export async function seedSampleData(ctx: AppContext, workspaceId: number) {
  await ctx.db.transaction().execute(async (trx) => {
    const [customers, newsletter] = await Promise.all(
      ['Customers', 'Newsletter'].map((name) =>
        trx.insertInto('groups').values({ workspace_id: workspaceId, name }).returning('id').executeTakeFirstOrThrow(),
      ),
    );
    await trx
      .insertInto('field_definitions')
      .values([
        { workspace_id: workspaceId, key: 'city', label: 'City', type: 'text', options: '[]' },
        { workspace_id: workspaceId, key: 'birthday', label: 'Birthday', type: 'date', options: '[]' },
      ])
      .execute();
    const contacts = await trx
      .insertInto('contacts')
      .values(
        PEOPLE.map(([first, last, email, phone], i) => ({
          workspace_id: workspaceId,
          first_name: first,
          last_name: last,
          email,
          phone_e164: phone,
          phone_raw: phone,
          fields: JSON.stringify({ city: i % 2 ? 'תל אביב' : 'Haifa' }),
          whatsapp_status: phone && i % 3 === 0 ? ('opted_in' as const) : ('unknown' as const),
          source: 'sample',
        })),
      )
      .returning('id')
      .execute();
    await trx
      .insertInto('group_members')
      .values(
        contacts.flatMap((c, i) => [
          { workspace_id: workspaceId, group_id: customers.id, contact_id: c.id },
          ...(i % 2 === 0 ? [{ workspace_id: workspaceId, group_id: newsletter.id, contact_id: c.id }] : []),
        ]),
      )
      .execute();
    await trx
      .insertInto('consents')
      .values(contacts.map((c) => ({ workspace_id: workspaceId, contact_id: c.id, channel: 'email' as const, status: 'subscribed', source: 'sample', wording: 'Sample data' })))
      .execute();
  });
}
