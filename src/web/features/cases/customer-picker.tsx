import { PlusOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Button, Input, Space, Tag, Typography } from 'antd';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Customer, CustomerPage } from '../../../shared/customers';
import { get, qs } from '../../lib/api';

// Customer look-up as you type (name, or any 3+ digits of a phone such as the last four), with "new customer" inline.

export type CustomerChoice = { kind: 'existing'; customer: Customer } | { kind: 'new'; seed: string };

/** Shortest query worth sending: one Chinese character, two Latin letters, or three digits. */
function worthSearching(s: string): boolean {
  if (/^\d+$/.test(s)) return s.length >= 3;
  if (/[\u3400-\u9fff]/.test(s)) return s.length >= 1;
  return s.length >= 2;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export interface CustomerPickerHandle { focus: () => void }

interface Props {
  id?: string;
  value?: CustomerChoice;
  onChange?: (v: CustomerChoice | undefined) => void;
  /** Called after an existing customer is chosen, to move the cursor on. */
  onPicked?: () => void;
}

export const CustomerPicker = forwardRef<CustomerPickerHandle, Props>(function CustomerPicker({ id, value, onChange, onPicked }, ref) {
  const { t } = useTranslation('cases');
  const [text, setText] = useState('');
  const term = useDebounced(text.trim(), 250);
  const inputRef = useRef<{ focus: () => void } | null>(null);
  useImperativeHandle(ref, () => ({ focus: () => inputRef.current?.focus() }), []);

  const search = useQuery({
    queryKey: ['customers', 'lookup', term],
    queryFn: () => get<z.infer<typeof CustomerPage>>(`/customers${qs({ q: term, limit: 8 })}`),
    enabled: worthSearching(term) && value === undefined,
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });

  if (value?.kind === 'existing') {
    const c = value.customer;
    return (
      <div
        id={id} data-testid="intake-customer-selected"
        style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '4px 11px', border: '1px solid #91caff', background: '#f0f7ff', borderRadius: 4, minHeight: 32 }}
      >
        <UserOutlined style={{ color: '#1668dc' }} />
        <Typography.Text strong>{c.name}</Typography.Text>
        <Typography.Text type="secondary">{c.phones.join(' / ')}</Typography.Text>
        {c.valueTier === 'key' && <Tag color="gold">{t('intake.keyCustomer')}</Tag>}
        {c.type !== 'individual' && <Tag>{t(`app:enum.customerType.${c.type}`)}</Tag>}
        {c.orgUnitName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.orgUnitName}</Typography.Text>}
        <span style={{ flex: 1 }} />
        <Button size="small" type="link" onClick={() => { onChange?.(undefined); setTimeout(() => inputRef.current?.focus(), 0); }}>
          {t('intake.change')}
        </Button>
      </div>
    );
  }
  if (value?.kind === 'new') {
    return (
      <div id={id} style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 32 }}>
        <Tag color="green" icon={<PlusOutlined />}>{t('intake.newCustomer')}</Tag>
        <Button size="small" type="link" icon={<SearchOutlined />} onClick={() => { onChange?.(undefined); setTimeout(() => inputRef.current?.focus(), 0); }}>
          {t('intake.findExisting')}
        </Button>
      </div>
    );
  }

  const items = worthSearching(term) ? search.data?.items ?? [] : [];
  const options = [
    ...items.map((c) => ({
      value: c.id,
      label: (
        <Space size={8} style={{ width: '100%' }}>
          <Typography.Text strong>{c.name}</Typography.Text>
          <Typography.Text type="secondary">{c.phones.join(' / ')}</Typography.Text>
          {c.valueTier === 'key' && <Tag color="gold" style={{ marginInlineEnd: 0 }}>{t('intake.keyCustomer')}</Tag>}
          {c.orgUnitName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.orgUnitName}</Typography.Text>}
        </Space>
      ),
    })),
    ...(text.trim()
      ? [{ value: '__new__', label: <Typography.Text style={{ color: '#389e0d' }}><PlusOutlined /> {t('intake.newCustomerOption', { text: text.trim() })}</Typography.Text> }]
      : []),
  ];

  return (
    <Space.Compact style={{ width: '100%' }}>
      <AutoComplete
        style={{ flex: 1 }}
        value={text}
        options={options}
        defaultActiveFirstOption
        onChange={(v: string) => { if (v !== '__new__' && !items.some((x) => x.id === v)) setText(v); }}
        onSelect={(v: string) => {
          if (v === '__new__') onChange?.({ kind: 'new', seed: text.trim() });
          else {
            const c = items.find((x) => x.id === v);
            if (c) { onChange?.({ kind: 'existing', customer: c }); onPicked?.(); }
          }
          setText('');
        }}
        notFoundContent={worthSearching(term) && !search.isFetching && items.length === 0 ? t('intake.noMatch') : undefined}
      >
        <Input
          id={id} ref={(el) => { inputRef.current = el; }} autoFocus allowClear prefix={<SearchOutlined />}
          placeholder={t('intake.customerPlaceholder')} data-testid="intake-customer" autoComplete="off"
          suffix={search.isFetching ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('intake.searching')}</Typography.Text> : undefined}
        />
      </AutoComplete>
      <Button icon={<PlusOutlined />} onClick={() => onChange?.({ kind: 'new', seed: text.trim() })} data-testid="intake-new-customer">
        {t('intake.newCustomer')}
      </Button>
    </Space.Compact>
  );
});
