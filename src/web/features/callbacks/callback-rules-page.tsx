import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Result, Select, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { CallbackRule } from '../../../shared/callbacks';
import { CASE_TYPES } from '../../../shared/cases';
import { can, useMe } from '../../app/session';
import { api, del, get, post } from '../../lib/api';
import { TypeTag } from '../../lib/enum-tags';

// Callback rules (回访规则): which resolved cases get a callback, how soon, how many tries.

interface CategoryNode { id: string; parentId?: string | null; nameZhCn?: string; nameZhTw?: string; nameEn?: string; active?: boolean; sort?: number; children?: CategoryNode[] }
interface TreeOption { value: string; title: string; children?: TreeOption[] }

/** GET /categories?tree=1 (nested or flat) → TreeSelect options in the UI language. */
function toTree(raw: unknown, locale: string): TreeOption[] {
  const list: CategoryNode[] = Array.isArray(raw) ? raw : ((raw as { items?: CategoryNode[] })?.items ?? []);
  const label = (c: CategoryNode) => (locale === 'en' ? c.nameEn : locale === 'zh-TW' ? c.nameZhTw : c.nameZhCn) ?? c.id;
  const nested = list.some((c) => Array.isArray(c.children) && c.children.length > 0);
  const build = (nodes: CategoryNode[], kids: (c: CategoryNode) => CategoryNode[]): TreeOption[] =>
    nodes.filter((c) => c.active !== false).sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0))
      .map((c) => { const k = kids(c); return { value: c.id, title: label(c), children: k.length ? build(k, kids) : undefined }; });
  if (nested) return build(list, (c) => c.children ?? []);
  const ids = new Set(list.map((c) => c.id));
  return build(list.filter((c) => !c.parentId || !ids.has(c.parentId)), (c) => list.filter((x) => x.parentId === c.id));
}

type FormValues = Omit<CallbackRule, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'categoryName'>;

