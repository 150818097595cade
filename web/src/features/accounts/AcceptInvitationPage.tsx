/**
 * /accept-invitation?token=… (the link in the invitation email). A new person chooses their name and
 * password; an existing account must be signed in as the invited address, and then accepts with one click.
 */
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { acceptInvitation, lookupInvitation } from '../../api/accounts.js';
import { logout } from '../../api/auth.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useApplySession, useSessionQuery } from '../../app/session.js';
import { ErrorAlert, fieldError } from '../../ui/feedback.js';
import { AuthFrame } from '../auth/AuthFrame.js';

export function AcceptInvitationPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const info = useQuery({ queryKey: ['invitation', token], queryFn: () => lookupInvitation(token), enabled: token.length > 0, retry: false });
  const session = useSessionQuery();
  if (!token) return <AuthFrame title={t('accept.title')}><Alert color="red">{t('accept.noToken')}</Alert></AuthFrame>;
  if (info.error) {
    return (
      <AuthFrame title={t('accept.title')}>
        <Stack>
          <ErrorAlert error={info.error} />
          <Button component={Link} to="/login" variant="light">{t('login.submit')}</Button>
        </Stack>
      </AuthFrame>
    );
  }
  if (!info.data || session.isLoading) return <AuthFrame title={t('accept.title')}><Text>{t('common.loading')}</Text></AuthFrame>;
  const inv = info.data;
  const subtitle = t('accept.subtitle', { workspace: inv.workspaceName, role: t(`role.${inv.role}`) });
  return (
    <AuthFrame title={t('accept.title')} subtitle={subtitle}>
      {inv.needs === 'password' ? (
        <NewAccount token={token} email={inv.email} />
      ) : (
        <ExistingAccount token={token} email={inv.email} signedInAs={session.data?.user?.email ?? null} />
      )}
    </AuthFrame>
  );
}

function NewAccount({ token, email }: { token: string; email: string }) {
  const { t } = useI18n();
  const nav = useNavigate();
  const apply = useApplySession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat.length > 0 && repeat !== password;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      apply(await acceptInvitation({ token, password, name: name.trim() || undefined }));
      nav('/contacts', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert error={fieldError(error, 'password') ? null : error} />
        <TextInput label={t('login.email')} value={email} readOnly dir="ltr" />
        <TextInput label={t('members.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} autoComplete="name" autoFocus />
        <PasswordInput label={t('password.new')} description={t('password.rule')} required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(error, 'password')} autoComplete="new-password" />
        <PasswordInput label={t('password.repeat')} required value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? t('password.mismatch') : undefined} autoComplete="new-password" />
        <Button type="submit" loading={busy} disabled={password.length < 8 || mismatch} fullWidth>{t('accept.create')}</Button>
      </Stack>
    </form>
  );
}

function ExistingAccount({ token, email, signedInAs }: { token: string; email: string; signedInAs: string | null }) {
  const { t } = useI18n();
  const nav = useNavigate();
  const apply = useApplySession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const here = `/accept-invitation?token=${encodeURIComponent(token)}`;
  if (!signedInAs) {
    return (
      <Stack>
        <Alert color="blue">{t('accept.signInFirst', { email })}</Alert>
        <Button component={Link} to={`/login?next=${encodeURIComponent(here)}`}>{t('login.submit')}</Button>
      </Stack>
    );
  }
  if (signedInAs.toLowerCase() !== email.toLowerCase()) {
    return (
      <Stack>
        <Alert color="yellow">{t('accept.wrongUser', { email, current: signedInAs })}</Alert>
        <Button variant="light" onClick={async () => { await logout(); apply(null); nav(`/login?next=${encodeURIComponent(here)}`); }}>{t('accept.signOut')}</Button>
      </Stack>
    );
  }
  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      apply(await acceptInvitation({ token }));
      nav('/contacts', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <ErrorAlert error={error} />
      <Text size="sm">{t('accept.asUser', { email })}</Text>
      <Button onClick={accept} loading={busy} fullWidth>{t('accept.join')}</Button>
    </Stack>
  );
}
