import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Button, Card, Empty, Form, Input, InputNumber, List, Popconfirm, Select, Space, Switch, Table, Tag, Typography, Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Case } from '../../../shared/cases';
import { REMEDIATION_KINDS } from '../../../shared/cases';
import type { Me } from '../../../shared/auth';
import { can } from '../../app/session';
import { api, post } from '../../lib/api';
import { StatusTag } from '../../lib/enum-tags';
import { formatDateTime } from '../../lib/format';
import {
  type Attachment, type Comment, type Remediation, type WorkOrder, formatSize, useCaseAction, useCaseList, yuan,
} from './case-data';

// The case page's tabs besides the timeline: comments, work orders, remediation, attachments, related cases.

const WO_COLOR: Record<string, string> = { dispatched: 'blue', accepted: 'cyan', on_site: 'orange', done: 'green', cancelled: 'default' };
const REM_COLOR: Record<string, string> = { approved: 'green', pending: 'gold', rejected: 'red' };

export function CommentsTab({ kase, me }: { kase: Case; me?: Me }) {
  const { t } = useTranslation('caseDetail');
  const list = useCaseList<Comment>(kase.id, 'comments');
  const [body, setBody] = useState('');
  const [pub, setPub] = useState(false);
  const add = useCaseAction(kase.id, (v: { body: string; public: boolean }) => post(`/cases/${kase.id}/comments`, v), {
    quiet: true, onDone: () => { setBody(''); setPub(false); },
  });
  return (
    <div>
      <List
        size="small" loading={list.isPending} dataSource={list.data ?? []} locale={{ emptyText: t('comments.empty') }}
        renderItem={(c) => (
          <List.Item key={c.id}>
            <div style={{ width: '100%' }}>
              <Space size={6}>
                <Tag color={c.public ? 'green' : 'default'}>{t(c.public ? 'comments.public' : 'comments.internal')}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('commentBy', { name: c.authorName ?? '', at: formatDateTime(c.createdAt) })}</Typography.Text>
              </Space>
              <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{c.body}</div>
            </div>
          </List.Item>
        )}
      />
      {can(me, 'case:comment') && (
        <div style={{ marginTop: 8 }}>
          <Input.TextArea
            rows={3} value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('comments.placeholder')} maxLength={10_000}
            data-testid="comment-body"
          />
          <Space style={{ marginTop: 8 }}>
            <Switch checked={pub} onChange={setPub} data-testid="comment-public" />
            <span>{t('comments.public')}</span>
            <Button
              type="primary" disabled={!body.trim()} loading={add.isPending} data-testid="comment-submit"
              onClick={() => add.mutate({ body: body.trim(), public: pub })}
            >
              {t('comments.add')}
            </Button>
          </Space>
        </div>
      )}
    </div>
  );
}

function WorkOrderCard({ wo, kase, me }: { wo: WorkOrder; kase: Case; me?: Me }) {
  const { t } = useTranslation('caseDetail');
  const [note, setNote] = useState('');
  const step = useCaseAction(kase.id, (v: { step: string; note: string }) => post(`/work-orders/${wo.id}/steps`, v), { onDone: () => setNote('') });
  const next: Record<string, string | undefined> = { dispatched: 'accepted', accepted: 'on_site', on_site: 'done' };
  const nextStep = next[wo.status];
  const mayUpdate = can(me, 'workorder:update') && wo.status !== 'done' && wo.status !== 'cancelled';
  return (
    <Card
      size="small" style={{ marginBottom: 8 }} data-testid="work-order"
      title={<Space><span className="manyi-mono">{wo.number}</span><Tag color={WO_COLOR[wo.status]}>{t(`app:enum.workOrderStatus.${wo.status}`)}</Tag></Space>}
      extra={<Typography.Text type="secondary">{wo.groupName} · {formatDateTime(wo.createdAt)}</Typography.Text>}
    >
      {wo.instructions && <div style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}><Typography.Text type="secondary">{t('workOrders.instructions')}</Typography.Text> {wo.instructions}</div>}
      <List
        size="small" dataSource={wo.steps.filter((s) => s.step !== 'dispatched')}
        locale={{ emptyText: ' ' }}
        renderItem={(s, i) => (
          <List.Item key={i} style={{ padding: '2px 0' }}>
            <Typography.Text>
              <Tag>{t(`workOrders.steps.${s.step}`, { defaultValue: s.step })}</Tag>
              {s.note} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(s.at)} · {s.actorName}</Typography.Text>
            </Typography.Text>
          </List.Item>
        )}
      />
      {mayUpdate && (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('workOrders.notePlaceholder')} data-testid="wo-note" />
          {nextStep && (
            <Button type="primary" loading={step.isPending} onClick={() => step.mutate({ step: nextStep, note: note.trim() })} data-testid={`wo-step-${nextStep}`}>
              {t(`workOrders.steps.${nextStep}`)}
            </Button>
          )}
          <Button disabled={!note.trim()} loading={step.isPending} onClick={() => step.mutate({ step: 'note', note: note.trim() })} data-testid="wo-step-note">
            {t('workOrders.steps.note')}
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}

