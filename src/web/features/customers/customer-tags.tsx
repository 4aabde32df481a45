import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

// Tier, lifecycle and type as tags, alike on the list and the customer page.

const LIFECYCLE_COLOR: Record<string, string> = { potential: 'default', new: 'blue', loyal: 'green', at_risk: 'red', lost: 'default' };

export function TierTag({ tier }: { tier: string }) {
  const { t } = useTranslation('app');
  return tier === 'key' ? <Tag color="gold">{t('enum.valueTier.key')}</Tag> : <Tag>{t('enum.valueTier.ordinary')}</Tag>;
}

export function LifecycleTag({ stage }: { stage: string }) {
  const { t } = useTranslation('app');
  return <Tag color={LIFECYCLE_COLOR[stage] ?? 'default'}>{t(`enum.lifecycle.${stage}`)}</Tag>;
}

export function CustomerTypeTag({ type }: { type: string }) {
  const { t } = useTranslation('app');
  return <Tag color={type === 'business' ? 'geekblue' : type === 'internal' ? 'purple' : 'default'}>{t(`enum.customerType.${type}`)}</Tag>;
}
