import { ArrowLeftOutlined, ReloadOutlined, SafetyCertificateOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Descriptions, Result, Skeleton, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Case } from '../../../shared/cases';
import type { Customer } from '../../../shared/customers';
import { can, useMe } from '../../app/session';
import { ApiError, get } from '../../lib/api';
import { PriorityTag, StatusTag, TypeTag } from '../../lib/enum-tags';
import { formatDateTime } from '../../lib/format';
import { CaseActions } from './case-actions';
import { CaseSlaPanel } from './case-sla-panel';
import { type Event, useCase, useCaseList } from './case-data';
import { AttachmentsTab, CommentsTab, LinksTab, RemediationTab, WorkOrdersTab } from './case-tabs';
import { CaseTimeline } from './case-timeline';

// 工单详情: who is accountable (首问负责人) and who holds the case now, what happened, and every action.

function DutyBlock({ label, icon, children, testId, hint, accent }: { label: string; icon: ReactNode; children: ReactNode; testId: string; hint?: string; accent: string }) {
  return (
    <div style={{ flex: '1 1 200px', minWidth: 0, padding: '6px 12px', borderInlineStart: `3px solid ${accent}`, background: '#fafafa', borderRadius: 4 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {icon} {label}
        {hint && <Tooltip title={hint}><Typography.Text type="secondary" style={{ marginInlineStart: 4, cursor: 'help' }}>ⓘ</Typography.Text></Tooltip>}
      </Typography.Text>
      <div data-testid={testId} style={{ fontSize: 16, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{children}</div>
    </div>
  );
}

function CustomerCard({ kase }: { kase: Case }) {
  const { t } = useTranslation('caseDetail');
  const me = useMe().data;
  const customer = useQuery({
    queryKey: ['customer', kase.customerId],
    queryFn: () => get<Customer>(`/customers/${kase.customerId}`),
    enabled: can(me, 'customer:read'),
    retry: false,
  });
  const c = customer.data;
  return (
    <Card size="small" title={t('customerCard')} extra={<Link to={`/customers/${kase.customerId}`} data-testid="case-customer-link">{t('viewCustomer')}</Link>}>
      <Space size={6} wrap>
        <Typography.Text strong style={{ fontSize: 15 }} data-testid="case-customer-name">{c?.name ?? kase.customerName ?? '—'}</Typography.Text>
        {c?.valueTier === 'key' && <Tag color="gold">{t('app:enum.valueTier.key')}</Tag>}
        {c && <Tag>{t(`app:enum.customerType.${c.type}`)}</Tag>}
        {c && c.lifecycle === 'at_risk' && <Tag color="red">{t('app:enum.lifecycle.at_risk')}</Tag>}
      </Space>
      {c && (
        <div style={{ marginTop: 4 }}>
          {c.phones.map((p) => <div key={p} className="manyi-mono" data-testid="case-customer-phone">{p}</div>)}
          {c.services.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.services.map((s) => `${t(`app:enum.serviceKind.${s.kind}`)} ${s.name ?? ''}`.trim()).join(' · ')}
            </Typography.Text>
          )}
        </div>
      )}
    </Card>
  );
}

export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('caseDetail');
  const navigate = useNavigate();
  const me = useMe().data;
  const q = useCase(id);
  const timeline = useCaseList<Event>(id, 'timeline', q.isSuccess);

  if (q.isPending) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  if (q.error) {
    const nf = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 403);
    return (
      <Result status={nf ? '404' : 'error'} title={nf ? t('notFound') : q.error.message}
        extra={<Button onClick={() => navigate(-1)}>{t('back')}</Button>} />
    );
  }
  const k = q.data;
  const repeatOfNumber = timeline.data?.find((e) => e.kind === 'repeat_flagged')?.data.repeatOfNumber as string | undefined;
  const bounces = (timeline.data ?? []).filter((e) => e.kind === 'transferred' && e.data.isBounce).length;
  const holder = k.owner?.name || k.group?.name
    ? <>{k.owner?.name}{k.owner && k.group ? <Typography.Text type="secondary" style={{ fontWeight: 400 }}> · {k.group.name}</Typography.Text> : k.group?.name}</>
    : <Typography.Text type="secondary">{t('holderNone')}</Typography.Text>;
  const en = (ns: string, v: string) => t(`app:enum.${ns}.${v}`);

  const tabs = [
    { key: 'timeline', label: t('tabs.timeline'), children: <CaseTimeline kase={k} /> },
    { key: 'comments', label: t('tabs.comments'), children: <CommentsTab kase={k} me={me} /> },
    { key: 'workOrders', label: t('tabs.workOrders'), children: <WorkOrdersTab kase={k} me={me} /> },
    { key: 'remediations', label: t('tabs.remediations'), children: <RemediationTab kase={k} me={me} /> },
    { key: 'attachments', label: t('tabs.attachments'), children: <AttachmentsTab kase={k} me={me} /> },
    { key: 'links', label: t('tabs.links'), children: <LinksTab kase={k} /> },
  ];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="case-page">
      <Card size="small" styles={{ body: { padding: '10px 16px' } }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
          <Button type="text" size="small" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('back')} />
          <Typography.Text strong className="manyi-mono" style={{ fontSize: 18 }} copyable={{ text: k.number }} data-testid="case-number">{k.number}</Typography.Text>
          <TypeTag type={k.type} />
          <span data-testid="case-status" data-status={k.status}><StatusTag status={k.status} /></span>
          <PriorityTag priority={k.priority} />
          {k.isRepeat && <Tag color="magenta" data-testid="case-repeat">{t('repeat')}</Tag>}
          {k.escalationLevel > 0 && <Tag color="red" icon={<SafetyCertificateOutlined />} data-testid="case-escalation">{t('escalatedBadge', { level: en('escalation', String(k.escalationLevel)) })}</Tag>}
          {k.reopenCount > 0 && <Tag color="orange">{t('reopenedBadge', { count: k.reopenCount })}</Tag>}
          {k.mergedIntoId && <Link to={`/cases/${k.mergedIntoId}`}><Tag color="default">{t('mergedBadge')} →</Tag></Link>}
          <span style={{ flex: 1 }} />
          <Button size="small" type="text" icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('reload')} title={t('reload')} />
        </div>
        <Typography.Title level={5} style={{ margin: '6px 0 10px' }} data-testid="case-subject">{k.subject}</Typography.Title>
        <div style={{ display: 'flex', gap: 10, flexWrap: 'wrap', marginBottom: 10 }}>
          <DutyBlock label={t('firstResponder')} hint={t('firstResponderHint')} icon={<SafetyCertificateOutlined />} testId="case-first-responder" accent="#1677ff">
            {k.firstResponder?.name ?? '—'}
          </DutyBlock>
          <DutyBlock label={t('holder')} icon={k.owner ? <UserOutlined /> : <TeamOutlined />} testId="case-owner" accent="#fa8c16">
            {holder}
          </DutyBlock>
          <DutyBlock label={t('transfers')} icon={<TeamOutlined />} testId="case-transfers" accent={bounces > 0 ? '#f5222d' : '#d9d9d9'}>
            <Space size={8}>
              <span>{t('transfersValue', { count: k.transferCount })}</span>
              {bounces > 0
                ? <Badge color="red" text={<Typography.Text type="danger" data-testid="case-bounces">{t('bouncesValue', { count: bounces })}</Typography.Text>} />
                : k.transferCount > 0 && <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>{t('noBounce')}</Typography.Text>}
            </Space>
          </DutyBlock>
        </div>
        <CaseActions kase={k} me={me} />
      </Card>

      <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <div style={{ flex: '1 1 560px', minWidth: 0, display: 'flex', flexDirection: 'column', gap: 12 }}>
          <Card size="small" title={t('description')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} ellipsis={{ rows: 6, expandable: true }} data-testid="case-description">
              {k.description || '—'}
            </Typography.Paragraph>
            {k.resolutionSummary && (
              <div style={{ marginTop: 8, padding: 8, background: '#f6ffed', borderRadius: 4 }} data-testid="case-resolution">
                <Typography.Text strong>{t('labelled', { label: t('resolution'), value: en('resolutionCode', k.resolutionCode ?? 'other') })}</Typography.Text>
                <div style={{ whiteSpace: 'pre-wrap' }}>{k.resolutionSummary}</div>
                {k.confirmation && (
                  <Tag color={k.confirmation === 'satisfied' ? 'green' : 'red'} style={{ marginTop: 4 }}>
                    {t('labelled', { label: t('confirmation'), value: t(k.confirmation) })}
                  </Tag>
                )}
              </div>
            )}
          </Card>
          <Card size="small" styles={{ body: { paddingTop: 0 } }}>
            <Tabs items={tabs} size="small" data-testid="case-tabs" />
          </Card>
        </div>
        <div style={{ flex: '0 1 330px', minWidth: 280, display: 'flex', flexDirection: 'column', gap: 12 }}>
          <CustomerCard kase={k} />
          <CaseSlaPanel kase={k} />
          <Card size="small">
            <Descriptions
              size="small" column={1} styles={{ label: { width: 84 } }}
              items={[
                { key: 'channel', label: t('channel'), children: en('channel', k.channel) },
                { key: 'category', label: t('category'), children: k.categoryPath?.length ? k.categoryPath.join(' / ') : '—' },
                { key: 'site', label: t('site'), children: k.siteName ?? '—' },
                { key: 'created', label: t('createdAt'), children: formatDateTime(k.createdAt) },
                { key: 'escalation', label: t('escalation'), children: en('escalation', String(k.escalationLevel)) },
                ...(k.resolvedAt ? [{ key: 'resolved', label: t('resolvedAt'), children: formatDateTime(k.resolvedAt) }] : []),
                ...(k.externalRef ? [{ key: 'ext', label: t('externalRef'), children: k.externalRef }] : []),
                ...(k.repeatOfId ? [{ key: 'rep', label: t('repeat'), children: <Link to={`/cases/${k.repeatOfId}`} className="manyi-mono">{repeatOfNumber ?? '→'}</Link> }] : []),
              ]}
            />
          </Card>
        </div>
      </div>
    </div>
  );
}
