/**
 * Import speed, part two: the foreign keys an imported contact checked row by row are replaced by set-based
 * cascade triggers.
 *
 * Every contact an import creates inserts a `contacts` row, a `group_members` row and a `consents` row. Each
 * foreign key on them made PostgreSQL run a per-row check (an SPI query probing the referenced table's primary key
 * and taking a KEY SHARE lock on the referenced row): contact → workspace, membership → contact and → group,
 * consent → contact. Measured on the 100,000-row bench file, those four checks were ~20 µs of the ~60 µs of
 * database work per imported contact — more than all the secondary indexes of `contacts` together.
 *
 * They bought nothing the code does not already guarantee: every writer of these rows takes the workspace id from
 * the authenticated request or job, and the contact and group ids from live rows of that workspace it has just read
 * or created. What the foreign keys also did — ON DELETE CASCADE — the triggers below keep doing, once per DELETE
 * statement over its transition table (one set-based join, not a cascade per row):
 *  - deleting workspaces deletes their contacts (which fires the next trigger);
 *  - deleting contacts (the bin purge, a workspace's deletion) deletes their memberships and consent records;
 *  - deleting groups (the bin purge) deletes their memberships.
 * Every other table keeps its foreign keys.
 */
export const name = '0011_import_cascades';

export const up = /* sql */ `
alter table contacts drop constraint if exists contacts_workspace_id_fkey;
alter table group_members drop constraint if exists group_members_contact_id_fkey;
alter table group_members drop constraint if exists group_members_group_id_fkey;
alter table consents drop constraint if exists consents_contact_id_fkey;

create function workspaces_delete_contacts() returns trigger language plpgsql as $$
begin
  delete from contacts c using deleted_workspaces d where c.workspace_id = d.id;
  return null;
end $$;

create trigger workspaces_delete_contacts after delete on workspaces
  referencing old table as deleted_workspaces
  for each statement execute function workspaces_delete_contacts();

create function contacts_delete_cascade() returns trigger language plpgsql as $$
begin
  delete from group_members gm using deleted_contacts d where gm.contact_id = d.id;
  delete from consents c using deleted_contacts d where c.workspace_id = d.workspace_id and c.contact_id = d.id;
  return null;
end $$;

create trigger contacts_delete_cascade after delete on contacts
  referencing old table as deleted_contacts
  for each statement execute function contacts_delete_cascade();

create function groups_delete_members() returns trigger language plpgsql as $$
begin
  delete from group_members gm using deleted_groups d where gm.group_id = d.id;
  return null;
end $$;

create trigger groups_delete_members after delete on groups
  referencing old table as deleted_groups
  for each statement execute function groups_delete_members();
`;
