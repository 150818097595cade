/**
 * The media library: images served by Clarion at stable URLs for use in emails. PNG, JPG and GIF up to 1.5 MB;
 * the server refuses anything else and its message is shown as is.
 */
import { ActionIcon, Alert, Card, FileButton, Group, Image, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { deleteMedia, listMedia, uploadMedia } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, errorMessage, notifyError } from '../../../ui/feedback.js';
import { Icon } from '../../../ui/icons.js';
import { CopyIcon } from '../settings/DomainsPanel.js';
import { Button } from '@mantine/core';

export function MediaLibrary() {
  const { t, num } = useI18n();
  const { canWrite } = useSession();
  const qc = useQueryClient();
  const media = useQuery({ queryKey: ['media'], queryFn: () => listMedia() });
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const upload = async (files: File[]) => {
    setBusy(true);
    setErrors([]);
    const errs: string[] = [];
    for (const f of files) {
      try {
        await uploadMedia(f);
      } catch (err) {
        errs.push(`${f.name}: ${errorMessage(err)}`);
      }
    }
    setErrors(errs);
    setBusy(false);
    await qc.invalidateQueries({ queryKey: ['media'] });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">{t('email.media.help')}</Text>
        {canWrite && (
          <FileButton onChange={(f) => f.length && void upload(f)} accept="image/png,image/jpeg,image/gif" multiple>
            {(props) => <Button {...props} loading={busy} leftSection={<Icon name="upload" size={16} />}>{t('email.media.upload')}</Button>}
          </FileButton>
        )}
      </Group>
      {errors.length > 0 && <Alert color="red" role="alert" title={t('email.media.refused')}>{errors.map((e) => <Text key={e} size="sm">{e}</Text>)}</Alert>}
      <ErrorAlert error={media.error} />
      {media.data?.data.length === 0 && <Text c="dimmed" ta="center" py="md">{t('email.media.none')}</Text>}
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }}>
        {media.data?.data.map((m) => (
          <Card key={m.id} withBorder padding="xs">
            <Card.Section><Image src={m.url} alt={m.name} h={120} fit="contain" bg="gray.0" /></Card.Section>
            <Text size="xs" mt={6} lineClamp={1} title={m.name}>{m.name}</Text>
            <Group justify="space-between" gap={0}>
              <Text size="xs" c="dimmed">{num(Math.round(m.size / 1024))} KB</Text>
              <Group gap={0}>
                <CopyIcon value={new URL(m.url, window.location.origin).href} label={t('email.media.copyUrl')} />
                {canWrite && (
                  <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')}
                    onClick={async () => { try { await deleteMedia(m.id); await qc.invalidateQueries({ queryKey: ['media'] }); } catch (err) { notifyError(err); } }}>
                    <Icon name="trash" size={16} />
                  </ActionIcon>
                )}
              </Group>
            </Group>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
