/**
 * Campaign reports and email activity (/api/v1/campaigns/:id/report…, /api/v1/contacts/:id/messages,
 * /api/v1/reports/email): the funnel, opens/clicks over time, per-link and per-domain tables, the contacts
 * behind a funnel step (and saving them as a group), CSV export, a contact's messages, the dashboard totals.
 */
import type { Campaign } from './campaigns.js';
import { api, download, getData, type Page } from './client.js';

export interface Funnel {
  audience: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  sent: number;
  failed: number;
  delivered: number;
  opened: { unique: number; total: number };
  clicked: { unique: number; total: number };
  unsubscribed: number;
  bounced: { hard: number; soft: number };
  complained: number;
}

/** The steps a user can click to list the contacts behind them. */
export type FunnelStep = 'audience' | 'skipped' | 'sent' | 'failed' | 'delivered' | 'opened' | 'clicked' | 'unsubscribed' | 'bounced' | 'complained';

export interface CampaignReport {
  campaign: Campaign;
  funnel: Funnel;
}

export interface TimelinePoint {
  at: string;
  opens: number;
  clicks: number;
}

export interface LinkRow {
  index: number;
  url: string;
  unique: number;
  total: number;
}

export interface DomainRow {
  domain: string;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
}

export interface Recipient {
  contactId: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: string;
  reason: string | null;
  at: string | null;
}

export interface ContactMessage {
  deliveryId: number;
  campaignId: number;
  campaignName: string;
  channel: string;
  status: string;
  reason: string | null;
  address: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  bouncedAt: string | null;
  bounceClass: string | null;
  complainedAt: string | null;
  unsubscribedAt: string | null;
}

export interface EmailSummary {
  days: number;
  totals: { campaigns: number; sent: number; opened: number; clicked: number; unsubscribed: number; bounced: number; complained: number };
  recent: (Campaign & { sent: number; opened: number; clicked: number })[];
}

export const getReport = (id: number) => getData<CampaignReport>(`/campaigns/${id}/report`);
export const getTimeline = (id: number) => getData<TimelinePoint[]>(`/campaigns/${id}/report/timeline`);
export const getLinks = (id: number) => getData<LinkRow[]>(`/campaigns/${id}/report/links`);
export const getDomains = (id: number) => getData<DomainRow[]>(`/campaigns/${id}/report/domains`);
export const listRecipients = (id: number, step: FunnelStep, cursor?: string) =>
  api.get<Page<Recipient>>(`/campaigns/${id}/report/recipients`, { step, cursor, limit: 100, withTotal: !cursor });
/** Saves every contact of a funnel step as a new group. */
export const saveStepAsGroup = async (id: number, step: FunnelStep, name: string) =>
  (await api.post<{ data: { groupId: number; added: number } }>(`/campaigns/${id}/report/recipients/group`, { step, name })).data;
/** Downloads one line per recipient with what happened (CSV). */
export const exportReportCsv = (id: number) => download(`/campaigns/${id}/report/export.csv`);

export const contactMessages = (contactId: number) => getData<ContactMessage[]>(`/contacts/${contactId}/messages`);
export const emailSummary = (days = 30) => getData<EmailSummary>('/reports/email', { days });
