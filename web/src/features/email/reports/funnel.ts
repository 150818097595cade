/** The report funnel as rows: each step's label key, count, parent share and which contacts list it opens. */
import type { Funnel, FunnelStep } from '../../../api/reports.js';
import type { MessageKey } from '../../../app/i18n/i18n.js';

export interface FunnelRow {
  key: string;
  step: FunnelStep;
  label: MessageKey;
  value: number;
  /** A second number shown beside the first (total opens/clicks), when the step has one. */
  extra?: { label: MessageKey; value: number };
  color: string;
  /** Indented: a detail of the row above (skip reasons, hard/soft bounces). */
  detail?: boolean;
}

/** Rows in reading order: audience → skipped (by reason) → sent → delivered → opened → clicked → unsubscribed → bounced → complained. */
export function funnelRows(f: Funnel): FunnelRow[] {
  const rows: FunnelRow[] = [
    { key: 'audience', step: 'audience', label: 'email.report.audience', value: f.audience, color: 'gray.6' },
    { key: 'skipped', step: 'skipped', label: 'email.report.skipped', value: f.skipped, color: 'gray.4' },
  ];
  rows.push(
    { key: 'sent', step: 'sent', label: 'email.report.sent', value: f.sent, color: 'blue.6' },
    { key: 'failed', step: 'failed', label: 'email.report.failed', value: f.failed, color: 'red.4' },
    { key: 'delivered', step: 'delivered', label: 'email.report.delivered', value: f.delivered, color: 'cyan.6' },
    { key: 'opened', step: 'opened', label: 'email.report.opened', value: f.opened.unique, extra: { label: 'email.report.total', value: f.opened.total }, color: 'teal.6' },
    { key: 'clicked', step: 'clicked', label: 'email.report.clicked', value: f.clicked.unique, extra: { label: 'email.report.total', value: f.clicked.total }, color: 'green.7' },
    { key: 'unsubscribed', step: 'unsubscribed', label: 'email.report.unsubscribed', value: f.unsubscribed, color: 'orange.6' },
    { key: 'bounced', step: 'bounced', label: 'email.report.bounced', value: f.bounced.hard + f.bounced.soft, color: 'red.6' },
    { key: 'bounced-hard', step: 'bounced', label: 'email.report.hard', value: f.bounced.hard, color: 'red.7', detail: true },
    { key: 'bounced-soft', step: 'bounced', label: 'email.report.soft', value: f.bounced.soft, color: 'red.3', detail: true },
    { key: 'complained', step: 'complained', label: 'email.report.complained', value: f.complained, color: 'grape.6' },
  );
  return rows;
}
