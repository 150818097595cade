/**
 * Campaign reports and email activity (/api/v1/campaigns/:id/report…, /api/v1/contacts/:id/messages,
 * /api/v1/reports/email): the funnel, opens/clicks over time, per-link and per-domain tables, the contacts
 * behind a funnel step (and saving them as a group), CSV export, a contact's messages, the dashboard totals.
 */
import type { CampaignStatus } from './campaigns.js';
import { api, download, getData, type Page } from './client.js';

export interface Funnel {
  audience: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  sent: number;
  failed: number;
  /** Hand-over interrupted: may have arrived, never resent. */
  unknown: number;
  /** Still queued or being retried. */
  pending: number;
  delivered: number;
  /** Human opens; machine (privacy-proxy) opens are kept apart and out of the unique count. */
  opened: { unique: number; total: number; machine: { total: number; unique: number }; anonymous: number };
  clicked: { unique: number; total: number; scanner: { total: number; unique: number }; anonymous: number };
  unsubscribed: number;
  bounced: { hard: number; soft: number; total: number };
  complained: number;
  /** Fractions 0..1. */
  rates: { open: number; click: number; clickToOpen: number; bounce: number; unsubscribe: number; complaint: number };
}

/** The steps a user can click to list the contacts behind them. */
export type FunnelStep =
  | 'audience' | 'skipped' | 'sent' | 'failed' | 'delivered' | 'opened' | 'not_opened' | 'clicked' | 'unsubscribed'
  | 'bounced' | 'bounced_hard' | 'bounced_soft' | 'complained';

/** The campaign as the report shows it (a subset of the campaign view). */
export interface ReportCampaign {
  id: number;
  channel: string;
  name: string;
  status: CampaignStatus;
  kind: string;
  audienceTotal: number;
  skippedTotal: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface CampaignReport {
  campaign: ReportCampaign;
  /** False when the workspace keeps only anonymous counts (tracking privacy). */
  individualTracking: boolean;
  funnel: Funnel;
  timeline: TimelinePoint[];
  links: LinkRow[];
  domains: DomainRow[];
}

export interface TimelinePoint {
  at: string;
  opens: number;
  clicks: number;
  machineOpens: number;
  scannerClicks: number;
}

export interface LinkRow {
  index: number;
  url: string;
  /** Recipients who clicked (human). */
  unique: number;
  /** Human clicks. */
  total: number;
  scanner: number;
  allClicks: number;
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
  deliveryId: number;
  contactId: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: string;
  reason: string | null;
  bounceClass: string | null;
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
  events: { type: string; at: string; bot: boolean | null; detail: Record<string, unknown> }[];
}

export interface RecentCampaign {
  id: number;
  name: string;
  channel: string;
  status: CampaignStatus;
  startedAt: string | null;
  finishedAt: string | null;
  audience: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  unsubscribed: number;
  complained: number;
  openRate: number;
  clickRate: number;
}

export interface EmailSummary {
  days: number;
  totals: { campaigns: number; sent: number; delivered: number; opened: number; clicked: number; unsubscribed: number; bounced: number; complained: number };
  recent: RecentCampaign[];
}

export const getReport = (id: number) => getData<CampaignReport>(`/campaigns/${id}/report`);
export const getTimeline = (id: number) => getData<TimelinePoint[]>(`/campaigns/${id}/report/timeline`);
export const getLinks = (id: number) => getData<LinkRow[]>(`/campaigns/${id}/report/links`);
export const getDomains = (id: number) => getData<DomainRow[]>(`/campaigns/${id}/report/domains`);
export const listRecipients = (id: number, step: FunnelStep, cursor?: string) =>
  api.get<Page<Recipient>>(`/campaigns/${id}/report/contacts`, { step, cursor, limit: 100, withTotal: !cursor });
/** Saves every contact of a funnel step as a new group (409 when the name is taken). */
export const saveStepAsGroup = async (id: number, step: FunnelStep, groupName: string) =>
  (await api.post<{ data: { groupId: number; added: number } }>(`/campaigns/${id}/report/save-as-group`, { step, groupName })).data;
/** Downloads one line per recipient with what happened (CSV). */
export const exportReportCsv = (id: number) => download(`/campaigns/${id}/report.csv`);

/** The newest messages sent to a contact (first page of 100). */
export const contactMessages = (contactId: number) => getData<ContactMessage[]>(`/contacts/${contactId}/messages`);
export const emailSummary = (days = 30) => getData<EmailSummary>('/dashboard', { days });
