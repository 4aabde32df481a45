import { Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { can, useMe } from '../../app/session';
import { AuditTab } from './audit-tab';
import { CategoriesTab } from './categories-tab';
import { OrgUnitsTab } from './org-units-tab';
import { RolesTab } from './roles-tab';
import { UsersTab } from './users-tab';

// 系统管理 at /admin/*: one sub-route per tab (org, users, roles, categories, audit), so each can be linked to.

export function AdminPage() {
  const { t } = useTranslation('admin');
  const me = useMe().data;
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tabs = [
    { key: 'org', show: can(me, 'org:read') },
    { key: 'users', show: can(me, 'user:read') },
    { key: 'roles', show: can(me, 'user:read') },
    { key: 'categories', show: true },
    { key: 'audit', show: can(me, 'audit:read') },
  ].filter((x) => x.show);
  if (!me) return null;
  if (!tabs.length) return <Result status="403" title={t('forbidden')} />;
  const active = pathname.split('/')[2] || tabs[0].key;
  const element: Record<string, React.ReactNode> = {
    org: <OrgUnitsTab />, users: <UsersTab />, roles: <RolesTab />, categories: <CategoriesTab />, audit: <AuditTab />,
  };

  return (
    <div data-testid="admin-page">
      <Tabs
        activeKey={active} size="small" style={{ marginTop: -8 }}
        onChange={(k) => navigate(`/admin/${k}`)}
        items={tabs.map((x) => ({ key: x.key, label: <span data-testid={`admin-tab-${x.key}`}>{t(`tabs.${x.key}`)}</span> }))}
      />
      <Routes>
        <Route index element={<Navigate to={tabs[0].key} replace />} />
        {tabs.map((x) => <Route key={x.key} path={x.key} element={element[x.key]} />)}
        <Route path="*" element={<Navigate to={`/admin/${tabs[0].key}`} replace />} />
      </Routes>
    </div>
  );
}
