import { CalculatorOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Form, type FormInstance, InputNumber, Row, Select, Space, Statistic, Switch, Tabs, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ErlangAOutput, ErlangBOutput, ErlangCOutput, ErlangCapacityOutput, ErlangStaffOutput,
} from '../../../shared/workforce';
import { ApiError, post } from '../../lib/api';
import { ErlangCurveChart } from './erlang-chart';

// The Erlang calculator (issue 4, items 4 and 7): agents needed for a service target, a given
// staffing evaluated, the traffic a team can carry, and Erlang B blocking. All figures come from
// the server (/api/v1/workforce/erlang/*), the same code as `manyi erlang`.

const PERIODS = ['900', '1800', '3600'] as const;

/** What the forms hold: percentages as the planner types them (80), not fractions (0.8). */
interface LoadValues {
  calls?: number;
  periodSeconds: string;
  ahtSeconds?: number;
  targetSeconds?: number;
  abandon?: boolean;
  patienceSeconds?: number;
}
interface StaffValues extends LoadValues {
  serviceLevelPct?: number;
  asaSeconds?: number;
  maxOccupancyPct?: number;
  shrinkagePct?: number;
}
interface EvaluateValues extends LoadValues {
  agents?: number;
}
interface CapacityValues extends StaffValues {
  agents?: number;
}
interface BlockingValues {
  trafficErlangs?: number;
  lines?: number;
}

const STAFF_EXAMPLE: StaffValues = {
  calls: 100, periodSeconds: '1800', ahtSeconds: 180, targetSeconds: 20, serviceLevelPct: 80, shrinkagePct: 30, abandon: false, patienceSeconds: 90,
};
const EVALUATE_EXAMPLE: EvaluateValues = { calls: 100, periodSeconds: '1800', ahtSeconds: 180, targetSeconds: 20, agents: 13, abandon: false, patienceSeconds: 90 };
const CAPACITY_EXAMPLE: CapacityValues = { agents: 14, periodSeconds: '1800', ahtSeconds: 180, targetSeconds: 20, serviceLevelPct: 80, abandon: false, patienceSeconds: 90 };
const BLOCKING_EXAMPLE: BlockingValues = { trafficErlangs: 10, lines: 10 };

const frac = (pct: number | undefined | null) => (pct === undefined || pct === null ? undefined : pct / 100);
const opt = (v: number | undefined | null) => (v === undefined || v === null ? undefined : v);
const fmtPct = (v: number) => `${(v * 100).toFixed(1)}`;
const fmtSec = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

function loadBody(v: LoadValues) {
  return {
    calls: v.calls, periodSeconds: Number(v.periodSeconds), ahtSeconds: v.ahtSeconds, targetSeconds: v.targetSeconds,
    ...(v.abandon ? { patienceSeconds: v.patienceSeconds } : {}),
  };
}
const targetsBody = (v: StaffValues) => ({
  serviceLevel: frac(v.serviceLevelPct), asaSeconds: opt(v.asaSeconds), maxOccupancy: frac(v.maxOccupancyPct),
});

function useCalc<TIn, TOut>(path: string) {
  return useMutation<TOut, Error, TIn>({ mutationFn: (body) => post<TOut>(`/workforce/erlang/${path}`, body) });
}

// ------------------------------------------------------------------ form pieces

/** A number field; `positive` (the default) refuses 0, as the server does for calls, AHT, agents, patience. */
function Num(props: { name: string; label: string; help?: string; positive?: boolean; max?: number; step?: number; suffix?: ReactNode; required?: boolean; precision?: number; testId?: string }) {
  const { t } = useTranslation('workforce');
  const { name, label, help, positive = true, max, step, suffix, required = true, precision, testId } = props;
  return (
    <Form.Item
      name={name} label={label} extra={help} style={{ marginBottom: 12 }}
      rules={[
        ...(required ? [{ required: true, message: t('form.required') }] : []),
        ...(positive ? [{ type: 'number' as const, min: Number.MIN_VALUE, message: t('form.positive') }] : []),
      ]}
    >
      <InputNumber style={{ width: '100%' }} min={0} max={max} step={step} suffix={suffix} precision={precision} data-testid={testId} />
    </Form.Item>
  );
}

