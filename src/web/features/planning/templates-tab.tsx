import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Col, Empty, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { api, del, get, post } from '../../lib/api';
import { useOrgUnits } from './forecast-tab';
import type { ShiftTemplateOutput } from './planning-model';

interface Values {
  orgUnitId: string; name: string; start: string; lengthHours: number; days: number[]; active: boolean;
  breaks: { lengthMinutes: number; paid: boolean; earliestMinute: number; latestMinute: number }[];
}

export function TemplatesTab({ canPlan }: { canPlan: boolean }) {
  const { t } = useTranslation('planning');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe().data;
  const units = useOrgUnits();
  const list = useQuery({ queryKey: ['planning', 'templates'], queryFn: () => get<{ items: ShiftTemplateOutput[] }>('/workforce/shift-templates') });
  const [editing, setEditing] = useState<ShiftTemplateOutput | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const days = t('common.days', { returnObjects: true }) as string[];
  const unitName = new Map((units.data?.items ?? []).map((u) => [u.id, u.name]));

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { name: v.name, start: v.start, lengthMinutes: Math.round(v.lengthHours * 60), days: v.days, active: v.active, breaks: v.breaks ?? [] };
      return editing && editing !== 'new'
        ? api<ShiftTemplateOutput>('PUT', `/workforce/shift-templates/${editing.id}`, { ...body, version: editing.version })
        : post<ShiftTemplateOutput>('/workforce/shift-templates', { ...body, orgUnitId: v.orgUnitId });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['planning', 'templates'] });
      message.success(t('common.saved'));
      setEditing(null);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/workforce/shift-templates/${id}`),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['planning', 'templates'] }); message.success(t('templates.deleted')); },
  });

  const open = (tpl: ShiftTemplateOutput | 'new') => {
    save.reset();
    setEditing(tpl);
    form.setFieldsValue(tpl === 'new'
      ? { orgUnitId: me?.orgUnitId, name: '', start: '08:00', lengthHours: 9, days: [0, 1, 2, 3, 4, 5, 6], active: true, breaks: [{ lengthMinutes: 60, paid: false, earliestMinute: 180, latestMinute: 300 }] }
      : { orgUnitId: tpl.orgUnitId, name: tpl.name, start: tpl.start, lengthHours: tpl.lengthMinutes / 60, days: tpl.days, active: tpl.active, breaks: tpl.breaks });
  };

  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" icon={<PlusOutlined />} disabled={!canPlan} onClick={() => open('new')} data-testid="template-new">{t('templates.newTitle')}</Button>
      </Space>
      <Table<ShiftTemplateOutput>
        size="small" rowKey="id" pagination={false} loading={list.isPending} dataSource={list.data?.items ?? []} scroll={{ y: 420 }} data-testid="templates-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('templates.empty')} /> }}
        onRow={(r) => ({ onDoubleClick: () => canPlan && open(r) })}
        columns={[
          { title: t('templates.name'), dataIndex: 'name', width: 140 },
          { title: t('common.orgUnit'), dataIndex: 'orgUnitId', width: 140, ellipsis: true, render: (v: string) => unitName.get(v) ?? '—' },
          { title: t('templates.start'), dataIndex: 'start', width: 80 },
          { title: t('templates.length'), dataIndex: 'lengthMinutes', width: 90, render: (v: number) => v / 60 },
          { title: t('templates.paid'), dataIndex: 'paidMinutes', width: 90, render: (v: number) => t('common.hours', { value: v / 60 }) },
          { title: t('templates.days'), dataIndex: 'days', width: 200, render: (v: number[]) => v.map((d) => days[d]).join(' ') },
          {
            title: t('templates.breaks'), dataIndex: 'breaks',
            render: (v: ShiftTemplateOutput['breaks']) => v.map((b, i) => (
              <div key={i} style={{ fontSize: 12 }}>{t('templates.breakSummary', { length: b.lengthMinutes, paid: b.paid ? t('templates.paidMark') : '', from: b.earliestMinute, to: b.latestMinute })}</div>
            )),
          },
          { title: t('templates.active'), dataIndex: 'active', width: 70, render: (v: boolean) => (v ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
          {
            title: '', width: 110, render: (_, r) => (
              <Space size={4}>
                <Button size="small" type="link" disabled={!canPlan} onClick={() => open(r)}>{t('common.edit')}</Button>
                <Popconfirm title={t('common.confirmDelete')} onConfirm={() => remove.mutate(r.id)} disabled={!canPlan}>
                  <Button size="small" type="link" danger icon={<DeleteOutlined />} disabled={!canPlan} aria-label={t('common.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null} title={editing === 'new' ? t('templates.newTitle') : t('templates.editTitle')} width={640}
        onCancel={() => setEditing(null)} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')}
        confirmLoading={save.isPending} destroyOnHidden
      >
        <Form<Values> form={form} layout="vertical" size="small" onFinish={(v) => save.mutate(v)} requiredMark={false}>
          <Row gutter={8}>
            <Col span={8}><Form.Item name="name" label={t('templates.name')} rules={[{ required: true, message: t('common.required') }]}><Input maxLength={60} data-testid="template-name" /></Form.Item></Col>
            <Col span={8}>
              <Form.Item name="orgUnitId" label={t('common.orgUnit')} rules={[{ required: true, message: t('common.required') }]}>
                <Select disabled={editing !== 'new'} showSearch optionFilterProp="label" options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="start" label={t('templates.start')} rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: 'HH:MM' }]}>
                <Input placeholder="08:00" data-testid="template-start" />
              </Form.Item>
            </Col>
            <Col span={4}><Form.Item name="lengthHours" label={t('templates.length')} rules={[{ required: true, message: t('common.required') }]}><InputNumber min={0.5} max={16} step={0.5} style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
          <Form.Item name="days" label={t('templates.days')} rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}>
            <Checkbox.Group options={days.map((d, i) => ({ value: i, label: d }))} />
          </Form.Item>
          <Form.Item label={t('templates.breaks')} extra={t('templates.breakWindow')}>
            <Form.List name="breaks">
              {(fields, { add, remove: rm }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[f.name, 'lengthMinutes']} label={t('templates.breakLength')} rules={[{ required: true, message: t('common.required') }]}><InputNumber min={5} max={240} /></Form.Item>
                      <Form.Item name={[f.name, 'earliestMinute']} label={t('templates.breakFrom')} rules={[{ required: true, message: t('common.required') }]}><InputNumber min={0} max={960} /></Form.Item>
                      <Form.Item name={[f.name, 'latestMinute']} label={t('templates.breakTo')} rules={[{ required: true, message: t('common.required') }]}><InputNumber min={0} max={960} /></Form.Item>
                      <Form.Item name={[f.name, 'paid']} label={t('templates.breakPaid')} valuePropName="checked" initialValue={false}><Switch size="small" /></Form.Item>
                      <MinusCircleOutlined onClick={() => rm(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ lengthMinutes: 15, paid: true, earliestMinute: 60, latestMinute: 180 })}>{t('templates.addBreak')}</Button>
                </>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name="active" label={t('templates.active')} valuePropName="checked"><Switch size="small" /></Form.Item>
          {save.error && <Alert type="error" showIcon title={(save.error as Error).message}
            description={((save.error as { details?: { message?: string }[] }).details ?? []).map((d) => d.message).join('; ') || undefined} />}
        </Form>
      </Modal>
    </>
  );
}
