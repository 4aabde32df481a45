import { DeleteOutlined, EditOutlined, GlobalOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App, Button, Card, Checkbox, Col, Drawer, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Switch, Table, Tag, TreeSelect, Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { CASE_TYPES, CHANNELS, PRIORITIES } from '../../../shared/cases';
import {
  AREAS, type Commitment, PAUSABLE_STATUSES, SLA_TARGETS, type SlaTargetName, splitMinutes, VALUE_TIERS,
} from '../../../shared/sla';
import { can, useMe } from '../../app/session';
import { api, ApiError, del, get, post } from '../../lib/api';

// 服务承诺: the SLA policies. A quality manager publishes each promise in three
// languages, says which cases it covers and its targets; saving recomputes the
// clocks of every open case on the server. Everyone who reads cases can see
// the list; the public page shows the promises to customers.

type Unit = 'minutes' | 'hours' | 'days';
interface TargetField { on: boolean; amount: number | null; unit: Unit; clock: 'business' | 'calendar' }
interface FormValues {
  code: string; active: boolean;
  title: Record<'zh-CN' | 'zh-TW' | 'en', string>; text: Record<'zh-CN' | 'zh-TW' | 'en', string>;
  caseTypes: string[]; categoryId?: string | null; channels: string[]; priorities: string[]; valueTiers: string[]; siteId?: string | null; area?: string | null;
  targets: Record<SlaTargetName, TargetField>;
  calendarId?: string | null; useSiteCalendar: boolean; pauseStatuses: string[]; warnAtPercent: number; escalateOnBreach: boolean; rank: number;
}

const UNIT_MINUTES: Record<Unit, number> = { minutes: 1, hours: 60, days: 1440 };
const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;

function toField(spec: { minutes: number; clock: 'business' | 'calendar' } | undefined): TargetField {
  if (!spec) return { on: false, amount: null, unit: 'hours', clock: 'business' };
  const unit: Unit = spec.clock === 'calendar' && spec.minutes % 1440 === 0 ? 'days' : spec.minutes % 60 === 0 ? 'hours' : 'minutes';
  return { on: true, amount: spec.minutes / UNIT_MINUTES[unit], unit, clock: spec.clock };
}

function toValues(c?: Commitment): FormValues {
  const targets = Object.fromEntries(SLA_TARGETS.map((t) => [t, toField(c?.targets[t])])) as Record<SlaTargetName, TargetField>;
  if (!c) {
    return {
      code: '', active: true, title: { 'zh-CN': '', 'zh-TW': '', en: '' }, text: { 'zh-CN': '', 'zh-TW': '', en: '' },
      caseTypes: [], channels: [], priorities: [], valueTiers: [], categoryId: null, siteId: null, area: null, targets,
      calendarId: null, useSiteCalendar: true, pauseStatuses: ['waiting_customer'], warnAtPercent: 80, escalateOnBreach: false, rank: 0,
    };
  }
  return {
    code: c.code, active: c.active, title: c.title, text: c.text, ...c.conditions, targets,
    calendarId: c.calendarId, useSiteCalendar: c.useSiteCalendar, pauseStatuses: c.pauseStatuses, warnAtPercent: c.warnAtPercent,
    escalateOnBreach: c.escalateOnBreach, rank: c.rank,
  };
}

function toBody(v: FormValues) {
  const targets: Record<string, { minutes: number; clock: string }> = {};
  for (const t of SLA_TARGETS) {
    const f = v.targets[t];
    if (f?.on && f.amount) targets[t] = { minutes: Math.round(f.amount * UNIT_MINUTES[f.unit]), clock: f.clock };
  }
  return {
    code: v.code, active: v.active, title: v.title, text: v.text,
    conditions: {
      caseTypes: v.caseTypes ?? [], categoryId: v.categoryId ?? null, channels: v.channels ?? [], priorities: v.priorities ?? [],
      valueTiers: v.valueTiers ?? [], siteId: v.siteId ?? null, area: v.area ?? null,
    },
    targets, calendarId: v.calendarId ?? null, useSiteCalendar: v.useSiteCalendar, pauseStatuses: v.pauseStatuses ?? [],
    warnAtPercent: v.warnAtPercent, escalateOnBreach: v.escalateOnBreach, rank: v.rank ?? 0,
  };
}

interface Named { id: string; parentId: string | null; name?: string; nameZhCn?: string; nameZhTw?: string; nameEn?: string; active?: boolean }

export function CommitmentsPage() {
  const { t, i18n } = useTranslation('sla');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe().data;
  const canEdit = can(me, 'commitment:manage');
  const locale = i18n.language as 'zh-CN' | 'zh-TW' | 'en';
  const [editing, setEditing] = useState<Commitment | 'new' | null>(null);

  const list = useQuery({ queryKey: ['commitments'], queryFn: () => get<{ items: Commitment[] }>('/commitments') });
  const calendars = useQuery({ queryKey: ['calendars'], queryFn: () => get<{ items: { id: string; name: string }[] }>('/calendars'), enabled: canEdit });
  const categories = useQuery({ queryKey: ['categories', 'flat'], queryFn: () => get<{ items: Named[] }>('/categories'), enabled: canEdit, staleTime: 300_000 });
  const units = useQuery({ queryKey: ['org-units', 'flat'], queryFn: () => get<{ items: Named[] }>('/org-units'), enabled: canEdit && can(me, 'org:read'), staleTime: 300_000 });

  const catName = (c: Named) => (locale === 'en' ? c.nameEn : locale === 'zh-TW' ? c.nameZhTw : c.nameZhCn) ?? '';
  const catTree = useMemo(() => (categories.data?.items ?? []).map((c) => ({ id: c.id, pId: c.parentId ?? undefined, value: c.id, title: catName(c) })), [categories.data, locale]); // eslint-disable-line react-hooks/exhaustive-deps
  const unitTree = useMemo(() => (units.data?.items ?? []).map((u) => ({ id: u.id, pId: u.parentId ?? undefined, value: u.id, title: u.name ?? '' })), [units.data]);
  const names = useMemo(() => new Map<string, string>([
    ...(categories.data?.items ?? []).map((c) => [c.id, catName(c)] as [string, string]),
    ...(units.data?.items ?? []).map((u) => [u.id, u.name ?? ''] as [string, string]),
  ]), [categories.data, units.data, locale]); // eslint-disable-line react-hooks/exhaustive-deps

  const remove = useMutation({
    mutationFn: (id: string) => del(`/commitments/${id}`),
    onSuccess: () => { void message.success(t('messages.deleted')); void qc.invalidateQueries({ queryKey: ['commitments'] }); },
    onError: (e) => void message.error(e.message),
  });

  const duration = (minutes: number, clock: 'business' | 'calendar') => {
    const { d, h, m } = splitMinutes(minutes, clock);
    return [d ? t('duration.d', { n: d }) : '', h ? t('duration.h', { n: h }) : '', m ? t('duration.m', { n: m }) : ''].filter(Boolean).join(' ');
  };

  const conditionTags = (c: Commitment) => {
    const k = c.conditions;
    const tags = [
      ...k.caseTypes.map((x) => t(`app:enum.type.${x}`)),
      ...(k.categoryId ? [names.get(k.categoryId) ?? t('conditionNames.category')] : []),
      ...k.channels.map((x) => t(`app:enum.channel.${x}`)),
      ...k.priorities.map((x) => t(`app:enum.priority.${x}`)),
      ...k.valueTiers.map((x) => t(`tiers.${x}`)),
      ...(k.siteId ? [names.get(k.siteId) ?? t('conditionNames.site')] : []),
      ...(k.area ? [t(`areas.${k.area}`)] : []),
    ];
    return tags.length ? <Space size={[2, 2]} wrap>{tags.map((x, i) => <Tag key={i}>{x}</Tag>)}</Space> : <Typography.Text type="secondary">{t('any')}</Typography.Text>;
  };

  return (
    <Card
      title={t('title')}
      extra={(
        <Space>
          <Link to="/public/commitments" target="_blank"><GlobalOutlined /> {t('publicLink')}</Link>
          {canEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="commitment-create">{t('actions.create')}</Button>}
        </Space>
      )}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>{t('intro')}</Typography.Paragraph>
      <Table<Commitment>
        rowKey="id" size="small" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={false} locale={{ emptyText: t('empty') }}
        data-testid="commitments-table" scroll={{ x: 900 }}
        columns={[
          { title: t('columns.title'), key: 'title', width: 260, render: (_, c) => (
            <div>
              <Typography.Text strong>{c.title[locale]}</Typography.Text> {!c.active && <Tag>{t('inactive')}</Tag>}
              <div><Typography.Text type="secondary" className="manyi-mono" style={{ fontSize: 12 }}>{c.code}</Typography.Text></div>
            </div>
          ) },
          { title: t('columns.conditions'), key: 'conditions', width: 220, render: (_, c) => conditionTags(c) },
          { title: t('columns.targets'), key: 'targets', render: (_, c) => (
            <div style={{ fontSize: 13 }}>
              {SLA_TARGETS.filter((x) => c.targets[x]).map((x) => (
                <div key={x}>{t(`targets.${x}`)}：{duration(c.targets[x]!.minutes, c.targets[x]!.clock)}<Typography.Text type="secondary">（{t(`clocks.${c.targets[x]!.clock}`)}）</Typography.Text></div>
              ))}
            </div>
          ) },
          { title: t('columns.options'), key: 'options', width: 170, render: (_, c) => (
            <div style={{ fontSize: 12 }}>
              {c.calendarName && <div>{t('columns.calendar')}：{c.calendarName}</div>}
              <div>{t('columns.warn', { pct: c.warnAtPercent })}</div>
              {c.escalateOnBreach && <Tag color="red" style={{ marginTop: 2 }}>{t('form.escalate')}</Tag>}
            </div>
          ) },
          ...(canEdit ? [{ title: '', key: 'actions', width: 96, render: (_: unknown, c: Commitment) => (
            <Space size={0}>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(c)} aria-label={t('actions.edit')} />
              <Popconfirm title={t('actions.deleteConfirm', { name: c.title[locale] })} onConfirm={() => remove.mutate(c.id)}>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('actions.delete')} />
              </Popconfirm>
            </Space>
          ) }] : []),
        ]}
      />
      {editing && (
        <CommitmentDrawer
          commitment={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)}
          calendars={calendars.data?.items ?? []} catTree={catTree} unitTree={unitTree}
          onSaved={() => { setEditing(null); void message.success(t('messages.saved')); void qc.invalidateQueries({ queryKey: ['commitments'] }); }}
          onStale={() => { setEditing(null); void message.warning(t('messages.stale')); void qc.invalidateQueries({ queryKey: ['commitments'] }); }}
        />
      )}
    </Card>
  );
}

