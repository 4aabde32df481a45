import { CalculatorOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../lib/api';
import { dayjs } from '../../lib/format';
import type { CalendarDefinition } from './calendar-model';

// "When is it due?": N working minutes (or hours) after a start, on the calendar
// as it is being edited — so an administrator sees the effect before saving.

export function DueTester({ draft }: { draft: CalendarDefinition }) {
  const { t } = useTranslation('calendars');
  const [from, setFrom] = useState(() => dayjs().minute(0).second(0));
  const [amount, setAmount] = useState<number>(8);
  const [unit, setUnit] = useState<'minutes' | 'hours'>('hours');

  const compute = useMutation({
    mutationFn: async () => {
      // The picked wall-clock time is read in the calendar's zone, not the browser's.
      const start = dayjs.tz(from.format('YYYY-MM-DDTHH:mm'), draft.timezone).toISOString();
      const minutes = unit === 'hours' ? amount * 60 : amount;
      const r = await post<{ dueAt: string }>('/sla/due', { calendar: draft, from: start, minutes });
      return { ...r, start };
    },
  });
  const r = compute.data;
  const local = (iso: string) => dayjs(iso).tz(draft.timezone).format('YYYY-MM-DD HH:mm (ddd)');

  return (
    <Card size="small" title={t('tester.title')} data-testid="due-tester">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('tester.hint')}</Typography.Paragraph>
      <Space wrap>
        <span>{t('tester.from')}</span>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={from} allowClear={false} onChange={(v) => v && setFrom(v)} data-testid="tester-from" />
        <InputNumber min={0} max={1_000_000} value={amount} onChange={(v) => setAmount(v ?? 0)} style={{ width: 100 }} data-testid="tester-amount" />
        <Select value={unit} onChange={setUnit} style={{ width: 150 }} options={[{ value: 'minutes', label: t('tester.minutes') }, { value: 'hours', label: t('tester.hours') }]} />
        <Button type="primary" icon={<CalculatorOutlined />} loading={compute.isPending} onClick={() => compute.mutate()} data-testid="tester-compute">{t('tester.compute')}</Button>
      </Space>
      {compute.error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={compute.error.message} description={detailsOf(compute.error)} />}
      {r && !compute.error && (
        <Descriptions size="small" column={1} style={{ marginTop: 12 }} bordered data-testid="tester-result">
          <Descriptions.Item label={t('tester.from')}>{local(r.start)}</Descriptions.Item>
          <Descriptions.Item label={t('tester.dueAt')}><Typography.Text strong>{local(r.dueAt)}</Typography.Text></Descriptions.Item>
          <Descriptions.Item label={t('tester.utc')}><span className="manyi-mono">{r.dueAt}</span></Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>{t('tester.zoneNote', { zone: draft.timezone })}</Typography.Text>
    </Card>
  );
}

/** The server's list of problems (path: message), one a line. */
export function detailsOf(err: unknown): string | undefined {
  const details = (err as { details?: unknown }).details;
  if (!Array.isArray(details)) return undefined;
  return details.map((d: { path?: string; message?: string }) => `${d.path ? `${d.path}: ` : ''}${d.message ?? ''}`).join('\n');
}