function LoadFields({ withCalls = true }: { withCalls?: boolean }) {
  const { t } = useTranslation('workforce');
  return (
    <>
      {withCalls && (
        <Row gutter={8}>
          <Col span={14}><Num name="calls" label={t('form.calls')} help={t('form.callsHelp')} testId="erlang-calls" /></Col>
          <Col span={10}>
            <Form.Item name="periodSeconds" label={t('form.period')} style={{ marginBottom: 12 }}>
              <Select options={PERIODS.map((p) => ({ value: p, label: t(`form.periodOptions.${p}`) }))} data-testid="erlang-period" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Row gutter={8}>
        <Col span={12}><Num name="ahtSeconds" label={t('form.aht')} help={t('form.ahtHelp')} testId="erlang-aht" /></Col>
        <Col span={12}><Num name="targetSeconds" label={t('form.target')} positive={false} testId="erlang-target" /></Col>
      </Row>
    </>
  );
}

function AbandonFields() {
  const { t } = useTranslation('workforce');
  const abandon = Form.useWatch('abandon');
  return (
    <Row gutter={8} align="middle">
      <Col span={12}>
        <Form.Item name="abandon" label={t('form.abandon')} valuePropName="checked" style={{ marginBottom: 12 }}>
          <Switch data-testid="erlang-abandon" />
        </Form.Item>
      </Col>
      <Col span={12}>{abandon && <Num name="patienceSeconds" label={t('form.patience')} testId="erlang-patience" />}</Col>
    </Row>
  );
}

function TargetFields({ withShrinkage }: { withShrinkage: boolean }) {
  const { t } = useTranslation('workforce');
  return (
    <>
      <Row gutter={8}>
        <Col span={12}><Num name="serviceLevelPct" label={t('form.serviceLevel')} max={100} suffix="%" required={false} testId="erlang-sl" /></Col>
        <Col span={12}><Num name="asaSeconds" label={t('form.asa')} required={false} /></Col>
      </Row>
      <Row gutter={8}>
        <Col span={12}><Num name="maxOccupancyPct" label={t('form.maxOccupancy')} max={100} suffix="%" required={false} /></Col>
        {withShrinkage && <Col span={12}><Num name="shrinkagePct" label={t('form.shrinkage')} help={t('form.shrinkageHelp')} positive={false} max={95} suffix="%" required={false} testId="erlang-shrinkage" /></Col>}
      </Row>
    </>
  );
}

function Actions({ form, example, loading }: { form: FormInstance; example: object; loading: boolean }) {
  const { t } = useTranslation('workforce');
  return (
    <Space>
      <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={loading} data-testid="erlang-calculate">{t('form.calculate')}</Button>
      <Button icon={<UndoOutlined />} onClick={() => { form.setFieldsValue(example); form.submit(); }}>{t('form.reset')}</Button>
    </Space>
  );
}

function ErrorAlert({ error }: { error: Error | null }) {
  if (!error) return null;
  const details = error instanceof ApiError && Array.isArray(error.details)
    ? (error.details as { path?: string; message?: string }[]).map((d) => `${d.path ? `${d.path}: ` : ''}${d.message ?? ''}`).join('；')
    : undefined;
  return <Alert type="error" showIcon title={error.message} description={details} style={{ marginBottom: 12 }} data-testid="erlang-error" />;
}

function Stat({ title, value, suffix, strong, testId }: { title: string; value: ReactNode; suffix?: string; strong?: boolean; testId?: string }) {
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Statistic title={title} value={value as string} suffix={suffix} styles={strong ? { content: { color: '#1677ff', fontWeight: 600 } } : undefined} data-testid={testId} />
    </Card>
  );
}

function Results({ children, empty }: { children: ReactNode; empty: boolean }) {
  const { t } = useTranslation('workforce');
  if (empty) return <Empty description={t('result.empty')} />;
  return <>{children}</>;
}

// ------------------------------------------------------------------ tabs

function StaffTab() {
  const { t } = useTranslation('workforce');
  const [form] = Form.useForm<StaffValues>();
  const calc = useCalc<object, ErlangStaffOutput>('staff');
  const submit = (v: StaffValues) => calc.mutate({ ...loadBody(v), ...targetsBody(v), shrinkage: frac(v.shrinkagePct) });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => submit(STAFF_EXAMPLE), []);
  const r = calc.data;
  const input = calc.variables as { serviceLevel?: number; targetSeconds: number } | undefined;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={9} xl={8}>
        <Form form={form} layout="vertical" size="middle" initialValues={STAFF_EXAMPLE} onFinish={submit} requiredMark={false}>
          <LoadFields />
          <TargetFields withShrinkage />
          <AbandonFields />
          <Actions form={form} example={STAFF_EXAMPLE} loading={calc.isPending} />
        </Form>
      </Col>
      <Col xs={24} lg={15} xl={16}>
        <ErrorAlert error={calc.error} />
        <Results empty={!r}>
          {r && (
            <>
              <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
                <Col xs={12} md={6}><Stat title={t('result.agents')} value={r.agents} suffix={t('result.people')} strong testId="erlang-agents" /></Col>
                <Col xs={12} md={6}><Stat title={t('result.scheduled')} value={r.scheduled} suffix={t('result.people')} strong testId="erlang-scheduled" /></Col>
                <Col xs={12} md={6}><Stat title={`${t('result.serviceLevel')} · ${t('result.withinTarget', { seconds: input?.targetSeconds })}`} value={fmtPct(r.serviceLevel)} suffix="%" testId="erlang-service-level" /></Col>
                <Col xs={12} md={6}><Stat title={t('result.asa')} value={fmtSec(r.asaSeconds)} suffix={t('result.secondsUnit')} /></Col>
                <Col xs={12} md={6}><Stat title={t('result.occupancy')} value={fmtPct(r.occupancy)} suffix="%" /></Col>
                <Col xs={12} md={6}><Stat title={t('result.traffic')} value={r.trafficErlangs.toFixed(2)} suffix="Erl" /></Col>
                <Col xs={12} md={6}><Stat title={t('result.pWait')} value={fmtPct(r.pWait)} suffix="%" /></Col>
                <Col xs={12} md={6}>
                  {r.pAbandon !== null
                    ? <Stat title={t('result.pAbandon')} value={fmtPct(r.pAbandon)} suffix="%" />
                    : <Stat title={t('result.model')} value={r.model === 'erlang-a' ? 'Erlang A' : 'Erlang C'} />}
                </Col>
              </Row>
              <Typography.Text type="secondary">{t('chart.title')} · {r.model === 'erlang-a' ? t('result.erlangA') : t('result.erlangC')}</Typography.Text>
              <ErlangCurveChart curve={r.curve} agents={r.agents} serviceLevelTarget={input?.serviceLevel} targetSeconds={input?.targetSeconds ?? 0} />
            </>
          )}
        </Results>
      </Col>
    </Row>
  );
}