export function CallbackRulesPage() {
  const { t, i18n } = useTranslation('callbacks');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const me = useMe();
  const allowed = can(me.data, 'callback:manage');
  const rules = useQuery({ queryKey: ['callback-rules'], queryFn: () => get<{ items: CallbackRule[] }>('/callback-rules'), enabled: allowed });
  const categories = useQuery({ queryKey: ['categories', 'tree'], queryFn: () => get<unknown>('/categories?tree=1'), staleTime: 5 * 60_000, enabled: allowed });
  const calendars = useQuery({ queryKey: ['calendars'], queryFn: () => get<{ items: { id: string; name: string }[] }>('/calendars'), enabled: allowed });
  const tree = useMemo(() => toTree(categories.data, i18n.language), [categories.data, i18n.language]);
  const [editing, setEditing] = useState<CallbackRule | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const dueUnit = Form.useWatch('dueUnit', form);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['callback-rules'] });
  const save = useMutation({
    mutationFn: (v: FormValues) => (editing === 'new' || editing === null
      ? post<CallbackRule>('/callback-rules', v)
      : api<CallbackRule>('PATCH', `/callback-rules/${editing.id}`, { ...v, version: editing.version })),
    onSuccess: () => { void message.success(t('rules.saved')); setEditing(null); refresh(); },
    onError: (e: Error) => void message.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/callback-rules/${id}`),
    onSuccess: () => { void message.success(t('rules.deleted')); refresh(); },
    onError: (e: Error) => void message.error(e.message),
  });

  if (me.data && !allowed) return <Result status="403" subTitle={t('rules.forbidden')} />;

  const open = (r: CallbackRule | 'new') => {
    setEditing(r);
    form.setFieldsValue(r === 'new'
      ? { name: '', caseTypes: [], categoryId: null, samplePercent: 100, dueMinutes: 2880, dueUnit: 'minutes', calendarId: null, maxAttempts: 3, retryAfterMinutes: 60, active: true }
      : r);
  };
  const dueText = (r: CallbackRule) => (r.dueUnit === 'minutes' && r.dueMinutes % 60 === 0
    ? t('rules.hours', { h: r.dueMinutes / 60 })
    : t('rules.dueText', { n: r.dueMinutes, unit: t(`rules.${r.dueUnit}`) }));

  const columns: ColumnsType<CallbackRule> = [
    { title: t('rules.name'), dataIndex: 'name', render: (v: string, r) => <Space>{v}{!r.active && <Tag>{t('rules.inactive')}</Tag>}</Space> },
    { title: t('rules.types'), dataIndex: 'caseTypes', width: 200, render: (v: string[]) => (v.length ? <Space size={2} wrap>{v.map((x) => <TypeTag key={x} type={x} />)}</Space> : t('rules.anyType')) },
    { title: t('rules.category'), dataIndex: 'categoryName', width: 170, render: (v: string | null) => v ?? t('rules.anyCategory') },
    { title: t('rules.sample'), dataIndex: 'samplePercent', width: 90, render: (v: number) => t('rules.samplePercent', { p: v }) },
    { title: t('rules.due'), key: 'due', width: 130, render: (_: unknown, r) => dueText(r) },
    { title: t('rules.maxAttempts'), dataIndex: 'maxAttempts', width: 120 },
    {
      title: '', key: 'actions', width: 90,
      render: (_: unknown, r) => (
        <Space size={0}>
          <Button type="text" size="small" icon={<EditOutlined />} onClick={() => open(r)} aria-label={t('rules.edit')} />
          <Popconfirm title={t('rules.deleteConfirm', { name: r.name })} onConfirm={() => remove.mutate(r.id)}>
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('rules.delete')} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small" data-testid="callback-rules"
      title={<Space><Button size="small" icon={<ArrowLeftOutlined />} onClick={() => navigate('/callbacks')} aria-label={t('call.back')} />{t('rules.title')}</Space>}
      extra={<Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => open('new')}>{t('rules.add')}</Button>}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t('rules.intro')}</Typography.Paragraph>
      <Table<CallbackRule> rowKey="id" size="small" columns={columns} dataSource={rules.data?.items ?? []} loading={rules.isPending} pagination={false} scroll={{ x: 900 }} />
      <Modal
        open={editing !== null} title={editing === 'new' ? t('rules.add') : t('rules.edit')} onCancel={() => setEditing(null)}
        onOk={() => form.submit()} okText={t('rules.save')} cancelText={t('rules.cancel')} confirmLoading={save.isPending} width={560} destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} requiredMark={false} style={{ marginTop: 12 }}>
          <Form.Item name="name" label={t('rules.name')} rules={[{ required: true, whitespace: true, max: 100 }]} style={{ marginBottom: 12 }}><Input /></Form.Item>
          <Space size={12} style={{ display: 'flex' }} align="start">
            <Form.Item name="caseTypes" label={t('rules.types')} style={{ marginBottom: 12, width: 250 }}>
              <Select mode="multiple" allowClear placeholder={t('rules.anyType')} options={CASE_TYPES.map((v) => ({ value: v, label: t(`app:enum.type.${v}`) }))} />
            </Form.Item>
            <Form.Item name="categoryId" label={t('rules.category')} style={{ marginBottom: 12, width: 250 }}>
              <TreeSelect allowClear treeData={tree} placeholder={t('rules.anyCategory')} treeDefaultExpandAll={false} showSearch treeNodeFilterProp="title" />
            </Form.Item>
          </Space>
          <Space size={12} align="start" wrap>
            <Form.Item name="samplePercent" label={t('rules.sample')} rules={[{ required: true }]} style={{ marginBottom: 12 }}>
              <InputNumber min={0} max={100} suffix="%" style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="dueMinutes" label={t('rules.due')} rules={[{ required: true }]} style={{ marginBottom: 12 }}>
              <InputNumber min={1} max={86400} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="dueUnit" label=" " style={{ marginBottom: 12 }}>
              <Select style={{ width: 130 }} options={[{ value: 'minutes', label: t('rules.minutes') }, { value: 'business_minutes', label: t('rules.business_minutes') }]} />
            </Form.Item>
            {dueUnit === 'business_minutes' && (
              <Form.Item name="calendarId" label={t('rules.calendar')} rules={[{ required: true }]} style={{ marginBottom: 12 }}>
                <Select style={{ width: 160 }} options={(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
              </Form.Item>
            )}
          </Space>
          <Space size={12} align="start" wrap>
            <Form.Item name="maxAttempts" label={t('rules.maxAttempts')} rules={[{ required: true }]} style={{ marginBottom: 12 }}>
              <InputNumber min={1} max={10} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="retryAfterMinutes" label={t('rules.retryAfter')} rules={[{ required: true }]} style={{ marginBottom: 12 }}>
              <InputNumber min={0} max={10080} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="active" label={t('rules.active')} valuePropName="checked" style={{ marginBottom: 12 }}>
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}
