import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Segmented, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { CaseTable, useCasePages } from './case-table';

// My queue (cases I hold, or cases I received as first responder) and my team's queue.

export const OPEN_STATUSES = ['new', 'accepted', 'in_progress', 'waiting_customer'] as const;

function QueueCard(props: { title: string; queue: 'me' | 'team' | 'first_responder'; extra?: React.ReactNode; testid: string }) {
  const { t } = useTranslation('cases');
  const [params, setParams] = useSearchParams();
  const scope = params.get('show') === 'all' ? 'all' : 'open';
  const query = useCasePages({ queue: props.queue, status: scope === 'open' ? [...OPEN_STATUSES] : undefined });

  return (
    <Card
      size="small" title={props.title} data-testid={props.testid}
      extra={
        <Space wrap>
          {props.extra}
          <Segmented
            size="small" value={scope}
            options={[{ value: 'open', label: t('queue.open') }, { value: 'all', label: t('queue.all') }]}
            onChange={(v) => setParams((p) => { if (v === 'all') p.set('show', 'all'); else p.delete('show'); return p; }, { replace: true })}
          />
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void query.refetch()} aria-label={t('app:common.refresh')} title={t('app:common.refresh')} />
        </Space>
      }
    >
      <CaseTable query={query} empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.empty')} />} />
    </Card>
  );
}

export function MyQueuePage() {
  const { t } = useTranslation('cases');
  const [params, setParams] = useSearchParams();
  const asFr = params.get('as') === 'fr';
  return (
    <QueueCard
      key={asFr ? 'fr' : 'me'}
      title={t('queue.mineTitle')} queue={asFr ? 'first_responder' : 'me'} testid="my-queue"
      extra={
        <Segmented
          size="small" value={asFr ? 'fr' : 'me'}
          options={[{ value: 'me', label: t('queue.asOwner') }, { value: 'fr', label: t('queue.asFirstResponder') }]}
          onChange={(v) => setParams((p) => { if (v === 'fr') p.set('as', 'fr'); else p.delete('as'); return p; }, { replace: true })}
        />
      }
    />
  );
}

export function TeamQueuePage() {
  const { t } = useTranslation('cases');
  return <QueueCard title={t('queue.teamTitle')} queue="team" testid="team-queue" />;
}
