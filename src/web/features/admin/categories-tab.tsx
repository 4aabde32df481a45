import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Form, Input, InputNumber, Modal, Row, Space, Spin, Switch, Tag, Tree, TreeSelect, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../app/locale';
import { can, useMe } from '../../app/session';
import { patch, post } from '../../lib/api';
import { type Category, categoryName, useAdminWrite, type PickNode, useCategoryTree, walk } from './admin-data';

// 业务分类: the case category tree in three languages — add at the top or below, rename, reorder, move, deactivate.

interface Values { code: string; nameZhCn: string; nameZhTw: string; nameEn: string; sort: number; active?: boolean; parentId?: string | null }
const ROOT = '__root__';

export function CategoriesTab() {
  const { t } = useTranslation('admin');
  const { locale } = useLocale();
  const manage = can(useMe().data, 'category:manage');
  const tree = useCategoryTree();
  const [selected, setSelected] = useState<string | undefined>();
  const [adding, setAdding] = useState<'root' | 'child' | null>(null);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[]>([]);
  const [editForm] = Form.useForm<Values>();
  const [addForm] = Form.useForm<Values>();

  const { byId, descendants } = useMemo(() => {
    const m = new Map<string, Category>();
    walk(tree.data ?? [], (n) => m.set(n.id, n));
    const desc = (id: string) => { const out = new Set<string>([id]); walk(m.get(id)?.children ?? [], (n) => out.add(n.id)); return out; };
    return { byId: m, descendants: desc };
  }, [tree.data]);
  const cat = selected ? byId.get(selected) : undefined;
  useEffect(() => { if (cat) editForm.setFieldsValue({ ...cat, parentId: cat.parentId ?? ROOT }); }, [cat, editForm]);

  const name = (c: Category) => categoryName(c, locale);
  /** Open the branches leading to these categories (after a search or a create). */
  const reveal = (ids: string[]) => {
    const open = new Set(expanded);
    for (const id of ids) for (let p = byId.get(id)?.parentId; p; p = byId.get(p)?.parentId) open.add(p);
    setExpanded([...open]);
  };
  useEffect(() => {
    if (!search) return;
    const hits: string[] = [];
    byId.forEach((c) => { if (name(c).includes(search) || c.code.toLowerCase().includes(search.toLowerCase())) hits.push(c.id); });
    reveal(hits);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, byId]);
  const parentTree = useMemo(() => {
    const blocked = cat ? descendants(cat.id) : new Set<string>();
    const build = (nodes: Category[]): PickNode[] =>
      nodes.filter((n) => n.active).map((n) => ({ value: n.id, title: name(n), disabled: blocked.has(n.id), children: n.children?.length ? build(n.children) : undefined }));
    return [{ value: ROOT, title: t('categories.root') }, ...build(tree.data ?? [])];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tree.data, cat, locale]);

  const save = useAdminWrite((v: Values) => patch(`/categories/${cat!.id}`, {
    version: cat!.version, code: v.code.trim(), nameZhCn: v.nameZhCn.trim(), nameZhTw: v.nameZhTw.trim(), nameEn: v.nameEn.trim(), sort: v.sort ?? 0,
    active: v.active, parentId: v.parentId === ROOT ? null : v.parentId,
  }), { invalidate: [['admin', 'category-tree'], ['categories']], success: t('categories.saved') });
  const create = useAdminWrite((v: Values) => post<Category>('/categories', {
    parentId: adding === 'child' ? cat!.id : null, code: v.code.trim(), nameZhCn: v.nameZhCn.trim(), nameZhTw: v.nameZhTw.trim(), nameEn: v.nameEn.trim(), sort: v.sort ?? 0,
  }), { invalidate: [['admin', 'category-tree'], ['categories']], success: t('categories.created'), onDone: (c) => { setAdding(null); setSelected(c.id); if (c.parentId) setExpanded((e) => [...e, c.parentId!]); } });

  const toTree = (nodes: Category[]): TreeDataNode[] => nodes.map((n) => ({
    key: n.id,
    title: (
      <span style={{ opacity: n.active ? 1 : 0.5, whiteSpace: 'nowrap' }}>
        {search && name(n).includes(search) ? <mark>{name(n)}</mark> : name(n)}
        <Typography.Text type="secondary" className="manyi-mono" style={{ fontSize: 11, marginInlineStart: 6 }}>{n.code}</Typography.Text>
        {!n.active && <Tag style={{ marginInlineStart: 4 }}>{t('categories.inactive')}</Tag>}
      </span>
    ),
    children: n.children?.length ? toTree(n.children) : undefined,
  }));
  const required = { required: true, message: t('common.required') };
  const nameFields = (
    <Row gutter={12}>
      <Col span={12}>
        <Form.Item name="code" label={t('categories.code')} rules={[required, { pattern: /^[A-Za-z0-9_.-]+$/, message: t('org.codeHint') }]}>
          <Input maxLength={64} className="manyi-mono" data-testid="category-code" />
        </Form.Item>
      </Col>
      <Col span={12}><Form.Item name="sort" label={t('categories.sort')}><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
      <Col span={12}><Form.Item name="nameZhCn" label={t('categories.nameZhCn')} rules={[required]}><Input maxLength={100} data-testid="category-name-zhcn" /></Form.Item></Col>
      <Col span={12}><Form.Item name="nameZhTw" label={t('categories.nameZhTw')} rules={[required]}><Input maxLength={100} data-testid="category-name-zhtw" /></Form.Item></Col>
      <Col span={24}><Form.Item name="nameEn" label={t('categories.nameEn')} rules={[required]}><Input maxLength={100} data-testid="category-name-en" /></Form.Item></Col>
    </Row>
  );
  const openAdd = (kind: 'root' | 'child') => { addForm.resetFields(); addForm.setFieldsValue({ sort: 0, code: kind === 'child' && cat ? `${cat.code}.` : '' }); setAdding(kind); };

  return (
    <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <Card
        size="small" style={{ flex: '1 1 380px', minWidth: 0 }} title={t('tabs.categories')}
        extra={
          <Space size={6}>
            <Input.Search size="small" allowClear placeholder={t('categories.search')} onChange={(e) => setSearch(e.target.value.trim())} style={{ width: 140 }} />
            {manage && <Button size="small" icon={<PlusOutlined />} onClick={() => openAdd('root')} data-testid="category-add-root">{t('categories.addRoot')}</Button>}
          </Space>
        }
      >
        {tree.isPending ? <Spin /> : (
          <div style={{ maxHeight: 'calc(100vh - 220px)', overflow: 'auto' }} data-testid="category-tree">
            <Tree blockNode showLine treeData={toTree(tree.data ?? [])} expandedKeys={expanded} onExpand={(k) => setExpanded(k.map(String))} selectedKeys={selected ? [selected] : []} onSelect={(k) => k[0] && setSelected(String(k[0]))} />
          </div>
        )}
      </Card>
      <Card
        size="small" style={{ flex: '1 1 420px', minWidth: 0 }} title={cat ? name(cat) : t('categories.editTitle')}
        extra={cat && manage && cat.active && (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => openAdd('child')} data-testid="category-add-child">{t('categories.addChild')}</Button>
        )}
      >
        {!cat ? <Empty description={t('categories.select')} /> : (
          <Form<Values> form={editForm} layout="vertical" disabled={!manage} onFinish={(v) => save.mutate(v)}>
            {nameFields}
            <Form.Item name="parentId" label={t('categories.parent')}>
              <TreeSelect treeData={parentTree} showSearch={{ treeNodeFilterProp: 'title' }} listHeight={260} />
            </Form.Item>
            <Form.Item name="active" label={t('categories.active')} valuePropName="checked" extra={t('categories.deactivateHint')}><Switch /></Form.Item>
            {manage && <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="category-save">{t('common.save')}</Button>}
          </Form>
        )}
      </Card>
      <Modal
        open={adding !== null} title={adding === 'child' && cat ? t('categories.addChildTitle', { parent: name(cat) }) : t('categories.addTitle')}
        onCancel={() => setAdding(null)} onOk={() => addForm.submit()} confirmLoading={create.isPending} okText={t('common.save')} forceRender width={560}
        okButtonProps={{ ...({ 'data-testid': 'category-create-submit' } as object) }}
      >
        <Form<Values> form={addForm} layout="vertical" onFinish={(v) => create.mutate(v)}>{nameFields}</Form>
      </Modal>
    </div>
  );
}
