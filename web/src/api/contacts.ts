/** Contacts: list/search with cursor pages, one contact, changes, status with consent, privacy, bulk delete. */
import type { Contact, ContactDetail, ContactPatch, ContactCreate, StatusChange, EmailStatus } from '../../../common/contacts.js';
import type { FilterGroup } from '../../../common/segments.js';
import { api, getData, type Page } from './client.js';

export type { Contact, ContactDetail, ContactPatch, ContactCreate, StatusChange, EmailStatus };

export interface ContactQuery {
  q?: string;
  groupId?: number;
  segmentId?: number;
  emailStatus?: EmailStatus;
  filter?: FilterGroup;
  sort?: 'created_at' | 'updated_at' | 'email' | 'first_name' | 'last_name';
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
  withTotal?: boolean;
}

/** One page of contacts (POST /contacts/search so long filters fit). */
export const searchContacts = (q: ContactQuery) => api.post<Page<Contact>>('/contacts/search', q);
export const getContact = (id: number) => getData<ContactDetail>(`/contacts/${id}`);
export const createContact = async (body: ContactCreate) => (await api.post<{ data: Contact }>('/contacts', body)).data;
export const updateContact = async (id: number, body: ContactPatch) => (await api.patch<{ data: Contact }>(`/contacts/${id}`, body)).data;
export const deleteContact = (id: number) => api.del(`/contacts/${id}`);
export const changeStatus = async (id: number, body: StatusChange) =>
  (await api.post<{ data: { contact: Contact; changed: boolean; pendingConfirmation: boolean } }>(`/contacts/${id}/status`, body)).data;
export const eraseContact = async (id: number) => (await api.post<{ data: Contact }>(`/contacts/${id}/erase`)).data;
/** Note: this endpoint names the id list `ids` (group membership endpoints say `contactIds`). */
export const bulkDeleteContacts = async (sel: { contactIds?: number[]; filter?: FilterGroup }) =>
  (await api.post<{ data: { deleted: number } }>('/contacts/bulk-delete', sel.contactIds ? { ids: sel.contactIds } : { filter: sel.filter })).data;
