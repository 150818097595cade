/**
 * Wire types of Meta's WhatsApp Cloud API (Graph) that Clarion and its simulator speak.
 * Shapes follow /shared/reference/whatsapp-cloud-api.md; only the fields we read or write are typed,
 * everything else stays open (`[key: string]: unknown`) because Meta adds fields without notice.
 */

/** Template categories Meta accepts at creation. */
export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

/** Template lifecycle states (§4.3). */
export type TemplateStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED'
  | 'PAUSED'
  | 'DISABLED'
  | 'IN_APPEAL'
  | 'PENDING_DELETION'
  | 'DELETED'
  | 'ARCHIVED'
  | 'LIMIT_EXCEEDED';

/** Button definitions inside a BUTTONS component at creation time (§4.1). */
export interface TemplateButtonDef {
  type: string; // QUICK_REPLY | URL | PHONE_NUMBER | COPY_CODE | OTP | FLOW | ...
  text?: string;
  url?: string;
  phone_number?: string;
  example?: string[] | string;
  otp_type?: string;
  [key: string]: unknown;
}

/** One component of a create-template request (upper-case types; Meta also accepts lower-case). */
export interface TemplateComponentDef {
  type: string; // HEADER | BODY | FOOTER | BUTTONS
  format?: string; // HEADER: TEXT | IMAGE | VIDEO | GIF | DOCUMENT | LOCATION
  text?: string;
  example?: {
    body_text?: string[][];
    body_text_named_params?: { param_name: string; example: string }[];
    header_text?: string[];
    header_text_named_params?: { param_name: string; example: string }[];
    header_handle?: string[];
    [key: string]: unknown;
  };
  buttons?: TemplateButtonDef[];
  add_security_recommendation?: boolean;
  code_expiration_minutes?: number;
  [key: string]: unknown;
}

/** Body of `POST /{waba-id}/message_templates` (§4.1). */
export interface CreateTemplateRequest {
  name: string;
  language: string;
  category: string;
  parameter_format?: string; // positional (default) | named, case-insensitive
  allow_category_change?: boolean;
  components: TemplateComponentDef[];
  [key: string]: unknown;
}

/** A parameter inside a template send component (§1.4). */
export interface TemplateSendParameter {
  type: string; // text | currency | date_time | image | video | document | location | payload | coupon_code | action
  parameter_name?: string;
  text?: string;
  payload?: string;
  [key: string]: unknown;
}

/** A component of a template message send (§1.4). */
export interface TemplateSendComponent {
  type: string; // header | body | button
  sub_type?: string;
  index?: string | number;
  parameters?: TemplateSendParameter[];
}

/** Body of `POST /{phone-number-id}/messages` (§1.1–1.7); loosely typed on purpose. */
export interface SendMessageRequest {
  messaging_product?: string;
  recipient_type?: string;
  to?: string;
  type?: string;
  status?: string; // "read" for mark-as-read
  message_id?: string;
  context?: { message_id?: string };
  biz_opaque_callback_data?: string;
  text?: { body?: string; preview_url?: boolean };
  template?: { name?: string; language?: { code?: string; policy?: string }; components?: TemplateSendComponent[] };
  reaction?: { message_id?: string; emoji?: string };
  interactive?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Successful send answer (§1.8). */
export interface SendMessageResponse {
  messaging_product: 'whatsapp';
  contacts: { input: string; wa_id: string }[];
  messages: { id: string; message_status?: 'accepted' | 'held_for_quality_assessment' | 'paused' }[];
}

/** Graph synchronous error body (§2.1). */
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product?: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

/** Error object inside webhooks (§2.2): no `type`/`fbtrace_id`, has `title` and `href`. */
export interface WebhookError {
  code: number;
  title: string;
  message: string;
  error_data?: { details: string };
  href?: string;
}

/** Pricing block of a status webhook (§3.5). */
export interface StatusPricing {
  billable: boolean;
  pricing_model: 'PMP' | 'CBP';
  type: 'regular' | 'free_customer_service' | 'free_entry_point';
  category: string;
}

/** One entry of `value.statuses[]` (§3.5). */
export interface StatusEvent {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | 'played';
  timestamp: string;
  recipient_id: string;
  biz_opaque_callback_data?: string;
  conversation?: { id: string; expiration_timestamp?: string; origin: { type: string } };
  pricing?: StatusPricing;
  errors?: WebhookError[];
}

/** Metadata carried on every `messages`-field change (§3.3). */
export interface WebhookMetadata {
  display_phone_number: string;
  phone_number_id: string;
}

/** One change inside a webhook entry. */
export interface WebhookChange {
  field: string;
  value: Record<string, unknown>;
}

/** The full webhook POST body (§3.3). */
export interface WebhookEnvelope {
  object: 'whatsapp_business_account';
  entry: { id: string; time?: number; changes: WebhookChange[] }[];
}
