import {
  ApiOutlined, CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, CommentOutlined, EditOutlined, ExclamationCircleOutlined, FileAddOutlined,
  GiftOutlined, LinkOutlined, PaperClipOutlined, PhoneOutlined, RetweetOutlined, RiseOutlined, SwapOutlined, ToolOutlined, UndoOutlined,
} from '@ant-design/icons';
import { Empty, Spin, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { type ReactNode, useMemo } from 'react';
import type { Case } from '../../../shared/cases';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { type Event, useCaseList, useGroups, yuan } from './case-data';

// 处理轨迹: every event on the case, oldest first, in words, with who did it and when (Beijing time).

type D = Record<string, unknown>;
const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The headline of one event, plus an optional detail line (reason, summary, note). */
export function describeEvent(e: Event, t: TFunction, nameOf: (id: unknown) => string | undefined = () => undefined): { title: string; detail?: string; color: string; icon?: ReactNode; bounce?: boolean } {
  const d = e.data as D;
  const en = (ns: string, v: unknown) => t(`app:enum.${ns}.${s(v)}`);
  switch (e.kind) {
    case 'created':
      return { title: t('events.created', { channel: en('channel', d.channel) }), color: 'blue', icon: <FileAddOutlined /> };
    case 'updated': {
      const fields = Object.keys((d.changes as D) ?? {}).map((f) => t(`fieldNames.${f}`, { defaultValue: f })).join('、');
      return { title: t('timelineExtra.updatedFields', { fields }), color: 'gray', icon: <EditOutlined /> };
    }
    case 'status_changed':
      return {
        title: t('events.status_changed', { from: en('status', d.from), to: en('status', d.to) }) + (d.reason === 'dispatched' ? t('timelineExtra.statusReason') : ''),
        color: 'blue',
      };
    case 'transferred': {
      // Older events (and demo data) carry only ids: name them from what the page already knows.
      const to = s(d.toUserName) || nameOf(d.toUserId) || s(d.toGroupName) || nameOf(d.toGroupId) || t('holderNone');
      const bounce = Boolean(d.isBounce);
      return { title: t(bounce ? 'events.transferred_bounce' : 'events.transferred', { to }), detail: s(d.reason), color: bounce ? 'red' : 'orange', icon: <SwapOutlined />, bounce };
    }
    case 'dispatched':
      return { title: t('events.dispatched', { group: s(d.groupName) || nameOf(d.groupId) || '', number: s(d.number) }), detail: s(d.instructions), color: 'purple', icon: <ToolOutlined /> };
    case 'work_order_step':
      return { title: t('events.work_order_step', { number: s(d.number), step: t(`workOrders.steps.${s(d.step)}`) }), detail: s(d.note), color: 'purple', icon: <ToolOutlined /> };
    case 'escalated':
      return { title: t('events.escalated', { level: en('escalation', d.toLevel) }), detail: s(d.reason), color: 'red', icon: <RiseOutlined /> };
    case 'resolved':
      return { title: t('events.resolved', { code: en('resolutionCode', d.resolutionCode) }), detail: s(d.summary), color: 'green', icon: <CheckCircleOutlined /> };
    case 'confirmed':
      return d.satisfied
        ? { title: t('events.confirmed_yes'), detail: s(d.comment), color: 'green', icon: <CheckCircleOutlined /> }
        : { title: t('events.confirmed_no'), detail: s(d.comment), color: 'red', icon: <CloseCircleOutlined /> };
    case 'reopened':
      return {
        title: d.cause === 'customer_unsatisfied' ? t('timelineExtra.unsatisfiedReopen') : d.cause === 'callback_unresolved' ? t('timelineExtra.callbackReopen') : t('events.reopened'),
        detail: s(d.reason), color: 'orange', icon: <UndoOutlined />,
      };
    case 'regulator_deadline_set':
      return d.deadline
        ? { title: t('events.regulator_deadline_set', { deadline: formatDateTime(s(d.deadline)) }), color: 'red', icon: <ClockCircleOutlined /> }
        : { title: t('events.regulator_deadline_cleared'), color: 'gray', icon: <ClockCircleOutlined /> };
    case 'cancelled':
      return { title: t('events.cancelled'), detail: s(d.reason), color: 'gray', icon: <CloseCircleOutlined /> };
    case 'merged':
      return { title: t('events.merged', { number: s(d.intoNumber) }), detail: s(d.reason), color: 'gray', icon: <RetweetOutlined /> };
    case 'merged_from':
      return { title: t('events.merged_from', { number: s(d.number) }), detail: s(d.reason), color: 'gray', icon: <RetweetOutlined /> };
    case 'linked':
      return { title: t('events.linked', { number: s(d.number) }), color: 'gray', icon: <LinkOutlined /> };
    case 'commented':
      return { title: t(d.public ? 'events.commented_public' : 'events.commented'), detail: s(d.excerpt), color: 'gray', icon: <CommentOutlined /> };
    case 'attachment_added':
      return { title: t('events.attachment_added', { filename: s(d.filename) }), color: 'gray', icon: <PaperClipOutlined /> };
    case 'remediation_requested':
      return {
        title: t('events.remediation_requested', { kind: en('remediationKind', d.kind), amount: yuan(Number(d.amountCents ?? 0)) })
          + (d.status === 'pending' ? ` · ${t('timelineExtra.pending')}` : ''),
        detail: s(d.note), color: 'gold', icon: <GiftOutlined />,
      };
    case 'remediation_decided':
      return { title: t('events.remediation_decided', { decision: en('remediationStatus', d.status) }), detail: s(d.note), color: d.status === 'approved' ? 'green' : 'red', icon: <GiftOutlined /> };
    case 'repeat_flagged':
      return { title: t('events.repeat_flagged', { number: s(d.repeatOfNumber) }), color: 'magenta', icon: <ExclamationCircleOutlined /> };
    // Callbacks (回访), recorded by the callbacks module.
    case 'callback_created':
      return { title: t('events.callback_created', { due: formatDateTime(s(d.dueAt)) }), color: 'cyan', icon: <PhoneOutlined /> };
    case 'callback_attempt':
      return { title: t('events.callback_attempt', { n: s(d.attempt), outcome: t(`events.callbackOutcome.${s(d.outcome)}`) }), color: 'cyan', icon: <PhoneOutlined /> };
    case 'callback_completed':
      return d.status === 'completed'
        ? { title: t(d.resolved ? 'events.callback_resolved' : 'events.callback_unresolved', { s: s(d.satisfaction) }), detail: s(d.comment), color: d.resolved ? 'green' : 'red', icon: <PhoneOutlined /> }
        : { title: t(d.status === 'refused' ? 'events.callback_refused' : 'events.callback_unreachable'), color: 'gray', icon: <PhoneOutlined /> };
    default:
      return { title: e.kind, color: 'gray', icon: <ApiOutlined /> };
  }
}

export function CaseTimeline({ kase }: { kase: Case }) {
  const { t } = useTranslation('caseDetail');
  const q = useCaseList<Event>(kase.id, 'timeline');
  const groups = useGroups();
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of groups.data ?? []) m.set(g.id, g.name);
    for (const e of q.data ?? []) if (e.actorId && e.actorName) m.set(e.actorId, e.actorName);
    for (const r of [kase.firstResponder, kase.owner, kase.group]) if (r) m.set(r.id, r.name);
    return m;
  }, [groups.data, q.data, kase]);
  const nameOf = (id: unknown) => (typeof id === 'string' ? names.get(id) : undefined);
  if (q.isPending) return <Spin />;
  if (q.error) return <Typography.Text type="danger">{q.error.message}</Typography.Text>;
  if (!q.data.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div data-testid="timeline">
      <Timeline
        items={q.data.map((e) => {
          const x = describeEvent(e, t, nameOf);
          return {
            key: e.id,
            color: x.color,
            icon: x.icon,
            content: (
              <div data-testid={`timeline-${e.kind}`}>
                <div>
                  <Typography.Text strong>{x.title}</Typography.Text>
                </div>
                {x.detail && <div style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.75)' }}>{x.detail}</div>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(e.at)} · {e.actorName ?? t('system')}
                </Typography.Text>
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
