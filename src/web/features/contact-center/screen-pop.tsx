import { PhoneOutlined } from '@ant-design/icons';
import { Button, Drawer, Empty, List, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { SCREEN_POP_TOPIC, type ScreenPop } from '../../../shared/contacts';
import { get } from '../../lib/api';
import { useLive } from '../../lib/live';

// 来电弹屏: when the switch rings this agent (CTI webhook), the server sends a live event with
// the call id; this drawer fetches the caller's customer files (masked) and offers the customer
// page and a new case. Mounted once in the shell.

export function ScreenPopDrawer() {
  const { t } = useTranslation('contactCenter');
  const navigate = useNavigate();
  const [pop, setPop] = useState<ScreenPop | null>(null);
  const onEvent = useCallback((payload: { callId: string }) => {
    get<ScreenPop>(`/contacts/calls/${encodeURIComponent(payload.callId)}/pop`).then(setPop, () => undefined);
  }, []);
  useLive(SCREEN_POP_TOPIC, onEvent);
  const go = (path: string) => {
    setPop(null);
    navigate(path);
  };
  return (
    <Drawer
      open={pop !== null} onClose={() => setPop(null)} width={380} mask={false} placement="right" data-testid="screen-pop"
      title={<Space><PhoneOutlined style={{ color: '#389e0d' }} />{t('pop.title')}{pop && <Tag color={pop.event === 'answered' ? 'blue' : 'green'}>{t(`pop.${pop.event}`)}</Tag>}</Space>}
    >
      {pop && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('pop.caller')}：<b data-testid="screen-pop-caller">{pop.callerNumber ?? '—'}</b></Typography.Text>
          {pop.queueName && <Typography.Text type="secondary">{t('pop.queue')}：{pop.queueName}</Typography.Text>}
          {pop.customers.length === 0 ? <Empty description={t('pop.noCustomer')} /> : (
            <List
              dataSource={pop.customers}
              renderItem={(c) => (
                <List.Item actions={[<Button key="open" size="small" onClick={() => go(`/customers/${c.id}`)}>{t('pop.open')}</Button>]}>
                  <List.Item.Meta
                    title={<Space><span data-testid="screen-pop-name">{c.name}</span>{c.valueTier === 'key' && <Tag color="gold">{t('pop.tier.key')}</Tag>}</Space>}
                    description={<>{c.phones.join(' / ')}{c.orgUnitName ? ` · ${c.orgUnitName}` : ''}</>}
                  />
                </List.Item>
              )}
            />
          )}
          <Button type="primary" block onClick={() => go(pop.customers[0] ? `/cases/new?customerId=${pop.customers[0].id}` : '/cases/new')}>{t('pop.newCase')}</Button>
        </Space>
      )}
    </Drawer>
  );
}
