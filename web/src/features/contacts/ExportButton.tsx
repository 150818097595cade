/** Export a selection of contacts to CSV or XLSX: starts an export job, waits for it, downloads the file. */
import { Button, Menu, type ButtonProps } from '@mantine/core';
import { useState } from 'react';
import { exportDownloadUrl, getExport, startExport, type ExportFormat } from '../../api/exports.js';
import type { Selection } from '../../api/groups.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { notifyError, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';

export function ExportButton({ selection, ...props }: { selection: Selection & { groupId?: number; segmentId?: number; emailStatus?: string } } & ButtonProps) {
  const { t, num } = useI18n();
  const [busy, setBusy] = useState(false);
  const run = async (format: ExportFormat) => {
    setBusy(true);
    try {
      let job = await startExport({ format, ...selection });
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
  return (
    <Menu withinPortal position="bottom-end">
      <Menu.Target>
        <Button variant="default" loading={busy} leftSection={<Icon name="download" size={16} />} {...props}>{t('export.button')}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => run('csv')}>{t('export.csv')}</Menu.Item>
        <Menu.Item onClick={() => run('xlsx')}>{t('export.xlsx')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
