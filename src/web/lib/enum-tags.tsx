import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

// Coloured tags for the shared enums, so every page shows status, type and priority alike.

const STATUS_COLOR: Record<string, string> = {
  new: 'blue', accepted: 'cyan', in_progress: 'geekblue', waiting_customer: 'orange',
  resolved: 'green', closed: 'default', cancelled: 'default',
};
const TYPE_COLOR: Record<string, string> = {
  complaint: 'red', fault: 'volcano', inquiry: 'blue', request: 'purple', suggestion: 'gold', praise: 'green',
};
const PRIORITY_COLOR: Record<string, string> = { urgent: 'red', high: 'orange', normal: 'default', low: 'default' };

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation('app');
  return <Tag color={STATUS_COLOR[status] ?? 'default'}>{t(`enum.status.${status}`)}</Tag>;
}

export function TypeTag({ type }: { type: string }) {
  const { t } = useTranslation('app');
  return <Tag color={TYPE_COLOR[type] ?? 'default'}>{t(`enum.type.${type}`)}</Tag>;
}

export function PriorityTag({ priority }: { priority: string }) {
  const { t } = useTranslation('app');
  if (priority === 'normal' || priority === 'low') return <span>{t(`enum.priority.${priority}`)}</span>;
  return <Tag color={PRIORITY_COLOR[priority]}>{t(`enum.priority.${priority}`)}</Tag>;
}
