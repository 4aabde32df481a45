import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import type { UserOutput } from '../../../shared/platform';
import { ROLES } from '../../../shared/roles';
import { LOCALE_NAMES } from '../../app/locale';
import { can, useMe } from '../../app/session';
import { get, patch, post, qs } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { orgTreeData, useAdminWrite, useOrgTree } from './admin-data';

// 用户: search and filter staff; create with roles and org unit; edit, reset a password, deactivate.

type User = z.infer<typeof UserOutput>;
interface Values { username?: string; name: string; password?: string; roles: string[]; orgUnitId: string; locale: string; active?: boolean }

const ROLE_COLOR: Record<string, string> = { admin: 'red', supervisor: 'orange', quality_manager: 'purple', qa_inspector: 'geekblue', agent: 'blue', technician: 'cyan' };

export function UsersTab() {
  const { t } = useTranslation('admin');
  const manage = can(useMe().data, 'user:manage');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const orgUnitId = params.get('orgUnitId') ?? undefined;
  const role = params.get('role') ?? undefined;
  const withInactive = params.get('inactive') === '1';
  const [text, setText] = useState(q);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const tree = useOrgTree();
  const treeData = useMemo(() => orgTreeData(tree.data ?? [], t), [tree.data, t]);

  const filters = { q: q || undefined, orgUnitId, role, active: withInactive ? undefined : 'true' };
  const query = useInfiniteQuery({
    queryKey: ['admin', 'users', filters],
    queryFn: ({ pageParam }) => get<{ items: User[]; nextCursor: string | null }>(`/users${qs({ ...filters, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: string, v?: string) => setParams((p) => { if (v) p.set(k, v); else p.delete(k); return p; }, { replace: true });

  const close = () => setEditing(null);
  const save = useAdminWrite((v: Values) => {
    if (editing === 'new') {
      return post('/users', { username: v.username!.trim(), name: v.name.trim(), password: v.password, roles: v.roles, orgUnitId: v.orgUnitId, locale: v.locale });
    }
    const u = editing as User;
    return patch(`/users/${u.id}`, { version: u.version, name: v.name.trim(), roles: v.roles, orgUnitId: v.orgUnitId, locale: v.locale, active: v.active, password: v.password || undefined });
  }, { invalidate: [['admin', 'users']], success: editing === 'new' ? t('users.created') : t('users.saved'), onDone: close, onStale: close });
  const toggle = useAdminWrite((u: User) => patch(`/users/${u.id}`, { version: u.version, active: !u.active }), { invalidate: [['admin', 'users']], success: t('users.saved') });

  const open = (u: User | 'new') => {
    form.resetFields();
    form.setFieldsValue(u === 'new'
      ? { roles: ['agent'], locale: 'zh-CN', orgUnitId: orgUnitId }
      : { name: u.name, roles: u.roles, orgUnitId: u.orgUnitId, locale: u.locale, active: u.active });
    setEditing(u);
  };

  const columns: ColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username', width: 130, render: (v: string) => <span className="manyi-mono">{v}</span> },
    { title: t('users.name'), dataIndex: 'name', width: 100 },
    { title: t('users.orgUnit'), dataIndex: 'orgUnitName', width: 170, ellipsis: true },
    { title: t('users.roles'), dataIndex: 'roles', render: (rs: string[]) => <Space size={[0, 4]} wrap>{rs.map((r) => <Tag key={r} color={ROLE_COLOR[r]}>{t(`app:enum.role.${r}`)}</Tag>)}</Space> },
    { title: t('users.locale'), dataIndex: 'locale', width: 90, render: (l: keyof typeof LOCALE_NAMES) => LOCALE_NAMES[l] ?? l },
    { title: t('users.active'), dataIndex: 'active', width: 80, render: (a: boolean) => a ? <Tag color="green">{t('users.activeYes')}</Tag> : <Tag>{t('users.activeNo')}</Tag> },
    { title: t('users.createdAt'), dataIndex: 'createdAt', width: 100, render: (v: string) => formatDate(v) },
    ...(manage ? [{
      title: t('app:common.actions'), key: 'a', width: 130, fixed: 'right' as const,
      render: (_: unknown, u: User) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => open(u)} data-testid="user-edit">{t('common.edit')}</Button>
          {u.active ? (
            <Popconfirm title={t('users.deactivateConfirm')} onConfirm={() => toggle.mutate(u)}>
              <Button type="link" size="small" danger data-testid="user-deactivate">{t('users.deactivate')}</Button>
            </Popconfirm>
          ) : <Button type="link" size="small" onClick={() => toggle.mutate(u)}>{t('users.activate')}</Button>}
        </Space>
      ),
    }] : []),
  ];
  const required = { required: true, message: t('common.required') };
  const isNew = editing === 'new';

  return (
    <Card size="small" title={t('tabs.users')} extra={manage && <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="user-create">{t('users.create')}</Button>}>
      <Space wrap size={8} style={{ marginBottom: 8 }}>
        <Input
          allowClear style={{ width: 220 }} prefix={<SearchOutlined />} placeholder={t('users.search')} value={text}
          onChange={(e) => { setText(e.target.value); if (!e.target.value) set('q'); }} onPressEnter={() => set('q', text.trim())} data-testid="user-search"
        />
        <TreeSelect
          allowClear showSearch={{ treeNodeFilterProp: 'title' }} style={{ width: 240 }} placeholder={t('users.allUnits')} treeData={treeData} value={orgUnitId}
          onChange={(v?: string) => set('orgUnitId', v)} treeDefaultExpandAll={false} popupMatchSelectWidth={320}
        />
        <Select allowClear style={{ width: 170 }} placeholder={t('users.allRoles')} value={role} onChange={(v?: string) => set('role', v)}
          options={ROLES.map((r) => ({ value: r, label: t(`app:enum.role.${r}`) }))} />
        <Checkbox checked={withInactive} onChange={(e) => set('inactive', e.target.checked ? '1' : undefined)}>{t('users.includeInactive')}</Checkbox>
      </Space>
      <Table<User>
        rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 1000 }}
        loading={query.isPending || (query.isFetching && !query.isFetchingNextPage)} data-testid="user-table"
        locale={query.error ? { emptyText: <Typography.Text type="danger">{query.error.message}</Typography.Text> } : undefined}
        onRow={(u) => ({ style: u.active ? undefined : { opacity: 0.55 } })}
      />
      <div style={{ textAlign: 'center', padding: '12px 0' }}>
        {query.hasNextPage && <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>{t('app:common.loadMore')}</Button>}
      </div>
      <Modal
        open={editing !== null} title={isNew ? t('users.createTitle') : t('users.editTitle', { name: (editing as User | null)?.name ?? '' })}
        onCancel={close} onOk={() => form.submit()} confirmLoading={save.isPending} okText={t('common.save')} forceRender width={600} centered
        okButtonProps={{ ...({ 'data-testid': 'user-save' } as object) }}
      >
        <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Row gutter={12}>
            <Col span={12}>
              {isNew ? (
                <Form.Item name="username" label={t('users.username')} rules={[required, { pattern: /^[A-Za-z0-9_.@-]{2,64}$/, message: t('common.required') }]}>
                  <Input maxLength={64} className="manyi-mono" autoComplete="off" data-testid="user-username" />
                </Form.Item>
              ) : (
                <Form.Item label={t('users.username')}><Input value={(editing as User | null)?.username} disabled className="manyi-mono" /></Form.Item>
              )}
            </Col>
            <Col span={12}><Form.Item name="name" label={t('users.name')} rules={[required]}><Input maxLength={100} data-testid="user-form-name" /></Form.Item></Col>
            <Col span={16}>
              <Form.Item name="orgUnitId" label={t('users.orgUnit')} rules={[required]}>
                <TreeSelect showSearch={{ treeNodeFilterProp: 'title' }} treeData={treeData} treeDefaultExpandAll data-testid="user-org" listHeight={260} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="locale" label={t('users.locale')}>
                <Select options={Object.entries(LOCALE_NAMES).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="roles" label={t('users.roles')} rules={[required]} extra={t('users.rolesScope')}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`app:enum.role.${r}`) }))} data-testid="user-roles" />
          </Form.Item>
          {!isNew && <Form.Item name="active" label={t('users.active')} valuePropName="checked"><Switch checkedChildren={t('users.activeYes')} unCheckedChildren={t('users.activeNo')} /></Form.Item>}
          <Form.Item
            name="password" label={isNew ? t('users.password') : t('users.newPassword')} extra={isNew ? t('users.passwordHint') : t('users.newPasswordHint')}
            rules={[...(isNew ? [required] : []), { min: 8, message: t('users.passwordHint') }]}
          >
            <Input.Password maxLength={256} autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
