import { FullscreenOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WALLBOARD_TOPIC, type WallboardOutput } from '../../../shared/contacts';
import { get } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useLive } from '../../lib/live';

// 实时监控墙: one panel per queue with big numbers, readable across a room. Refreshed when a CTI
// event touches a queue (live topic contact.wallboard) and every 15 s for the clocks.

const STATE_COLORS: Record<string, string> = { ready: 'green', on_call: 'blue', acw: 'gold', not_ready: 'red' };

function Big({ label, value, tone, testId }: { label: string; value: string; tone?: 'good' | 'bad' | 'warn'; testId?: string }) {
  const color = tone === 'bad' ? '#cf1322' : tone === 'warn' ? '#d48806' : tone === 'good' ? '#389e0d' : '#141414';
  return (
    <div style={{ textAlign: 'center', padding: '4px 0' }}>
      <div style={{ fontSize: 15, color: '#595959' }}>{label}</div>
      <div style={{ fontSize: 44, lineHeight: '52px', fontWeight: 700, color, fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>{value}</div>
    </div>
  );
}

const mmss = (s: number | null) => (s === null ? '—' : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`);
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

export function WallboardPage() {
  const { t } = useTranslation('contactCenter');
  const qc = useQueryClient();
  const ref = useRef<HTMLDivElement>(null);
  const board = useQuery({ queryKey: ['contact-wallboard'], queryFn: () => get<WallboardOutput>('/contacts/wallboard'), refetchInterval: 15_000 });
  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: ['contact-wallboard'] }), [qc]);
  useLive(WALLBOARD_TOPIC, refresh);
  useLive('live.ready', refresh);
  // The longest wait keeps ticking between refreshes.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const sinceBoard = board.data ? Math.max(0, Math.floor((now - Date.parse(board.data.at)) / 1000)) : 0;

  return (
    <div ref={ref} style={{ background: '#f5f5f5', padding: 8, minHeight: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('wall.title')}</Typography.Title>
        <Space>
          {board.data && <Typography.Text type="secondary">{t('wall.updated', { time: formatDateTime(board.data.at) })}</Typography.Text>}
          <Button icon={<FullscreenOutlined />} onClick={() => void ref.current?.requestFullscreen?.()}>{t('wall.fullscreen')}</Button>
        </Space>
      </Space>
      {board.data && <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="wall-definition">{board.data.definitionText}</Typography.Paragraph>}
      {board.data && board.data.queues.length === 0 && <Empty description={t('wall.noQueues')} />}
      <Row gutter={[12, 12]}>
        {board.data?.queues.map((q) => (
          <Col key={q.queueId} xs={24} lg={12} xxl={8}>
            <Card title={<span style={{ fontSize: 20 }}>{q.code} · {q.name}</span>} data-testid={`wall-queue-${q.code}`} styles={{ body: { padding: 12 } }}>
              <Row>
                <Col span={8}><Big label={t('wall.waiting')} value={String(q.waiting)} tone={q.waiting > 5 ? 'bad' : q.waiting > 0 ? 'warn' : 'good'} testId={`wall-waiting-${q.code}`} /></Col>
                <Col span={8}><Big label={t('wall.longest')} value={mmss(q.longestWaitSeconds === null ? null : q.longestWaitSeconds + sinceBoard)} tone={(q.longestWaitSeconds ?? 0) + sinceBoard > 60 && q.longestWaitSeconds !== null ? 'bad' : undefined} /></Col>
                <Col span={8}><Big label={t('wall.todaySl')} value={pct(q.today.serviceLevel)} tone={q.today.serviceLevel === null ? undefined : q.today.serviceLevel >= 0.8 ? 'good' : 'bad'} testId={`wall-sl-${q.code}`} /></Col>
                <Col span={8}><Big label={t('wall.todayAsa')} value={q.today.asaSeconds === null ? '—' : `${Math.round(q.today.asaSeconds)}s`} /></Col>
                <Col span={8}><Big label={t('wall.todayAbandon')} value={pct(q.today.abandonRate)} tone={(q.today.abandonRate ?? 0) > 0.05 ? 'warn' : undefined} /></Col>
                <Col span={8}><Big label={t('wall.offered')} value={`${q.today.answered}/${q.today.offered}`} /></Col>
              </Row>
              <div style={{ marginTop: 8, fontSize: 16 }}>
                <span style={{ color: '#595959', marginRight: 8 }}>{t('wall.agents')}</span>
                {(['ready', 'on_call', 'acw', 'not_ready'] as const).map((s) => (
                  <Tag key={s} color={STATE_COLORS[s]} style={{ fontSize: 16, padding: '2px 8px' }}>{t(`wall.states.${s}`)} {q.agents[s] ?? 0}</Tag>
                ))}
              </div>
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
