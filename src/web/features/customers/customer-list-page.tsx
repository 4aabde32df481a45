import { ClearOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { Customer } from '../../../shared/customers';
import { CUSTOMER_TYPES, LIFECYCLE_STAGES, VALUE_TIERS } from '../../../shared/customers';
import { can, useMe } from '../../app/session';
import { get, post, qs } from '../../lib/api';
import { bodyOf, CustomerForm, type CustomerValues } from './customer-form';
import { CustomerTypeTag, LifecycleTag, TierTag } from './customer-tags';

// 客户档案 list: search by name, any digits of a phone number or an ID number; masked data, tier and lifecycle
// at a glance. The search lives in the URL so the back button returns to it.

interface Page { items: Customer[]; nextCursor: string | null }

export function CustomerListPage() {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const type = params.get('type') ?? undefined;
  const valueTier = params.get('tier') ?? undefined;
  const lifecycle = params.get('lifecycle') ?? undefined;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<CustomerValues>();

  const filters = { q: q || undefined, type, valueTier, lifecycle };
  const query = useInfiniteQuery({
    queryKey: ['customers', filters],
    queryFn: ({ pageParam }) => get<Page>(`/customers${qs({ ...filters, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];

  const create = useMutation({
    mutationFn: (v: CustomerValues) => post<Customer>('/customers', bodyOf(v, true)),
    onSuccess: (c) => { void message.success(t('create.created')); setCreating(false); navigate(`/customers/${c.id}`); },
    onError: (e) => void message.error(e.message),
  });

  const set = (key: string, value?: string) => setParams((p) => { if (value) p.set(key, value); else p.delete(key); return p; }, { replace: true });
  const opts = (values: readonly string[], ns: string) => values.map((v) => ({ value: v, label: t(`app:enum.${ns}.${v}`) }));

  const columns: ColumnsType<Customer> = [
    { title: t('col.name'), dataIndex: 'name', width: 120, fixed: 'left', render: (n: string, c) => <Link to={`/customers/${c.id}`} onClick={(e) => e.stopPropagation()}>{n}</Link> },
    { title: t('col.phones'), dataIndex: 'phones', width: 140, render: (ps: string[]) => <span className="manyi-mono">{ps[0]}{ps.length > 1 && <Typography.Text type="secondary"> +{ps.length - 1}</Typography.Text>}</span> },
    { title: t('col.idNumber'), dataIndex: 'idNumber', width: 180, render: (v: string | null) => <span className="manyi-mono">{v ?? '—'}</span> },
    { title: t('col.type'), dataIndex: 'type', width: 76, render: (v: string) => <CustomerTypeTag type={v} /> },
    { title: t('col.tier'), dataIndex: 'valueTier', width: 92, render: (v: string) => <TierTag tier={v} /> },
    { title: t('col.lifecycle'), dataIndex: 'lifecycle', width: 96, render: (v: string) => <LifecycleTag stage={v} /> },
    {
      title: t('col.services'), key: 'services', ellipsis: { showTitle: false },
      render: (_: unknown, c) => {
        const text = c.services.map((s) => s.name ?? t(`app:enum.serviceKind.${s.kind}`)).join(' · ');
        return <Tooltip title={text} placement="topLeft"><span>{text || '—'}</span></Tooltip>;
      },
    },
    { title: t('col.orgUnit'), dataIndex: 'orgUnitName', width: 130, ellipsis: true },
  ];

  return (
    <Card
      size="small" title={t('list.title')}
      extra={can(me, 'customer:create') && <Button size="small" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setCreating(true); }} data-testid="customer-create">{t('list.create')}</Button>}
    >
      <Space wrap size={8} style={{ marginBottom: 8 }}>
        <Space.Compact style={{ width: 460 }}>
          <Input
            allowClear autoFocus value={text} prefix={<SearchOutlined />} placeholder={t('list.searchPlaceholder')} aria-label={t('app:common.search')}
            data-testid="customer-search" onChange={(e) => { setText(e.target.value); if (!e.target.value) set('q'); }}
            onPressEnter={() => set('q', text.trim())}
          />
          <Button type="primary" onClick={() => set('q', text.trim())} data-testid="customer-search-submit">{t('app:common.search')}</Button>
        </Space.Compact>
        <Select allowClear style={{ width: 120 }} placeholder={t('list.type')} value={type} options={opts(CUSTOMER_TYPES, 'customerType')} onChange={(v?: string) => set('type', v)} />
        <Select allowClear style={{ width: 120 }} placeholder={t('list.tier')} value={valueTier} options={opts(VALUE_TIERS, 'valueTier')} onChange={(v?: string) => set('tier', v)} />
        <Select allowClear style={{ width: 120 }} placeholder={t('list.lifecycle')} value={lifecycle} options={opts(LIFECYCLE_STAGES, 'lifecycle')} onChange={(v?: string) => set('lifecycle', v)} />
        <Button icon={<ClearOutlined />} disabled={!params.toString()} onClick={() => { setText(''); setParams({}, { replace: true }); }}>{t('list.reset')}</Button>
      </Space>
      <Table<Customer>
        rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 1000 }}
        loading={query.isPending || (query.isFetching && !query.isFetchingNextPage)}
        locale={{ emptyText: query.error ? <Typography.Text type="danger">{query.error.message}</Typography.Text> : t('list.empty') }}
        onRow={(c) => ({ onClick: () => navigate(`/customers/${c.id}`), style: { cursor: 'pointer' } })}
        data-testid="customer-table"
      />
      <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', gap: 12, padding: '12px 0' }}>
        {rows.length > 0 && <Typography.Text type="secondary">{t('list.shown', { count: rows.length })} · {t('list.hint')}</Typography.Text>}
        {query.hasNextPage
          ? <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>{t('app:common.loadMore')}</Button>
          : rows.length > 0 && <Typography.Text type="secondary">· {t('list.noMore')}</Typography.Text>}
      </div>
      <Modal
        open={creating} title={t('create.title')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending}
        width={640} destroyOnHidden centered styles={{ body: { maxHeight: 'calc(100vh - 200px)', overflowY: 'auto' } }} okText={t('app:common.save')}
      >
        <CustomerForm form={form} personal onFinish={(v) => create.mutate(v)} />
      </Modal>
    </Card>
  );
}