export function WorkOrdersTab({ kase, me }: { kase: Case; me?: Me }) {
  const { t } = useTranslation('caseDetail');
  const list = useCaseList<WorkOrder>(kase.id, 'work-orders');
  if (!list.isPending && !list.data?.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workOrders.empty')} />;
  return <div>{(list.data ?? []).map((wo) => <WorkOrderCard key={wo.id} wo={wo} kase={kase} me={me} />)}</div>;
}

export function RemediationTab({ kase, me }: { kase: Case; me?: Me }) {
  const { t } = useTranslation('caseDetail');
  const list = useCaseList<Remediation>(kase.id, 'remediations');
  const [form] = Form.useForm<{ kind: string; amount?: number; note?: string }>();
  const request = useCaseAction(kase.id, (v: { kind: string; amountCents: number; note: string }) => post(`/cases/${kase.id}/remediations`, v), {
    onDone: () => form.resetFields(),
  });
  const decide = useCaseAction(kase.id, (v: { id: string; approve: boolean }) => post(`/remediations/${v.id}/decision`, { approve: v.approve }));
  const mayApprove = can(me, 'remediation:approve');
  return (
    <div>
      <Table<Remediation>
        size="small" rowKey="id" loading={list.isPending} dataSource={list.data ?? []} pagination={false}
        locale={{ emptyText: t('remediations.empty') }}
        columns={[
          { title: t('remediations.kind'), dataIndex: 'kind', width: 110, render: (k: string) => t(`app:enum.remediationKind.${k}`) },
          { title: t('remediations.amount'), dataIndex: 'amountCents', width: 100, align: 'right', render: (c: number) => yuan(c) },
          { title: t('remediations.note'), dataIndex: 'note', ellipsis: true },
          { title: t('remCols.status'), dataIndex: 'status', width: 100, render: (st: string) => <Tag color={REM_COLOR[st]}>{t(`app:enum.remediationStatus.${st}`)}</Tag> },
          { title: t('remCols.requestedAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
          ...(mayApprove ? [{
            title: t('app:common.actions'), key: 'a', width: 140,
            render: (_: unknown, r: Remediation) => r.status === 'pending' && r.requestedBy !== me?.id ? (
              <Space size={4}>
                <Button size="small" type="primary" onClick={() => decide.mutate({ id: r.id, approve: true })} data-testid="remediation-approve">{t('remediations.approve')}</Button>
                <Popconfirm title={t('remediations.reject')} onConfirm={() => decide.mutate({ id: r.id, approve: false })}>
                  <Button size="small" danger data-testid="remediation-reject">{t('remediations.reject')}</Button>
                </Popconfirm>
              </Space>
            ) : null,
          }] : []),
        ]}
      />
      {can(me, 'remediation:request') && kase.status !== 'cancelled' && (
        <Form
          form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} initialValues={{ kind: 'apology' }}
          onFinish={(v) => request.mutate({ kind: v.kind, amountCents: Math.round((v.amount ?? 0) * 100), note: v.note?.trim() ?? '' })}
        >
          <Form.Item name="kind" label={t('remediations.kind')}>
            <Select style={{ width: 120 }} options={REMEDIATION_KINDS.map((k) => ({ value: k, label: t(`app:enum.remediationKind.${k}`) }))} data-testid="remediation-kind" />
          </Form.Item>
          <Form.Item name="amount" label={t('remediations.amount')}>
            <InputNumber min={0} max={1_000_000} precision={2} style={{ width: 110 }} data-testid="remediation-amount" />
          </Form.Item>
          <Form.Item name="note" style={{ flex: 1, minWidth: 180 }}>
            <Input placeholder={t('remediations.note')} maxLength={1000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={request.isPending} data-testid="remediation-submit">{t('remediations.request')}</Button>
        </Form>
      )}
    </div>
  );
}

export function AttachmentsTab({ kase, me }: { kase: Case; me?: Me }) {
  const { t } = useTranslation('caseDetail');
  const list = useCaseList<Attachment>(kase.id, 'attachments');
  const upload = useCaseAction(kase.id, (file: File) => {
    const fd = new FormData();
    fd.append('file', file);
    return api('POST', `/cases/${kase.id}/attachments`, fd);
  });
  return (
    <div>
      {can(me, 'case:comment') && (
        <Upload
          showUploadList={false} multiple
          beforeUpload={(file) => { upload.mutate(file); return false; }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="attachment-upload">{t('attachments.upload')}</Button>
        </Upload>
      )}
      <Table<Attachment>
        size="small" rowKey="id" style={{ marginTop: 8 }} loading={list.isPending} dataSource={list.data ?? []} pagination={false}
        locale={{ emptyText: t('attachments.empty') }}
        columns={[
          { title: t('attCols.name'), dataIndex: 'filename', ellipsis: true },
          { title: t('attCols.size'), dataIndex: 'size', width: 90, align: 'right', render: (v: number) => formatSize(v) },
          { title: t('attCols.uploadedAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
          {
            title: '', key: 'dl', width: 90,
            render: (_: unknown, a) => (
              <Button size="small" type="link" icon={<DownloadOutlined />} href={`/api/v1/attachments/${a.id}/download`} download={a.filename}>
                {t('attachments.download')}
              </Button>
            ),
          },
        ]}
      />
    </div>
  );
}

export function LinksTab({ kase }: { kase: Case }) {
  const { t } = useTranslation('caseDetail');
  const list = useCaseList<Case>(kase.id, 'links');
  return (
    <Table<Case>
      size="small" rowKey="id" loading={list.isPending} dataSource={list.data ?? []} pagination={false}
      locale={{ emptyText: t('links.empty') }}
      columns={[
        { title: t('linkCols.number'), dataIndex: 'number', width: 170, render: (n: string, c) => <Link to={`/cases/${c.id}`} className="manyi-mono">{n}</Link> },
        { title: t('linkCols.subject'), dataIndex: 'subject', ellipsis: true },
        { title: t('linkCols.status'), dataIndex: 'status', width: 110, render: (st: string) => <StatusTag status={st} /> },
        { title: t('createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
      ]}
    />
  );
}
