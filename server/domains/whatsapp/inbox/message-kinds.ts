/**
 * What each inbound message type means for the inbox (pure functions, no database):
 *  - the words a person "said" (text, button label, reply title, caption, a flow's answers…);
 *  - the preview in the conversation list;
 *  - whether it opens/extends the 24-hour customer-service window (a revoke, an edit or a system notice does not:
 *    none of them is the customer writing to the business);
 *  - whether it is an annotation of another message (reaction, edit, revoke) rather than a new bubble;
 *  - whether it carries media to download, and the opt-out words (typed or as a button payload).
 */

type M = Record<string, unknown>;
const obj = (m: M, k: string) => (m[k] && typeof m[k] === 'object' ? (m[k] as M) : {});

/** Message types Clarion knows; anything else is kept raw and shown as "unsupported message type". */
export const KNOWN_TYPES = new Set([
  'text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'button', 'reaction', 'order',
  'system', 'edit', 'revoke', 'unsupported', 'request_welcome',
]);
export const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** Types that are not the customer writing: they never open or extend the customer-service window. */
const NO_WINDOW = new Set(['revoke', 'edit', 'system', 'request_welcome']);

/** Keywords that opt a contact out of WhatsApp marketing (compared trimmed and case-insensitively). */
export const OPT_OUT_KEYWORDS = ['הסר', 'stop', 'unsubscribe'];
export const isOptOutKeyword = (text: string) => OPT_OUT_KEYWORDS.includes(text.trim().toLocaleLowerCase());

/**
 * Whether a quick-reply payload means "opt me out": the payload is an opt-out word itself, or Clarion's own
 * payload (`clarion:c<campaign>:d<delivery>:b<index>:STOP`) ends with one (the template builder's opt-out button).
 */
export function isOptOutPayload(payload: unknown): boolean {
  if (typeof payload !== 'string' || !payload.trim()) return false;
  const last = payload.split(':').pop() ?? '';
  return isOptOutKeyword(payload) || isOptOutKeyword(last);
}

/** The payload / id of a tapped button (template quick reply or interactive reply button). */
export function buttonPayload(m: M): string | null {
  if (m.type === 'button') return typeof obj(m, 'button').payload === 'string' ? String(obj(m, 'button').payload) : null;
  if (m.type === 'interactive') {
    const i = obj(m, 'interactive');
    const r = obj(i, 'button_reply');
    return typeof r.id === 'string' ? r.id : null;
  }
  return null;
}

/** The answers of a WhatsApp Flow (`nfm_reply.response_json`), flow_token left out. */
export function flowAnswers(m: M): Record<string, unknown> | null {
  const n = obj(obj(m, 'interactive'), 'nfm_reply');
  if (!Object.keys(n).length) return null;
  try {
    const parsed = typeof n.response_json === 'string' ? (JSON.parse(n.response_json) as Record<string, unknown>) : {};
    const { flow_token: _t, ...rest } = parsed;
    return rest;
  } catch {
    return { response: String(n.response_json ?? '') };
  }
}

/** The words a person "said". */
export function spokenText(m: M): string {
  const t = String(m.type ?? '');
  switch (t) {
    case 'text':
      return String(obj(m, 'text').body ?? '');
    case 'button':
      return String(obj(m, 'button').text ?? '');
    case 'interactive': {
      const i = obj(m, 'interactive');
      const answers = flowAnswers(m);
      if (answers) return Object.entries(answers).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
      const r = { ...obj(i, 'button_reply'), ...obj(i, 'list_reply') };
      return String(r.title ?? '');
    }
    case 'image':
    case 'video':
    case 'document':
    case 'sticker':
    case 'audio':
      return String(obj(m, t).caption ?? '');
    case 'reaction':
      return String(obj(m, 'reaction').emoji ?? '');
    case 'location': {
      const l = obj(m, 'location');
      return [l.name, l.address].filter(Boolean).map(String).join(', ');
    }
    case 'contacts':
      return ((Array.isArray(m.contacts) ? m.contacts : []) as M[]).map((c) => String(obj(c, 'name').formatted_name ?? obj(c, 'name').first_name ?? '')).filter(Boolean).join(', ');
    case 'order':
      return String(obj(m, 'order').text ?? '');
    case 'system':
      return String(obj(m, 'system').body ?? '');
    case 'edit':
      return spokenText(obj(obj(m, 'edit'), 'message'));
    default:
      return '';
  }
}

/** Short text shown in the conversation list. */
export function previewOf(m: M): string {
  const said = spokenText(m);
  const t = String(m.type ?? 'message');
  if (t === 'text' || t === 'button' || t === 'interactive') return said.slice(0, 200);
  const label = KNOWN_TYPES.has(t) && t !== 'unsupported' ? `[${t}]` : '[unsupported message type]';
  return (said ? `${label} ${said}` : label).slice(0, 200);
}

/** Whether this message opens or extends the 24-hour window. */
export const extendsWindow = (m: M) => !NO_WINDOW.has(String(m.type ?? ''));

/** The message another one acts on (reaction, edit, revoke), with what it does. */
export function annotationOf(m: M): { kind: 'reaction' | 'edit' | 'revoke'; target: string } | null {
  const t = String(m.type ?? '');
  const target =
    t === 'reaction' ? obj(m, 'reaction').message_id : t === 'edit' ? obj(m, 'edit').original_message_id : t === 'revoke' ? obj(m, 'revoke').original_message_id : null;
  return typeof target === 'string' && target ? { kind: t as 'reaction' | 'edit' | 'revoke', target } : null;
}

/** The media object of a media message (or of an edit that replaced a message by media). */
export function mediaOf(m: M): { kind: string; id: string; mimeType: string | null; filename: string | null } | null {
  const t = String(m.type ?? '');
  if (t === 'edit') return mediaOf(obj(obj(m, 'edit'), 'message'));
  if (!MEDIA_TYPES.has(t)) return null;
  const o = obj(m, t);
  if (typeof o.id !== 'string' && typeof o.id !== 'number') return null;
  return { kind: t, id: String(o.id), mimeType: typeof o.mime_type === 'string' ? o.mime_type : null, filename: typeof o.filename === 'string' ? o.filename : null };
}

/** A forwarded message's flag ('forwarded' | 'frequently_forwarded'). */
export function forwardedOf(m: M): string | null {
  const c = obj(m, 'context');
  return c.frequently_forwarded ? 'frequently_forwarded' : c.forwarded ? 'forwarded' : null;
}

/** The wamid this message replies to. */
export function contextOf(m: M): string | null {
  const id = obj(m, 'context').id;
  return typeof id === 'string' && id ? id : null;
}
