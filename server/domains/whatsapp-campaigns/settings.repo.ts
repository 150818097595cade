/**
 * The workspace's WhatsApp campaign settings: the consent policy for utility templates
 * (`whatsapp.utilityRequiresOptIn`) and the editable per-message price list of the cost estimate.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/**
 * Default per-message rates (USD per delivered template) by pricing category. Meta charges per delivered template
 * under per-message pricing (reference §5.6): marketing and authentication always, utility only outside an open
 * service window, service (free-form) never. The numbers are placeholders to edit to your market's price list —
 * Meta's rates differ by recipient country and volume tier.
 */
export const DEFAULT_RATES: Record<string, number> = {
  marketing: 0.025,
  utility: 0.004,
  authentication: 0.004,
  authentication_international: 0.03,
  service: 0,
};

export interface WaCampaignSettingsValue {
  utilityRequiresOptIn: boolean;
  currency: string;
  rates: Record<string, number>;
  /** True while the rates are the built-in placeholders. */
  defaultRates: boolean;
}

/** The settings of a workspace (defaults when never saved). */
export async function getWaCampaignSettings(db: Db, workspaceId: number): Promise<WaCampaignSettingsValue> {
  const r = await sql<{ utility_requires_opt_in: boolean; currency: string; rates: Record<string, number> | string }>`
    select utility_requires_opt_in, currency, rates from wa_campaign_settings where workspace_id = ${workspaceId}`.execute(db);
  const row = r.rows[0];
  const saved = row ? ((typeof row.rates === 'string' ? JSON.parse(row.rates) : row.rates) as Record<string, number>) : {};
  return {
    utilityRequiresOptIn: row?.utility_requires_opt_in ?? false,
    currency: row?.currency ?? 'USD',
    rates: { ...DEFAULT_RATES, ...saved },
    defaultRates: Object.keys(saved).length === 0,
  };
}

/** Saves settings (partial). */
export async function saveWaCampaignSettings(db: Db, workspaceId: number, v: { utilityRequiresOptIn?: boolean; currency?: string; rates?: Record<string, number> }): Promise<void> {
  const cur = await getWaCampaignSettings(db, workspaceId);
  const rates = v.rates ? { ...(cur.defaultRates ? {} : cur.rates), ...v.rates } : cur.defaultRates ? {} : cur.rates;
  await sql`insert into wa_campaign_settings (workspace_id, utility_requires_opt_in, currency, rates, updated_at)
    values (${workspaceId}, ${v.utilityRequiresOptIn ?? cur.utilityRequiresOptIn}, ${v.currency ?? cur.currency}, ${JSON.stringify(rates)}::jsonb, now())
    on conflict (workspace_id) do update set utility_requires_opt_in = excluded.utility_requires_opt_in, currency = excluded.currency,
      rates = excluded.rates, updated_at = now()`.execute(db);
}
