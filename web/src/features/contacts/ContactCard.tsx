/**
 * One contact: editable attributes and custom fields, groups, per-channel status with its consent
 * evidence timeline, privacy actions, and the activity area later features (messages) will fill.
 */
import { Anchor, Badge, Button, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { deleteContact, eraseContact, getContact } from '../../api/contacts.js';
import { listFields } from '../../api/fields.js';
import { ContactMessages } from '../email/reports/ContactMessages.js';
import { download } from '../../api/client.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ConfirmButton } from '../../ui/ConfirmButton.js';
import { ErrorAlert, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { ChannelStatuses } from './ChannelStatuses.js';
import { ContactForm } from './ContactForm.js';
import { GroupMemberships } from './GroupMemberships.js';

export function ContactCard() {
  const { t, dateTime } = useI18n();
  const { canWrite, canAdmin } = useSession();
  const id = Number(useParams().id);
  const nav = useNavigate();
  const qc = useQueryClient();
  const contact = useQuery({ queryKey: ['contact', id], queryFn: () => getContact(id) });
  const fields = useQuery({ queryKey: ['fields'], queryFn: listFields });
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['contact', id] }), qc.invalidateQueries({ queryKey: ['contacts'] })]);

  if (contact.isPending) return <Loader aria-label={t('common.loading')} />;
  if (contact.error) return <ErrorAlert error={contact.error} />;
  const c = contact.data;
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.phone || `#${c.id}`;
  return (
    <Stack>
      <Anchor component={Link} to="/contacts" size="sm">
        <Group gap={4}><Icon name="arrowLeft" size={14} directional />{t('contact.back')}</Group>
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2}>{name}</Title>
            {c.deletedAt && <Badge color="red">{t('contact.inBin')}</Badge>}
            {c.erasedAt && <Badge color="gray">{t('contact.erased')}</Badge>}
            {c.protected && <Badge color="grape">{t('contact.protected')}</Badge>}
          </Group>
          <Text size="sm" c="dimmed">
            {t('contact.meta', { source: c.source, created: dateTime(c.createdAt), updated: dateTime(c.updatedAt) })}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<Icon name="download" size={14} />} onClick={() => download(`/contacts/${c.id}/export`)}>
            {t('contact.exportData')}
          </Button>
          {canWrite && !c.deletedAt && (
            <ConfirmButton size="xs" color="red" variant="light" title={t('contact.delete')} message={t('contact.deleteConfirm')} confirmLabel={t('common.delete')}
              onConfirm={async () => { await deleteContact(c.id); notifySuccess(t('contact.deleted')); await refresh(); nav('/contacts'); }}>
              {t('common.delete')}
            </ConfirmButton>
          )}
          {canAdmin && !c.erasedAt && (
            <ConfirmButton size="xs" color="red" title={t('contact.erase')} message={t('contact.eraseConfirm')} confirmLabel={t('contact.erase')}
              onConfirm={async () => { await eraseContact(c.id); notifySuccess(t('contact.erasedDone')); await refresh(); }}>
              {t('contact.erase')}
            </ConfirmButton>
          )}
        </Group>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={4} mb="sm">{t('contact.details')}</Title>
              <ContactForm contact={c} fields={fields.data ?? []} readOnly={!canWrite || !!c.deletedAt || !!c.erasedAt} onSaved={refresh} />
            </Paper>
            <Paper withBorder p="md" aria-labelledby="activity-title">
              <Group gap="xs" mb="xs">
                <Icon name="activity" />
                <Title order={4} id="activity-title">{t('contact.activity')}</Title>
              </Group>
              <ContactMessages contactId={c.id} />
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={4} mb="sm">{t('contact.groups')}</Title>
              <GroupMemberships contactId={c.id} groups={c.groups} readOnly={!canWrite || !!c.deletedAt} onChanged={refresh} />
            </Paper>
            <Paper withBorder p="md">
              <Title order={4} mb="sm">{t('contact.channels')}</Title>
              <ChannelStatuses contact={c} readOnly={!canWrite || !!c.deletedAt || !!c.erasedAt} onChanged={refresh} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
