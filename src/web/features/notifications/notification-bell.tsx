import { BellOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Divider, Drawer, Empty, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { NotificationPage, NotificationPreferences } from '../../../shared/notifications';
import { api, get, post, qs } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useLive } from '../../lib/live';

// The bell in the header: unread count, a drawer with my notifications, live
// arrival (the server pushes {id, kind, caseId}; we refetch), click → the case.

const KEY = ['notifications'] as const;

export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const qc = useQueryClient();
  const { notification } = App.useApp();
  const [open, setOpen] = useState(false);
  const unread = useQuery({ queryKey: [...KEY, 'unread'], queryFn: () => get<{ count: number }>('/notifications/unread-count') });
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });
  useLive('notification', () => {
    refresh();
    if (!open) notification.info({ message: t('arrived'), placement: 'bottomRight', duration: 3, key: 'manyi-notification' });
  });
  useLive('live.ready', refresh);
  const count = unread.data?.count ?? 0;
  return (
    <>
      <Badge count={count} size="small" overflowCount={99} offset={[-4, 4]}>
        <Button type="text" size="small" icon={<BellOutlined style={{ fontSize: 16 }} />} onClick={() => setOpen(true)}
          aria-label={count ? t('bellCount', { count }) : t('bell')} title={t('bell')} data-testid="notification-bell" />
      </Badge>
      <NotificationDrawer open={open} onClose={() => setOpen(false)} unread={count} />
    </>
  );
}

function NotificationDrawer({ open, onClose, unread }: { open: boolean; onClose: () => void; unread: number }) {
  const { t } = useTranslation('notifications');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useInfiniteQuery({
    queryKey: [...KEY, 'list', unreadOnly],
    enabled: open,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => get<NotificationPage>(`/notifications${qs({ limit: 20, cursor: pageParam, unread: unreadOnly ? 'true' : undefined })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });
  const readOne = useMutation({ mutationFn: (id: string) => post(`/notifications/${id}/read`), onSuccess: refresh });
  const readAll = useMutation({ mutationFn: () => post('/notifications/read-all'), onSuccess: refresh });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Drawer
      open={open} onClose={onClose} width={400} title={t('title')} data-testid="notification-drawer"
      extra={<Button size="small" disabled={unread === 0} loading={readAll.isPending} onClick={() => readAll.mutate()}>{t('readAll')}</Button>}
      styles={{ body: { paddingTop: 8 } }}
    >
      <Space style={{ marginBottom: 8 }}>
        <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} />
        <Typography.Text>{t('unreadOnly')}</Typography.Text>
      </Space>
      <List
        loading={list.isPending && open}
        dataSource={items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
        renderItem={(n) => (
          <List.Item
            key={n.id}
            data-testid="notification-item"
            style={{ cursor: n.caseId ? 'pointer' : 'default', background: n.readAt ? undefined : '#f0f7ff', padding: '8px 8px', borderRadius: 6 }}
            onClick={() => {
              if (!n.readAt) readOne.mutate(n.id);
              if (n.caseId) {
                onClose();
                navigate(`/cases/${n.caseId}`);
              }
            }}
          >
            <List.Item.Meta
              title={<Space size={6}>{!n.readAt && <Tag color="blue" style={{ marginInlineEnd: 0 }}>{t('unread')}</Tag>}<span>{n.title}</span></Space>}
              description={
                <>
                  {n.body && <div style={{ color: 'rgba(0,0,0,0.65)' }}>{n.body}</div>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(n.createdAt)}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 8 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('more')}</Button>
        </div>
      )}
      <Divider style={{ margin: '16px 0 8px' }} />
      <Preferences enabled={open} />
    </Drawer>
  );
}

function Preferences({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation('notifications');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const prefs = useQuery({ queryKey: [...KEY, 'prefs'], enabled, queryFn: () => get<NotificationPreferences>('/notifications/preferences') });
  const save = useMutation({
    mutationFn: (input: { email: boolean; sms: boolean }) => api<NotificationPreferences>('PUT', '/notifications/preferences', input),
    onSuccess: (data) => { qc.setQueryData([...KEY, 'prefs'], data); void message.success(t('prefs.saved')); },
    onError: (e: Error) => void message.error(e.message),
  });
  const p = prefs.data;
  if (!p) return null;
  const row = (label: string, checked: boolean, disabled: boolean, hint: string | null, onChange: (v: boolean) => void) => (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 6 }}>
      <Switch size="small" checked={checked} disabled={disabled || save.isPending} onChange={onChange} />
      <span>{label}</span>
      {hint && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text>}
    </div>
  );
  return (
    <div data-testid="notification-preferences">
      <Typography.Text strong>{t('prefs.title')}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        {row(t('prefs.inApp'), true, true, null, () => undefined)}
        {row(t('prefs.email'), p.email && p.emailAvailable && p.hasEmail, !p.emailAvailable || !p.hasEmail, !p.emailAvailable ? t('prefs.emailOff') : !p.hasEmail ? t('prefs.noEmail') : null,
          (v) => save.mutate({ email: v, sms: p.sms }))}
        {row(t('prefs.sms'), p.sms && p.smsAvailable && p.hasPhone, !p.smsAvailable || !p.hasPhone, !p.smsAvailable ? t('prefs.smsOff') : !p.hasPhone ? t('prefs.noPhone') : null,
          (v) => save.mutate({ email: p.email, sms: v }))}
      </div>
    </div>
  );
}
