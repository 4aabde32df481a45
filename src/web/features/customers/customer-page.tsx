import { ArrowLeftOutlined, DeleteOutlined, DownloadOutlined, EditOutlined, EllipsisOutlined, FileAddOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App, Button, Card, Descriptions, Dropdown, Empty, Form, Input, Modal, Result, Skeleton, Space, Spin, Table, Tag, Timeline, Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Case } from '../../../shared/cases';
import type { Customer } from '../../../shared/customers';
import { can, useMe } from '../../app/session';
import { ApiError, get, patch, post, qs } from '../../lib/api';
import { StatusTag, TypeTag } from '../../lib/enum-tags';
import { formatDate, formatDateTime } from '../../lib/format';
import { bodyOf, changedOnly, CustomerForm, type CustomerValues, valuesOf } from './customer-form';
import { CustomerTypeTag, LifecycleTag, TierTag } from './customer-tags';

// 客户档案: the profile (masked unless revealed, with a reason, into the audit log), services, editing with
// optimistic concurrency, and every case of the customer on one timeline.

const STATUS_DOT: Record<string, string> = {
  new: 'blue', accepted: 'blue', in_progress: 'blue', waiting_customer: 'orange', resolved: 'green', closed: 'gray', cancelled: 'gray',
};
const OPEN = ['new', 'accepted', 'in_progress', 'waiting_customer'];

