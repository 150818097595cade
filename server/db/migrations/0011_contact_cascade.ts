/**
 * Import speed, part two: `group_members.contact_id` and `consents.contact_id` lose their foreign keys, and one
 * statement-level trigger on `contacts` takes over their ON DELETE CASCADE.
 *
 * Why: an imported contact writes a membership and a consent row, and each foreign key made PostgreSQL run a
 * per-row check (an index probe on contacts plus a KEY SHARE lock on the contact just inserted): about 10 µs
 * of the ~45 µs of database work per imported contact, measured with the 100,000-row bench file.
 * Nothing was bought with it: every writer of those rows (imports, the contacts API, forms, group moves) takes
 * the contact id from a live contact it has just read or created, in the same workspace, and contacts are
 * only hard-deleted by the bin purge and by a workspace's deletion (cascade), both of which fire the trigger.
 *
 * The trigger runs once per DELETE statement over its transition table (set-based, one join), so purging 5,000
 * binned contacts costs two set deletes, not 10,000 per-row cascades. It fires for cascaded deletes too
 * (a workspace's contacts). `group_id → groups` stays a foreign key: it is cheap (few groups, hot pages).
 */
export const name = '0011_contact_cascade';

export const up = /* sql */ `
alter table group_members drop constraint if exists group_members_contact_id_fkey;
alter table consents drop constraint if exists consents_contact_id_fkey;

create function contacts_delete_cascade() returns trigger language plpgsql as $$
begin
  delete from group_members gm using deleted_contacts d where gm.contact_id = d.id;
  delete from consents c using deleted_contacts d where c.workspace_id = d.workspace_id and c.contact_id = d.id;
  return null;
end $$;

create trigger contacts_delete_cascade after delete on contacts
  referencing old table as deleted_contacts
  for each statement execute function contacts_delete_cascade();
`;
