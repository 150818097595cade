/**
 * Background work of the WhatsApp channel: the webhook-processing loop (woken at once when this process stored
 * a webhook, polling otherwise), template sync every 15 minutes, and hourly housekeeping (per-chat history cap,
 * processed webhook rows, old de-duplication keys).
 */
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.js';
import type { JobHandler } from '../../workers/types.js';
import { syncTemplates } from './templates/templates.service.js';
import { inboxSignal } from './webhooks/inbox-writer.js';
import { processWhatsappOnce } from './webhooks/process.js';

/** Deletes the oldest messages of every chat beyond the workspace's history cap (default 1,000), set-based. */
export async function pruneHistory(ctx: AppContext): Promise<number> {
  const r = await sql`
    delete from wa_messages m using (
      select x.id from (
        select wm.id, row_number() over (partition by wm.conversation_id order by wm.id desc) as rn, coalesce(s.history_cap, 1000) as cap
        from wa_messages wm
        join wa_conversations c on c.id = wm.conversation_id
        left join wa_settings s on s.workspace_id = c.workspace_id
        where c.message_count > coalesce(s.history_cap, 1000)
      ) x where x.rn > x.cap
    ) old where m.id = old.id`.execute(ctx.db);
  // Keep message_count honest for the chats just trimmed.
  await sql`update wa_conversations c set message_count = (select count(*) from wa_messages m where m.conversation_id = c.id)
    where c.message_count > coalesce((select history_cap from wa_settings s where s.workspace_id = c.workspace_id), 1000)`.execute(ctx.db);
  return Number(r.numAffectedRows ?? 0);
}

/** Syncs the templates of every live number (errors are logged per number; one bad token does not stop the rest). */
export async function syncAllTemplates(ctx: AppContext): Promise<void> {
  const conns = await ctx.db.selectFrom('wa_connections').select(['id', 'workspace_id']).where('deleted_at', 'is', null).where('halted_at', 'is', null).execute();
  for (const c of conns) {
    await syncTemplates(ctx, c.workspace_id, c.id).catch((err) => ctx.log.warn('whatsapp template sync failed', { connectionId: c.id, err: (err as Error).message }));
  }
}

export const whatsappJobHandlers: Record<string, JobHandler> = {
  'whatsapp.templates.sync': async (ctx) => syncAllTemplates(ctx),
  'whatsapp.housekeeping': async (ctx) => {
    await pruneHistory(ctx);
    await sql`delete from wa_webhook_inbox where processed_at < now() - interval '3 days'`.execute(ctx.db);
    await sql`delete from wa_status_seen where at < now() - interval '30 days'`.execute(ctx.db);
  },
};

export const whatsappRecurring = [
  { kind: 'whatsapp.templates.sync', everySeconds: 15 * 60 },
  { kind: 'whatsapp.housekeeping', everySeconds: 3600 },
];

/** The webhook-processing loop hosted by every worker process. */
export const whatsappWebhookLoop = {
  name: 'whatsapp-webhooks',
  start(ctx: AppContext, _workerId: string) {
    let stopped = false;
    let wake: (() => void) | null = null;
    const onStored = () => wake?.();
    inboxSignal.on('stored', onStored);
    const done = (async () => {
      while (!stopped) {
        try {
          await processWhatsappOnce(ctx);
        } catch (err) {
          if (!stopped) ctx.log.warn('whatsapp webhook loop error', { err: (err as Error).message });
        }
        if (stopped) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 500);
        });
        wake = null;
      }
    })();
    return {
      async stop() {
        stopped = true;
        inboxSignal.off('stored', onStored);
        wake?.();
        await done;
      },
    };
  },
};
