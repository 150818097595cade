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

/** Sends the campaign's message, filled for one contact (or the fallbacks), to one phone number. */
export const testSendWaCampaign = async (id: number, b: { phone: string; contactId?: number }) =>
  (await api.post<{ data: { ok: boolean; wamid?: string | null; error?: string | null } }>(`/campaigns/${id}/test-send`, b)).data;

export interface WaReport {
  audience: number;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  buttonClicks: number;
  buttons?: { index: number; text: string; clicks: number }[];
  failed: number;
  failedByCode: { code: string; count: number; title?: string; explanation?: string }[];
  skipped: number;
  skippedByReason: Record<string, number>;
  deferred: number;
  deferredByReason: Record<string, number>;
  unknown?: number;
  cost?: { currency: string; category: string; billable: number; rate: number; total: number };
}

/** The WhatsApp report of a campaign. */
export const getWaReport = (id: number) => getData<WaReport>(`/campaigns/${id}/whatsapp-report`);

export interface WaCampaignSettings {
  utilityRequiresOptIn: boolean;
  currency: string;
  rates: Record<string, number>;
  defaultRates: boolean;
}

export const getWaCampaignSettings = () => getData<WaCampaignSettings>('/whatsapp/campaign-settings');
export const saveWaCampaignSettings = async (b: Partial<Omit<WaCampaignSettings, 'defaultRates'>>) =>
  (await api.patch<{ data: WaCampaignSettings }>('/whatsapp/campaign-settings', b)).data;
