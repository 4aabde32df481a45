import { ScheduleOutlined } from '@ant-design/icons';
import {
  CalculatorOutlined, CalendarOutlined, ContactsOutlined, DownOutlined, FileAddOutlined, HomeOutlined, InboxOutlined, KeyOutlined, LogoutOutlined,
  FieldTimeOutlined, SafetyCertificateOutlined, SearchOutlined, SettingOutlined, TeamOutlined, UserOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Dropdown, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { ApiError, post, setUnauthenticatedHandler } from '../lib/api';
import { LanguageSwitch, useAdoptUserLocale } from './locale';
import { PasswordModal } from './password-modal';
import { NotificationBell } from '../features/notifications/notification-bell';
import { PhoneOutlined } from '@ant-design/icons';
import { BarChartOutlined, CloudUploadOutlined, DashboardOutlined } from '@ant-design/icons';
import { ScreenPopDrawer } from '../features/contact-center/screen-pop';
import { can, useMe } from './session';

// The shell around every page once logged in: side menu, header (user, site, language, logout).

const { Header, Sider, Content } = Layout;

function menuKey(pathname: string): string {
  if (pathname === '/') return 'home';
  if (pathname.startsWith('/queue/mine')) return 'mine';
  if (pathname.startsWith('/queue/team')) return 'team';
  if (pathname.startsWith('/cases/new')) return 'intake';
  if (pathname.startsWith('/cases')) return 'search';
  if (pathname.startsWith('/customers')) return 'customers';
  if (pathname.startsWith('/callbacks')) return 'callbacks';
  if (pathname.startsWith('/admin')) return 'admin';
  if (pathname.startsWith('/workforce/planning')) return 'planning';
  if (pathname.startsWith('/workforce')) return 'workforce';
  if (pathname.startsWith('/contact-center/kpis')) return 'ccKpis';
  if (pathname.startsWith('/contact-center/wallboard')) return 'ccWall';
  if (pathname.startsWith('/contact-center/import')) return 'ccImport';
  if (pathname.startsWith('/calendars')) return 'calendars';
  if (pathname.startsWith('/commitments')) return 'commitments';
  if (pathname.startsWith('/sla/watch')) return 'slaWatch';
  if (pathname.startsWith('/reports/sla-compliance')) return 'slaCompliance';
  return '';
}
const ROUTE_OF: Record<string, string> = {
  home: '/', mine: '/queue/mine', team: '/queue/team', search: '/cases', intake: '/cases/new', customers: '/customers', admin: '/admin', calendars: '/calendars', commitments: '/commitments', slaWatch: '/sla/watch',
  ccKpis: '/contact-center/kpis', ccWall: '/contact-center/wallboard', ccImport: '/contact-center/import',
  workforce: '/workforce/erlang', planning: '/workforce/planning',
  callbacks: '/callbacks',
  slaCompliance: '/reports/sla-compliance',
};

export function AppLayout() {
  const { t } = useTranslation('app');
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const me = useMe();
  const [collapsed, setCollapsed] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);
  useAdoptUserLocale(me.data);

  // A 401 anywhere (session expired, logged out elsewhere) brings the login page, then back here.
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      qc.clear();
      const here = window.location.pathname + window.location.search;
      navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
  }, [navigate, qc]);

  // Alt+N: a new case from anywhere — the counter's most frequent action.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'n' || e.key === 'N' || e.code === 'KeyN')) {
        e.preventDefault();
        navigate('/cases/new');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  if (me.isPending) return <div style={{ height: '100vh', display: 'grid', placeItems: 'center' }}><Spin size="large" /></div>;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      const here = location.pathname + location.search;
      return <Navigate to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} replace />;
    }
    return (
      <Result status="error" title={t('errors.network')} subTitle={me.error.message}
        extra={<Button type="primary" onClick={() => void me.refetch()}>{t('common.refresh')}</Button>} />
    );
  }
  const user = me.data;
  const showAdmin = can(user, 'user:manage') || can(user, 'org:manage') || can(user, 'category:manage');

  // Grouped by the work they serve; a group a user has nothing in is left out.
  const group = (key: string, children: ({ key: string; icon: ReactNode; label: string } | false)[]) => {
    const kept = children.filter((c): c is { key: string; icon: ReactNode; label: string } => Boolean(c));
    return kept.length ? [{ type: 'group' as const, key: `g-${key}`, label: collapsed ? null : t(`navGroup.${key}`), children: kept }] : [];
  };
  const items = [
    ...group('service', [
      { key: 'home', icon: <HomeOutlined />, label: t('nav.home') },
      { key: 'mine', icon: <InboxOutlined />, label: t('nav.myQueue') },
      { key: 'team', icon: <TeamOutlined />, label: t('nav.teamQueue') },
      { key: 'search', icon: <SearchOutlined />, label: t('nav.caseSearch') },
      can(user, 'case:create') && { key: 'intake', icon: <FileAddOutlined />, label: t('nav.intake') },
      can(user, 'customer:read') && { key: 'customers', icon: <ContactsOutlined />, label: t('nav.customers') },
      can(user, 'callback:work') && { key: 'callbacks', icon: <PhoneOutlined />, label: t('callbacks:nav') },
    ]),
    ...group('quality', [
      { key: 'commitments', icon: <SafetyCertificateOutlined />, label: t('sla:nav') },
      { key: 'slaWatch', icon: <FieldTimeOutlined />, label: t('sla:watch.nav') },
      can(user, 'report:read') && { key: 'slaCompliance', icon: <BarChartOutlined />, label: t('reports:nav') },
    ]),
    ...group('contactCenter', [
      can(user, 'contact:read') && { key: 'ccKpis', icon: <BarChartOutlined />, label: t('contactCenter:nav.kpis') },
      can(user, 'contact:read') && { key: 'ccWall', icon: <DashboardOutlined />, label: t('contactCenter:nav.wallboard') },
      can(user, 'contact:import') && { key: 'ccImport', icon: <CloudUploadOutlined />, label: t('contactCenter:nav.import') },
      (can(user, 'contact:read') || can(user, 'workforce:plan')) && { key: 'workforce', icon: <CalculatorOutlined />, label: t('workforce:nav') },
      can(user, 'workforce:plan') && { key: 'planning', icon: <ScheduleOutlined />, label: t('planning:nav') },
    ]),
    ...group('system', [
      showAdmin && { key: 'admin', icon: <SettingOutlined />, label: t('nav.admin') },
      can(user, 'settings:manage') && { key: 'calendars', icon: <CalendarOutlined />, label: t('calendars:nav') },
    ]),
  ];

  const logout = async () => {
    try {
      await post('/auth/logout');
    } finally {
      qc.clear();
      navigate('/login', { replace: true });
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" width={184} collapsedWidth={56}
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div
          style={{ height: 48, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#fff', fontWeight: 600, fontSize: collapsed ? 16 : 18, cursor: 'pointer', whiteSpace: 'nowrap' }}
          onClick={() => navigate('/')}
        >
          {collapsed ? t('appName').slice(0, 1) : t('appName')}
        </div>
        <nav aria-label={t('appTagline')}>
          <Menu
            theme="dark" mode="inline" selectedKeys={[menuKey(location.pathname)]} items={items}
            onClick={({ key }) => navigate(ROUTE_OF[key])} data-testid="side-menu"
          />
        </nav>
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 16px', height: 48, lineHeight: '48px', display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, zIndex: 100 }}>
          <Typography.Text type="secondary" style={{ flex: 1, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {t('appName')} · {t('appTagline')}
          </Typography.Text>
          {can(user, 'case:create') && (
            <Button type="primary" size="small" icon={<FileAddOutlined />} onClick={() => navigate('/cases/new')} title={t('header.shortcutNew')}>
              {t('nav.intake')}
            </Button>
          )}
          <NotificationBell />
          <LanguageSwitch save />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'pw', icon: <KeyOutlined />, label: t('header.changePassword') },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
              ],
              onClick: ({ key }) => (key === 'logout' ? void logout() : setPwOpen(true)),
            }}
          >
            <Button type="text" size="small" data-testid="user-menu">
              <Space size={4}>
                <UserOutlined />
                <span data-testid="user-name">{user.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="user-site">{user.orgUnitName}</Typography.Text>
                <DownOutlined style={{ fontSize: 10 }} />
              </Space>
            </Button>
          </Dropdown>
          <Button size="small" icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout" aria-label={t('header.logout')} title={t('header.logout')} />
        </Header>
        <Content style={{ padding: 16, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
      <ScreenPopDrawer />
      <PasswordModal open={pwOpen || user.mustChangePassword} forced={user.mustChangePassword} onClose={() => setPwOpen(false)} />
    </Layout>
  );
}
