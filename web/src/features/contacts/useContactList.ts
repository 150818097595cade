/**
 * The contacts list state: filters from the URL (so a filtered view can be linked), a debounced search,
 * and an infinite query of cursor pages (100 rows each). Only the first page asks for the total, so
 * scrolling stays cheap at a million contacts.
 */
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { EmailStatus } from '../../../../common/contacts.js';
import type { FilterGroup, FilterRule } from '../../../../common/segments.js';
import { searchContacts, type ContactQuery } from '../../api/contacts.js';

export const PAGE_SIZE = 100;

export function useContactList() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const groupId = params.get('group') ? Number(params.get('group')) : undefined;
  const segmentId = params.get('segment') ? Number(params.get('segment')) : undefined;
  const emailStatus = (params.get('status') as EmailStatus | null) ?? undefined;
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const query: ContactQuery = { q: debouncedQ || undefined, groupId, segmentId, emailStatus, limit: PAGE_SIZE };
  const list = useInfiniteQuery({
    queryKey: ['contacts', query],
    queryFn: ({ pageParam }) => searchContacts({ ...query, cursor: pageParam, withTotal: !pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.meta.nextCursor ?? undefined,
  });

  /** The same selection as a filter tree, for "everything matching" bulk actions (not with free-text search). */
  const filter = useMemo<FilterGroup | null>(() => {
    if (debouncedQ) return null;
    const rules: FilterRule[] = [];
    if (groupId) rules.push({ kind: 'group', operator: 'in', groupId });
    if (segmentId) rules.push({ kind: 'segment', operator: 'in', segmentId });
    if (emailStatus) rules.push({ kind: 'field', field: 'email_status', operator: 'is', value: emailStatus });
    return { op: 'and', rules };
  }, [debouncedQ, groupId, segmentId, emailStatus]);

  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const total = list.data?.pages[0]?.meta.total;
  return { q, groupId, segmentId, emailStatus, set, list, rows, total, filter, query };
}
