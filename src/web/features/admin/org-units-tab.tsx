import { ApartmentOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Input, Modal, Select, Space, Spin, Switch, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ORG_UNIT_KINDS } from '../../../shared/platform';
import { can, useMe } from '../../app/session';
import { patch, post } from '../../lib/api';
import { type OrgUnit, useAdminWrite, useOrgTree, walk } from './admin-data';

// 组织架构: the org tree (province → city → hall / call centre → team); add a unit below any unit, edit one.

/** Which kinds make sense below a kind (the server accepts any; this keeps the picker short). */
const CHILD_KINDS: Record<string, string[]> = {
  province: ['city', 'call_centre', 'team'], city: ['hall', 'call_centre', 'team'], hall: ['team'], call_centre: ['team'], team: ['team'],
};

interface UnitValues { name: string; kind: string; code?: string; isResolverGroup: boolean; rural: boolean; active?: boolean }

export function OrgUnitsTab() {
  const { t } = useTranslation('admin');
  const navigate = useNavigate();
  const manage = can(useMe().data, 'org:manage');
  const tree = useOrgTree();
  const [selected, setSelected] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');
  const [editForm] = Form.useForm<UnitValues>();
  const [addForm] = Form.useForm<UnitValues>();

  const byId = useMemo(() => {
    const m = new Map<string, OrgUnit>();
    walk(tree.data ?? [], (n) => m.set(n.id, n));
    return m;
  }, [tree.data]);
  const unit = selected ? byId.get(selected) : undefined;
  useEffect(() => { if (!selected && tree.data?.[0]) setSelected(tree.data[0].id); }, [tree.data, selected]);
  useEffect(() => { if (unit) editForm.setFieldsValue(unit); }, [unit, editForm]);

  const save = useAdminWrite((v: UnitValues) => patch(`/org-units/${unit!.id}`, { version: unit!.version, name: v.name.trim(), kind: v.kind, isResolverGroup: v.isResolverGroup, rural: v.rural, active: v.active }), {
    invalidate: [['admin', 'org-tree'], ['groups']], success: t('org.saved'),
  });
  const create = useAdminWrite((v: UnitValues) => post<OrgUnit>('/org-units', { parentId: unit!.id, kind: v.kind, code: v.code!.trim(), name: v.name.trim(), isResolverGroup: v.isResolverGroup, rural: v.rural }), {
    invalidate: [['admin', 'org-tree'], ['groups']], success: t('org.created'), onDone: (u) => { setAdding(false); setSelected(u.id); },
  });

  const kindOptions = (kinds: readonly string[]) => kinds.map((k) => ({ value: k, label: t(`app:enum.orgKind.${k}`) }));
  const toTree = (nodes: OrgUnit[]): TreeDataNode[] => nodes.map((n) => ({
    key: n.id,
    title: (
      <span style={{ opacity: n.active ? 1 : 0.5, whiteSpace: 'nowrap' }}>
        {search && n.name.includes(search) ? <mark>{n.name}</mark> : n.name}
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>{t(`app:enum.orgKind.${n.kind}`)}</Typography.Text>
        {n.isResolverGroup && <TeamOutlined style={{ marginInlineStart: 4, color: '#722ed1' }} />}
        {!n.active && <Tag style={{ marginInlineStart: 4 }}>{t('org.inactive')}</Tag>}
      </span>
    ),
    children: n.children?.length ? toTree(n.children) : undefined,
  }));
  const required = { required: true, message: t('common.required') };

  return (
    <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <Card size="small" style={{ flex: '1 1 380px', minWidth: 0 }} title={<Space><ApartmentOutlined />{t('tabs.org')}</Space>}
        extra={<Input.Search size="small" allowClear placeholder={t('org.search')} onChange={(e) => setSearch(e.target.value.trim())} style={{ width: 160 }} />}
      >
        {tree.isPending ? <Spin /> : (
          <div style={{ maxHeight: 'calc(100vh - 220px)', overflow: 'auto' }} data-testid="org-tree">
            <Tree
              blockNode defaultExpandAll showLine treeData={toTree(tree.data ?? [])} selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
            />
          </div>
        )}
      </Card>
      <Card
        size="small" style={{ flex: '1 1 420px', minWidth: 0 }} title={unit ? unit.name : t('org.editTitle')}
        extra={unit && (
          <Space size={6}>
            <Button size="small" icon={<TeamOutlined />} onClick={() => navigate(`/admin/users?orgUnitId=${unit.id}`)}>{t('org.members')}</Button>
            {manage && (
              <Button size="small" type="primary" icon={<PlusOutlined />} data-testid="org-add-child"
                onClick={() => { addForm.resetFields(); addForm.setFieldsValue({ kind: CHILD_KINDS[unit.kind]?.[0] ?? 'team', isResolverGroup: false, rural: false }); setAdding(true); }}>
                {t('org.addChild')}
              </Button>
            )}
          </Space>
        )}
      >
        {!unit ? <Empty description={t('org.select')} /> : (
          <Form<UnitValues> form={editForm} layout="vertical" disabled={!manage} onFinish={(v) => save.mutate(v)} style={{ maxWidth: 480 }}>
            <Form.Item label={t('org.code')}><Input value={unit.code} disabled className="manyi-mono" /></Form.Item>
            <Form.Item name="name" label={t('org.name')} rules={[required]}><Input maxLength={100} data-testid="org-name" /></Form.Item>
            <Form.Item name="kind" label={t('org.kind')}><Select options={kindOptions(ORG_UNIT_KINDS)} /></Form.Item>
            <Space size={24} wrap>
              <Form.Item name="isResolverGroup" label={t('org.resolverGroup')} valuePropName="checked"><Switch /></Form.Item>
              <Form.Item name="rural" label={t('org.rural')} valuePropName="checked"><Switch /></Form.Item>
              <Form.Item name="active" label={t('org.active')} valuePropName="checked"><Switch disabled={!manage || !unit.parentId} /></Form.Item>
            </Space>
            {manage && <div><Button type="primary" htmlType="submit" loading={save.isPending} data-testid="org-save">{t('common.save')}</Button></div>}
          </Form>
        )}
      </Card>
      <Modal
        open={adding} title={t('org.addTitle', { parent: unit?.name ?? '' })} onCancel={() => setAdding(false)} onOk={() => addForm.submit()}
        confirmLoading={create.isPending} okText={t('common.save')} forceRender
      >
        <Form<UnitValues> form={addForm} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="kind" label={t('org.kind')} rules={[required]}><Select options={kindOptions(ORG_UNIT_KINDS)} /></Form.Item>
          <Form.Item name="code" label={t('org.code')} extra={t('org.codeHint')} rules={[required, { pattern: /^[A-Za-z0-9_.-]+$/, message: t('org.codeHint') }]}>
            <Input maxLength={64} className="manyi-mono" data-testid="org-new-code" />
          </Form.Item>
          <Form.Item name="name" label={t('org.name')} rules={[required]}><Input maxLength={100} data-testid="org-new-name" /></Form.Item>
          <Space size={24}>
            <Form.Item name="isResolverGroup" label={t('org.resolverGroup')} valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="rural" label={t('org.rural')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </div>
  );
}
