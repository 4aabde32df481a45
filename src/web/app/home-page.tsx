import { FileAddOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, List, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import type { CasePage } from '../../shared/cases';
import { get, qs } from '../lib/api';
import { PriorityTag, StatusTag, TypeTag } from '../lib/enum-tags';
import { dayjs, formatDateTime } from '../lib/format';
import { can, useMe } from './session';

// 工作台: where a shift starts — what I hold, what waits in my team, what I received as first responder.

const OPEN = ['new', 'accepted', 'in_progress', 'waiting_customer'];

function QueuePreview({ title, queue, to, testid }: { title: string; queue: string; to: string; testid: string }) {
  const { t } = useTranslation('app');
  const q = useQuery({
    queryKey: ['cases', { queue, status: OPEN, limit: 6 }],
    queryFn: () => get<z.infer<typeof CasePage>>(`/cases${qs({ queue, status: OPEN, limit: 6 })}`),
  });
  return (
    <Card size="small" title={title} extra={<Link to={to}>{t('home.viewAll')}</Link>} data-testid={testid} style={{ height: '100%' }}>
      <List
        size="small" loading={q.isPending} dataSource={q.data?.items ?? []}
        locale={{ emptyText: q.error ? <Typography.Text type="danger">{q.error.message}</Typography.Text> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} /> }}
        renderItem={(c) => (
          <List.Item style={{ padding: '6px 0', display: 'block' }}>
            <Space size={4} wrap={false} style={{ width: '100%', overflow: 'hidden' }}>
              <Link to={`/cases/${c.id}`} className="manyi-mono" style={{ fontSize: 12 }}>{c.number}</Link>
              <TypeTag type={c.type} />
              <StatusTag status={c.status} />
              <PriorityTag priority={c.priority} />
            </Space>
            <Typography.Text ellipsis style={{ display: 'block' }} title={c.subject}>
              {c.customerName ? `${c.customerName} · ` : ''}{c.subject}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(c.createdAt)}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}

export function HomePage() {
  const { t } = useTranslation('app');
  const { data: me } = useMe();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <div style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
          <div style={{ flex: 1, minWidth: 240 }}>
            <Typography.Title level={4} style={{ margin: 0 }}>{t('home.greeting', { name: me.name })}</Typography.Title>
            <Typography.Text type="secondary">
              {t('home.intro', { site: me.orgUnitName, date: dayjs().tz('Asia/Shanghai').format('YYYY-MM-DD dddd') })}
            </Typography.Text>
          </div>
          {can(me, 'case:create') && (
            <Button type="primary" size="large" icon={<FileAddOutlined />} onClick={() => navigate('/cases/new')} data-testid="home-intake">
              {t('home.quickIntake')}
            </Button>
          )}
          <Button size="large" icon={<SearchOutlined />} onClick={() => navigate('/cases')}>{t('home.quickSearch')}</Button>
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('home.shortcuts')}</Typography.Text>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}><QueuePreview title={t('home.myOpen')} queue="me" to="/queue/mine" testid="home-mine" /></Col>
        <Col xs={24} lg={8}><QueuePreview title={t('home.teamOpen')} queue="team" to="/queue/team" testid="home-team" /></Col>
        <Col xs={24} lg={8}><QueuePreview title={t('home.firstResponder')} queue="first_responder" to="/queue/mine?as=fr" testid="home-fr" /></Col>
      </Row>
    </Space>
  );
}
