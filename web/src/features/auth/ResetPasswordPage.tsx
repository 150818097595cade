/**
 * Password reset, both halves on /reset-password: without a token, ask for the emailed link; with
 * `?token=` (the link in the email), set the new password.
 */
import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { confirmPasswordReset, requestPasswordReset } from '../../api/auth.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { ErrorAlert, fieldError } from '../../ui/feedback.js';
import { AuthFrame } from './AuthFrame.js';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  return token ? <ConfirmReset token={token} /> : <RequestReset />;
}

function RequestReset() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset(email.trim());
      setSent(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthFrame title={t('reset.title')} subtitle={t('reset.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {sent ? <Alert color="teal">{t('reset.sent')}</Alert> : <ErrorAlert error={fieldError(error, 'email') ? null : error} />}
          <TextInput label={t('login.email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, 'email')} autoFocus />
          <Button type="submit" loading={busy} fullWidth>
            {t('reset.send')}
          </Button>
          <Anchor component={Link} to="/login" size="sm" ta="center">
            {t('reset.back')}
          </Anchor>
        </Stack>
      </form>
    </AuthFrame>
  );
}

function ConfirmReset({ token }: { token: string }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat.length > 0 && repeat !== password;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await confirmPasswordReset(token, password);
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthFrame title={t('reset.newTitle')}>
      {done ? (
        <Stack>
          <Alert color="teal">{t('reset.done')}</Alert>
          <Button component={Link} to="/login">
            {t('login.submit')}
          </Button>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert error={fieldError(error, 'password') ? null : error} />
            <PasswordInput label={t('password.new')} description={t('password.rule')} required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(error, 'password')} autoComplete="new-password" autoFocus />
            <PasswordInput label={t('password.repeat')} required value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? t('password.mismatch') : undefined} autoComplete="new-password" />
            <Button type="submit" loading={busy} disabled={password.length < 8 || mismatch} fullWidth>
              {t('reset.set')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
