/**
 * The signed-in session as a query (`['session']`). Keeps the API client's CSRF token in step and
 * exposes role checks so screens can hide what the role cannot do (the API enforces it anyway).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { fetchSession, type Role, type SessionView } from '../api/auth.js';
import { setCsrfToken, setUnauthorizedHandler } from '../api/client.js';

export const SESSION_KEY = ['session'] as const;

/** The session query; `data` is null when signed out. */
export function useSessionQuery() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000 });
  useEffect(() => {
    setCsrfToken(q.data?.csrfToken ?? null);
  }, [q.data]);
  useEffect(() => {
    // Any 401 from the API means the session ended (expired, logged out elsewhere): forget it.
    setUnauthorizedHandler(() => qc.setQueryData(SESSION_KEY, null));
    return () => setUnauthorizedHandler(null);
  }, [qc]);
  return q;
}

/** Stores a fresh session (after login or workspace switch) and drops every cached workspace query. */
export function useApplySession() {
  const qc = useQueryClient();
  return (s: SessionView | null) => {
    setCsrfToken(s?.csrfToken ?? null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    qc.setQueryData(SESSION_KEY, s);
  };
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, manager: 2, owner: 3 };

/** The current session (inside the auth guard it is never null) and role helpers. */
export function useSession() {
  const { data } = useSessionQuery();
  const s = data as SessionView;
  return {
    session: s,
    canWrite: !!s && RANK[s.role] >= RANK.editor,
    canAdmin: !!s && RANK[s.role] >= RANK.manager,
    isOwner: !!s && s.role === 'owner',
  };
}
