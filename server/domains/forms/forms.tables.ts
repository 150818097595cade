/** Kysely table types of the forms, pages, pop-ups and custom domains tables (migration 0070). */
import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string, Date | string>;
type DefTs = ColumnType<Date, Date | string | undefined, Date | string>;
type NullTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | T | undefined, string | T>;
type Id = Generated<number>;

export interface FormsTable {
  id: Id; workspace_id: number; public_id: string; name: string; version: Generated<number>; definition: Json; settings: Json;
  paused: Generated<boolean>; created_at: DefTs; updated_at: DefTs; deleted_at: NullTs;
}
export interface FormVersionsTable { form_id: number; version: number; workspace_id: number; definition: Json; settings: Json; created_at: DefTs }
export interface FormSubmissionsTable {
  id: Id; workspace_id: number; form_id: number; form_version: number; contact_id: number | null; email: string | null; phone: string | null;
  values: Json<Record<string, unknown>>; lang: string; ip: string | null; user_agent: string | null; page_url: string | null; referrer: string | null;
  utm: Json<Record<string, string>>; double_opt_in: Generated<boolean>; submitted_at: Ts; confirmed_at: NullTs; confirm_ip: string | null; created_at: DefTs;
}
export interface FormPendingTable {
  id: Id; workspace_id: number; form_id: number; form_version: number; email: string; payload: Json; created_at: DefTs; expires_at: Ts; confirmed_at: NullTs;
}
export interface FormEvidenceTable {
  id: Id; workspace_id: number; contact_id: number; form_id: number; form_version: number; submission_id: number | null; channel: string; wording: string;
  ip: string | null; user_agent: string | null; page_url: string | null; double_opt_in: boolean; submitted_at: Ts; confirmed_at: NullTs; confirm_ip: string | null; created_at: DefTs;
}
export interface FormRateTable { key: string; window_start: number; hits: Generated<number> }
export interface FormPowUsedTable { id: string; expires_at: Ts }
export interface AssetStatsDailyTable {
  workspace_id: number; kind: 'form' | 'page' | 'popup'; asset_id: number; day: string; views: Generated<number>; uniques: Generated<number>;
  submissions: Generated<number>; confirmations: Generated<number>; rejected: Generated<number>;
}
export interface AssetVisitorsTable { kind: string; asset_id: number; day: string; visitor: string }
export interface PagesTable {
  id: Id; workspace_id: number; slug: string; name: string; status: Generated<'draft' | 'published' | 'paused'>; lang: Generated<string>; settings: Json;
  project: Json | null; html: Generated<string>; css: Generated<string>; version: Generated<number>; published_version: number | null;
  created_at: DefTs; updated_at: DefTs; deleted_at: NullTs;
}
export interface PageVersionsTable {
  page_id: number; version: number; workspace_id: number; html: string; css: string; project: Json | null; settings: Json; lang: string; rendered: string | null; created_at: DefTs;
}
export interface PopupsTable {
  id: Id; workspace_id: number; name: string; form_id: number; active: Generated<boolean>; settings: Json; created_at: DefTs; updated_at: DefTs; deleted_at: NullTs;
}
export interface CustomDomainsTable {
  id: Id; workspace_id: number; host: string; token: string; verified: Generated<boolean>; cname_ok: Generated<boolean>; txt_ok: Generated<boolean>;
  last_checked_at: NullTs; verified_at: NullTs; last_error: string | null; created_at: DefTs;
}

export interface FormsTables {
  forms: FormsTable;
  form_versions: FormVersionsTable;
  form_submissions: FormSubmissionsTable;
  form_pending: FormPendingTable;
  form_evidence: FormEvidenceTable;
  form_rate: FormRateTable;
  form_pow_used: FormPowUsedTable;
  asset_stats_daily: AssetStatsDailyTable;
  asset_visitors: AssetVisitorsTable;
  pages: PagesTable;
  page_versions: PageVersionsTable;
  popups: PopupsTable;
  custom_domains: CustomDomainsTable;
}