type TreeItem = { id: string; pId?: string; value: string; title: string };

function CommitmentDrawer({ commitment, onClose, onSaved, onStale, calendars, catTree, unitTree }: {
  commitment?: Commitment; onClose: () => void; onSaved: () => void; onStale: () => void;
  calendars: { id: string; name: string }[]; catTree: TreeItem[]; unitTree: TreeItem[];
}) {
  const { t } = useTranslation('sla');
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const save = useMutation({
    mutationFn: (v: FormValues) => (commitment
      ? api<Commitment>('PUT', `/commitments/${commitment.id}`, { ...toBody(v), version: commitment.version })
      : post<Commitment>('/commitments', toBody(v))),
    onSuccess: onSaved,
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'stale_write') onStale();
      else setError(e instanceof ApiError ? e : new ApiError(0, 'error', e.message));
    },
  });
  const details = (error?.details as { path: string; message: string }[] | undefined) ?? [];
  const opts = (values: readonly string[], label: (v: string) => string) => values.map((v) => ({ value: v, label: label(v) }));

  return (
    <Drawer
      open width={720} onClose={onClose} title={commitment ? t('actions.edit') : t('actions.create')} destroyOnHidden
      extra={<Space><Button onClick={onClose}>{t('actions.cancel')}</Button><Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="commitment-save">{t('actions.save')}</Button></Space>}
    >
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={error.message} description={details.length ? details.map((d) => `${d.path}: ${d.message}`).join('；') : undefined} />}
      <Form<FormValues> form={form} layout="vertical" initialValues={toValues(commitment)} onFinish={(v) => { setError(null); save.mutate(v); }} requiredMark={false} size="small">
        <Typography.Title level={5}>{t('form.basics')}</Typography.Title>
        <Row gutter={12}>
          <Col span={8}><Form.Item name="code" label={t('form.code')} tooltip={t('form.codeHint')} rules={[{ required: true, message: t('form.required') }, { pattern: /^[A-Za-z0-9_.-]+$/, message: t('form.codeHint') }]}><Input data-testid="commitment-code" /></Form.Item></Col>
          <Col span={4}><Form.Item name="active" label={t('form.active')} valuePropName="checked"><Switch /></Form.Item></Col>
        </Row>
        {LOCALES.map((l) => (
          <Row gutter={12} key={l}>
            <Col span={8}><Form.Item name={['title', l]} label={`${t('form.title')} · ${l}`} rules={[{ required: true, message: t('form.required') }]}><Input data-testid={`commitment-title-${l}`} /></Form.Item></Col>
            <Col span={16}><Form.Item name={['text', l]} label={`${t('form.text')} · ${l}`} rules={[{ required: true, message: t('form.required') }]}><Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} data-testid={`commitment-text-${l}`} /></Form.Item></Col>
          </Row>
        ))}

        <Typography.Title level={5}>{t('form.conditions')}</Typography.Title>
        <Row gutter={12}>
          <Col span={12}><Form.Item name="caseTypes" label={t('form.caseTypes')}><Select mode="multiple" allowClear options={opts(CASE_TYPES, (v) => t(`app:enum.type.${v}`))} data-testid="commitment-case-types" /></Form.Item></Col>
          <Col span={12}><Form.Item name="categoryId" label={t('form.category')}><TreeSelect allowClear treeDataSimpleMode treeData={catTree} showSearch treeNodeFilterProp="title" /></Form.Item></Col>
          <Col span={12}><Form.Item name="channels" label={t('form.channels')}><Select mode="multiple" allowClear options={opts(CHANNELS, (v) => t(`app:enum.channel.${v}`))} /></Form.Item></Col>
          <Col span={12}><Form.Item name="priorities" label={t('form.priorities')}><Select mode="multiple" allowClear options={opts(PRIORITIES, (v) => t(`app:enum.priority.${v}`))} /></Form.Item></Col>
          <Col span={8}><Form.Item name="valueTiers" label={t('form.valueTiers')}><Select mode="multiple" allowClear options={opts(VALUE_TIERS, (v) => t(`tiers.${v}`))} /></Form.Item></Col>
          <Col span={10}><Form.Item name="siteId" label={t('form.site')}><TreeSelect allowClear treeDataSimpleMode treeData={unitTree} showSearch treeNodeFilterProp="title" data-testid="commitment-site" /></Form.Item></Col>
          <Col span={6}><Form.Item name="area" label={t('form.area')}><Select allowClear options={opts(AREAS, (v) => t(`areas.${v}`))} /></Form.Item></Col>
        </Row>

        <Typography.Title level={5}>{t('form.targets')}</Typography.Title>
        {SLA_TARGETS.map((x) => (
          <Row gutter={8} key={x} align="middle" style={{ marginBottom: 4 }}>
            <Col span={7}><Form.Item name={['targets', x, 'on']} valuePropName="checked" noStyle><Checkbox data-testid={`target-${x}-on`}>{t(`targets.${x}`)}</Checkbox></Form.Item></Col>
            <Col span={5}><Form.Item name={['targets', x, 'amount']} noStyle><InputNumber min={1} style={{ width: '100%' }} data-testid={`target-${x}-amount`} /></Form.Item></Col>
            <Col span={5}><Form.Item name={['targets', x, 'unit']} noStyle><Select style={{ width: '100%' }} options={opts(['minutes', 'hours', 'days'], (v) => t(`units.${v}`))} /></Form.Item></Col>
            <Col span={7}><Form.Item name={['targets', x, 'clock']} noStyle><Select style={{ width: '100%' }} options={opts(['business', 'calendar'], (v) => t(`clocks.${v}`))} data-testid={`target-${x}-clock`} /></Form.Item></Col>
          </Row>
        ))}
        <Row gutter={12} style={{ marginTop: 12 }}>
          <Col span={12}><Form.Item name="calendarId" label={t('form.calendar')}><Select allowClear options={calendars.map((c) => ({ value: c.id, label: c.name }))} data-testid="commitment-calendar" /></Form.Item></Col>
          <Col span={12}><Form.Item name="useSiteCalendar" valuePropName="checked" label=" "><Checkbox>{t('form.useSiteCalendar')}</Checkbox></Form.Item></Col>
          <Col span={12}><Form.Item name="pauseStatuses" label={t('form.pauseStatuses')}><Select mode="multiple" options={opts(PAUSABLE_STATUSES, (v) => t(`app:enum.status.${v}`))} /></Form.Item></Col>
          <Col span={6}><Form.Item name="warnAtPercent" label={t('form.warnAt')}><InputNumber min={1} max={99} addonAfter="%" style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={6}><Form.Item name="rank" label={t('form.rank')}><InputNumber min={-1000} max={1000} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={24}><Form.Item name="escalateOnBreach" valuePropName="checked" noStyle><Checkbox>{t('form.escalate')}</Checkbox></Form.Item></Col>
        </Row>
      </Form>
    </Drawer>
  );
}
