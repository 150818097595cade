/**
 * WhatsApp (/api/v1/whatsapp/…): connected numbers and the connection test, templates (drafts, inline
 * validation, submit, copy to a new draft, sync), the two-way inbox (conversations, messages, assignment,
 * labels) and workspace alerts. Secrets (access token, app secret) are write-only: the API never returns them.
 */
import { api, getData, request, type Page } from './client.js';

export type Tier = '250' | '2000' | '10000' | '100000' | 'unlimited';

export interface WaNumber {
  id: number;
  name: string;
  wabaId: string;
  phoneNumberId: string;
  displayNumber: string;
  verifiedName: string | null;
  hasToken: boolean;
  tokenHint: string;
  hasAppSecret: boolean;
  /** null for roles that may not manage numbers */
  verifyToken: string | null;
  webhookUrl: string;
  graphBaseUrl: string;
  apiVersion: string;
  sandbox: boolean;
  messagesPerSecond: number;
  tier: string;
  qualityRating: string;
  accountStatus: string;
  haltedAt: string | null;
  haltReason: string | null;
  lastTestedAt: string | null;
  lastTestOk: boolean | null;
  createdAt: string;
  updatedAt: string;
}

export interface WaNumberInput {
  name?: string;
  wabaId?: string;
  phoneNumberId?: string;
  displayNumber?: string;
  accessToken?: string;
  appSecret?: string;
  verifyToken?: string;
  graphBaseUrl?: string;
  apiVersion?: string;
  sandbox?: boolean;
  messagesPerSecond?: number;
  tier?: Tier;
}

export interface TestCheck {
  check: string;
  ok: boolean;
  message: string;
}

export interface TestResult {
  ok: boolean;
  checks: TestCheck[];
  number: { displayNumber: string | null; verifiedName: string | null; qualityRating: string | null; tier: string | null } | null;
}

export const listNumbers = () => getData<WaNumber[]>('/whatsapp/numbers');
export const getNumber = (id: number) => getData<WaNumber>(`/whatsapp/numbers/${id}`);
export const createNumber = async (b: WaNumberInput) => (await api.post<{ data: WaNumber }>('/whatsapp/numbers', b)).data;
export const updateNumber = async (id: number, b: WaNumberInput) => (await api.patch<{ data: WaNumber }>(`/whatsapp/numbers/${id}`, b)).data;
export const deleteNumber = (id: number) => api.del(`/whatsapp/numbers/${id}`);
export const testNumber = async (id: number) => (await api.post<{ data: TestResult }>(`/whatsapp/numbers/${id}/test`)).data;
export const resumeNumber = (id: number) => api.post<void>(`/whatsapp/numbers/${id}/resume`);

/* ---------- templates ---------- */

export type TemplateStatus = 'DRAFT' | 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED' | string;
export type Category = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
export type TemplatePart = 'NAME' | 'CATEGORY' | 'LANGUAGE' | 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';

export interface Violation {
  component: TemplatePart | string;
  rule: string;
  message: string;
}

export interface Validation {
  ok: boolean;
  violations: Violation[];
}

/** A component exactly as in Meta's create-template body. */
export type WaComponent = Record<string, unknown>;

