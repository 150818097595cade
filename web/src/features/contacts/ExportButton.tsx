/**
 * Export the list being viewed to CSV or XLSX: starts an export job, waits for it, downloads the file.
 * Disabled (with the reason) when the view combines filters the export API cannot express.
 */
import { Button, Menu, Tooltip, type ButtonProps } from '@mantine/core';
import { useState } from 'react';
import { exportDownloadUrl, getExport, startExport, type ExportFormat, type ExportSpec } from '../../api/exports.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { notifyError, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';

/** The export matching the contacts view's filters, or null when they cannot be exported as one list. */
export function exportSpecFor(v: { q?: string; groupId?: number; segmentId?: number; emailStatus?: string }): ExportSpec | null {
  if (v.q) return null;
  const status = v.emailStatus && ['unsubscribed', 'bounced', 'invalid'].includes(v.emailStatus) ? (v.emailStatus as ExportSpec['kind']) : null;
  const n = [v.groupId, v.segmentId, v.emailStatus].filter(Boolean).length;
  if (n > 1 || (v.emailStatus && !status)) return null;
  if (v.groupId) return { kind: 'group', groupId: v.groupId };
  if (v.segmentId) return { kind: 'segment', segmentId: v.segmentId };
  if (status) return { kind: status };
  return { kind: 'all' };
}

export function ExportButton({ spec, columns, ...props }: { spec: ExportSpec | null; columns?: string[] } & ButtonProps) {
  const { t, num } = useI18n();
  const [busy, setBusy] = useState(false);
  const run = async (format: ExportFormat) => {
    if (!spec) return;
    setBusy(true);
    try {
      let job = await startExport({ ...spec, format, columns });
      // The file is written by a background job; poll until it is ready (large exports take a while).
      while (job.status === 'queued' || job.status === 'running') {
        await new Promise((r) => setTimeout(r, 1000));
        job = await getExport(job.id);
      }
      if (job.status === 'failed') throw new Error(job.error ?? t('export.failed'));
      notifySuccess(t('export.ready', { n: num(job.rowCount) }));
      window.location.assign(exportDownloadUrl(job.id));
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  const button = (
    <Button variant="default" loading={busy} disabled={!spec} leftSection={<Icon name="download" size={16} />} {...props}>
      {t('export.button')}
    </Button>
  );
  if (!spec) return <Tooltip label={t('export.unsupported')}>{button}</Tooltip>;
  return (
    <Menu withinPortal position="bottom-end">
      <Menu.Target>{button}</Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => run('csv')}>{t('export.csv')}</Menu.Item>
        <Menu.Item onClick={() => run('xlsx')}>{t('export.xlsx')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
