/** Sign in with email and password; on success go where the user was heading. */
import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { login } from '../../api/auth.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useApplySession, useSessionQuery } from '../../app/session.js';
import { ErrorAlert, fieldError } from '../../ui/feedback.js';
import { AuthFrame } from './AuthFrame.js';

export function LoginPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const nav = useNavigate();
  const apply = useApplySession();
  const session = useSessionQuery();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/contacts';

  if (session.data) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      apply(await login(email.trim(), password));
      nav(next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const general = error && !fieldError(error, 'email') && !fieldError(error, 'password') ? error : null;
  return (
    <AuthFrame title={t('login.title')} subtitle={t('login.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={general} />
          <TextInput label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, 'email')} autoFocus />
          <PasswordInput label={t('login.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(error, 'password')} />
          <Button type="submit" loading={busy} fullWidth>
            {t('login.submit')}
          </Button>
          <Anchor component={Link} to="/reset-password" size="sm" ta="center">
            {t('login.forgot')}
          </Anchor>
        </Stack>
      </form>
    </AuthFrame>
  );
}
