import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  AttachmentOutput, Case, CommentOutput, RemediationOutput, TimelineEvent, WorkOrderOutput,
} from '../../../shared/cases';
import type { OrgUnitOutput, UserOutput } from '../../../shared/platform';
import { ApiError, get } from '../../lib/api';

// Everything the case page reads, and the one way it writes: a mutation that refreshes the
// case and its tabs afterwards, and on 409 stale_write says so and reloads what changed under us.

export type WorkOrder = z.infer<typeof WorkOrderOutput>;
export type Remediation = z.infer<typeof RemediationOutput> & { caseNumber?: string };
export type Attachment = z.infer<typeof AttachmentOutput>;
export type Comment = z.infer<typeof CommentOutput>;
export type Event = z.infer<typeof TimelineEvent>;
export type OrgUnit = z.infer<typeof OrgUnitOutput>;
export type User = z.infer<typeof UserOutput>;
interface Items<T> { items: T[]; nextCursor?: string | null }

export const caseKey = (id: string) => ['case', id] as const;

export function useCase(id: string) {
  return useQuery({ queryKey: caseKey(id), queryFn: () => get<Case>(`/cases/${id}`) });
}

/** One of the case's sub-resources (timeline, comments, work-orders, remediations, attachments, links). */
export function useCaseList<T>(id: string, what: string, enabled = true) {
  return useQuery({
    queryKey: [...caseKey(id), what],
    queryFn: () => get<Items<T>>(`/cases/${id}/${what}`).then((r) => r.items),
    enabled,
  });
}

/** Resolver groups of the whole organisation (transfer and dispatch pickers). */
export function useGroups(enabled = true) {
  return useQuery({ queryKey: ['groups'], queryFn: () => get<Items<OrgUnit>>('/groups').then((r) => r.items), staleTime: 300_000, enabled });
}

/**
 * A write on the case. Afterwards the case and every tab are fetched again (the timeline grows with
 * every action). A 409 stale_write means someone else got there first: say so and reload.
 */
export function useCaseAction<V>(id: string, fn: (v: V) => Promise<unknown>, opts: { onDone?: () => void; quiet?: boolean } = {}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation('caseDetail');
  return useMutation({
    mutationFn: fn,
    onSuccess: (data) => {
      if (data && typeof data === 'object' && 'number' in data && 'firstResponderId' in data && (data as Case).id === id) {
        qc.setQueryData(caseKey(id), data);
      }
      if (!opts.quiet) void message.success(t('done'));
      opts.onDone?.();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'stale_write') {
        // Our words, not the server's "refresh and retry": the page has already reloaded itself.
        void message.warning(t('stale'));
      } else {
        void message.error(err instanceof Error ? err.message : String(err));
      }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: caseKey(id) }),
  });
}

/** `1.2 MB` style sizes. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Fen → `12.50`. */
export const yuan = (cents: number) => (cents / 100).toFixed(2);

/** Users matching a search, for pickers. */
export function searchUsers(q: string, groupId?: string) {
  const params = new URLSearchParams({ limit: '20', active: 'true' });
  if (q) params.set('q', q);
  if (groupId) params.set('orgUnitId', groupId);
  return get<Items<User>>(`/users?${params}`).then((r) => r.items);
}

/** Cases matching a search (by number or text), for merge and link pickers. */
export function searchCases(q: string) {
  return get<Items<Case>>(`/cases?limit=20&q=${encodeURIComponent(q)}`).then((r) => r.items);
}
