import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App, Button, Checkbox, Col, Collapse, Empty, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Table, Tag, Tooltip, Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, get, patch, post } from '../../lib/api';
import type { Selection } from './planning-page';
import { CoverageChart } from './planning-charts';
import { targetText } from './requirements-tab';
import {
  type AdherenceOutput, detailOf, localStamp, localTime, pct, type RequirementSummary, type RosterOutput, type RosterSummary, round1,
  type Shift, type ShiftTemplateOutput, type Violation,
} from './planning-model';

type Go = (s: Partial<Selection> & { tab?: string }) => void;
const OPEN = '__open__';

export function RosterTab({ sel, go, canPlan }: { sel: Selection; go: Go; canPlan: boolean }) {
  const { t } = useTranslation('planning');
  const qc = useQueryClient();
  const reqs = useQuery({ queryKey: ['planning', 'requirements', 'all'], queryFn: () => get<{ items: RequirementSummary[] }>('/workforce/requirements') });
  const rosters = useQuery({ queryKey: ['planning', 'rosters'], queryFn: () => get<{ items: RosterSummary[] }>('/workforce/rosters') });
  const roster = useQuery({ queryKey: ['planning', 'roster', sel.roster], enabled: Boolean(sel.roster), queryFn: () => get<RosterOutput>(`/workforce/rosters/${sel.roster}`) });
  const [form] = Form.useForm();
  const requirementId = Form.useWatch('requirementId', form) as string | undefined;
  const reqUnit = reqs.data?.items.find((r) => r.id === requirementId)?.orgUnitId;
  const people = useQuery({
    queryKey: ['planning', 'agents', reqUnit], enabled: Boolean(reqUnit),
    queryFn: async () => {
      // every agent of the centre, page by page (personal limits are sent for all of them)
      const items: { id: string; name: string }[] = [];
      let cursor = '';
      for (let page = 0; page < 100; page++) {
        const r = await get<{ items: { id: string; name: string }[]; nextCursor: string | null }>(`/users?orgUnitId=${reqUnit}&role=agent&active=true&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        items.push(...r.items);
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      return { items: items.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) };
    },
  });
  const [prefs, setPrefs] = useState<Record<string, AgentPrefs>>({});
  const [prefsOpen, setPrefsOpen] = useState(false);
  const generate = useMutation({
    mutationFn: (v: { requirementId: string; name?: string; agentIds?: string[]; minRestHours: number; maxConsecutiveDays: number; maxWeeklyHours: number; minDaysOff: number; allowGaps: boolean }) =>
      post<RosterOutput>('/workforce/rosters', {
        requirementId: v.requirementId, name: v.name || undefined, allowGaps: v.allowGaps,
        agents: v.agentIds?.length || Object.keys(prefs).length
          ? (v.agentIds?.length ? v.agentIds : (people.data?.items ?? []).map((u) => u.id)).map((userId) => ({ userId, ...prefs[userId] }))
          : undefined,
        rules: { minRestHours: v.minRestHours, maxConsecutiveDays: v.maxConsecutiveDays, maxWeeklyHours: v.maxWeeklyHours, minDaysOff: v.minDaysOff },
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['planning', 'rosters'] });
      qc.setQueryData(['planning', 'roster', r.id], r);
      go({ roster: r.id });
    },
  });
  const genDetail = detailOf(generate.error);
  const genDetails = generate.error instanceof ApiError && Array.isArray(generate.error.details) ? generate.error.details as Record<string, unknown>[] : [];

  return (
    <Row gutter={16}>
      <Col span={6}>
        <Typography.Title level={5}>{t('roster.generateTitle')}</Typography.Title>
        <Form form={form} layout="vertical" size="small" disabled={!canPlan} requiredMark={false} onFinish={(v) => generate.mutate(v)}
          initialValues={{ requirementId: sel.requirement, minRestHours: 11, maxConsecutiveDays: 5, maxWeeklyHours: 40, minDaysOff: 2, allowGaps: false }}>
          <Form.Item name="requirementId" label={t('roster.requirement')} rules={[{ required: true, message: t('roster.pickRequirement') }]}>
            <Select data-testid="roster-requirement" options={(reqs.data?.items ?? []).map((r) => ({
              value: r.id, label: `${r.from} · ${targetText(r.targets)} · ${t('common.hours', { value: Math.round(r.scheduledHours) })}`,
            }))} />
          </Form.Item>
          <Form.Item label={t('roster.agents')} style={{ marginBottom: 0 }}>
            <Form.Item name="agentIds" style={{ marginBottom: 4 }}>
              <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('roster.allAgents')} optionFilterProp="label"
                options={(people.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
            <Button size="small" type="link" style={{ padding: 0, marginBottom: 8 }} disabled={!people.data?.items.length} onClick={() => setPrefsOpen(true)} data-testid="agent-prefs">
              {t('roster.agentPrefs')}{Object.keys(prefs).length ? ` (${Object.keys(prefs).length})` : ''}
            </Button>
          </Form.Item>
          <AgentPrefsDialog open={prefsOpen} onClose={() => setPrefsOpen(false)} people={people.data?.items ?? []} prefs={prefs} onChange={setPrefs} />
          <Form.Item name="name" label={t('forecast.name')}><Input maxLength={100} /></Form.Item>
          <Row gutter={8}>
            <Col span={12}><Form.Item name="minRestHours" label={t('roster.minRest')}><InputNumber min={0} max={48} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={12}><Form.Item name="maxConsecutiveDays" label={t('roster.maxConsecutive')}><InputNumber min={1} max={7} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={12}><Form.Item name="maxWeeklyHours" label={t('roster.maxWeekly')}><InputNumber min={1} max={84} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={12}><Form.Item name="minDaysOff" label={t('roster.minDaysOff')}><InputNumber min={0} max={6} style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
          <Form.Item name="allowGaps" valuePropName="checked"><Checkbox style={{ fontSize: 12 }}>{t('roster.allowGaps')}</Checkbox></Form.Item>
          {generate.error && (
            <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid="roster-error"
              title={genDetail?.code === 'agents_too_few'
                ? t('roster.errors.agentsTooFew', { unassigned: genDetail.unassigned, more: genDetail.moreAgents })
                : genDetail?.code === 'uncovered_interval' && typeof genDetail.start === 'string'
                  ? t('roster.errors.cannotCover', { count: genDetails.length, first: localStamp(genDetail.start, reqs.data?.items.find((r) => r.id === form.getFieldValue('requirementId'))?.timezone ?? 'Asia/Shanghai') })
                  : (generate.error as Error).message} />
          )}
          <Button type="primary" htmlType="submit" loading={generate.isPending} data-testid="roster-submit">{t('roster.submit')}</Button>
        </Form>
        <Typography.Title level={5} style={{ marginTop: 16 }}>{t('roster.list')}</Typography.Title>
        <Table<RosterSummary>
          size="small" rowKey="id" pagination={{ pageSize: 5, size: 'small' }} dataSource={rosters.data?.items ?? []} showHeader={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('roster.empty')} /> }}
          rowClassName={(r) => (r.id === sel.roster ? 'ant-table-row-selected' : '')}
          onRow={(r) => ({ onClick: () => go({ roster: r.id }), style: { cursor: 'pointer' } })}
          columns={[
            { render: (_, r) => <><div>{r.name}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.weekStart} · {t('roster.shifts', { count: r.shiftCount })}</Typography.Text></> },
            { width: 64, render: (_, r) => <Tag color={r.status === 'published' ? 'green' : 'default'}>{t(`roster.status.${r.status}`)}</Tag> },
          ]}
        />
      </Col>
      <Col span={18}>
        {roster.data ? <RosterView roster={roster.data} canPlan={canPlan} /> : roster.error ? <Alert type="error" title={(roster.error as Error).message} /> : <Empty description={t('roster.empty')} />}
      </Col>
    </Row>
  );
}

interface AgentPrefs { maxWeeklyHours?: number | null; unavailableDays?: number[] }

/** Per-agent limits for generation: a weekly-hours cap of their own, and days they do not work. */
function AgentPrefsDialog(props: { open: boolean; onClose: () => void; people: { id: string; name: string }[]; prefs: Record<string, AgentPrefs>; onChange: (p: Record<string, AgentPrefs>) => void }) {
  const { t } = useTranslation('planning');
  const days = t('common.days', { returnObjects: true }) as string[];
  const set = (id: string, patch: AgentPrefs) => {
    const next = { ...props.prefs, [id]: { ...props.prefs[id], ...patch } };
    const p = next[id];
    if ((p.maxWeeklyHours == null) && !(p.unavailableDays?.length)) delete next[id];
    props.onChange(next);
  };
  return (
    <Modal open={props.open} onCancel={props.onClose} onOk={props.onClose} title={t('roster.agentPrefs')} width={820} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Table size="small" rowKey="id" pagination={false} scroll={{ y: 420 }} dataSource={props.people} columns={[
        { title: t('roster.agent'), dataIndex: 'name', width: 110 },
        {
          title: t('roster.maxWeekly'), width: 140, render: (_, u) => (
            <InputNumber size="small" min={1} max={84} value={props.prefs[u.id]?.maxWeeklyHours ?? null} placeholder="—"
              onChange={(v) => set(u.id, { maxWeeklyHours: v == null ? null : Number(v) })} />
          ),
        },
        {
          title: t('roster.unavailable'), render: (_, u) => (
            <Checkbox.Group value={props.prefs[u.id]?.unavailableDays ?? []} onChange={(v) => set(u.id, { unavailableDays: (v as number[]).slice().sort() })}
              options={days.map((d, i) => ({ value: i, label: d }))} />
          ),
        },
      ]} />
    </Modal>
  );
}

function ruleText(t: (k: string, o?: Record<string, unknown>) => string, v: Violation): string {
  return t(`roster.rule.${v.rule}`, v.params);
}

function RosterView({ roster, canPlan }: { roster: RosterOutput; canPlan: boolean }) {
  const { t } = useTranslation('planning');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const days = t('common.days', { returnObjects: true }) as string[];
  const tz = roster.timezone;
  const editable = canPlan && roster.status === 'draft';
  const [editing, setEditing] = useState<Shift | { add: true; agentId: string | null; day: number } | null>(null);
  const [adh, setAdh] = useState<AdherenceOutput | null>(null);
  const templates = useQuery({ queryKey: ['planning', 'templates'], queryFn: () => get<{ items: ShiftTemplateOutput[] }>('/workforce/shift-templates') });
  const revisions = useQuery({
    queryKey: ['planning', 'revisions', roster.id, roster.version],
    queryFn: () => get<{ items: { version: number; action: string; actorName: string | null; at: string }[] }>(`/workforce/rosters/${roster.id}/revisions`),
  });

  const onDone = (r: RosterOutput) => {
    qc.setQueryData(['planning', 'roster', r.id], r);
    void qc.invalidateQueries({ queryKey: ['planning', 'rosters'] });
    setEditing(null);
  };
  const onError = (e: Error) => {
    message.error(e.message);
    if (e instanceof ApiError && e.code === 'stale_write') void qc.invalidateQueries({ queryKey: ['planning', 'roster', roster.id] });
  };
  const update = useMutation({
    mutationFn: (v: { shiftId: string; agentId?: string | null; start?: string; lengthMinutes?: number }) =>
      patch<RosterOutput>(`/workforce/rosters/${roster.id}/shifts/${v.shiftId}`, { version: roster.version, agentId: v.agentId, start: v.start, lengthMinutes: v.lengthMinutes }),
    onSuccess: onDone, onError,
  });
  const add = useMutation({
    mutationFn: (v: { agentId: string | null; templateId: string; day: number }) => post<RosterOutput>(`/workforce/rosters/${roster.id}/shifts`, { version: roster.version, ...v }),
    onSuccess: onDone, onError,
  });
  const remove = useMutation({
    mutationFn: (shiftId: string) => api<RosterOutput>('DELETE', `/workforce/rosters/${roster.id}/shifts/${shiftId}?version=${roster.version}`),
    onSuccess: onDone, onError,
  });
  const status = useMutation({
    mutationFn: (s: 'draft' | 'published') => patch<RosterOutput>(`/workforce/rosters/${roster.id}`, { status: s, version: roster.version }),
    onSuccess: onDone, onError,
  });
  const adherence = useMutation({
    mutationFn: () => post<AdherenceOutput>(`/workforce/rosters/${roster.id}/adherence`, {}),
    onSuccess: setAdh, onError,
  });

  const flagged = useMemo(() => {
    const m = new Map<string, Violation[]>();
    for (const v of roster.violations) for (const id of v.shiftIds) m.set(id, [...(m.get(id) ?? []), v]);
    return m;
  }, [roster.violations]);
  const rows = useMemo(() => {
    const byAgent = new Map<string, Shift[]>();
    for (const s of roster.shifts) {
      const k = s.agentId ?? OPEN;
      byAgent.set(k, [...(byAgent.get(k) ?? []), s]);
    }
    const list = roster.agents.map((a) => ({ key: a.userId, name: a.name, paidHours: a.paidHours, shifts: byAgent.get(a.userId) ?? [] }));
    const open = byAgent.get(OPEN);
    return open ? [{ key: OPEN, name: t('roster.open'), paidHours: 0, shifts: open }, ...list] : list;
  }, [roster, t]);

  /** Drop a shift on another agent's day: same local time, that day. */
  const drop = (shiftId: string, agentKey: string, day: number) => {
    const s = roster.shifts.find((x) => x.id === shiftId);
    if (!s || !editable) return;
    const start = new Date(Date.parse(s.start) + (day - s.day) * 86_400_000).toISOString();
    update.mutate({ shiftId, agentId: agentKey === OPEN ? null : agentKey, start: day === s.day ? undefined : start });
  };

  const columns = [
    {
      title: t('roster.agent'), dataIndex: 'name', width: 86, fixed: 'left' as const,
      render: (v: string, r: (typeof rows)[number]) => (
        <div style={{ lineHeight: 1.2 }}><div>{v}</div>{r.key !== OPEN && <Typography.Text type="secondary" style={{ fontSize: 11 }}>{t('common.hours', { value: round1(r.paidHours) })}</Typography.Text>}</div>
      ),
    },
    ...days.map((d, day) => ({
      title: d, key: String(day), width: 104,
      onCell: (r: (typeof rows)[number]) => ({
        onDragOver: (e: React.DragEvent) => { if (editable) e.preventDefault(); },
        onDrop: (e: React.DragEvent) => { e.preventDefault(); drop(e.dataTransfer.getData('text/shift'), r.key, day); },
        style: { padding: 2, verticalAlign: 'top' },
      }),
      render: (_: unknown, r: (typeof rows)[number]) => {
        const shifts = r.shifts.filter((s) => s.day === day);
        return (
          <div style={{ minHeight: 26 }} className="roster-cell" data-testid={`cell-${r.key === OPEN ? 'open' : r.key}-${day}`}>
            {shifts.map((s) => {
              const v = flagged.get(s.id);
              return (
                // the tooltip may open over the cell below (no room above under the sticky header): it must not
                // take the drop meant for that cell
                <Tooltip key={s.id} title={v ? v.map((x) => ruleText(t, x)).join('；') : s.templateName} styles={{ root: { pointerEvents: 'none' } }}>
                  <div
                    draggable={editable} data-testid="shift-block" data-shift={s.id}
                    onDragStart={(e) => e.dataTransfer.setData('text/shift', s.id)}
                    onClick={() => setEditing(s)}
                    style={{
                      cursor: 'pointer', fontSize: 11, lineHeight: '16px', padding: '2px 3px', marginBottom: 2, borderRadius: 3, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis',
                      background: v ? '#fff1f0' : '#e6f4ff', border: `1px solid ${v ? '#ff4d4f' : '#91caff'}`, color: v ? '#a8071a' : '#003eb3',
                    }}
                  >
                    {v && <WarningOutlined style={{ marginRight: 2 }} />}{localTime(s.start, tz)}–{localTime(s.end, tz)} {s.templateName ?? ''}
                  </div>
                </Tooltip>
              );
            })}
            {editable && shifts.length === 0 && (
              <Button type="text" size="small" icon={<PlusOutlined />} style={{ color: '#bfbfbf', width: '100%', height: 20 }} aria-label={t('roster.addShift')}
                onClick={() => setEditing({ add: true, agentId: r.key === OPEN ? null : r.key, day })} />
            )}
          </div>
        );
      },
    })),
  ];

  return (
    <div data-testid="roster-view">
      <Space wrap style={{ marginBottom: 6 }}>
        <Typography.Text strong style={{ fontSize: 16 }}>{roster.name}</Typography.Text>
        <Tag color={roster.status === 'published' ? 'green' : 'default'} data-testid="roster-status">{t(`roster.status.${roster.status}`)}</Tag>
        <Typography.Text type="secondary">{t('common.version', { value: roster.version })}</Typography.Text>
        <Tag>{t('roster.paidHours', { paid: Math.round(roster.paidHours), required: Math.round(roster.requiredHours) })}</Tag>
        <Tag>{t('roster.shifts', { count: roster.shiftCount })}</Tag>
        {roster.shortIntervals > 0 && <Tag color="red">{t('roster.short', { count: roster.shortIntervals })}</Tag>}
        <Tag color={roster.violations.length ? 'red' : 'green'} data-testid="roster-violations">
          {roster.violations.length ? t('roster.violations', { count: roster.violations.length }) : t('roster.noViolations')}
        </Tag>
        {canPlan && (roster.status === 'draft'
          ? (
            <Popconfirm title={t('roster.publishAnyway', { count: roster.violations.length + roster.shortIntervals })} disabled={!roster.violations.length && !roster.shortIntervals}
              onConfirm={() => status.mutate('published')}>
              <Button size="small" type="primary" onClick={() => { if (!roster.violations.length && !roster.shortIntervals) status.mutate('published'); }}
                loading={status.isPending} data-testid="roster-publish">{t('roster.publish')}</Button>
            </Popconfirm>
          )
          : <Button size="small" onClick={() => status.mutate('draft')} loading={status.isPending}>{t('roster.unpublish')}</Button>)}
      </Space>
      {roster.status === 'published' && canPlan && <Alert type="info" showIcon title={t('roster.published')} style={{ marginBottom: 6 }} />}
      {editable && <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>{t('roster.dragHint')}</Typography.Paragraph>}
      <Table size="small" rowKey="key" pagination={false} dataSource={rows} columns={columns} scroll={{ x: 814, y: 300 }} bordered data-testid="roster-grid" />
      <Typography.Title level={5} style={{ marginTop: 12, marginBottom: 0 }}>{t('roster.coverage')}</Typography.Title>
      <CoverageChart roster={roster} />
      <Collapse size="small" items={[
        {
          key: 'v', label: t('roster.violations', { count: roster.violations.length }), children: roster.violations.length ? (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {roster.violations.map((v, i) => <li key={i}>{roster.agents.find((a) => a.userId === v.agentId)?.name ?? t('roster.open')}: {ruleText(t, v)}</li>)}
            </ul>
          ) : t('roster.noViolations'),
        },
        {
          key: 'r', label: t('roster.revisions'), children: (
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="roster-revisions">
              {(revisions.data?.items ?? []).map((r) => (
                <li key={`${r.version}-${r.action}`}>
                  {t('common.version', { value: r.version })} · {t(`roster.actions.${r.action.replace('.', '_')}`, { defaultValue: r.action })} · {r.actorName ?? ''} · {localStamp(r.at, tz)}
                </li>
              ))}
            </ul>
          ),
        },
        {
          key: 'a', label: t('roster.adherence'), children: (
            <>
              <Space style={{ marginBottom: 6 }}>
                <Button size="small" onClick={() => adherence.mutate()} loading={adherence.isPending}>{t('roster.adherenceRun')}</Button>
                {adh && <Typography.Text type="secondary">{t(`roster.adherenceSource.${adh.source}`)} · {t('roster.overall', { value: pct(adh.overall) })}</Typography.Text>}
              </Space>
              {adh && (
                <Table size="small" rowKey={(r) => `${r.agentId}-${r.day}`} dataSource={adh.rows} pagination={{ pageSize: 8, size: 'small' }}
                  columns={[
                    { title: t('roster.adherenceCols.agent'), dataIndex: 'name' },
                    { title: t('roster.adherenceCols.date'), dataIndex: 'date' },
                    { title: t('roster.adherenceCols.scheduled'), dataIndex: 'scheduledMinutes' },
                    { title: t('roster.adherenceCols.inAdherence'), dataIndex: 'inAdherenceMinutes' },
                    { title: t('roster.adherenceCols.outside'), dataIndex: 'outsideScheduleMinutes' },
                    { title: t('roster.adherenceCols.adherence'), dataIndex: 'adherence', render: (v: number | null) => pct(v) },
                  ]} />
              )}
            </>
          ),
        },
      ]} />
      <ShiftDialog
        roster={roster} editing={editing} editable={editable} templates={templates.data?.items ?? []}
        busy={update.isPending || add.isPending || remove.isPending}
        onClose={() => setEditing(null)}
        onUpdate={(v) => update.mutate(v)} onAdd={(v) => add.mutate(v)} onDelete={(id) => remove.mutate(id)}
      />
    </div>
  );
}

function ShiftDialog(props: {
  roster: RosterOutput; editing: Shift | { add: true; agentId: string | null; day: number } | null; editable: boolean; templates: ShiftTemplateOutput[]; busy: boolean;
  onClose: () => void; onUpdate: (v: { shiftId: string; agentId?: string | null; start?: string; lengthMinutes?: number }) => void;
  onAdd: (v: { agentId: string | null; templateId: string; day: number }) => void; onDelete: (id: string) => void;
}) {
  const { t } = useTranslation('planning');
  const { roster, editing, editable } = props;
  const days = t('common.days', { returnObjects: true }) as string[];
  const [form] = Form.useForm();
  const tz = roster.timezone;
  const agentOptions = [{ value: OPEN, label: t('roster.open') }, ...roster.agents.map((a) => ({ value: a.userId, label: a.name }))];
  const isAdd = editing !== null && 'add' in editing;
  const shift = editing && !('add' in editing) ? editing : null;

  const submit = (v: { agentId: string; day: number; startTime: string; lengthHours: number; templateId?: string }) => {
    const agentId = v.agentId === OPEN ? null : v.agentId;
    if (isAdd) {
      if (v.templateId) props.onAdd({ agentId, templateId: v.templateId, day: v.day });
      return;
    }
    if (!shift) return;
    const [h, m] = v.startTime.split(':').map(Number);
    const [oh, om] = localTime(shift.start, tz).split(':').map(Number);
    const startMs = Date.parse(shift.start) + (v.day - shift.day) * 86_400_000 + ((h * 60 + m) - (oh * 60 + om)) * 60_000;
    const lengthMinutes = Math.round(v.lengthHours * 60);
    const curLength = (Date.parse(shift.end) - Date.parse(shift.start)) / 60_000;
    if (agentId === shift.agentId && startMs === Date.parse(shift.start) && lengthMinutes === curLength) { props.onClose(); return; }
    props.onUpdate({
      shiftId: shift.id, agentId: agentId === shift.agentId ? undefined : agentId,
      start: startMs === Date.parse(shift.start) ? undefined : new Date(startMs).toISOString(), lengthMinutes: lengthMinutes === curLength ? undefined : lengthMinutes,
    });
  };

  return (
    <Modal
      open={editing !== null} title={isAdd ? t('roster.addShift') : t('roster.editShift')} onCancel={props.onClose} destroyOnHidden width={460}
      footer={editable ? [
        ...(shift ? [<Button key="d" danger onClick={() => props.onDelete(shift.id)} loading={props.busy}>{t('common.delete')}</Button>] : []),
        <Button key="c" onClick={props.onClose}>{t('common.cancel')}</Button>,
        <Button key="s" type="primary" onClick={() => form.submit()} loading={props.busy} data-testid="shift-save">{t('common.save')}</Button>,
      ] : [<Button key="c" onClick={props.onClose}>{t('common.cancel')}</Button>]}
    >
      <Form form={form} layout="vertical" size="small" disabled={!editable} onFinish={submit} requiredMark={false} key={editing ? ('add' in editing ? `add-${editing.agentId}-${editing.day}` : editing.id) : 'none'}
        initialValues={!editing ? undefined : 'add' in editing
          ? { agentId: editing.agentId ?? OPEN, day: editing.day, templateId: props.templates[0]?.id }
          : { agentId: editing.agentId ?? OPEN, day: editing.day, startTime: localTime(editing.start, tz), lengthHours: (Date.parse(editing.end) - Date.parse(editing.start)) / 3_600_000 }}>
        {shift && flaggedList(roster, shift.id).map((v, i) => <Alert key={i} type="error" showIcon title={ruleText(t, v)} style={{ marginBottom: 6 }} />)}
        <Form.Item name="agentId" label={t('roster.agent')}><Select showSearch optionFilterProp="label" options={agentOptions} data-testid="shift-agent" /></Form.Item>
        <Form.Item name="day" label={t('roster.day')}><Select options={days.map((d, i) => ({ value: i, label: d }))} /></Form.Item>
        {isAdd ? (
          <Form.Item name="templateId" label={t('roster.template')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={props.templates.map((x) => ({ value: x.id, label: `${x.name} ${x.start} · ${x.lengthMinutes / 60} h` }))} />
          </Form.Item>
        ) : (
          <Row gutter={8}>
            <Col span={12}>
              <Form.Item name="startTime" label={t('roster.startTime')} rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: 'HH:MM' }]}>
                <Input data-testid="shift-start" />
              </Form.Item>
            </Col>
            <Col span={12}><Form.Item name="lengthHours" label={t('roster.lengthHours')}><InputNumber min={0.5} max={16} step={0.5} style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
        )}
        {!editable && roster.status === 'published' && <Alert type="info" title={t('roster.published')} />}
      </Form>
    </Modal>
  );
}

const flaggedList = (roster: RosterOutput, shiftId: string) => roster.violations.filter((v) => v.shiftIds.includes(shiftId));
