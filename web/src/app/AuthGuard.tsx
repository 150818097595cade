/**
 * Lets signed-in users through; sends others to /login (remembering where they were going) and
 * users who must change their password to the forced password change.
 */
import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage.js';
import { ErrorAlert } from '../ui/feedback.js';
import { LanguageSync } from './LanguageSync.js';
import { useSessionQuery } from './session.js';

export function AuthGuard({ children }: { children: ReactNode }) {
  const { data, isPending, error } = useSessionQuery();
  const loc = useLocation();
  if (isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (error) return <ErrorAlert error={error} />;
  if (!data) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (data.user?.mustChangePassword) return <ChangePasswordPage forced />;
  return (
    <>
      <LanguageSync />
      {children}
    </>
  );
}
