import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { get } from '../../lib/api';

// 角色权限: the built-in roles and what each may do (read-only: roles are code, held over an org subtree).

interface RoleRow { role: string; permissions: string[] }

export function RolesTab() {
  const { t } = useTranslation('admin');
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => get<{ items: RoleRow[] }>('/roles').then((r) => r.items), staleTime: Infinity });
  return (
    <Card size="small" title={t('tabs.roles')}>
      <Alert type="info" showIcon title={t('roles.hint')} style={{ marginBottom: 8 }} />
      <Table<RoleRow>
        rowKey="role" size="small" pagination={false} loading={roles.isPending} dataSource={roles.data ?? []} data-testid="roles-table"
        columns={[
          { title: t('roles.role'), dataIndex: 'role', width: 170, render: (r: string) => <strong>{t(`app:enum.role.${r}`)}</strong> },
          {
            title: t('roles.permissions'), dataIndex: 'permissions',
            render: (ps: string[]) => ps.map((p) => <Tag key={p} style={{ marginBottom: 4 }} title={p}>{t(`permission.${p.replace(':', '_')}`, { defaultValue: p })}</Tag>),
          },
          { title: '', key: 'n', width: 70, render: (_: unknown, r) => t('roles.count', { count: r.permissions.length }) },
        ]}
      />
    </Card>
  );
}
