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
  /** A small note under the numbers (machine opens, scanner clicks: counted apart). */
  note?: { label: MessageKey; value: number };
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
    { key: 'opened', step: 'opened', label: 'email.report.opened', value: f.opened.unique, extra: { label: 'email.report.total', value: f.opened.total }, note: { label: 'email.report.machineN', value: f.opened.machine.total }, color: 'teal.6' },
    { key: 'not_opened', step: 'not_opened', label: 'email.report.not_opened', value: Math.max(0, f.delivered - f.opened.unique), color: 'gray.5', detail: true },
    { key: 'clicked', step: 'clicked', label: 'email.report.clicked', value: f.clicked.unique, extra: { label: 'email.report.total', value: f.clicked.total }, note: { label: 'email.report.scannerN', value: f.clicked.scanner.total }, color: 'green.7' },
    { key: 'unsubscribed', step: 'unsubscribed', label: 'email.report.unsubscribed', value: f.unsubscribed, color: 'orange.6' },
    { key: 'bounced', step: 'bounced', label: 'email.report.bounced', value: f.bounced.total, color: 'red.6' },
    { key: 'bounced-hard', step: 'bounced_hard', label: 'email.report.bounced_hard', value: f.bounced.hard, color: 'red.7', detail: true },
    { key: 'bounced-soft', step: 'bounced_soft', label: 'email.report.bounced_soft', value: f.bounced.soft, color: 'red.3', detail: true },
    { key: 'complained', step: 'complained', label: 'email.report.complained', value: f.complained, color: 'grape.6' },
  );
  return rows;
}
