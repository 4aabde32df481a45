import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { ApiError, get, post } from '../../lib/api';
import type { Selection } from './planning-page';
import { ForecastChart } from './planning-charts';
import { detailOf, type ForecastOutput, type ForecastSummary, pct, round1 } from './planning-model';

interface OrgUnit { id: string; name: string; kind: string }
interface CalendarItem { id: string; name: string }
type History = { start: string; offered: number; ahtSeconds?: number | null; answered?: number | null }[];

export function useOrgUnits() {
  return useQuery({ queryKey: ['org-units', 'flat'], queryFn: () => get<{ items: OrgUnit[] }>('/org-units?active=1'), staleTime: 60_000 });
}

/** Next Monday, the usual first day to plan. */
const nextMonday = () => {
  const d = dayjs();
  return d.add(((8 - d.day()) % 7) || 7, 'day').format('YYYY-MM-DD');
};

export function ForecastTab({ sel, go, canPlan }: { sel: Selection; go: (s: Partial<Selection> & { tab?: string }) => void; canPlan: boolean }) {
  const { t } = useTranslation('planning');
  const qc = useQueryClient();
  const me = useMe().data;
  const units = useOrgUnits();
  const calendars = useQuery({ queryKey: ['calendars'], queryFn: () => get<{ items: CalendarItem[] }>('/calendars') });
  const queues = useQuery({ queryKey: ['contacts', 'queues'], queryFn: () => get<{ items: { id: string; name: string; code: string; orgUnitId: string }[] }>('/contacts/queues'), retry: false });
  const list = useQuery({ queryKey: ['planning', 'forecasts'], queryFn: () => get<{ items: ForecastSummary[] }>('/workforce/forecasts') });
  const selected = useQuery({
    queryKey: ['planning', 'forecast', sel.forecast], enabled: Boolean(sel.forecast),
    queryFn: () => get<ForecastOutput>(`/workforce/forecasts/${sel.forecast}`),
  });
  const [form] = Form.useForm();
  const [source, setSource] = useState<'contacts' | 'file'>('contacts');
  const [history, setHistory] = useState<History | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => post<ForecastOutput>('/workforce/forecasts', v),
    onSuccess: (f) => {
      void qc.invalidateQueries({ queryKey: ['planning', 'forecasts'] });
      qc.setQueryData(['planning', 'forecast', f.id], f);
      go({ forecast: f.id });
    },
  });
  const err = create.error;
  const detail = detailOf(err);

  const submit = (v: { orgUnitId: string; name?: string; from: dayjs.Dayjs; days: number; intervalMinutes: number; calendarId?: string; historyDays?: number; queueId?: string }) => {
    create.mutate({
      orgUnitId: v.orgUnitId, name: v.name || undefined, from: v.from.format('YYYY-MM-DD'), days: v.days, intervalMinutes: v.intervalMinutes,
      calendarId: v.calendarId || undefined, ...(source === 'file' ? { history: history ?? [] } : { historyDays: v.historyDays, queueId: v.queueId || undefined }),
    });
  };

  const f = selected.data;
  return (
    <Row gutter={16}>
      <Col span={8}>
        <Typography.Title level={5}>{t('forecast.newTitle')}</Typography.Title>
        <Form form={form} layout="vertical" size="small" disabled={!canPlan} onFinish={submit} requiredMark={false}
          initialValues={{ orgUnitId: me?.orgUnitId, from: dayjs(nextMonday()), days: 7, intervalMinutes: 30, historyDays: 56 }}>
          <Form.Item name="orgUnitId" label={t('common.orgUnit')} rules={[{ required: true, message: t('common.required') }]}>
            <Select showSearch optionFilterProp="label" options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} data-testid="forecast-unit" />
          </Form.Item>
          <Row gutter={8}>
            <Col span={12}>
              <Form.Item name="from" label={t('forecast.from')} rules={[{ required: true, message: t('common.required') }]}>
                <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="forecast-from" />
              </Form.Item>
            </Col>
            <Col span={6}><Form.Item name="days" label={t('forecast.days')}><InputNumber min={1} max={28} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={6}>
              <Form.Item name="intervalMinutes" label={t('forecast.interval')}>
                <Select options={[15, 30, 60].map((m) => ({ value: m, label: t('forecast.intervalOption', { value: m }) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="calendarId" label={t('forecast.calendar')}>
            <Select allowClear placeholder={t('forecast.calendarNone')} options={(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item label={t('forecast.source')}>
            <Radio.Group value={source} onChange={(e) => setSource(e.target.value)} optionType="button" size="small"
              options={[{ value: 'contacts', label: t('forecast.sourceContacts') }, { value: 'file', label: t('forecast.sourceFile') }]} />
          </Form.Item>
          {source === 'contacts' ? (
            <Row gutter={8}>
              <Col span={16}>
                <Form.Item name="queueId" label={t('forecast.queue')}>
                  <Select allowClear placeholder={t('forecast.allQueues')} options={(queues.data?.items ?? []).map((q) => ({ value: q.id, label: `${q.name} (${q.code})` }))} />
                </Form.Item>
              </Col>
              <Col span={8}><Form.Item name="historyDays" label={t('forecast.historyDays')}><InputNumber min={21} max={366} style={{ width: '100%' }} /></Form.Item></Col>
            </Row>
          ) : (
            <Form.Item extra={<span style={{ fontSize: 12 }}>{history ? t('forecast.fileLoaded', { count: history.length }) : t('forecast.fileHelp')}</span>}>
              <Upload accept=".json,application/json" maxCount={1} showUploadList={false} beforeUpload={(file) => {
                void file.text().then((text) => {
                  try {
                    const data = JSON.parse(text) as unknown;
                    if (!Array.isArray(data) || data.some((p) => typeof p?.start !== 'string' || typeof p?.offered !== 'number')) throw new Error('bad');
                    setHistory(data as History);
                    setFileError(null);
                  } catch {
                    setHistory(null);
                    setFileError(t('forecast.fileBad'));
                  }
                });
                return false;
              }}>
                <Button icon={<UploadOutlined />} data-testid="forecast-file">{t('forecast.file')}</Button>
              </Upload>
              {fileError && <div style={{ color: '#cf1322' }}>{fileError}</div>}
            </Form.Item>
          )}
          <Form.Item name="name" label={t('forecast.name')}><Input maxLength={100} /></Form.Item>
          {err && (
            <Alert type="error" showIcon style={{ marginBottom: 8 }}
              title={detail?.code === 'history_too_short' ? t('forecast.historyTooShort', { needed: detail.needed, got: detail.got }) : (err as Error).message} />
          )}
          <Button type="primary" htmlType="submit" loading={create.isPending} disabled={!canPlan || (source === 'file' && !history)} data-testid="forecast-submit">
            {t('forecast.submit')}
          </Button>
        </Form>
      </Col>
      <Col span={16}>
        <Typography.Title level={5}>{t('forecast.list')}</Typography.Title>
        <Table<ForecastSummary>
          size="small" rowKey="id" pagination={{ pageSize: 4, size: 'small' }} loading={list.isPending} dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('forecast.empty')} /> }}
          rowClassName={(r) => (r.id === sel.forecast ? 'ant-table-row-selected' : '')}
          onRow={(r) => ({ onClick: () => go({ forecast: r.id }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('forecast.name'), dataIndex: 'name', ellipsis: true },
            { title: t('forecast.from'), dataIndex: 'from', width: 100 },
            { title: t('forecast.total'), dataIndex: 'totalOffered', width: 100, render: (v: number) => Math.round(v).toLocaleString() },
            { title: 'WAPE', width: 80, render: (_, r) => pct(r.backtest.wape) },
            { title: 'MAPE', width: 80, render: (_, r) => pct(r.backtest.mape) },
          ]}
        />
        {f && (
          <div data-testid="forecast-detail">
            <Space wrap style={{ margin: '4px 0 4px' }}>
              <Typography.Text strong>{f.name}</Typography.Text>
              <Tooltip title={t('forecast.backtestHelp', { days: f.backtest.holdoutDays })}>
                <Tag color="orange" data-testid="forecast-error">
                  {t('forecast.backtest')}: {t('forecast.wape', { value: pct(f.backtest.wape) })} · {t('forecast.mape', { value: pct(f.backtest.mape) })}
                </Tag>
              </Tooltip>
              <Tag>{t('forecast.calls', { value: Math.round(f.totalOffered).toLocaleString() })}</Tag>
              <Tag>{t('forecast.trend', { value: round1(f.model.slopePerDay) })}</Tag>
              <Tag>{f.model.holidayLearned ? t('forecast.holidayLearned') : t('forecast.holidayAsSunday')}</Tag>
              <Button type="primary" size="small" onClick={() => go({ tab: 'requirements', forecast: f.id })} data-testid="forecast-use">{t('forecast.useIt')}</Button>
            </Space>
            <ForecastChart forecast={f} />
            <Descriptions size="small" column={1} items={[{ key: 'm', label: t('forecast.method'), children: <span style={{ fontSize: 12 }}>{t('forecast.methodText')}</span> }]} />
          </div>
        )}
        {selected.error && <Alert type="error" title={(selected.error as ApiError).message} />}
      </Col>
    </Row>
  );
}
