import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Empty, Form, InputNumber, Row, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../lib/api';
import type { Selection } from './planning-page';
import { RequirementChart } from './planning-charts';
import { type ForecastOutput, type RequirementOutput, type RequirementSummary, round1 } from './planning-model';

/** "80 % / 20 s · ASA ≤ 30 s · ≤ 85 %" from the stored targets. */
export function targetText(tg: Record<string, number>): string {
  const parts: string[] = [];
  if (tg.serviceLevel !== undefined) parts.push(`${round1(tg.serviceLevel * 100)} % / ${tg.targetSeconds ?? 0} s`);
  if (tg.asaSeconds !== undefined) parts.push(`ASA ≤ ${tg.asaSeconds} s`);
  if (tg.maxOccupancy !== undefined) parts.push(`≤ ${round1(tg.maxOccupancy * 100)} %`);
  if (tg.patienceSeconds !== undefined) parts.push(`Erlang A ${tg.patienceSeconds} s`);
  return parts.join(' · ');
}

interface Values { targetSeconds: number; serviceLevel: number; shrinkage: number; maxOccupancy?: number | null; patienceSeconds?: number | null; defaultAhtSeconds?: number | null }

export function RequirementsTab({ sel, go, canPlan }: { sel: Selection; go: (s: Partial<Selection> & { tab?: string }) => void; canPlan: boolean }) {
  const { t } = useTranslation('planning');
  const qc = useQueryClient();
  const forecast = useQuery({ queryKey: ['planning', 'forecast', sel.forecast], enabled: Boolean(sel.forecast), queryFn: () => get<ForecastOutput>(`/workforce/forecasts/${sel.forecast}`) });
  const list = useQuery({
    queryKey: ['planning', 'requirements', sel.forecast], enabled: Boolean(sel.forecast),
    queryFn: () => get<{ items: RequirementSummary[] }>(`/workforce/requirements?forecastId=${sel.forecast}`),
  });
  const selected = useQuery({
    queryKey: ['planning', 'requirement', sel.requirement], enabled: Boolean(sel.requirement),
    queryFn: () => get<RequirementOutput>(`/workforce/requirements/${sel.requirement}`),
  });
  const create = useMutation({
    mutationFn: (v: Values) => post<RequirementOutput>('/workforce/requirements', {
      forecastId: sel.forecast, targetSeconds: v.targetSeconds, serviceLevel: v.serviceLevel / 100, shrinkage: v.shrinkage / 100,
      maxOccupancy: v.maxOccupancy ? v.maxOccupancy / 100 : undefined, patienceSeconds: v.patienceSeconds || undefined, defaultAhtSeconds: v.defaultAhtSeconds ?? undefined,
    }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['planning', 'requirements'] });
      qc.setQueryData(['planning', 'requirement', r.id], r);
      go({ requirement: r.id });
    },
  });
  if (!sel.forecast) return <Empty description={t('requirements.pickForecast')} />;
  const r = selected.data && selected.data.forecastId === sel.forecast ? selected.data : undefined;
  return (
    <Row gutter={16}>
      <Col span={8}>
        <Typography.Title level={5}>{t('requirements.forecast')}: {forecast.data?.name ?? '…'}</Typography.Title>
        <Form<Values> layout="vertical" size="small" disabled={!canPlan} onFinish={(v) => create.mutate(v)} requiredMark={false}
          initialValues={{ targetSeconds: 20, serviceLevel: 80, shrinkage: 30 }}>
          <Row gutter={8}>
            <Col span={12}><Form.Item name="serviceLevel" label={t('requirements.serviceLevel')} rules={[{ required: true, message: t('common.required') }]}><InputNumber min={1} max={99.9} style={{ width: '100%' }} data-testid="req-sl" /></Form.Item></Col>
            <Col span={12}><Form.Item name="targetSeconds" label={t('requirements.target')} rules={[{ required: true, message: t('common.required') }]}><InputNumber min={0} max={3600} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={12}><Form.Item name="shrinkage" label={t('requirements.shrinkage')}><InputNumber min={0} max={95} style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={12}><Form.Item name="maxOccupancy" label={t('requirements.maxOccupancy')}><InputNumber min={1} max={100} style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
          <Form.Item name="patienceSeconds" label={t('requirements.patience')}><InputNumber min={1} max={3600} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="defaultAhtSeconds" label={t('requirements.defaultAht')}><InputNumber min={1} max={7200} style={{ width: '100%' }} /></Form.Item>
          {create.error && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={(create.error as Error).message}
            description={((create.error as { details?: { message?: string }[] }).details ?? []).map((d) => d.message).join('; ') || undefined} />}
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="req-submit">{t('requirements.submit')}</Button>
        </Form>
      </Col>
      <Col span={16}>
        <Typography.Title level={5}>{t('requirements.list')}</Typography.Title>
        <Table<RequirementSummary>
          size="small" rowKey="id" pagination={false} loading={list.isPending} dataSource={list.data?.items ?? []} scroll={{ y: 110 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('requirements.empty')} /> }}
          rowClassName={(x) => (x.id === sel.requirement ? 'ant-table-row-selected' : '')}
          onRow={(x) => ({ onClick: () => go({ requirement: x.id }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('requirements.targets'), render: (_, x) => targetText(x.targets) },
            { title: t('requirements.shrinkage'), render: (_, x) => `${round1((x.targets.shrinkage ?? 0) * 100)} %` },
            { title: t('requirements.model'), dataIndex: 'model' },
            { title: t('requirements.scheduledHours'), dataIndex: 'scheduledHours', render: (v: number) => Math.round(v).toLocaleString() },
            { title: t('requirements.peak'), dataIndex: 'peakScheduled' },
          ]}
        />
        {r && (
          <div data-testid="requirement-detail" style={{ marginTop: 8 }}>
            <Space size="large" align="center">
              <Statistic title={t('requirements.agentHours')} value={Math.round(r.agentHours)} />
              <Statistic title={t('requirements.scheduledHours')} value={Math.round(r.scheduledHours)} />
              <Statistic title={t('requirements.peak')} value={r.peakScheduled} />
              <Button type="primary" onClick={() => go({ tab: 'roster', requirement: r.id })} data-testid="req-use">{t('requirements.useIt')}</Button>
            </Space>
            <RequirementChart requirement={r} />
          </div>
        )}
      </Col>
    </Row>
  );
}
