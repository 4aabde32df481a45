import { ClockCircleOutlined, PauseCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Popover, Progress, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../shared/cases';
import { type CaseSla, type SlaTargetClock, splitMinutes } from '../../../shared/sla';
import { get } from '../../lib/api';
import { formatDateTime } from '../../lib/format';

// 服务时限: the case's clocks against the commitment that covers it — due at
// (Beijing time), met/breached, time left in business time, paused — with the
// commitment's text and why it applies. Refetched every 30 s and after every
// action on the case (its query key sits under the case's).

const STATE_COLOR: Record<string, string> = {
  running: 'processing', at_risk: 'warning', paused: 'default', met: 'success', breached: 'error', not_started: 'default', cancelled: 'default',
};

export function useDuration() {
  const { t } = useTranslation('sla');
  return (minutes: number, clock: 'business' | 'calendar') => {
    const { d, h, m } = splitMinutes(minutes, clock);
    const parts = [d ? t('duration.d', { n: d }) : '', h ? t('duration.h', { n: h }) : '', m || (!d && !h) ? t('duration.m', { n: m }) : ''];
    return parts.filter(Boolean).join(' ');
  };
}

/** Plain-time clocks count down every second; business-time ones show the server's figure (refreshed every 30 s). */
function useNow(enabled: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return undefined;
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [enabled]);
  return now;
}

function TargetRow({ c, computedAt }: { c: SlaTargetClock; computedAt: string }) {
  const { t } = useTranslation('sla');
  const dur = useDuration();
  const live = c.clock === 'calendar' && (c.state === 'running' || c.state === 'at_risk') && c.dueAt !== null;
  const now = useNow(live);
  const left = live ? (Date.parse(c.dueAt!) - now) / 60_000 : c.leftMinutes;
  const used = c.minutes > 0 ? Math.min(100, Math.max(0, (c.elapsedMinutes / c.minutes) * 100)) : 0;
  let status: string | null = null;
  if (c.state === 'met') status = c.metAt ? `${t('panel.metAt')} ${formatDateTime(c.metAt)}` : null;
  else if (c.state === 'paused' && left !== null) status = t('panel.pausedLeft', { duration: dur(left, c.clock) });
  else if (left !== null && (c.state === 'running' || c.state === 'at_risk')) status = t('panel.left', { duration: dur(left, c.clock) });
  else if (c.state === 'breached' && left !== null && left < 0 && !c.metAt) status = t('panel.overdue', { duration: dur(-left, c.clock) });
  const name = c.regulatorDeadline ? t('panel.regulator') : t(`targets.${c.target}`);
  return (
    <div data-testid={`sla-target-${c.target}`} data-state={c.state} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
        <Typography.Text strong style={{ flex: 1, minWidth: 0 }}>{name}</Typography.Text>
        <Tag color={STATE_COLOR[c.state]} style={{ marginInlineEnd: 0 }} icon={c.state === 'paused' ? <PauseCircleOutlined /> : undefined}>{t(`states.${c.state}`)}</Tag>
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, fontSize: 12 }}>
        <Typography.Text type="secondary">
          {c.regulatorDeadline ? '' : `${dur(c.minutes, c.clock)}（${t(`clocks.${c.clock}`)}）`}
          {c.target === 'nextUpdate' && c.cycle > 0 ? ` · ${t('panel.cycle', { n: c.cycle })}` : ''}
          {c.missedCycles > 0 ? ` · ${t('panel.missed', { n: c.missedCycles })}` : ''}
        </Typography.Text>
        {c.dueAt && <Typography.Text type="secondary" data-testid={`sla-due-${c.target}`}>{t('panel.dueAt')} {formatDateTime(c.dueAt)}</Typography.Text>}
      </div>
      {status && (
        <Tooltip title={c.clock === 'business' && !live ? `${t('panel.live')} · ${formatDateTime(computedAt)}` : undefined}>
          <Typography.Text type={c.state === 'breached' ? 'danger' : c.state === 'at_risk' ? 'warning' : undefined} style={{ fontSize: 13 }} data-testid={`sla-left-${c.target}`}>
            {status}
          </Typography.Text>
        </Tooltip>
      )}
      {(c.state === 'running' || c.state === 'at_risk' || c.state === 'paused') && (
        <Progress percent={Math.round(used)} size="small" showInfo={false} status={c.state === 'at_risk' ? 'exception' : 'active'} strokeColor={c.state === 'at_risk' ? '#faad14' : undefined} />
      )}
    </div>
  );
}