function EvaluateTab() {
  const { t } = useTranslation('workforce');
  const [form] = Form.useForm<EvaluateValues>();
  const calc = useMutation<{ kind: 'c'; r: ErlangCOutput } | { kind: 'a'; r: ErlangAOutput }, Error, EvaluateValues>({
    mutationFn: async (v) => {
      const body = { ...loadBody(v), agents: v.agents };
      return v.abandon
        ? { kind: 'a' as const, r: await post<ErlangAOutput>('/workforce/erlang/a', body) }
        : { kind: 'c' as const, r: await post<ErlangCOutput>('/workforce/erlang/c', body) };
    },
  });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => calc.mutate(EVALUATE_EXAMPLE), []);
  const d = calc.data;
  const target = calc.variables?.targetSeconds;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={9} xl={8}>
        <Form form={form} layout="vertical" initialValues={EVALUATE_EXAMPLE} onFinish={(v) => calc.mutate(v)} requiredMark={false}>
          <LoadFields />
          <Num name="agents" label={t('form.agents')} precision={0} max={100000} testId="erlang-eval-agents" />
          <AbandonFields />
          <Actions form={form} example={EVALUATE_EXAMPLE} loading={calc.isPending} />
        </Form>
      </Col>
      <Col xs={24} lg={15} xl={16}>
        <ErrorAlert error={calc.error} />
        <Results empty={!d}>
          {d && (
            <Row gutter={[8, 8]}>
              <Col xs={12} md={8}><Stat title={`${t('result.serviceLevel')} · ${t('result.withinTarget', { seconds: target })}`} value={fmtPct(d.r.serviceLevel)} suffix="%" strong /></Col>
              <Col xs={12} md={8}><Stat title={t('result.pWait')} value={fmtPct(d.r.pWait)} suffix="%" /></Col>
              <Col xs={12} md={8}><Stat title={t('result.asa')} value={fmtSec(d.r.asaSeconds)} suffix={t('result.secondsUnit')} /></Col>
              <Col xs={12} md={8}><Stat title={t('result.occupancy')} value={fmtPct(d.r.occupancy)} suffix="%" /></Col>
              <Col xs={12} md={8}><Stat title={t('result.traffic')} value={d.r.trafficErlangs.toFixed(2)} suffix="Erl" /></Col>
              <Col xs={12} md={8}>
                {d.kind === 'a'
                  ? <Stat title={t('result.pAbandon')} value={fmtPct(d.r.pAbandon)} suffix="%" />
                  : <Stat title={t('result.queueLength')} value={d.r.queueLength.toFixed(2)} />}
              </Col>
            </Row>
          )}
        </Results>
      </Col>
    </Row>
  );
}

