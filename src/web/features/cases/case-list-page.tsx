import { ClearOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Input, Select, Space } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { CASE_STATUSES, CASE_TYPES, CHANNELS, PRIORITIES } from '../../../shared/cases';
import { dayBoundary, dayjs } from '../../lib/format';
import { CaseTable, useCasePages } from './case-table';

// Find cases: Chinese full-text search plus filters, kept in the URL so a search can be shared or revisited.

const FILTER_KEYS = ['q', 'status', 'type', 'channel', 'priority', 'from', 'to'] as const;

export function CaseListPage() {
  const { t } = useTranslation('cases');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = params.getAll('status');
  const type = params.get('type') ?? undefined;
  const channel = params.get('channel') ?? undefined;
  const priority = params.get('priority') ?? undefined;
  const from = params.get('from');
  const to = params.get('to');
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const apiParams = useMemo(() => ({
    q: q || undefined, status: status.length ? status : undefined, type, channel, priority,
    createdFrom: from ? dayBoundary(dayjs(from), 'start') : undefined,
    createdTo: to ? dayBoundary(dayjs(to), 'end') : undefined,
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }), [params.toString()]);
  const query = useCasePages(apiParams);

  const set = (key: string, value: string | string[] | undefined | null) => setParams((p) => {
    p.delete(key);
    if (Array.isArray(value)) value.forEach((v) => p.append(key, v));
    else if (value) p.set(key, value);
    return p;
  }, { replace: true });

  const hasFilters = FILTER_KEYS.some((k) => params.has(k));
  const opts = (values: readonly string[], ns: string) => values.map((v) => ({ value: v, label: t(`app:enum.${ns}.${v}`) }));

  return (
    <Card size="small" title={t('list.title')}>
      <Space orientation="vertical" size={8} style={{ width: '100%', marginBottom: 8 }}>
        <Space.Compact style={{ width: '100%', maxWidth: 720 }}>
          <Input
            allowClear value={text} placeholder={t('list.searchPlaceholder')} prefix={<SearchOutlined />}
            aria-label={t('app:common.search')} data-testid="case-search" autoFocus
            onChange={(e) => { setText(e.target.value); if (!e.target.value) set('q', undefined); }}
            onPressEnter={() => set('q', text.trim() || undefined)}
          />
          <Button type="primary" onClick={() => set('q', text.trim() || undefined)} data-testid="case-search-submit">{t('app:common.search')}</Button>
        </Space.Compact>
        <Space wrap size={8}>
          <Select
            mode="multiple" allowClear maxTagCount="responsive" style={{ width: 220 }} placeholder={t('list.status')} aria-label={t('list.status')}
            value={status} options={opts(CASE_STATUSES, 'status')} onChange={(v: string[]) => set('status', v)} data-testid="filter-status"
          />
          <Select allowClear style={{ width: 130 }} placeholder={t('list.type')} aria-label={t('list.type')} value={type}
            options={opts(CASE_TYPES, 'type')} onChange={(v?: string) => set('type', v)} data-testid="filter-type" />
          <Select allowClear style={{ width: 140 }} placeholder={t('list.channel')} aria-label={t('list.channel')} value={channel}
            options={opts(CHANNELS, 'channel')} onChange={(v?: string) => set('channel', v)} data-testid="filter-channel" />
          <Select allowClear style={{ width: 110 }} placeholder={t('list.priority')} aria-label={t('list.priority')} value={priority}
            options={opts(PRIORITIES, 'priority')} onChange={(v?: string) => set('priority', v)} data-testid="filter-priority" />
          <DatePicker.RangePicker
            style={{ width: 260 }} placeholder={[t('list.from'), t('list.to')]} aria-label={t('list.dateRange')} data-testid="filter-dates"
            value={[from ? dayjs(from) : null, to ? dayjs(to) : null]} allowEmpty={[true, true]}
            onChange={(v) => setParams((p) => {
              p.delete('from'); p.delete('to');
              if (v?.[0]) p.set('from', v[0].format('YYYY-MM-DD'));
              if (v?.[1]) p.set('to', v[1].format('YYYY-MM-DD'));
              return p;
            }, { replace: true })}
          />
          <Button icon={<ClearOutlined />} disabled={!hasFilters} onClick={() => { setText(''); setParams({}, { replace: true }); }}>
            {t('list.reset')}
          </Button>
        </Space>
      </Space>
      <CaseTable query={query} />
    </Card>
  );
}
