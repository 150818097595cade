/**
 * Import speed: every contact an import creates pays one insertion per index on `contacts` plus the foreign-key
 * checks of its own row, its group membership and its consent record. This migration removes the ones that buy
 * nothing:
 *  - the unique (workspace_id, email) and (workspace_id, phone_e164) indexes and the text_pattern_ops prefix
 *    indexes on the same columns are merged: a unique btree with text_pattern_ops answers equality (`=`, the
 *    duplicate checks, ON CONFLICT (workspace_id, email) inference) AND `like 'prefix%'` search, and the prefix
 *    indexes' rows without an email/phone were never useful to a prefix match (a LIKE implies NOT NULL, so the
 *    planner proves the partial predicate). Two random-position btree insertions less per contact. The email
 *    prefix index had `id` appended for the list sorted by email; live emails are unique, so ties cannot occur
 *    and an incremental sort on id over the (already email-ordered) scan costs nothing.
 *  - group_members.workspace_id and consents.workspace_id keep their values but lose their foreign keys to
 *    workspaces: both rows hang off a contact (contact_id → contacts on delete cascade) whose own workspace_id
 *    is checked, so a workspace's deletion still removes them through the contact, and the writers copy the
 *    workspace id from the contact they write for. Two FK checks (an index probe + row lock each) less per
 *    imported contact. The contact_id and group_id foreign keys stay.
 * contacts_ws_id stays: its insertions land on the right-most leaf (ids only grow) and are nearly free, while
 * exports, counts and the null-email tail of the list rely on it.
 */
export const name = '0010_import_speed';

export const up = /* sql */ `
create unique index contacts_ws_email_u on contacts(workspace_id, email text_pattern_ops)
  where deleted_at is null and email is not null;
create unique index contacts_ws_phone_u on contacts(workspace_id, phone_e164 text_pattern_ops)
  where deleted_at is null and phone_e164 is not null;
drop index if exists contacts_ws_email;
drop index if exists contacts_ws_email_prefix;
drop index if exists contacts_ws_phone;
drop index if exists contacts_ws_phone_prefix;
alter index contacts_ws_email_u rename to contacts_ws_email;
alter index contacts_ws_phone_u rename to contacts_ws_phone;

alter table group_members drop constraint if exists group_members_workspace_id_fkey;
alter table consents drop constraint if exists consents_workspace_id_fkey;
`;
