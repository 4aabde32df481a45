import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type SlaWatchItem, splitMinutes } from '../../../shared/sla';
import { get, qs } from '../../lib/api';
import { PriorityTag, StatusTag } from '../../lib/enum-tags';
import { formatDateTime } from '../../lib/format';

// 时限预警: the supervisor's view of the clocks — every open case in my scope that is breached, at risk or
// due soon, its most urgent target first. Refreshed every 30 s; the case page has the full clocks.

const STATE_COLOR: Record<string, string> = { breached: 'error', at_risk: 'warning', running: 'processing', paused: 'default' };
const WINDOWS = [4, 24, 72] as const;

export function SlaWatchPage() {
  const { t } = useTranslation('sla');
  const [within, setWithin] = useState<number>(24);
  const q = useQuery({
    queryKey: ['sla-watch', within],
    queryFn: () => get<{ items: SlaWatchItem[] }>(`/sla/watch${qs({ withinHours: within })}`),
    refetchInterval: 30_000,
  });
  const duration = (minutes: number, clock: 'business' | 'calendar') => {
    const { d, h, m } = splitMinutes(minutes, clock);
    return [d ? t('duration.d', { n: d }) : '', h ? t('duration.h', { n: h }) : '', m || (!d && !h) ? t('duration.m', { n: m }) : ''].filter(Boolean).join(' ');
  };
  return (
    <Card
      title={t('watch.title')}
      extra={(
        <Space>
          <Typography.Text type="secondary">{t('watch.within')}</Typography.Text>
          <Segmented<number> value={within} onChange={setWithin} options={WINDOWS.map((n) => ({ value: n, label: t('watch.hours', { n }) }))} data-testid="sla-watch-window" />
        </Space>
      )}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>{t('watch.intro')}</Typography.Paragraph>
      {q.error && <Alert type="error" showIcon message={q.error.message} style={{ marginBottom: 12 }} />}
      <Table<SlaWatchItem>
        rowKey="caseId" size="small" loading={q.isPending} dataSource={q.data?.items ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('watch.empty') }} data-testid="sla-watch-table" scroll={{ x: 960 }}
        columns={[
          { title: t('watch.case'), key: 'case', render: (_, r) => (
            <div style={{ minWidth: 0 }}>
              <Link to={`/cases/${r.caseId}`} className="manyi-mono">{r.number}</Link>
              <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: 300 }}>{r.subject}</div>
            </div>
          ) },
          { title: t('watch.state'), key: 'state', width: 170, render: (_, r) => (
            <Space size={4} direction="vertical">
              <Tag color={STATE_COLOR[r.state]} style={{ marginInlineEnd: 0 }}>{t(`targets.${r.target}`)} · {t(`states.${r.state}`)}</Tag>
              <Space size={4}><StatusTag status={r.status} /><PriorityTag priority={r.priority} /></Space>
            </Space>
          ) },
          { title: t('watch.due'), key: 'due', width: 150, render: (_, r) => formatDateTime(r.dueAt) || '—' },
          { title: t('watch.left'), key: 'left', width: 150, render: (_, r) => (r.leftMinutes === null ? '—' : r.leftMinutes < 0
            ? <Typography.Text type="danger">{t('panel.overdue', { duration: duration(-r.leftMinutes, r.clock) })}</Typography.Text>
            : t('panel.left', { duration: duration(r.leftMinutes, r.clock) })) },
          { title: t('watch.owner'), dataIndex: 'ownerName', width: 110, render: (v: string | null) => v ?? '—' },
          { title: t('watch.site'), dataIndex: 'siteName', width: 150 },
          { title: t('watch.commitment'), dataIndex: 'commitmentCode', width: 190, render: (v: string | null) => <Typography.Text type="secondary" className="manyi-mono" style={{ fontSize: 12 }}>{v ?? '—'}</Typography.Text> },
        ]}
      />
    </Card>
  );
}