export function CaseSlaPanel({ kase }: { kase: Case }) {
  const { t } = useTranslation('sla');
  const q = useQuery({
    queryKey: ['case', kase.id, 'sla', kase.version],
    queryFn: () => get<CaseSla>(`/cases/${kase.id}/sla`),
    refetchInterval: 30_000,
  });
  const s = q.data;
  const reason = s?.reason;
  const why = s?.commitment && (
    <div style={{ maxWidth: 320 }} data-testid="sla-why">
      <Typography.Paragraph style={{ marginBottom: 6 }}>{s.commitment.text}</Typography.Paragraph>
      {reason && reason.matched.length === 0 && <div>{t('panel.allCases')}</div>}
      {reason && reason.matched.length > 0 && (
        <>
          <div>{t('panel.score', { count: reason.score })}</div>
          <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
            {reason.matched.map((m) => (
              <Tag key={m.condition}>{t(`conditionNames.${m.condition}`)}：{valueLabel(t, m.condition, m.value)}</Tag>
            ))}
          </Space>
        </>
      )}
      {reason && reason.alsoMatched.length > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 12 }}>{t('panel.alsoMatched', { codes: reason.alsoMatched.join('、') })}</Typography.Text>
      )}
      {s.calendar && <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{t('panel.calendar', { name: s.calendar.name })}</Typography.Text>}
    </div>
  );
  return (
    <Card size="small" data-testid="sla-panel"
      title={<Space size={6}><ClockCircleOutlined />{t('panel.title')}</Space>}
      extra={s?.commitment && (
        <Popover content={why} title={s.commitment.title} trigger={['hover', 'click']} placement="left">
          <Typography.Link data-testid="sla-why-link" style={{ fontSize: 12 }}><QuestionCircleOutlined /> {t('panel.why')}</Typography.Link>
        </Popover>
      )}
    >
      {q.isPending && <Skeleton active paragraph={{ rows: 3 }} title={false} />}
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      {s && !s.commitment && s.targets.length === 0 && (
        // Compact: the right column is short on a 768-pixel screen.
        <Tooltip title={t('panel.noneHint')}>
          <Typography.Text type="secondary" data-testid="sla-none">{t('panel.none')}</Typography.Text>
        </Tooltip>
      )}
      {s && (s.commitment || s.targets.length > 0) && (
        <>
          {s.commitment && <Typography.Text strong data-testid="sla-commitment" style={{ display: 'block' }}>{s.commitment.title}</Typography.Text>}
          {s.paused && <Alert type="info" showIcon icon={<PauseCircleOutlined />} message={t('panel.paused')} style={{ margin: '6px 0', padding: '2px 8px' }} />}
          {s.targets.map((c) => <TargetRow key={c.target} c={c} computedAt={s.computedAt} />)}
          <Typography.Text type="secondary" style={{ fontSize: 11 }}>{t('panel.tz')} · {t('panel.live')}</Typography.Text>
        </>
      )}
    </Card>
  );
}

function valueLabel(t: (k: string) => string, condition: string, value: string): string {
  switch (condition) {
    case 'caseType': return t(`app:enum.type.${value}`);
    case 'channel': return t(`app:enum.channel.${value}`);
    case 'priority': return t(`app:enum.priority.${value}`);
    case 'valueTier': return t(`tiers.${value}`);
    case 'area': return t(`areas.${value}`);
    default: return value;
  }
}