function CustomerCases({ customerId }: { customerId: string }) {
  const { t } = useTranslation('customers');
  const query = useInfiniteQuery({
    queryKey: ['customer', customerId, 'cases'],
    queryFn: ({ pageParam }) => get<{ items: Case[]; nextCursor: string | null }>(`/customers/${customerId}/cases${qs({ limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const open = rows.filter((c) => OPEN.includes(c.status)).length;
  return (
    <Card
      size="small" title={<Space>{t('page.cases')}<Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 12 }}>{t('page.casesHint')}</Typography.Text></Space>}
      extra={rows.length > 0 && <Space size={4}>{open > 0 && <Tag color="blue">{t('page.openCount', { count: open })}</Tag>}</Space>}
    >
      {query.isPending ? <Spin /> : query.error ? <Typography.Text type="danger">{query.error.message}</Typography.Text> : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('page.noCases')} />
      ) : (
        <div data-testid="customer-cases">
          <Timeline
            items={rows.map((c) => ({
              key: c.id,
              color: STATUS_DOT[c.status] ?? 'gray',
              content: (
                <div>
                  <Space size={6} wrap>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(c.createdAt)}</Typography.Text>
                    <Link to={`/cases/${c.id}`} className="manyi-mono">{c.number}</Link>
                    <TypeTag type={c.type} />
                    <StatusTag status={c.status} />
                    {c.isRepeat && <Tag color="magenta">{t('page.repeat')}</Tag>}
                  </Space>
                  <div>{c.subject}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`app:enum.channel.${c.channel}`)}
                    {c.categoryPath?.length ? ` · ${c.categoryPath.join(' / ')}` : ''}
                    {` · ${t('page.firstResponder')} ${c.firstResponder?.name ?? '—'}`}
                    {OPEN.includes(c.status) && (c.owner || c.group) ? ` · ${t('page.holder')} ${c.owner?.name ?? c.group?.name}` : ''}
                  </Typography.Text>
                  {c.resolutionSummary && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>{t('labelled', { label: t(`app:enum.resolutionCode.${c.resolutionCode ?? 'other'}`), value: c.resolutionSummary })}</div>}
                </div>
              ),
            }))}
          />
          {query.hasNextPage && (
            <div style={{ textAlign: 'center' }}>
              <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>{t('app:common.loadMore')}</Button>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}

export function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const me = useMe().data;
  const query = useQuery({ queryKey: ['customer', id], queryFn: () => get<Customer>(`/customers/${id}`) });
  /** The unmasked file, held only while this page is open; never put in the shared cache. */
  const [revealed, setRevealed] = useState<Customer | null>(null);
  const [revealOpen, setRevealOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [revealForm] = Form.useForm<{ reason: string }>();
  const [editForm] = Form.useForm<CustomerValues>();

  // PIPL requests: the customer's copy of their data, and erasure by anonymisation (both audited by the server).
  const [eraseOpen, setEraseOpen] = useState(false);
  const [eraseForm] = Form.useForm<{ reason: string }>();
  const exportData = useMutation({
    mutationFn: () => get<unknown>(`/customers/${id}/export`),
    onSuccess: (data) => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `customer-${id}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      void message.success(t('pipl.exported'));
    },
    onError: (e) => void message.error(e.message),
  });
  const erase = useMutation({
    mutationFn: (reason: string) => post<{ id: string; name: string }>(`/customers/${id}/anonymise`, { reason }),
    onSuccess: () => {
      setEraseOpen(false);
      setRevealed(null);
      void message.success(t('pipl.anonymised'));
      void qc.invalidateQueries({ queryKey: ['customer', id] });
      void qc.invalidateQueries({ queryKey: ['customers'] });
    },
    onError: (e) => void message.error(e.message),
  });

  const reveal = useMutation({
    mutationFn: (reason: string) => post<Customer>(`/customers/${id}/reveal`, { reason }),
    onSuccess: (c) => { setRevealed(c); setRevealOpen(false); },
    onError: (e) => void message.error(e.message),
  });
  const save = useMutation({
    mutationFn: (v: CustomerValues) => {
      const current = (revealed ?? query.data)!;
      return patch<Customer>(`/customers/${id}`, { ...changedOnly(bodyOf(v, Boolean(revealed)), current), version: current.version });
    },
    onSuccess: (c) => {
      qc.setQueryData(['customer', id], c);
      setRevealed(null);
      setEditing(false);
      void message.success(t('edit.saved'));
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'stale_write') {
        void message.warning(t('edit.stale'));
        setRevealed(null);
        setEditing(false);
        void qc.invalidateQueries({ queryKey: ['customer', id] });
      } else void message.error(e.message);
    },
  });

  if (query.isPending) return <Card><Skeleton active /></Card>;
  if (query.error) {
    const nf = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 403);
    return <Result status={nf ? '404' : 'error'} title={nf ? t('page.notFound') : query.error.message} extra={<Button onClick={() => navigate('/customers')}>{t('page.back')}</Button>} />;
  }
  const c = revealed ?? query.data;
  const mono = (v: string | null) => (v ? <span className="manyi-mono">{v}</span> : '—');

  return (
    <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap' }} data-testid="customer-page">
      <div style={{ flex: '1 1 520px', minWidth: 0, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Card
          size="small"
          title={
            <Space size={6} wrap>
              <Button type="text" size="small" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('page.back')} />
              <span style={{ fontSize: 16 }} data-testid="customer-title">{c.name}</span>
              <CustomerTypeTag type={c.type} /><TierTag tier={c.valueTier} /><LifecycleTag stage={c.lifecycle} />
            </Space>
          }
          extra={
            <Space size={6}>
              {can(me, 'customer:reveal') && (revealed
                ? <Button size="small" icon={<EyeInvisibleOutlined />} onClick={() => setRevealed(null)} data-testid="customer-hide">{t('page.hide')}</Button>
                : <Button size="small" icon={<EyeOutlined />} onClick={() => { revealForm.resetFields(); setRevealOpen(true); }} data-testid="customer-reveal">{t('page.reveal')}</Button>)}
              {can(me, 'case:create') && (
                <Button size="small" type="primary" icon={<FileAddOutlined />} onClick={() => navigate(`/cases/new?customerId=${c.id}`)} data-testid="customer-new-case">{t('page.newCase')}</Button>
              )}
              {can(me, 'customer:update') && (
                <Button size="small" icon={<EditOutlined />} onClick={() => { editForm.setFieldsValue(valuesOf(c)); setEditing(true); }} data-testid="customer-edit">{t('page.edit')}</Button>
              )}
              {(can(me, 'customer:export') || can(me, 'customer:erase')) && (
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      ...(can(me, 'customer:export') ? [{ key: 'export', icon: <DownloadOutlined />, label: <span data-testid="customer-export">{t('pipl.export')}</span> }] : []),
                      ...(can(me, 'customer:erase') ? [{ key: 'erase', danger: true, icon: <DeleteOutlined />, label: <span data-testid="customer-anonymise">{t('pipl.anonymise')}</span> }] : []),
                    ],
                    onClick: ({ key }) => {
                      if (key === 'export') {
                        modal.confirm({
                          title: t('pipl.exportTitle'), content: t('pipl.exportHint'), okText: t('pipl.exportOk'),
                          okButtonProps: { ...({ 'data-testid': 'export-confirm' } as object) }, onOk: () => exportData.mutateAsync(),
                        });
                      } else { eraseForm.resetFields(); setEraseOpen(true); }
                    },
                  }}
                >
                  <Button size="small" icon={<EllipsisOutlined />} aria-label={t('pipl.more')} title={t('pipl.more')} data-testid="customer-more" />
                </Dropdown>
              )}
            </Space>
          }
        >
          {revealed && <Alert type="warning" showIcon title={t('page.revealed')} style={{ marginBottom: 8 }} data-testid="customer-revealed" />}
          <Descriptions
            size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }} data-testid="customer-profile"
            items={[
              { key: 'phones', label: t('field.phones'), children: c.phones.length ? <Space size={8} wrap>{c.phones.map((p) => <span key={p} className="manyi-mono" data-testid="customer-phone-value">{p}</span>)}</Space> : '—' },
              { key: 'id', label: t('field.idNumber'), children: mono(c.idNumber) },
              { key: 'email', label: t('field.email'), children: c.email ?? '—' },
              { key: 'org', label: t('field.orgUnit'), children: c.orgUnitName ?? '—' },
              { key: 'address', label: t('field.address'), children: c.address ?? '—', span: 2 },
              { key: 'created', label: t('field.createdAt'), children: formatDate(c.createdAt) },
              { key: 'updated', label: t('field.updatedAt'), children: formatDateTime(c.updatedAt) },
              ...(c.notes ? [{ key: 'notes', label: t('field.notes'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</span>, span: 2 }] : []),
            ]}
          />
        </Card>
        <Card size="small" title={t('field.services')}>
          <Table
            size="small" rowKey="id" pagination={false} dataSource={c.services} locale={{ emptyText: t('app:common.noData') }}
            columns={[
              { title: t('field.serviceKind'), dataIndex: 'kind', width: 100, render: (k: string) => t(`app:enum.serviceKind.${k}`) },
              { title: t('field.identifier'), dataIndex: 'identifier', render: (v: string) => <span className="manyi-mono">{v}</span> },
              { title: t('field.serviceName'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
              { title: t('field.serviceStatus'), dataIndex: 'status', width: 80, render: (s: string) => <Tag color={s === 'active' ? 'green' : s === 'suspended' ? 'orange' : 'default'}>{t(`serviceStatus.${s}`)}</Tag> },
              { title: t('field.startedAt'), dataIndex: 'startedAt', width: 110, render: (v: string | null) => formatDate(v) || '—' },
            ]}
          />
        </Card>
      </div>
      <div style={{ flex: '1 1 420px', minWidth: 0 }}>
        <CustomerCases customerId={id} />
      </div>

      <Modal
        open={eraseOpen} title={t('pipl.anonymiseTitle')} onCancel={() => setEraseOpen(false)} onOk={() => eraseForm.submit()}
        okText={t('pipl.anonymiseOk')} okButtonProps={{ danger: true, ...({ 'data-testid': 'anonymise-submit' } as object) }} confirmLoading={erase.isPending} destroyOnHidden
      >
        <Alert type="error" showIcon title={t('pipl.anonymiseWarning')} style={{ marginBottom: 12 }} />
        <Form form={eraseForm} layout="vertical" onFinish={(v) => erase.mutate(v.reason.trim())}>
          <Form.Item name="reason" label={t('pipl.reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('pipl.reasonRequired') }]}>
            <Input maxLength={200} placeholder={t('pipl.reasonHint')} data-testid="anonymise-reason" autoFocus />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={revealOpen} title={t('reveal.title')} onCancel={() => setRevealOpen(false)} onOk={() => revealForm.submit()}
        okText={t('reveal.submit')} confirmLoading={reveal.isPending} destroyOnHidden okButtonProps={{ ...({ 'data-testid': 'reveal-submit' } as object) }}
      >
        <Alert type="warning" showIcon title={t('reveal.warning')} style={{ marginBottom: 12 }} />
        <Form form={revealForm} layout="vertical" onFinish={(v) => reveal.mutate(v.reason.trim())}>
          <Form.Item name="reason" label={t('reveal.reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('reveal.reasonRequired') }]}>
            <Input maxLength={200} placeholder={t('reveal.reasonHint')} data-testid="reveal-reason" autoFocus />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={editing} title={t('edit.title')} onCancel={() => setEditing(false)} onOk={() => editForm.submit()} okText={t('app:common.save')}
        confirmLoading={save.isPending} width={680} styles={{ body: { maxHeight: 'calc(100vh - 200px)', overflowY: 'auto' } }} centered okButtonProps={{ ...({ 'data-testid': 'customer-save' } as object) }} forceRender
      >
        <CustomerForm form={editForm} personal={Boolean(revealed)} onFinish={(v) => save.mutate(v)} initial={valuesOf(c)} />
      </Modal>
    </div>
  );
}
