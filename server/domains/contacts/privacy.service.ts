/**
 * Privacy requests about one person (GDPR articles 15, 17 and 20): export everything held about the contact as
 * JSON, and erase it. Erasure removes the personal data but keeps an anonymous row (so campaign and
 * consent counts stay right) and a hashed suppression entry (so an old list re-imported later cannot
 * message the person again). See docs/contacts.md.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { recordAudit } from '../audit/index.js';
import { addErasureSuppressions, findSuppressionsByValues, suppressionHash } from '../suppressions/index.js';
import { toConsentView, toContactView } from './contact-view.js';
import * as repo from './contacts.repo.js';
import type { Caller } from './contacts.service.js';
import * as privacy from './privacy.repo.js';

type Db = Kysely<Database>;

/** Everything held about one contact, ready to hand to the person. */
export async function exportContact(db: Db, workspaceId: number, id: number) {
  const c = await repo.findContact(db, workspaceId, id);
  if (!c) throw notFound('Contact');
  const keys = [c.email, c.phone_e164].filter((v): v is string => !!v);
  const cells = [...keys, ...(c.phone_raw ? [c.phone_raw] : [])];
  const [groups, consents, issues, audit, suppressions] = await Promise.all([
    repo.contactGroups(db, workspaceId, id),
    repo.contactConsents(db, workspaceId, id, 100_000),
    privacy.importIssuesAbout(db, workspaceId, id, cells),
    privacy.auditAbout(db, workspaceId, id),
    findSuppressionsByValues(db, workspaceId, [...keys, ...keys.map(suppressionHash)]),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    contact: toContactView(c),
    consents: consents.map(toConsentView),
    groups: groups.map((g) => ({ id: g.id, name: g.name, addedAt: g.added_at.toISOString() })),
    importIssues: issues.map((i) => ({
      id: i.id, importId: i.import_id, fileName: i.file_name, kind: i.kind, line: i.line, column: i.column_name,
      reason: i.reason, raw: i.raw, resolution: i.resolution, importedAt: i.created_at.toISOString(),
    })),
    auditEntries: audit.map((a) => ({ id: a.id, action: a.action, actorType: a.actor_type, actorLabel: a.actor_label, details: a.details, at: a.at.toISOString() })),
    suppressions: suppressions.map((s) => ({ channel: s.channel, value: s.value, reason: s.reason, source: s.source, createdAt: s.created_at.toISOString() })),
  };
}

/** Erases the contact's personal data (idempotent). Works on live contacts and on contacts in the bin. */
export async function eraseContact(db: Db, caller: Caller, id: number) {
  const ws = caller.workspaceId;
  return db.transaction().execute(async (trx) => {
    const c = await repo.findContact(trx, ws, id);
    if (!c) throw notFound('Contact');
    if (c.erased_at) return c;
    const cells = [c.email, c.phone_e164, c.phone_raw].filter((v): v is string => !!v);
    const issues = await privacy.importIssuesAbout(trx, ws, id, cells);
    await addErasureSuppressions(trx, ws, { email: c.email, phone: c.phone_e164 });
    await privacy.eraseContactRow(trx, ws, id);
    await privacy.anonymiseConsents(trx, ws, id);
    await privacy.removeMemberships(trx, ws, id);
    await privacy.scrubImportIssues(trx, ws, issues.map((i) => i.id));
    await privacy.scrubAudit(trx, ws, id);
    await recordAudit(trx, ws, caller.actor, 'contact.erased', 'contact', id, { erased: true });
    return (await repo.findContact(trx, ws, id))!;
  });
}
