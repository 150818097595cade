/**
 * The senders of message deliveries, cached per process: a saved template is prepared ONCE through the channel's
 * own adapter (the exact campaign code: consent re-checked at send, DKIM, tier admission, mps slices, error
 * mapping) and reused by every message of that template; per-message values reach it as contact fields
 * (`__v_<name>`). Free text: email is prepared per message; WhatsApp session messages use WaSessionSender.
 */
import type { AppContext } from '../../app/context.js';
import { decryptSecret } from '../../lib/crypto.js';
import { channelAdapter, type ChannelSender, type SendItem } from '../channels/channel.js';
import '../channels/adapters.js';
import { GraphPoster } from '../whatsapp-campaigns/http-send.js';
import type { ClaimedMessage } from './messages.repo.js';
import { WaSessionSender, type SessionContent } from './session-sender.js';

/** Per-message variable values travel as contact fields with this prefix (WhatsApp) or under their own name (email: `{{ contact.fields.name }}`). */
export const VAR_PREFIX = '__v_';

interface Entry {
  sender: Promise<ChannelSender>;
  usedAt: number;
  perMessage: boolean;
}

export class SenderCache {
  #map = new Map<string, Entry>();
  #contents = new Map<number, SessionContent>();

  constructor(private readonly ctx: AppContext) {}

  /** The cache key of a claimed message and the item as that sender expects it (variables merged into fields). */
  route(m: ClaimedMessage): { key: string; item: SendItem } {
    const c = m.content as Record<string, unknown>;
    const vars = (c.variables ?? {}) as Record<string, string>;
    const ws = m.item.workspaceId;
    if (m.channel === 'whatsapp' && c.waTemplateId) {
      const names = Object.keys(vars).sort();
      const fields = { ...m.item.contact.fields, ...Object.fromEntries(names.map((n) => [VAR_PREFIX + n, vars[n]])) };
      return { key: `wa:${ws}:${c.connectionId}:t${c.waTemplateId}:${names.join(',')}:${c.headerMediaUrl ?? ''}`, item: { ...m.item, contact: { ...m.item.contact, fields } } };
    }
    if (m.channel === 'whatsapp') {
      this.#contents.set(m.item.deliveryId, { text: (c.text as string | null) ?? null, media: (c.media as SessionContent['media']) ?? null });
      return { key: `wa:${ws}:${c.connectionId}:session`, item: m.item };
    }
    if (c.templateId) {
      const fields = { ...m.item.contact.fields, ...vars };
      return { key: `email:${ws}:t${c.templateId}:i${c.from ?? ''}`, item: { ...m.item, contact: { ...m.item.contact, fields } } };
    }
    return { key: `email:${ws}:m${m.messageId}`, item: m.item };
  }

  /** The sender for a key (prepared on first use). `m` is any message of that key. */
  get(key: string, m: ClaimedMessage): Promise<ChannelSender> {
    const hit = this.#map.get(key);
    if (hit) {
      hit.usedAt = Date.now();
      return hit.sender;
    }
    const perMessage = key.startsWith('email:') && !(m.content as { templateId?: number }).templateId;
    const sender = this.#prepare(m);
    sender.catch(() => this.#map.delete(key));
    this.#map.set(key, { sender, usedAt: Date.now(), perMessage });
    return sender;
  }

  async #prepare(m: ClaimedMessage): Promise<ChannelSender> {
    const c = m.content as Record<string, unknown>;
    const ws = m.item.workspaceId;
    const base = { id: 0, workspaceId: ws, name: 'transactional message' };
    if (m.channel === 'whatsapp' && c.waTemplateId) {
      const vars = Object.keys((c.variables ?? {}) as Record<string, string>);
      const content = { waTemplateId: c.waTemplateId, variables: Object.fromEntries(vars.map((n) => [n, { field: VAR_PREFIX + n }])), ...(c.headerMediaUrl ? { headerMediaUrl: c.headerMediaUrl } : {}) };
      return channelAdapter('whatsapp').prepare(this.ctx, { ...base, channel: 'whatsapp', content, settings: { connectionId: c.connectionId } });
    }
    if (m.channel === 'whatsapp') {
      const conn = await this.ctx.db.selectFrom('wa_connections').selectAll().where('workspace_id', '=', ws).where('id', '=', Number(c.connectionId)).where('deleted_at', 'is', null).executeTakeFirst();
      if (!conn) throw new Error('The WhatsApp number of this message was removed.');
      const token = decryptSecret(this.ctx.keys.encryptionKey, conn.access_token_enc);
      const poster = new GraphPoster(this.ctx.outbound, conn.graph_base_url, conn.api_version, token, 8);
      return new WaSessionSender(this.ctx, conn, poster, (item) => this.#contents.get(item.deliveryId) ?? { text: null, media: null });
    }
    const settings = { senderIdentityId: (c.from as number | null) ?? null, trackOpens: true, trackClicks: true };
    if (c.templateId) {
      const t = await this.ctx.db.selectFrom('templates').selectAll().where('workspace_id', '=', ws).where('id', '=', Number(c.templateId)).executeTakeFirstOrThrow();
      const content = { format: t.format, source: t.source, subject: t.subject, preheader: t.preheader, textOverride: t.text_override, dir: t.dir };
      return channelAdapter('email').prepare(this.ctx, { ...base, channel: 'email', content, settings });
    }
    const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
    const text = String(c.text ?? '');
    // Free text is not a template: Liquid syntax in it is shown as written, never evaluated.
    const raw = (s: string) => `{% raw %}${s.replace(/\{%\s*endraw\s*%\}/g, '')}{% endraw %}`;
    const html = c.html ? String(c.html) : `<div style="white-space:pre-wrap">${esc(text)}</div>`;
    const content = { format: 'html', source: raw(html), subject: raw(String(c.subject ?? '')), textOverride: raw(text) };
    return channelAdapter('email').prepare(this.ctx, { ...base, channel: 'email', content, settings: { ...settings, trackClicks: false } });
  }

  /** Forgets per-message data of finished items; closes senders unused for `idleMs` and per-message ones at once. */
  async sweep(done: number[], idleMs = 60_000): Promise<void> {
    for (const id of done) this.#contents.delete(id);
    const now = Date.now();
    for (const [key, e] of this.#map) {
      if (e.perMessage || now - e.usedAt > idleMs) {
        this.#map.delete(key);
        void e.sender.then((s) => s.close()).catch(() => undefined);
      }
    }
  }

  async closeAll(kill = false): Promise<void> {
    const all = [...this.#map.values()];
    this.#map.clear();
    await Promise.allSettled(all.map((e) => e.sender.then((s) => (kill ? s.destroy?.() : s.close()))));
  }
}
