/**
 * Contacts: the people of a workspace — normalised, unique email/phone, names, typed custom fields, per-channel
 * status with a consent record for every change, the protected flag, deletion to the recycle bin, and privacy
 * export/erasure. Owns `contacts` and `consents` (the list/search endpoint lives in contacts-query.*).
 * Other domains change statuses only through `setChannelStatus` (set-based; pass many ids at once).
 */
export { normaliseEmail, normalisePhone, type Normalised } from './normalise.js';
export { setChannelStatus, assertStatusFits, statusesOf, type StatusChangeOptions } from './channel-status.js';
export { toContactView, toConsentView } from './contact-view.js';
export { CONTACT_COLUMNS, type ContactRow } from './contacts.repo.js';
export { createContact, updateContact, deleteContact, getContactDetail, resolveKeys, assertKeysFree, type Caller } from './contacts.service.js';
export { bulkDeleteContacts } from './bulk-delete.js';
export { exportContact, eraseContact } from './privacy.service.js';
export { confirmSubscription } from './status.service.js';
export { registerContactRoutes } from './contacts.routes.js';
