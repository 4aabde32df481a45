import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CategoryOutput } from '../../../shared/cases';
import type { OrgUnitOutput } from '../../../shared/platform';
import { ApiError, get } from '../../lib/api';

// Data for the administration tabs: the org tree, the category tree, and a write helper that
// refreshes the right queries and turns 409 stale_write into "reloaded, try again".

export type OrgUnit = z.infer<typeof OrgUnitOutput> & { children?: OrgUnit[] };
export type Category = z.infer<typeof CategoryOutput> & { children?: Category[] };

export function useOrgTree() {
  return useQuery({ queryKey: ['admin', 'org-tree'], queryFn: () => get<{ items: OrgUnit[] }>('/org-units?tree=1').then((r) => r.items) });
}

export function useCategoryTree() {
  return useQuery({
    queryKey: ['admin', 'category-tree'],
    queryFn: () => get<{ items: Category[] }>('/categories?tree=1&includeInactive=1').then((r) => r.items),
  });
}

/** Depth-first walk of a nested tree. */
export function walk<T extends { children?: T[] }>(nodes: T[], fn: (n: T, parent: T | null) => void, parent: T | null = null): void {
  for (const n of nodes) {
    fn(n, parent);
    if (n.children) walk(n.children, fn, n);
  }
}

/** A node of antd's TreeSelect data. */
export interface PickNode { value: string; title: string; disabled?: boolean; children?: PickNode[] }

/** antd TreeSelect data from the org tree. */
export function orgTreeData(nodes: OrgUnit[], t: (k: string) => string): PickNode[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.active ? n.name : `${n.name}（${t('org.inactive')}）`,
    children: n.children?.length ? orgTreeData(n.children, t) : undefined,
  }));
}

/** The category's name in the UI language. */
export function categoryName(c: Category, locale: string): string {
  return locale === 'en' ? c.nameEn : locale === 'zh-TW' ? c.nameZhTw : c.nameZhCn;
}

export function useAdminWrite<V, R = unknown>(fn: (v: V) => Promise<R>, opts: { invalidate: unknown[][]; success?: string; onDone?: (r: R) => void; onStale?: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation('admin');
  const refresh = () => Promise.all(opts.invalidate.map((k) => qc.invalidateQueries({ queryKey: k })));
  return useMutation({
    mutationFn: fn,
    onSuccess: (r) => {
      if (opts.success) void message.success(opts.success);
      void refresh();
      opts.onDone?.(r);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'stale_write') {
        void message.warning(t('common.stale'));
        void refresh();
        opts.onStale?.();
      } else void message.error(e.message);
    },
  });
}
