/** Workspace settings: name, default phone country (used to read local numbers), timezone. */
import { Button, Paper, Select, Stack, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { updateWorkspace } from '../../api/workspace.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useApplySession, useSession } from '../../app/session.js';
import { ErrorAlert, fieldError, notifySuccess } from '../../ui/feedback.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { countryOptions } from './countries.js';

export function WorkspaceSettingsPage() {
  const { t, lang } = useI18n();
  const { session, canAdmin } = useSession();
  const apply = useApplySession();
  const w = session.workspace;
  const [name, setName] = useState(w.name);
  const [country, setCountry] = useState<string | null>(w.defaultCountry);
  const [tz, setTz] = useState<string | null>(w.timezone);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setName(w.name);
    setCountry(w.defaultCountry);
    setTz(w.timezone);
  }, [w.id, w.name, w.defaultCountry, w.timezone]);
  const timezones = useMemo(() => {
    const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    return [...new Set(['UTC', w.timezone, ...all])];
  }, [w.timezone]);
  const countries = useMemo(() => countryOptions(lang), [lang]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await updateWorkspace({ name, defaultCountry: country ?? undefined, timezone: tz ?? undefined });
      apply(s);
      notifySuccess(t('common.saved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title={t('workspace.title')} description={t('workspace.description')} />
      <Paper withBorder p="lg" maw={560}>
        <form onSubmit={submit}>
          <Stack>
            <ErrorAlert error={error && !['name', 'defaultCountry', 'timezone'].some((f) => fieldError(error, f)) ? error : null} />
            <TextInput label={t('workspace.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required disabled={!canAdmin} error={fieldError(error, 'name')} />
            <Select label={t('workspace.defaultCountry')} description={t('workspace.defaultCountryHint')} data={countries} value={country} onChange={setCountry} searchable disabled={!canAdmin} error={fieldError(error, 'defaultCountry')} allowDeselect={false} />
            <Select label={t('workspace.timezone')} data={timezones} value={tz} onChange={setTz} searchable disabled={!canAdmin} error={fieldError(error, 'timezone')} allowDeselect={false} limit={100} />
            {canAdmin && (
              <Button type="submit" loading={busy} w="fit-content">
                {t('common.save')}
              </Button>
            )}
          </Stack>
        </form>
      </Paper>
    </>
  );
}
