/**
 * Email campaigns (/api/v1/campaigns): drafts with audience, content and settings; the live audience count;
 * the pre-flight check; send now or schedule; pause, resume, cancel; copy, resend, send to non-openers; progress.
 */
import type { PreflightResult, TextDir, TemplateFormat } from './templates.js';
import { api, getData, type Page } from './client.js';

export type CampaignStatus = 'draft' | 'scheduled' | 'building' | 'sending' | 'paused' | 'done' | 'cancelled' | 'failed';
export type CampaignKind = 'regular' | 'resend' | 'non_openers';

export interface CampaignAudience {
  include: { groups: number[]; segments: number[] };
  exclude: { groups: number[]; segments: number[] };
}

export interface CampaignContent {
  subject?: string;
  preheader?: string;
  format?: TemplateFormat;
  source?: string;
  textOverride?: string | null;
  dir?: TextDir;
}

export interface CampaignSettings {
  senderIdentityId?: number | null;
  trackOpens?: boolean;
  trackClicks?: boolean;
  utm?: Record<string, string> | null;
}

export interface Campaign {
  id: number;
  channel: 'email' | 'whatsapp' | 'sms';
  name: string;
  status: CampaignStatus;
  kind: CampaignKind;
  parentCampaignId: number | null;
  templateId: number | null;
  content: CampaignContent;
  settings: CampaignSettings;
  audience: CampaignAudience;
  scheduledAt: string | null;
  timezone: string | null;
  pauseReason: string | null;
  error: string | null;
  audienceTotal: number;
  skippedTotal: number;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface CampaignInput {
  name?: string;
  templateId?: number | null;
  content?: CampaignContent;
  settings?: CampaignSettings;
  audience?: CampaignAudience;
}

export interface AudienceCount {
  total: number;
  eligible: number;
  skipped: Record<string, number>;
}

export interface CampaignProgress {
  status: CampaignStatus;
  pauseReason: string | null;
  total: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
  unknown: number;
  deferred: number;
  cancelled: number;
  ratePerSecond: number;
  etaSeconds: number | null;
}

/** Statuses during which progress moves (the page polls every 2 s). */
export const ACTIVE: CampaignStatus[] = ['building', 'sending'];
/** Statuses in which content and audience can still change. */
export const EDITABLE: CampaignStatus[] = ['draft', 'scheduled'];

export const emptyAudience = (): CampaignAudience => ({ include: { groups: [], segments: [] }, exclude: { groups: [], segments: [] } });

export const listCampaigns = (q: { status?: CampaignStatus; cursor?: string; limit?: number } = {}) => api.get<Page<Campaign>>('/campaigns', { channel: 'email', ...q });
export const getCampaign = (id: number) => getData<Campaign>(`/campaigns/${id}`);
export const createCampaign = async (b: CampaignInput) => (await api.post<{ data: Campaign }>('/campaigns', { channel: 'email', ...b })).data;
export const updateCampaign = async (id: number, b: CampaignInput) => (await api.patch<{ data: Campaign }>(`/campaigns/${id}`, b)).data;
export const deleteCampaign = (id: number) => api.del(`/campaigns/${id}`);

/** Who the saved audience reaches right now: total, eligible and skipped by reason (nothing is written). */
export const audienceCount = (id: number) => getData<AudienceCount>(`/campaigns/${id}/audience-count`);
/** The pre-flight of the campaign's effective content and sender (errors block sending). */
export const campaignPreflight = (id: number) => getData<PreflightResult>(`/campaigns/${id}/preflight`);

const action = (verb: string) => async (id: number) => (await api.post<{ data: Campaign }>(`/campaigns/${id}/${verb}`)).data;
export const sendCampaign = action('send');
export const pauseCampaign = action('pause');
export const resumeCampaign = action('resume');
export const cancelCampaign = action('cancel');
export const copyCampaign = action('copy');
export const resendCampaign = action('resend');
export const nonOpenersCampaign = action('non-openers');
/** Schedules at a wall-clock time (`YYYY-MM-DDTHH:mm`) in `timezone` (IANA). */
export const scheduleCampaign = async (id: number, at: string, timezone: string) => (await api.post<{ data: Campaign }>(`/campaigns/${id}/schedule`, { at, timezone })).data;
export const campaignProgress = (id: number) => getData<CampaignProgress>(`/campaigns/${id}/progress`);
