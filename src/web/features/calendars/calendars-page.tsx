import { CalendarOutlined, FileAddOutlined, FlagOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Form, Input, List, Modal, Result, Row, Select, Space, Spin, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { can, useMe } from '../../app/session';
import { api, ApiError, del, get, post } from '../../lib/api';
import { CalendarEditor } from './calendar-editor';
import { type Calendar, type CalendarDefinition, definitionOf, PRESETS, type Preset, presetHours, timeZones } from './calendar-model';
import { DueTester, detailsOf } from './due-tester';

// 营业日历: the calendars SLA clocks count working time on. Create one in one
// step from the mainland China statutory arrangement, import .ics or JSON,
// edit windows per weekday and holidays / make-up days on a month view, and
// try due dates before saving.

type CreateKind = 'china' | 'import' | 'blank';

export function CalendarsPage() {
  const { t } = useTranslation('calendars');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe().data;
  const canEdit = can(me, 'settings:manage');
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id');
  const [creating, setCreating] = useState<CreateKind | null>(null);

  const list = useQuery({ queryKey: ['calendars'], queryFn: () => get<{ items: Calendar[] }>('/calendars') });
  const items = list.data?.items ?? [];
  const selected = items.find((c) => c.id === selectedId) ?? (selectedId ? undefined : items[0]);

  const [draft, setDraft] = useState<CalendarDefinition | null>(null);
  useEffect(() => setDraft(selected ? definitionOf(selected) : null), [selected?.id, selected?.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const dirty = useMemo(() => Boolean(selected && draft && JSON.stringify(draft) !== JSON.stringify(selected.definition)), [draft, selected]);

  const select = (id: string) => setParams((p) => { p.set('id', id); return p; }, { replace: true });

  const save = useMutation({
    mutationFn: () => api<Calendar>('PUT', `/calendars/${selected!.id}`, { ...draft, orgUnitId: selected!.orgUnitId, version: selected!.version }),
    onSuccess: (c) => { void message.success(t('messages.saved')); qc.setQueryData<{ items: Calendar[] }>(['calendars'], (old) => old && { items: old.items.map((x) => (x.id === c.id ? c : x)) }); },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409 && e.code === 'stale_write') {
        void message.warning(t('messages.stale'));
        void qc.invalidateQueries({ queryKey: ['calendars'] });
      } else {
        Modal.error({ title: e.message, content: <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{detailsOf(e)}</pre> });
      }
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/calendars/${selected!.id}`),
    onSuccess: () => { void message.success(t('messages.deleted')); setParams({}, { replace: true }); void qc.invalidateQueries({ queryKey: ['calendars'] }); },
    onError: (e) => void message.error(e.message),
  });

  const created = (c: Calendar, msg: string) => {
    void message.success(msg);
    setCreating(null);
    qc.setQueryData<{ items: Calendar[] }>(['calendars'], (old) => ({ items: [...(old?.items ?? []), c].sort((a, b) => a.name.localeCompare(b.name)) }));
    select(c.id);
  };

  if (list.isPending) return <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
  if (list.error) return <Result status="error" title={list.error.message} />;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="calendars-page">
      <Card size="small">
        <Row align="middle" gutter={12}>
          <Col flex="auto">
            <Typography.Title level={4} style={{ margin: 0 }}><CalendarOutlined /> {t('title')}</Typography.Title>
            <Typography.Text type="secondary">{t('intro')}</Typography.Text>
          </Col>
          {canEdit && (
            <Col>
              <Space wrap>
                <Button type="primary" icon={<FlagOutlined />} onClick={() => setCreating('china')} data-testid="new-china">{t('actions.china')}</Button>
                <Button icon={<UploadOutlined />} onClick={() => setCreating('import')} data-testid="import">{t('actions.import')}</Button>
                <Button icon={<FileAddOutlined />} onClick={() => setCreating('blank')}>{t('actions.blank')}</Button>
              </Space>
            </Col>
          )}
        </Row>
      </Card>
      {!canEdit && <Alert type="info" showIcon title={t('forbidden')} />}

      <Row gutter={12} wrap={false}>
        <Col flex="240px">
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <List
              dataSource={items}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} /> }}
              renderItem={(c) => (
                <List.Item
                  onClick={() => select(c.id)} data-testid="calendar-item"
                  style={{ cursor: 'pointer', padding: '8px 12px', background: c.id === selected?.id ? '#e6f4ff' : undefined }}
                >
                  <List.Item.Meta
                    title={c.name}
                    description={(
                      <Space size={[4, 4]} wrap>
                        <Tag>{c.timezone}</Tag>
                        <Tag color="red">{t('list.holidays', { count: c.definition.holidays.length })}</Tag>
                        {c.definition.workdays.length > 0 && <Tag color="blue">{t('list.workdays', { count: c.definition.workdays.length })}</Tag>}
                      </Space>
                    )}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {selected && draft ? (
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              <CalendarEditor
                draft={draft} onChange={setDraft} canEdit={canEdit} dirty={dirty} saving={save.isPending}
                onSave={() => save.mutate()} onReset={() => setDraft(definitionOf(selected))} onDelete={() => remove.mutate()}
              />
              <DueTester draft={draft} />
            </Space>
          ) : (
            <Card><Empty description={t('select')} /></Card>
          )}
        </Col>
      </Row>

      {creating && <CreateModal kind={creating} onClose={() => setCreating(null)} onCreated={created} />}
    </Space>
  );
}

interface CreateValues { name: string; timezone: string; preset: Preset; years?: number[] }

/** New calendar: from the China statutory template, from a file, or blank. */
function CreateModal({ kind, onClose, onCreated }: { kind: CreateKind; onClose: () => void; onCreated: (c: Calendar, msg: string) => void }) {
  const { t } = useTranslation('calendars');
  const [form] = Form.useForm<CreateValues>();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const years = useQuery({ queryKey: ['calendars', 'china-years'], queryFn: () => get<{ years: number[] }>('/calendars/china-statutory/years'), enabled: kind === 'china' });
  const covered = years.data?.years ?? [];
  const thisYear = new Date().getFullYear();
  useEffect(() => {
    if (covered.length) form.setFieldValue('years', covered.filter((y) => y >= thisYear - 1));
  }, [covered.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const isIcs = file ? /\.ics$/i.test(file.name) || /^\s*BEGIN:VCALENDAR/i.test(file.text) : false;
  const submit = useMutation({
    mutationFn: async (v: CreateValues) => {
      const hours = presetHours(v.preset);
      if (kind === 'china') return post<Calendar>('/calendars/china-statutory', { name: v.name, timezone: v.timezone, hours, years: v.years });
      if (kind === 'blank') return post<Calendar>('/calendars', { name: v.name, timezone: v.timezone, hours, holidays: [], workdays: [] });
      if (!file) throw new Error(t('form.noFile'));
      if (isIcs) return post<Calendar>('/calendars/import', { ics: file.text, name: v.name, timezone: v.timezone, hours });
      let json: Record<string, unknown>;
      try { json = JSON.parse(file.text); } catch (e) { throw new Error(`${file.name}: ${(e as Error).message}`); }
      return post<Calendar>('/calendars/import', { ...json, name: v.name || json.name });
    },
    onSuccess: (c) => onCreated(c, kind === 'import' ? t('messages.imported') : t('messages.created')),
  });

  const title = kind === 'china' ? t('actions.china') : kind === 'import' ? t('actions.import') : t('actions.blank');
  const showHours = kind !== 'import' || isIcs;
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={submit.isPending} destroyOnHidden width={560}>
      <Form<CreateValues>
        form={form} layout="vertical" initialValues={{ timezone: 'Asia/Shanghai', preset: 'lunch', name: kind === 'china' ? '中国大陆标准工作日' : '' }}
        onFinish={(v) => submit.mutate(v)} data-testid="create-calendar-form"
      >
        {kind === 'import' && (
          <Form.Item label={t('form.file')} extra={isIcs ? t('form.icsHint') : t('form.fileHint')} required>
            <Upload
              accept=".ics,.json,text/calendar,application/json" maxCount={1} showUploadList={false}
              beforeUpload={(f) => {
                void f.text().then((text) => {
                  setFile({ name: f.name, text });
                  if (!form.getFieldValue('name')) form.setFieldValue('name', f.name.replace(/\.(ics|json)$/i, ''));
                });
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>{file ? file.name : t('form.file')}</Button>
            </Upload>
          </Form.Item>
        )}
        <Form.Item name="name" label={t('form.name')} rules={[{ required: kind !== 'import' || isIcs, message: t('form.required') }]}>
          <Input maxLength={100} data-testid="create-name" />
        </Form.Item>
        {showHours && (
          <>
            <Form.Item name="timezone" label={t('form.timezone')}>
              <Select showSearch options={timeZones().map((z) => ({ value: z, label: z }))} />
            </Form.Item>
            <Form.Item name="preset" label={t('form.preset')}>
              <Select options={PRESETS.map((p) => ({ value: p, label: t(`presets.${p}`) }))} />
            </Form.Item>
          </>
        )}
        {kind === 'china' && (
          <Form.Item name="years" label={t('form.years')} extra={covered.length ? t('form.yearsHint', { first: covered[0], last: covered[covered.length - 1] }) : undefined}
            rules={[{ required: true, message: t('form.required') }]}>
            <Select mode="multiple" loading={years.isPending} options={[...covered].reverse().map((y) => ({ value: y, label: String(y) }))} />
          </Form.Item>
        )}
      </Form>
      {submit.error && <Alert type="error" showIcon title={submit.error.message} description={<pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{detailsOf(submit.error)}</pre>} />}
    </Modal>
  );
}
