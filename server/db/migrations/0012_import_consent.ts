/**
 * Import speed, part three: the contacts one import creates share one consent record per channel instead of
 * carrying one each.
 *
 * Every contact an import created got its own `consents` row saying the same thing: source `import`, the wording
 * "Imported from <file>", the importing user, the time of the import. On the 1,000,000-row bench file those rows
 * (a heap tuple plus two index entries each, with their WAL) were ~5 µs of the ~28 µs of database CPU per imported
 * contact. The evidence is the same when the import records it once per channel and each contact points at it:
 *  - `consents.import_id` marks the records an import wrote for all the contacts it created (`contact_id` null);
 *    a foreign key to `imports` removes them with the import, i.e. with its workspace. The check runs for these
 *    few rows only: a per-contact row has no import_id.
 *  - `contacts.consent_id` points at the shared record a contact was created with. No foreign key (that would be a
 *    check per imported contact again); the record lives as long as the import, which is never deleted on its own.
 * A contact's consent history is its own rows plus the one its `consent_id` points at (contacts.repo.ts). Changes
 * of status after creation (unsubscribe lists, unsubscribe links, bounces, the API) still write a row per contact.
 * Records written per contact by earlier imports stay as they are.
 */
export const name = '0012_import_consent';

export const up = /* sql */ `
alter table contacts add column consent_id bigint;
alter table consents alter column contact_id drop not null;
alter table consents add column import_id bigint references imports(id) on delete cascade;
alter table consents add constraint consents_subject check (contact_id is not null or import_id is not null);
create unique index consents_import_shared on consents(import_id, channel, status) where contact_id is null;
`;
