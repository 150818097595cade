/**
 * Change the signed-in user's password. `forced` is the gate shown when the account must change a
 * one-time password before using the app.
 */
import { Alert, Button, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { changePassword } from '../../api/auth.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { SESSION_KEY } from '../../app/session.js';
import { ErrorAlert, fieldError, notifySuccess } from '../../ui/feedback.js';
import { AuthFrame } from './AuthFrame.js';

export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat.length > 0 && repeat !== next;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      notifySuccess(t('password.changed'));
      setCurrent('');
      setNext('');
      setRepeat('');
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const form = (
    <form onSubmit={submit} noValidate>
      <Stack>
        {forced && <Alert color="yellow">{t('password.forced')}</Alert>}
        <ErrorAlert error={fieldError(error, 'currentPassword') || fieldError(error, 'newPassword') ? null : error} />
        <PasswordInput label={t('password.current')} required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={fieldError(error, 'currentPassword')} autoComplete="current-password" />
        <PasswordInput label={t('password.new')} description={t('password.rule')} required value={next} onChange={(e) => setNext(e.currentTarget.value)} error={fieldError(error, 'newPassword')} autoComplete="new-password" />
        <PasswordInput label={t('password.repeat')} required value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? t('password.mismatch') : undefined} autoComplete="new-password" />
        <Button type="submit" loading={busy} disabled={!current || next.length < 8 || mismatch}>
          {t('password.save')}
        </Button>
      </Stack>
    </form>
  );
  if (forced) return <AuthFrame title={t('password.title')}>{form}</AuthFrame>;
  return (
    <Paper withBorder p="lg" maw={480}>
      <Title order={2} mb="md">
        {t('password.title')}
      </Title>
      {form}
    </Paper>
  );
}
