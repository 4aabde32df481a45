import { SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { AuditEntryOutput } from '../../../shared/platform';
import { get, qs } from '../../lib/api';
import { dayBoundary, type dayjs, formatDateTime } from '../../lib/format';

// 审计日志: who did what, when, to which record — with the before/after of every change side by side.

type Entry = z.infer<typeof AuditEntryOutput>;
interface Filters { action?: string; entityType?: string; entityId?: string; actorId?: string; from?: string; to?: string }

const show = (v: unknown): string => (v === undefined ? '' : v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v));

/** Rows field → before → after, changed fields first. Non-object snapshots show as one row. */
export function diffRows(before: unknown, after: unknown): { field: string; before: string; after: string; changed: boolean }[] {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(before) && !isObj(after)) {
    if (before == null && after == null) return [];
    return [{ field: '—', before: show(before), after: show(after), changed: show(before) !== show(after) }];
  }
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .map((k) => ({ field: k, before: show(b[k]), after: show(a[k]), changed: show(b[k]) !== show(a[k]) }))
    .sort((x, y) => Number(y.changed) - Number(x.changed));
}

function Diff({ entry }: { entry: Entry }) {
  const { t } = useTranslation('admin');
  const rows = diffRows(entry.before, entry.after);
  if (!rows.length) return <Typography.Text type="secondary">{t('audit.noDiff')}</Typography.Text>;
  const cell = (v: string, changed: boolean, side: 'before' | 'after') => (
    <span className="manyi-mono" style={{
      fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all',
      background: changed ? (side === 'before' ? '#fff1f0' : '#f6ffed') : undefined,
      textDecoration: changed && side === 'before' && v ? 'line-through' : undefined,
    }}>{v || '—'}</span>
  );
  return (
    <Table
      size="small" pagination={false} rowKey="field" dataSource={rows} data-testid="audit-diff" style={{ maxWidth: 960 }}
      columns={[
        { title: t('audit.field'), dataIndex: 'field', width: 180, render: (f: string, r) => <span className="manyi-mono" style={{ fontWeight: r.changed ? 600 : 400 }}>{f}</span> },
        { title: t('audit.before'), dataIndex: 'before', render: (v: string, r) => cell(v, r.changed, 'before') },
        { title: t('audit.after'), dataIndex: 'after', render: (v: string, r) => cell(v, r.changed, 'after') },
      ]}
    />
  );
}

/** Pick the actor by name or username (searched on the server). */
function ActorSelect({ value, onChange }: { value?: string; onChange?: (v?: string) => void }) {
  const { t } = useTranslation('admin');
  const [q, setQ] = useState('');
  const users = useQuery({
    queryKey: ['admin', 'actor-search', q],
    queryFn: () => get<{ items: { id: string; name: string; username: string }[] }>(`/users${qs({ q: q || undefined, limit: 20 })}`).then((r) => r.items),
    staleTime: 60_000,
  });
  return (
    <Select
      allowClear value={value} onChange={onChange} placeholder={t('audit.actor')} style={{ width: 140 }} data-testid="audit-actor"
      showSearch={{ filterOption: false, onSearch: setQ }} loading={users.isFetching}
      options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.username})` }))}
    />
  );
}

export function AuditTab() {
  const { t } = useTranslation('admin');
  const [form] = Form.useForm<{ action?: string; entityType?: string; entityId?: string; actorId?: string; range?: [dayjs.Dayjs | null, dayjs.Dayjs | null] }>();
  const [filters, setFilters] = useState<Filters>({});
  const query = useInfiniteQuery({
    queryKey: ['admin', 'audit', filters],
    queryFn: ({ pageParam }) => get<{ items: Entry[]; nextCursor: string | null }>(`/audit${qs({ ...filters, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<Entry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 140, render: (v: string) => formatDateTime(v) },
    { title: t('audit.actor'), dataIndex: 'actorName', width: 110, render: (v: string | null) => v ?? '—' },
    { title: t('audit.action'), dataIndex: 'action', width: 190, render: (v: string) => <Tag color={v.includes('reveal') ? 'red' : 'blue'} className="manyi-mono">{v}</Tag> },
    { title: t('audit.entityType'), dataIndex: 'entityType', width: 110 },
    { title: t('audit.entityId'), dataIndex: 'entityId', ellipsis: true, render: (v: string | null) => <span className="manyi-mono" style={{ fontSize: 12 }}>{v ?? '—'}</span> },
    {
      title: t('audit.changes'), key: 'n', width: 100,
      render: (_: unknown, e) => { const n = diffRows(e.before, e.after).filter((r) => r.changed).length; return n ? t('audit.changed', { count: n }) : ''; },
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 110, render: (v: string | null) => v ?? '' },
  ];

  const apply = () => {
    const v = form.getFieldsValue();
    const [from, to] = v.range ?? [null, null];
    setFilters({
      actorId: v.actorId || undefined, action: v.action?.trim() || undefined, entityType: v.entityType?.trim() || undefined, entityId: v.entityId?.trim() || undefined,
      from: from ? dayBoundary(from, 'start') : undefined,
      // `to` is exclusive on the server: the end of the picked day plus a millisecond.
      to: to ? new Date(new Date(dayBoundary(to, 'end')).getTime() + 1).toISOString() : undefined,
    });
  };

  return (
    <Card size="small" title={t('tabs.audit')}>
      <Form form={form} layout="inline" onFinish={apply} style={{ rowGap: 8, marginBottom: 8 }} className="manyi-audit-filters">
        <Form.Item name="action"><Input allowClear placeholder={t('audit.actionHint')} style={{ width: 170 }} data-testid="audit-action" /></Form.Item>
        <Form.Item name="actorId"><ActorSelect /></Form.Item>
        <Form.Item name="entityType"><Input allowClear placeholder={t('audit.entityType')} style={{ width: 100 }} /></Form.Item>
        <Form.Item name="entityId"><Input allowClear placeholder={t('audit.entityId')} style={{ width: 150 }} /></Form.Item>
        <Form.Item name="range"><DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 236 }} /></Form.Item>
        <Space size={6}>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">{t('audit.search')}</Button>
          <Button onClick={() => { form.resetFields(); setFilters({}); }}>{t('audit.reset')}</Button>
        </Space>
      </Form>
      <Table<Entry>
        rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 980 }} data-testid="audit-table"
        loading={query.isPending || (query.isFetching && !query.isFetchingNextPage)}
        locale={query.error ? { emptyText: <Typography.Text type="danger">{query.error.message}</Typography.Text> } : undefined}
        expandable={{ expandedRowRender: (e) => <Diff entry={e} />, rowExpandable: (e) => e.before != null || e.after != null }}
      />
      <div style={{ display: 'flex', justifyContent: 'center', gap: 12, alignItems: 'center', padding: '12px 0' }}>
        {rows.length > 0 && <Typography.Text type="secondary">{t('audit.shown', { count: rows.length })}</Typography.Text>}
        {query.hasNextPage
          ? <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>{t('app:common.loadMore')}</Button>
          : rows.length > 0 && <Typography.Text type="secondary">· {t('audit.noMore')}</Typography.Text>}
      </div>
    </Card>
  );
}