export interface WaTemplate {
  id: number;
  connectionId: number;
  name: string;
  language: string;
  category: string;
  parameterFormat: 'positional' | 'named' | string;
  components: WaComponent[];
  status: TemplateStatus;
  editable: boolean;
  rejectionReason: string | null;
  rejectionDetail: string | null;
  qualityRating: string;
  metaTemplateId: string | null;
  validation: Validation;
  submittedAt: string | null;
  statusChangedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WaTemplateInput {
  connectionId: number;
  name: string;
  language: string;
  category: string;
  parameterFormat?: 'positional' | 'named';
  components: WaComponent[];
}

export const listTemplates = (q: { connectionId?: number; status?: string; category?: string; q?: string } = {}) => getData<WaTemplate[]>('/whatsapp/templates', q);
export const getTemplate = (id: number) => getData<WaTemplate>(`/whatsapp/templates/${id}`);
export const createTemplate = async (b: WaTemplateInput) => (await api.post<{ data: WaTemplate }>('/whatsapp/templates', b)).data;
export const updateTemplate = async (id: number, b: Partial<WaTemplateInput>) => (await api.patch<{ data: WaTemplate }>(`/whatsapp/templates/${id}`, b)).data;
export const deleteTemplate = (id: number) => api.del(`/whatsapp/templates/${id}`);
export const submitTemplate = async (id: number) => (await api.post<{ data: WaTemplate }>(`/whatsapp/templates/${id}/submit`)).data;
export const copyTemplate = async (id: number, name?: string) => (await api.post<{ data: WaTemplate }>(`/whatsapp/templates/${id}/copy`, name ? { name } : {})).data;
export const syncTemplates = async (numberId: number) =>
  (await api.post<{ data: { total: number; inserted: number; updated: number; removed: number } }>(`/whatsapp/numbers/${numberId}/templates/sync`)).data;

/** Checks a (partial) create-template body against every rule Meta rejects on. */
export const validateTemplate = async (b: { name: string; language: string; category: string; parameter_format: string; components: WaComponent[] }, signal?: AbortSignal) =>
  (await request<{ data: Validation }>('POST', '/whatsapp/templates/validate', { body: b, signal })).data;

/* ---------- inbox ---------- */

export interface Conversation {
  id: number;
  connectionId: number;
  contactId: number | null;
  waId: string;
  name: string;
  profileName: string;
  contactWhatsappStatus: string | null;
  lastMessageAt: string | null;
  lastMessagePreview: string;
  lastInboundAt: string | null;
  windowExpiresAt: string | null;
  windowOpen: boolean;
  unreadCount: number;
  messageCount: number;
  assigneeUserId: number | null;
  labels: string[];
  createdAt: string;
}

export interface WaMessage {
  id: number;
  conversationId: number;
  direction: 'in' | 'out' | string;
  wamid: string | null;
  type: string;
  text: string;
  payload: Record<string, unknown>;
  status: string;
  errorCode: number | null;
  errorTitle: string | null;
  templateId: number | null;
  sentByUserId: number | null;
  sentBy: string | null;
  automated: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  failedAt: string | null;
}

export interface ConversationFilter {
  assigned?: 'me' | 'unassigned' | 'any';
  label?: string;
  unread?: boolean;
  connectionId?: number;
  q?: string;
  cursor?: string;
  limit?: number;
}

export type OutgoingMessage =
  | { type: 'text'; text: string }
  | { type: 'image' | 'document'; link: string; caption?: string; filename?: string }
  | { type: 'template'; templateId: number; variables?: string[] | Record<string, string>; headerText?: string; headerMediaLink?: string };

export const listConversations = (f: ConversationFilter = {}) => api.get<Page<Conversation>>('/whatsapp/conversations', { ...f });
export const getConversation = (id: number) => getData<Conversation>(`/whatsapp/conversations/${id}`);
export const updateConversation = async (id: number, b: { assigneeUserId?: number | null; labels?: string[] }) =>
  (await api.patch<{ data: Conversation }>(`/whatsapp/conversations/${id}`, b)).data;
export const markConversationRead = (id: number) => api.post<{ data: Conversation }>(`/whatsapp/conversations/${id}/read`);
export const listMessages = (id: number, cursor?: string) => api.get<Page<WaMessage>>(`/whatsapp/conversations/${id}/messages`, { cursor, limit: 100 });
export const sendMessage = async (id: number, m: OutgoingMessage) => (await api.post<{ data: WaMessage }>(`/whatsapp/conversations/${id}/messages`, m)).data;

/* ---------- alerts ---------- */

export interface Alert {
  id: number;
  kind: string;
  severity: string;
  title: string;
  message: string;
  entityType: string | null;
  entityId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  resolvedAt: string | null;
}

export const listAlerts = (open = true) => getData<Alert[]>('/alerts', { open });
export const resolveAlert = (id: number) => api.post(`/alerts/${id}/resolve`);
