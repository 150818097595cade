/**
 * Indexes for contacts' neighbours: the bin purge across workspaces, the audit trail of one entity (privacy
 * export), import report rows pointing at a contact, and paging a suppression list newest first.
 */
export const name = '0002_contacts';

export const up = /* sql */ `
create index contacts_deleted_at on contacts(deleted_at) where deleted_at is not null;
create index groups_deleted_at on groups(workspace_id, deleted_at) where deleted_at is not null;
create index segments_deleted_at on segments(workspace_id, deleted_at) where deleted_at is not null;
create index audit_log_entity on audit_log(workspace_id, entity_type, entity_id);
create index import_issues_email_contact on import_issues(workspace_id, email_contact_id) where email_contact_id is not null;
create index import_issues_phone_contact on import_issues(workspace_id, phone_contact_id) where phone_contact_id is not null;
create index suppressions_ws_channel_id on suppressions(workspace_id, channel, id);
`;
