/** Step 1: choose or drop a CSV/XLSX file; it is uploaded at once and becomes a draft import. */
import { Alert, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { uploadImport, type ImportView } from '../../api/imports.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { ErrorAlert } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';

export function UploadStep({ onUploaded }: { onUploaded: (imp: ImportView) => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [over, setOver] = useState(false);

  const send = async (file: File | undefined) => {
    if (!file) return;
    setBusy(file.name);
    setError(null);
    try {
      onUploaded(await uploadImport(file));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <Stack>
      <ErrorAlert error={error} />
      <Paper
        withBorder
        p="xl"
        radius="md"
        style={{ borderStyle: 'dashed', borderWidth: 2, borderColor: over ? 'var(--mantine-color-blue-5)' : undefined, background: over ? 'var(--mantine-color-blue-light)' : undefined }}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void send(e.dataTransfer.files[0]);
        }}
      >
        <Stack align="center" gap="sm" py="lg">
          {busy ? <Loader aria-label={t('imports.uploading', { name: busy })} /> : <Icon name="upload" size={40} />}
          <Text fw={600}>{busy ? t('imports.uploading', { name: busy }) : t('imports.dropHere')}</Text>
          <Text size="sm" c="dimmed" ta="center" maw={480}>{t('imports.formats')}</Text>
          <input
            ref={input}
            id="import-file"
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            style={{ display: 'none' }}
            aria-label={t('imports.chooseFile')}
            onChange={(e) => void send(e.currentTarget.files?.[0])}
          />
          <Group>
            <Button onClick={() => input.current?.click()} disabled={!!busy}>{t('imports.chooseFile')}</Button>
          </Group>
        </Stack>
      </Paper>
      <Alert variant="light" color="blue">{t('imports.uploadHint')}</Alert>
    </Stack>
  );
}