function CapacityTab() {
  const { t } = useTranslation('workforce');
  const [form] = Form.useForm<CapacityValues>();
  const calc = useCalc<object, ErlangCapacityOutput>('capacity');
  const submit = (v: CapacityValues) => calc.mutate({
    agents: v.agents, ahtSeconds: v.ahtSeconds, targetSeconds: v.targetSeconds, periodSeconds: Number(v.periodSeconds),
    ...targetsBody(v), ...(v.abandon ? { patienceSeconds: v.patienceSeconds } : {}),
  });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => submit(CAPACITY_EXAMPLE), []);
  const r = calc.data;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={9} xl={8}>
        <Form form={form} layout="vertical" initialValues={CAPACITY_EXAMPLE} onFinish={submit} requiredMark={false}>
          <Row gutter={8}>
            <Col span={12}><Num name="agents" label={t('form.agents')} precision={0} max={100000} /></Col>
            <Col span={12}>
              <Form.Item name="periodSeconds" label={t('form.capacityPeriod')} style={{ marginBottom: 12 }}>
                <Select options={PERIODS.map((p) => ({ value: p, label: t(`form.periodOptions.${p}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <LoadFields withCalls={false} />
          <TargetFields withShrinkage={false} />
          <AbandonFields />
          <Actions form={form} example={CAPACITY_EXAMPLE} loading={calc.isPending} />
        </Form>
      </Col>
      <Col xs={24} lg={15} xl={16}>
        <ErrorAlert error={calc.error} />
        <Results empty={!r}>
          {r && (
            <Row gutter={[8, 8]}>
              <Col xs={12} md={8}><Stat title={t('result.maxTraffic')} value={r.trafficErlangs.toFixed(2)} suffix="Erl" strong /></Col>
              <Col xs={12} md={8}><Stat title={`${t('result.maxCalls')} (${t(`form.periodOptions.${r.periodSeconds}`)})`} value={Math.floor(r.calls)} suffix={t('result.calls')} strong /></Col>
            </Row>
          )}
        </Results>
      </Col>
    </Row>
  );
}

function BlockingTab() {
  const { t } = useTranslation('workforce');
  const [form] = Form.useForm<BlockingValues>();
  const calc = useCalc<BlockingValues, ErlangBOutput>('b');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => calc.mutate(BLOCKING_EXAMPLE), []);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={9} xl={8}>
        <Form form={form} layout="vertical" initialValues={BLOCKING_EXAMPLE} onFinish={(v) => calc.mutate(v)} requiredMark={false}>
          <Row gutter={8}>
            <Col span={12}><Num name="trafficErlangs" label={t('form.traffic')} /></Col>
            <Col span={12}><Num name="lines" label={t('form.lines')} precision={0} max={100000} /></Col>
          </Row>
          <Actions form={form} example={BLOCKING_EXAMPLE} loading={calc.isPending} />
        </Form>
      </Col>
      <Col xs={24} lg={15} xl={16}>
        <ErrorAlert error={calc.error} />
        <Results empty={!calc.data}>
          {calc.data && (
            <Row gutter={[8, 8]}>
              <Col xs={12} md={8}><Stat title={t('result.blocking')} value={(calc.data.blocking * 100).toFixed(2)} suffix="%" strong testId="erlang-blocking" /></Col>
            </Row>
          )}
        </Results>
      </Col>
    </Row>
  );
}

export function ErlangCalculatorPage() {
  const { t } = useTranslation('workforce');
  return (
    <Card size="small" title={t('title')}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('intro')}</Typography.Paragraph>
      <Tabs
        destroyOnHidden={false}
        items={[
          { key: 'staff', label: t('tabs.staff'), children: <StaffTab /> },
          { key: 'evaluate', label: t('tabs.evaluate'), children: <EvaluateTab /> },
          { key: 'capacity', label: t('tabs.capacity'), children: <CapacityTab /> },
          { key: 'blocking', label: t('tabs.blocking'), children: <BlockingTab /> },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>{t('notes.formulas')}</Typography.Paragraph>
    </Card>
  );
}
