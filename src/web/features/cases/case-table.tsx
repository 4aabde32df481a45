import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import type { Case, CasePage } from '../../../shared/cases';
import { get, qs } from '../../lib/api';
import { PriorityTag, StatusTag, TypeTag } from '../../lib/enum-tags';
import { formatDateTime } from '../../lib/format';

// The case table every queue and the search page share, and the keyset "load more" query behind it.

type Page = z.infer<typeof CasePage>;
export const PAGE_SIZE = 50;

/** GET /cases with these filters, one page at a time (keyset cursor). */
export function useCasePages(params: Record<string, unknown>, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['cases', params],
    queryFn: ({ pageParam }) => get<Page>(`/cases${qs({ ...params, limit: PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function CaseTable({ query, empty }: { query: ReturnType<typeof useCasePages>; empty?: ReactNode }) {
  const { t, i18n } = useTranslation('cases');
  const navigate = useNavigate();
  // English labels are longer than Chinese ones ("Waiting on customer" vs 等待客户).
  const en = i18n.language === 'en';
  const rows: Case[] = query.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<Case> = [
    {
      title: t('col.number'), dataIndex: 'number', width: 160, fixed: 'left',
      render: (n: string, c) => <Link to={`/cases/${c.id}`} onClick={(e) => e.stopPropagation()} className="manyi-mono" style={{ fontSize: 13, whiteSpace: 'nowrap' }}>{n}</Link>,
    },
    { title: t('col.type'), dataIndex: 'type', width: en ? 120 : 92, render: (v: string) => <TypeTag type={v} /> },
    {
      title: t('col.subject'), dataIndex: 'subject', ellipsis: { showTitle: false },
      render: (s: string, c) => (
        <Tooltip title={c.categoryPath?.length ? `${c.categoryPath.join(' / ')} — ${s}` : s} placement="topLeft">
          <span>{c.isRepeat && <Tag color="magenta" style={{ marginInlineEnd: 4 }}>{t('col.repeat')}</Tag>}{s}</span>
        </Tooltip>
      ),
    },
    { title: t('col.customer'), dataIndex: 'customerName', width: 96, ellipsis: true, render: (v?: string) => v ?? '—' },
    { title: t('col.status'), dataIndex: 'status', width: en ? 140 : 96, render: (v: string) => <StatusTag status={v} /> },
    { title: t('col.priority'), dataIndex: 'priority', width: en ? 84 : 76, render: (v: string) => <PriorityTag priority={v} /> },
    {
      title: t('col.owner'), key: 'owner', width: 120, ellipsis: true,
      render: (_: unknown, c) => c.owner?.name ?? c.group?.name ?? '—',
    },
    { title: t('col.firstResponder'), key: 'fr', width: en ? 120 : 100, ellipsis: true, render: (_: unknown, c) => c.firstResponder?.name ?? '—' },
    { title: t('col.createdAt'), dataIndex: 'createdAt', width: 136, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <div>
      <Table<Case>
        rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false}
        loading={query.isPending || (query.isFetching && !query.isFetchingNextPage)}
        scroll={{ x: en ? 1120 : 1020 }}
        locale={query.error
          ? { emptyText: <Typography.Text type="danger" data-testid="case-table-error">{query.error.message}</Typography.Text> }
          : empty && !query.isPending ? { emptyText: empty } : undefined}
        onRow={(c) => ({ onClick: () => navigate(`/cases/${c.id}`), style: { cursor: 'pointer' } })}
        data-testid="case-table"
      />
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 12, padding: '12px 0' }}>
        {rows.length > 0 && <Typography.Text type="secondary">{t('queue.shown', { count: rows.length })}</Typography.Text>}
        {query.hasNextPage ? (
          <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} data-testid="load-more">
            {t('app:common.loadMore')}
          </Button>
        ) : rows.length > 0 ? (
          <Typography.Text type="secondary">· {t('queue.noMore')}</Typography.Text>
        ) : null}
      </div>
    </div>
  );
}
