/** Row → API shape of a contact (common/contacts.ts), shared by every route that returns contacts. */
import type { Contact, FieldValue } from '../../../common/contacts.js';
import type { ContactRow } from './contacts.repo.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Presents a contacts row (all CONTACT_COLUMNS selected) as the API's Contact. */
export function toContactView(r: Omit<ContactRow, 'workspace_id'>): Contact {
  return {
    id: r.id,
    email: r.email,
    phone: r.phone_e164,
    phoneRaw: r.phone_raw,
    firstName: r.first_name,
    lastName: r.last_name,
    fields: (r.fields ?? {}) as Record<string, FieldValue>,
    emailStatus: r.email_status,
    whatsappStatus: r.whatsapp_status,
    smsStatus: r.sms_status,
    protected: r.protected,
    source: r.source,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
    erasedAt: iso(r.erased_at),
  };
}

/** Presents a consents row. */
export function toConsentView(c: { id: number; channel: string; status: string; source: string; reason: string | null; ip: string | null; wording: string | null; actor: string | null; at: Date }) {
  return { ...c, channel: c.channel as 'email' | 'whatsapp' | 'sms', at: c.at.toISOString() };
}
