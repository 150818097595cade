/**
 * WhatsApp campaigns through the shared campaign API (/api/v1/campaigns with channel "whatsapp"): the draft's
 * content maps each template variable to a contact field (with a fallback) or fixed text; settings name the
 * number. Plus the WhatsApp parts: test send to one number, the report (delivered/read/replied/clicks, failures
 * by error code, skipped by reason, deferred by tier, cost) and the editable per-message rates.
 */
import { api, getData, type Page } from './client.js';
import type { Campaign, CampaignAudience, CampaignProgress } from './campaigns.js';

export type { Campaign, CampaignAudience, CampaignProgress };

/** Where a variable's value comes from. */
export type VarSource = { field: string; fallback?: string } | { text: string };

export interface WaCampaignContent {
  waTemplateId?: number;
  variables?: Record<string, VarSource>;
  headerVariable?: VarSource;
  headerMediaUrl?: string;
  urlButtons?: Record<string, VarSource>;
}

export interface WaCampaignInput {
  name?: string;
  content?: WaCampaignContent;
  settings?: { connectionId?: number };
  audience?: CampaignAudience;
}

export interface AudienceCount {
  total: number;
  eligible: number;
  skipped: Record<string, number>;
}

export const listWaCampaigns = (q: { cursor?: string; limit?: number } = {}) => api.get<Page<Campaign>>('/campaigns', { channel: 'whatsapp', ...q });
export const getWaCampaign = (id: number) => getData<Campaign>(`/campaigns/${id}`);
export const createWaCampaign = async (b: WaCampaignInput) => (await api.post<{ data: Campaign }>('/campaigns', { channel: 'whatsapp', ...b })).data;
export const updateWaCampaign = async (id: number, b: WaCampaignInput) => (await api.patch<{ data: Campaign }>(`/campaigns/${id}`, b)).data;
export const waAudienceCount = (id: number) => getData<AudienceCount>(`/campaigns/${id}/audience-count`);
export const waCampaignProgress = (id: number) => getData<CampaignProgress>(`/campaigns/${id}/progress`);

const action = (verb: string) => async (id: number) => (await api.post<{ data: Campaign }>(`/campaigns/${id}/${verb}`)).data;
export const sendWaCampaign = action('send');
export const pauseWaCampaign = action('pause');
export const resumeWaCampaign = action('resume');
export const cancelWaCampaign = action('cancel');
/** Schedules at a wall-clock time (`YYYY-MM-DDTHH:mm`) in `timezone` (IANA). */
export const scheduleWaCampaign = async (id: number, at: string, timezone: string) => (await api.post<{ data: Campaign }>(`/campaigns/${id}/schedule`, { at, timezone })).data;

/** Sends the campaign's template to one number (values from the contact with that number, else the fallbacks). */
export const testSendWaCampaign = async (id: number, to: string) => (await api.post<{ data: { wamid: string; to: string } }>(`/whatsapp/campaigns/${id}/test`, { to })).data;

/** A text in both languages (the server explains codes and reasons itself). */
export interface Label {
  en: string;
  he: string;
}

/** GET /whatsapp/campaigns/:id/report as served. */
export interface WaReport {
  campaignId: number;
  status: string;
  pauseReason: string | null;
  template: { name: string; category: string } | null;
  total: number;
  queued: number;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  unknown: number;
  buttonClicks: { total: number; byButton: { button: string; clicks: number; people: number }[] };
  failedByCode: { code: string; count: number; explanation: Label }[];
  skippedByReason: { reason: string; count: number; label: Label }[];
  deferredByReason: { reason: string; count: number; label: Label; tier: string | null }[];
  cost: { currency: string; category: string; ratePerMessage: number; billableMessages: number; estimate: number; editableRates: boolean; note: string; fromMeta: { billable: number; free: number; byCategory: Record<string, number> }; estimated: number };
}

/** The WhatsApp report of a campaign. */
export const getWaReport = (id: number) => getData<WaReport>(`/whatsapp/campaigns/${id}/report`);

/** The number's live limits: unique recipients in the rolling 24 h against the tier, current rate, halts. */
export interface NumberDashboard {
  connectionId: number;
  displayNumber: string;
  tier: string;
  tierLimit: number | null;
  uniqueRecipients24h: number;
  tierRemaining: number | null;
  deferredForTier: number;
  qualityRating: string;
  messagesPerSecond: number;
  sentLastMinute: number;
  currentRatePerSecond: number;
  halted: boolean;
  haltReason: string | null;
  accountStatus: string;
}

export const getNumberDashboard = (id: number) => getData<NumberDashboard>(`/whatsapp/numbers/${id}/dashboard`);

export interface WaCampaignSettings {
  utilityRequiresOptIn: boolean;
  currency: string;
  rates: Record<string, number>;
  defaultRates: boolean;
}

export const getWaCampaignSettings = () => getData<WaCampaignSettings>('/whatsapp/campaign-settings');
export const saveWaCampaignSettings = async (b: Partial<Omit<WaCampaignSettings, 'defaultRates'>>) =>
  (await api.patch<{ data: WaCampaignSettings }>('/whatsapp/campaign-settings', b)).data;
