/** Suppression lists per channel and blocked email domains. */
import type { Channel } from '../../../common/contacts.js';
import type { Params } from '../../../common/messages/format.js';
import { api, getData, request, type Page } from './client.js';

export type { Channel };
export interface Suppression {
  id: number;
  channel: Channel;
  value: string;
  reason: string;
  source: string;
  createdAt: string;
}
export interface SuppressionReport {
  added: number;
  alreadyPresent: number;
  duplicates: number;
  invalid: { index: number; value: string; reason: string; reasonCode?: string; reasonParams?: Params }[];
}

export const listSuppressions = (q: { channel?: Channel; q?: string; cursor?: string; limit?: number }) => api.get<Page<Suppression>>('/suppressions', q);
/** Pasted text: the server splits it (one entry per line or comma, spaces kept) and names lines in errors. */
export const addSuppressions = async (channel: Channel, text: string, reason?: string) =>
  (await api.post<{ data: SuppressionReport }>('/suppressions', { channel, text, reason })).data;
export const removeSuppression = (id: number) => api.del(`/suppressions/${id}`);
/** Sends a CSV file's text as the body (one value per line, first column). */
export async function importSuppressions(channel: Channel, file: File, reason?: string) {
  const text = await file.text();
  return (await request<{ data: SuppressionReport & { lines: number } }>('POST', '/suppressions/import', { query: { channel, reason }, raw: { body: text, type: 'text/csv' } })).data;
}

export interface BlockedDomain {
  domain: string;
  createdAt: string;
}
export const listBlockedDomains = () => getData<BlockedDomain[]>('/blocked-domains');
export const blockDomains = (domains: string[]) => api.post<unknown>('/blocked-domains', { domains });
export const unblockDomain = (domain: string) => api.del(`/blocked-domains/${encodeURIComponent(domain)}`);
