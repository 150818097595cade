/**
 * The segment builder: a name, the AND/OR condition tree, a live count (re-counted as you edit, once
 * every condition is complete) and a preview of the first matching contacts. /segments/new or /segments/:id.
 */
import { Anchor, Button, Grid, Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { matchAll, type FilterGroup } from '../../../../common/segments.js';
import { listFields } from '../../api/fields.js';
import { listGroups } from '../../api/groups.js';
import { countFilter, createSegment, getSegment, listSegments, previewFilter, updateSegment } from '../../api/segments.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useSession } from '../../app/session.js';
import { ErrorAlert, fieldError, notifySuccess } from '../../ui/feedback.js';
import { Icon } from '../../ui/icons.js';
import { FilterGroupEditor } from './FilterGroupEditor.js';
import { isComplete } from './ruleModel.js';

export function SegmentEditorPage() {
  const { t } = useI18n();
  const params = useParams();
  const id = params.id && params.id !== 'new' ? Number(params.id) : null;
  const existing = useQuery({ queryKey: ['segment', id], queryFn: () => getSegment(id!), enabled: id !== null });
  if (id !== null && existing.isPending) return <Loader aria-label={t('common.loading')} />;
  if (existing.error) return <ErrorAlert error={existing.error} />;
  return <Editor key={id ?? 'new'} id={id} initialName={existing.data?.name ?? ''} initialFilter={existing.data?.filter ?? matchAll()} />;
}

function Editor({ id, initialName, initialFilter }: { id: number | null; initialName: string; initialFilter: FilterGroup }) {
  const { t, num } = useI18n();
  const { canWrite } = useSession();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [name, setName] = useState(initialName);
  const [filter, setFilter] = useState<FilterGroup>(initialFilter);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = useQuery({ queryKey: ['fields'], queryFn: listFields });
  const groups = useQuery({ queryKey: ['groups'], queryFn: listGroups });
  const segments = useQuery({ queryKey: ['segments'], queryFn: listSegments });

  const complete = isComplete(filter);
  const [debounced] = useDebouncedValue(filter, 350);
  const debouncedComplete = isComplete(debounced);
  const key = JSON.stringify(debounced);
  const count = useQuery({ queryKey: ['segment-count', key], queryFn: () => countFilter(debounced), enabled: debouncedComplete, placeholderData: keepPreviousData, retry: false });
  const preview = useQuery({ queryKey: ['segment-preview', key], queryFn: () => previewFilter(debounced, 20), enabled: debouncedComplete, placeholderData: keepPreviousData, retry: false });
  const stale = !complete || key !== JSON.stringify(filter) || count.isFetching;
  useEffect(() => setError(null), [filter]);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const s = id ? await updateSegment(id, { name, filter }) : await createSegment({ name, filter });
      await qc.invalidateQueries({ queryKey: ['segments'] });
      await qc.invalidateQueries({ queryKey: ['segment', s.id] });
      notifySuccess(t('segments.saved'));
      if (!id) nav(`/segments/${s.id}`, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Anchor component={Link} to="/segments" size="sm">
        <Group gap={4}><Icon name="arrowLeft" size={14} directional />{t('segments.back')}</Group>
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{id ? t('segments.edit') : t('segments.new')}</Title>
        {id && <Button variant="default" component={Link} to={`/contacts?segment=${id}`}>{t('segments.openInContacts')}</Button>}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder p="md">
            <Stack>
              <ErrorAlert error={error && !fieldError(error, 'name') ? error : null} />
              <TextInput label={t('segments.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maw={420} error={fieldError(error, 'name')} readOnly={!canWrite} />
              <FilterGroupEditor group={filter} onChange={setFilter} sources={{ fields: fields.data ?? [], groups: groups.data ?? [], segments: segments.data ?? [], selfId: id ?? undefined }} />
              {canWrite && (
                <Group>
                  <Button onClick={save} loading={busy} disabled={!name.trim() || !complete}>{t('common.save')}</Button>
                  {!complete && <Text size="sm" c="dimmed">{t('segments.incomplete')}</Text>}
                </Group>
              )}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <Paper withBorder p="md" ta="center" aria-live="polite">
              <Text size="sm" c="dimmed">{t('segments.liveCount')}</Text>
              <Group justify="center" gap="xs" mih={48}>
                <Text fz={36} fw={700} data-testid="segment-count" data-stale={stale ? 'true' : 'false'} opacity={stale ? 0.5 : 1} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {count.data !== undefined ? num(count.data) : '—'}
                </Text>
                {count.isFetching && <Loader size="xs" aria-label={t('common.loading')} />}
              </Group>
              {count.error ? <ErrorAlert error={count.error} /> : null}
            </Paper>
            <Paper withBorder p="md">
              <Title order={5} mb="xs">{t('segments.preview')}</Title>
              {preview.data?.length === 0 && <Text size="sm" c="dimmed">{t('segments.noneMatch')}</Text>}
              <Table>
                <Table.Tbody>
                  {preview.data?.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td><Anchor component={Link} to={`/contacts/${c.id}`} size="sm">{[c.firstName, c.lastName].filter(Boolean).join(' ') || '—'}</Anchor></Table.Td>
                      <Table.Td><Text size="sm" className="clarion-ltr">{c.email ?? c.phone}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
