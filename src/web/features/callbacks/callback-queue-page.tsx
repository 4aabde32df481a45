import { PhoneOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Rate, Segmented, Space, Statistic, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { CallbackPage, CallbackTask } from '../../../shared/callbacks';
import { can, useMe } from '../../app/session';
import { get, post, qs } from '../../lib/api';
import { TypeTag } from '../../lib/enum-tags';
import { formatDateTime } from '../../lib/format';
import { useLive } from '../../lib/live';
import { formatSpan, STATUS_COLOR } from './callback-data';

// The callback queue (回访队列): what is due first, overdue in red, "take next" for the agent on the phone.

export function CallbackQueuePage() {
  const { t, i18n } = useTranslation('callbacks');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const me = useMe();
  const [state, setState] = useState<'open' | 'done'>('open');
  const [mine, setMine] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const params = { state, mine: mine ? 'true' : undefined, overdue: overdue && state === 'open' ? 'true' : undefined };
  const list = useInfiniteQuery({
    queryKey: ['callbacks', 'list', params],
    queryFn: ({ pageParam }) => get<CallbackPage>(`/callbacks${qs({ ...params, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const summary = useQuery({ queryKey: ['callbacks', 'summary'], queryFn: () => get<{ open: number; overdue: number; dueToday: number; mine: number }>('/callbacks/summary') });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['callbacks'] });
  useLive('callback.queue', refresh);
  const next = useMutation({
    mutationFn: () => post<{ task: CallbackTask | null }>('/callbacks/next'),
    onSuccess: (r) => {
      refresh();
      if (r.task) navigate(`/callbacks/${r.task.id}`);
      else void message.info(t('queue.nothing'));
    },
    onError: (e: Error) => void message.error(e.message),
  });
  const now = Date.now();
  const en = i18n.language === 'en';
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<CallbackTask> = [
    {
      title: t('col.number'), dataIndex: 'caseNumber', width: 170,
      render: (n: string, r) => <Link to={`/callbacks/${r.id}`} className="manyi-mono" style={{ fontSize: 13, whiteSpace: 'nowrap' }} onClick={(e) => e.stopPropagation()}>{n}</Link>,
    },
    { title: t('col.type'), dataIndex: 'caseType', width: en ? 110 : 80, render: (v: string) => <TypeTag type={v} /> },
    { title: t('col.subject'), dataIndex: 'caseSubject', ellipsis: true },
    { title: t('col.site'), dataIndex: 'siteName', width: 130, ellipsis: true },
    state === 'open'
      ? {
        title: t('col.due'), dataIndex: 'dueAt', width: 190,
        render: (v: string, r) => {
          const left = new Date(v).getTime() - now;
          return (
            <Tooltip title={formatDateTime(v)}>
              <Space size={4} direction="vertical" style={{ lineHeight: 1.2 }}>
                {r.overdue
                  ? <Typography.Text type="danger" strong data-testid="callback-overdue">{t('due.overdue', { d: formatSpan(left, t) })}</Typography.Text>
                  : <Typography.Text type={left < 4 * 3_600_000 ? 'warning' : undefined}>{t('due.left', { d: formatSpan(left, t) })}</Typography.Text>}
                {r.nextAttemptAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('due.laterAt', { at: formatDateTime(r.nextAttemptAt).slice(11) })}</Typography.Text>}
              </Space>
            </Tooltip>
          );
        },
      }
      : { title: t('col.completedAt'), dataIndex: 'completedAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    { title: t('col.attempts'), key: 'attempts', width: 80, render: (_: unknown, r) => `${r.attempts}/${r.maxAttempts}` },
    state === 'open'
      ? { title: t('col.claimedBy'), dataIndex: 'claimedByName', width: 110, ellipsis: true, render: (v: string | null) => v ?? '—' }
      : {
        title: t('col.result'), key: 'result', width: 200,
        render: (_: unknown, r) => (
          <Space size={4} wrap>
            <Tag color={STATUS_COLOR[r.status]}>{t(`status.${r.status}`)}</Tag>
            {r.resolved !== null && <Tag color={r.resolved ? 'green' : 'red'}>{r.resolved ? t('call.yes') : t('call.noShort')}</Tag>}
            {r.satisfaction !== null && <Rate disabled value={r.satisfaction} style={{ fontSize: 12 }} />}
          </Space>
        ),
      },
  ];

  const stat = (key: 'open' | 'overdue' | 'dueToday' | 'mine', danger = false) => (
    <Statistic title={t(`queue.stats.${key}`)} value={summary.data?.[key] ?? '—'} valueStyle={{ fontSize: 22, color: danger && (summary.data?.[key] ?? 0) > 0 ? '#cf1322' : undefined }} />
  );

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" data-testid="callback-summary">
        <div style={{ display: 'flex', alignItems: 'center', gap: 40, flexWrap: 'wrap' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('queue.title')}</Typography.Title>
          {stat('open')}
          {stat('overdue', true)}
          {stat('dueToday')}
          {stat('mine')}
          <div style={{ flex: 1 }} />
          <Space>
            {can(me.data, 'callback:manage') && <Button icon={<SettingOutlined />} onClick={() => navigate('/callbacks/rules')}>{t('queue.rules')}</Button>}
            <Button type="primary" icon={<PhoneOutlined />} loading={next.isPending} onClick={() => next.mutate()} data-testid="callback-next">{t('queue.next')}</Button>
          </Space>
        </div>
      </Card>
      <Card
        size="small"
        title={
          <Segmented size="small" value={state} onChange={(v) => setState(v as 'open' | 'done')}
            options={[{ value: 'open', label: t('queue.open') }, { value: 'done', label: t('queue.done') }]} />
        }
        extra={
          <Space size={16}>
            <Space size={6}><Switch size="small" checked={mine} onChange={setMine} /><span>{t('queue.mine')}</span></Space>
            {state === 'open' && <Space size={6}><Switch size="small" checked={overdue} onChange={setOverdue} /><span>{t('queue.overdueOnly')}</span></Space>}
            <Button size="small" icon={<ReloadOutlined />} onClick={refresh} aria-label={t('app:common.refresh')} />
          </Space>
        }
      >
        <Table<CallbackTask>
          rowKey="id" size="small" columns={columns} dataSource={rows} loading={list.isPending} pagination={false}
          scroll={{ x: 980 }} data-testid="callback-table"
          onRow={(r) => ({ onClick: () => navigate(`/callbacks/${r.id}`), style: { cursor: 'pointer', background: r.overdue ? '#fff1f0' : undefined } })}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.empty')} /> }}
        />
        {list.hasNextPage && (
          <div style={{ textAlign: 'center', marginTop: 8 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('queue.more')}</Button>
          </div>
        )}
      </Card>
    </Space>
  );
}
