/**
 * The 59 genuine webhook payloads of ../shared/corpora/wa-webhooks (copied to fixtures/corpus): each one, with its
 * placeholders filled, is signed with the app secret and POSTed over real HTTP, then processed. Asserted from the
 * fields' meaning, not per file: every POST is accepted, no stored row fails, every message of every change is in
 * wa_messages (unknown types raw, as 'unsupported'), every status is applied once, and every other change of every
 * entry (batched ones too) has a change-log row saying what Clarion did with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SECRET, connectNumber, postWebhook, startWaHarness, waitFor, type WaHarness } from '../test-support.js';

const DIR = join(import.meta.dirname, 'fixtures', 'corpus');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
let h: WaHarness;
let ws: { id: number; key: string };
let connId: number;

beforeAll(async () => {
  h = await startWaHarness();
  ws = await h.t.workspace();
  connId = (await connectNumber(h, ws.key, 0)).id;
});
afterAll(async () => h?.close());

type V = Record<string, unknown>;

async function fill(file: string, i: number): Promise<V> {
  const num = h.sim.config.numbers[0];
  const wa = (n: string) => `97250${String(i).padStart(3, '0')}${n.padStart(4, '0')}`;
  const out = `wamid.OUT${i}`;
  const cid = (await h.t.ctx.db.insertInto('contacts').values({ workspace_id: ws.id, phone_e164: `+97254${String(i).padStart(7, '0')}`, fields: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
  const camp = (await h.t.ctx.db.insertInto('campaigns').values({ workspace_id: ws.id, channel: 'whatsapp', name: `c${i}`, content: '{}', settings: '{}', audience: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
  await h.t.ctx.db.insertInto('deliveries').values({ workspace_id: ws.id, campaign_id: camp, contact_id: cid, channel: 'whatsapp', address: `+${wa('1')}`, status: 'sent', provider_message_id: out, sent_at: new Date() }).execute();
  for (const k of ['', '_2', '_3']) {
    await h.t.ctx.db.insertInto('wa_templates').values({ workspace_id: ws.id, connection_id: connId, name: `tpl_${i}${k}`, language: 'en', category: 'UTILITY', components: '[]', status: 'APPROVED', meta_template_id: `77${i}${k.replace('_', '')}` }).execute();
  }
  let text = readFileSync(join(DIR, file), 'utf8');
  text = text
    .replace(/"\{\{TPL(_\d)?_ID:int\}\}"/g, (_m, k: string | undefined) => `77${i}${(k ?? '').replace('_', '')}`)
    .replace(/\{\{TPL_NAME\}\}/g, `tpl_${i}`)
    .replace(/\{\{TPL_LANG\}\}/g, 'en')
    .replace(/\{\{WABA_ID\}\}/g, num.wabaId)
    .replace(/\{\{PHONE_NUMBER_ID\}\}/g, num.phoneNumberId)
    .replace(/\{\{DISPLAY_NUMBER\}\}/g, num.displayPhoneNumber)
    .replace(/\{\{WA_NEW\}\}/g, wa('9'))
    .replace(/\{\{WA(_(\d))?\}\}/g, (_m, _a, n: string | undefined) => wa(n ?? '1'))
    .replace(/\{\{REF_MID\}\}/g, `wamid.C${i}_REF`)
    .replace(/\{\{MID(_(\d))?\}\}/g, (_m, _a, n: string | undefined) => `wamid.C${i}_${n ?? '1'}`)
    .replace(/\{\{OUT\}\}/g, out);
  return (JSON.parse(text) as { payload: V }).payload;
}

describe('the webhook corpus', () => {
  it(`accepts and applies all ${files.length} payloads; nothing is dropped`, async () => {
    expect(files.length).toBe(59);
    const posted: { file: string; payload: V }[] = [];
    for (const [i, file] of files.entries()) {
      const payload = await fill(file, i);
      const res = await postWebhook(h.t.url, payload, APP_SECRET);
      expect(res.status, file).toBe(200);
      posted.push({ file, payload });
    }
    await waitFor(async () => Number((await sql<{ n: number }>`select count(*)::int as n from wa_webhook_inbox where processed_at is null`.execute(h.t.ctx.db)).rows[0].n) === 0, 60_000);
    const failed = await sql<{ id: number; error: string }>`select id, error from wa_webhook_inbox where error is not null`.execute(h.t.ctx.db);
    expect(failed.rows).toEqual([]);

    const msgs = new Map((await h.t.ctx.db.selectFrom('wa_messages').select(['wamid', 'type', 'shown']).where('workspace_id', '=', ws.id).execute()).map((m) => [m.wamid, m]));
    const seen = new Set((await sql<{ k: string }>`select wamid || '/' || status as k from wa_status_seen where workspace_id = ${ws.id}`.execute(h.t.ctx.db)).rows.map((r) => r.k));
    const logged = (await h.t.ctx.db.selectFrom('wa_webhook_changes').select(['field']).where('workspace_id', '=', ws.id).execute()).map((r) => r.field);
    let messages = 0;
    let statuses = 0;
    let others = 0;
    for (const { file, payload } of posted) {
      for (const entry of payload.entry as { changes: { field: string; value: V }[] }[]) {
        for (const c of entry.changes) {
          if (c.field !== 'messages') {
            others++;
            expect(logged, `${file}: ${c.field}`).toContain(c.field);
            continue;
          }
          for (const m of (c.value.messages ?? []) as V[]) {
            messages++;
            const row = msgs.get(String(m.id));
            expect(row, `${file}: message ${String(m.id)}`).toBeTruthy();
            expect(row!.type).toBe(String(m.type));
          }
          for (const s of (c.value.statuses ?? []) as V[]) {
            statuses++;
            expect(seen.has(`${String(s.id)}/${String(s.status)}`), `${file}: status ${String(s.status)}`).toBe(true);
          }
          if (c.value.calls) expect(logged, file).toContain('messages.calls');
        }
      }
    }
    expect(messages).toBeGreaterThan(30);
    expect(statuses).toBeGreaterThan(8);
    expect(others).toBeGreaterThan(30);
  }, 120_000);
});
