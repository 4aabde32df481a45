import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Cascader, Col, DatePicker, Empty, Form, Input, List, Radio, Row, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import type { Case, CasePage } from '../../../shared/cases';
import type { Customer } from '../../../shared/customers';
import { CASE_TYPES, CHANNELS, PRIORITIES } from '../../../shared/cases';
import { useLocale } from '../../app/locale';
import { api, ApiError, get, post, qs } from '../../lib/api';
import { StatusTag, TypeTag } from '../../lib/enum-tags';
import { BUSINESS_TZ, dayjs, formatDate } from '../../lib/format';
import { CustomerPicker, type CustomerChoice, type CustomerPickerHandle } from './customer-picker';

// 受理登记: the fast intake form for the counter and the phone. Keyboard first: the cursor starts in the
// customer look-up, Enter picks a customer, Ctrl+Enter submits from anywhere in the form.

interface CategoryNode {
  id: string; parentId?: string | null; code?: string; name?: string; nameZhCn?: string; nameZhTw?: string; nameEn?: string;
  active?: boolean; sort?: number; children?: CategoryNode[];
}
interface CascaderOption { value: string; label: string; children?: CascaderOption[] }

/** GET /categories?tree=1 → cascader options in the UI language; accepts a nested tree or a flat list with parentId. */
function toOptions(raw: unknown, locale: string): CascaderOption[] {
  const list: CategoryNode[] = Array.isArray(raw) ? raw : ((raw as { items?: CategoryNode[] })?.items ?? []);
  const label = (c: CategoryNode) => (locale === 'en' ? c.nameEn : locale === 'zh-TW' ? c.nameZhTw : c.nameZhCn) ?? c.name ?? c.code ?? c.id;
  const nested = list.some((c) => Array.isArray(c.children) && c.children.length > 0);
  const build = (nodes: CategoryNode[], childrenOf: (c: CategoryNode) => CategoryNode[]): CascaderOption[] =>
    nodes.filter((c) => c.active !== false).sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0)).map((c) => {
      const kids = childrenOf(c);
      return { value: c.id, label: label(c), children: kids.length ? build(kids, childrenOf) : undefined };
    });
  if (nested) return build(list, (c) => c.children ?? []);
  const ids = new Set(list.map((c) => c.id));
  return build(list.filter((c) => !c.parentId || !ids.has(c.parentId)), (c) => list.filter((x) => x.parentId === c.id));
}

const CHANNEL_KEY = 'manyi.intake.channel';
const PHONE_RE = /^\+?\d{5,15}$/;

interface Values {
  type?: string; channel?: string; customer?: CustomerChoice; newName?: string; newPhone?: string;
  category?: string[]; subject?: string; description?: string; priority: string;
  /** A regulator referral's own deadline (Beijing time); it replaces the resolution target. */
  regulatorDeadline?: dayjs.Dayjs | null;
}

/** Map the server's field errors (zod issue paths) onto the form's fields. */
function fieldOf(path: unknown): keyof Values | undefined {
  const p = Array.isArray(path) ? path.join('.') : String(path ?? '');
  if (p.startsWith('customer.name')) return 'newName';
  if (p.startsWith('customer.phone')) return 'newPhone';
  if (p.startsWith('customer')) return 'customer';
  if (p.startsWith('categoryId')) return 'category';
  return (['type', 'channel', 'subject', 'description', 'priority'] as const).find((f) => p === f);
}
/** The server's field errors (`details: [{ path: 'customer.phone', code, message }]`) as form errors in the UI language. */
function serverFieldErrors(details: unknown, t: (k: string) => string): { name: keyof Values; errors: string[] }[] {
  const raw = (details as { issues?: unknown })?.issues ?? details;
  if (!Array.isArray(raw)) return [];
  const own: Partial<Record<keyof Values, string>> = {
    newPhone: 'intake.phoneInvalid', newName: 'intake.nameRequired', customer: 'intake.customerRequired',
    type: 'intake.typeRequired', channel: 'intake.channelRequired',
  };
  const out: { name: keyof Values; errors: string[] }[] = [];
  for (const i of raw as { path?: unknown; code?: string; message?: string }[]) {
    const name = fieldOf(i.path);
    if (!name) continue;
    const key = name === 'subject' && i.code === 'too_small' ? 'intake.subjectRequired' : own[name] ?? 'intake.fieldInvalid';
    out.push({ name, errors: [t(key)] });
  }
  return out;
}

export function CaseIntakePage() {
  const { t } = useTranslation('cases');
  const { locale } = useLocale();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const pickerRef = useRef<CustomerPickerHandle>(null);
  const subjectRef = useRef<{ focus: () => void } | null>(null);
  const nameRef = useRef<{ focus: () => void } | null>(null);
  const phoneRef = useRef<{ focus: () => void } | null>(null);
  const customer = Form.useWatch('customer', form);

  const categories = useQuery({ queryKey: ['categories', 'tree'], queryFn: () => get<unknown>('/categories?tree=1'), staleTime: 5 * 60_000 });
  const categoryOptions = useMemo(() => toOptions(categories.data, locale), [categories.data, locale]);

  // Arriving from a customer's page or a screen pop (/cases/new?customerId=…): that customer is chosen.
  const [params] = useSearchParams();
  const presetId = params.get('customerId');
  const preset = useQuery({
    queryKey: ['customers', presetId], queryFn: () => get<Customer>(`/customers/${presetId}`), enabled: Boolean(presetId), retry: false,
  });
  useEffect(() => {
    if (!preset.data) return;
    form.setFieldsValue({ customer: { kind: 'existing', customer: preset.data } });
    setTimeout(() => subjectRef.current?.focus(), 0);
  }, [preset.data, form]);

  const existingId = customer?.kind === 'existing' ? customer.customer.id : undefined;
  const recent = useQuery({
    queryKey: ['cases', { customerId: existingId, limit: 5 }],
    queryFn: () => get<z.infer<typeof CasePage>>(`/cases${qs({ customerId: existingId, limit: 5 })}`),
    enabled: Boolean(existingId),
  });

  // New customer chosen from the look-up: carry over what was typed (digits → phone, else → name).
  useEffect(() => {
    if (customer?.kind !== 'new') return;
    const seed = customer.seed.replace(/[\s-]/g, '');
    if (seed && /^\+?\d+$/.test(seed)) {
      form.setFieldsValue({ newPhone: seed });
      setTimeout(() => nameRef.current?.focus(), 0);
    } else {
      if (customer.seed) form.setFieldsValue({ newName: customer.seed });
      setTimeout(() => (customer.seed ? phoneRef.current : nameRef.current)?.focus(), 0);
    }
  }, [customer, form]);

  const create = useMutation({
    mutationFn: async ({ regulatorDeadline, ...body }: Record<string, unknown>) => {
      const c = await post<Case>('/cases', body);
      if (regulatorDeadline) {
        // The case exists either way; a deadline that fails to save is reported, not lost silently.
        await api('PUT', `/cases/${c.id}/sla/regulator-deadline`, { deadline: regulatorDeadline })
          .catch((e: Error) => message.warning(t('sla:regulator.failed', { message: e.message })));
      }
      return c;
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['cases'] });
      message.success(t('intake.created', { number: c.number }));
      navigate(`/cases/${c.id}`);
    },
    onError: (e: Error) => {
      if (e instanceof ApiError) {
        const fields = serverFieldErrors(e.details, t);
        if (fields.length) form.setFields(fields);
        message.error(e.message);
      } else message.error(t('app:errors.network'));
    },
  });

  const submit = (v: Values) => {
    localStorage.setItem(CHANNEL_KEY, v.channel ?? '');
    const c = v.customer;
    create.mutate({
      type: v.type, channel: v.channel, subject: v.subject?.trim(), description: v.description?.trim() ?? '',
      priority: v.priority, categoryId: v.category?.length ? v.category[v.category.length - 1] : undefined,
      regulatorDeadline: v.channel === 'regulator' && v.regulatorDeadline ? dayjs.tz(v.regulatorDeadline.format('YYYY-MM-DD HH:mm'), BUSINESS_TZ).toISOString() : undefined,
      ...(c?.kind === 'existing'
        ? { customerId: c.customer.id }
        : { customer: { name: v.newName?.trim(), phone: v.newPhone?.replace(/[\s-]/g, '') } }),
    });
  };

  const storedChannel = localStorage.getItem(CHANNEL_KEY);
  const initial: Partial<Values> = {
    channel: (CHANNELS as readonly string[]).includes(storedChannel ?? '') ? storedChannel! : 'counter',
    priority: 'normal',
  };
  const clear = () => { form.resetFields(); setTimeout(() => pickerRef.current?.focus(), 0); };

  return (
    <Row gutter={16} wrap={false}>
      <Col flex="auto" style={{ minWidth: 0, maxWidth: 900 }}>
        <Card size="small" title={t('intake.title')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('intake.submitHint')} · Alt+N</Typography.Text>}>
          <div
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.submit(); }
            }}
          >
            <Form<Values>
              form={form} layout="horizontal" labelCol={{ flex: '96px' }} wrapperCol={{ flex: 'auto' }} labelWrap
              initialValues={initial} onFinish={submit} disabled={create.isPending} scrollToFirstError
              data-testid="intake-form" style={{ marginTop: 4 }}
            >
              <Form.Item name="type" label={t('intake.type')} rules={[{ required: true, message: t('intake.typeRequired') }]} style={{ marginBottom: 12 }}>
                <Radio.Group optionType="button" buttonStyle="solid" size="middle" data-testid="intake-type"
                  options={CASE_TYPES.map((v) => ({ value: v, label: t(`app:enum.type.${v}`) }))} />
              </Form.Item>
              <Form.Item name="channel" label={t('intake.channel')} rules={[{ required: true, message: t('intake.channelRequired') }]} style={{ marginBottom: 12 }}>
                <Radio.Group optionType="button" size="middle" data-testid="intake-channel"
                  options={CHANNELS.map((v) => ({ value: v, label: t(`app:enum.channel.${v}`) }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a: Values, b: Values) => a.channel !== b.channel}>
                {() => form.getFieldValue('channel') === 'regulator' && (
                  <Form.Item name="regulatorDeadline" label={t('sla:regulator.label')} tooltip={t('sla:regulator.hint')} style={{ marginBottom: 12 }}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="intake-regulator-deadline" />
                  </Form.Item>
                )}
              </Form.Item>
              <Form.Item
                name="customer" label={t('intake.customer')} required style={{ marginBottom: 12 }}
                rules={[{ validator: (_, v?: CustomerChoice) => (v ? Promise.resolve() : Promise.reject(new Error(t('intake.customerRequired')))) }]}
              >
                <CustomerPicker ref={pickerRef} onPicked={() => setTimeout(() => subjectRef.current?.focus(), 0)} />
              </Form.Item>
              {customer?.kind === 'new' && (
                <Form.Item label=" " colon={false} style={{ marginBottom: 0 }}>
                  <Space.Compact block>
                    <Form.Item name="newName" rules={[{ required: true, whitespace: true, message: t('intake.nameRequired') }, { max: 100 }]} style={{ width: '40%' }}>
                      <Input ref={(el) => { nameRef.current = el; }} placeholder={t('intake.customerName')} aria-label={t('intake.customerName')} data-testid="intake-new-name" maxLength={100} />
                    </Form.Item>
                    <Form.Item
                      name="newPhone" style={{ width: '60%' }}
                      rules={[
                        { required: true, message: t('intake.phoneRequired') },
                        { validator: (_, v?: string) => (!v || PHONE_RE.test(v.replace(/[\s-]/g, '')) ? Promise.resolve() : Promise.reject(new Error(t('intake.phoneInvalid')))) },
                      ]}
                    >
                      <Input ref={(el) => { phoneRef.current = el; }} placeholder={t('intake.customerPhone')} aria-label={t('intake.customerPhone')} data-testid="intake-new-phone" inputMode="tel" maxLength={20} />
                    </Form.Item>
                  </Space.Compact>
                </Form.Item>
              )}
              <Form.Item name="category" label={t('intake.category')} style={{ marginBottom: 12 }}>
                <Cascader
                  options={categoryOptions} changeOnSelect expandTrigger="hover" placeholder={t('intake.categoryPlaceholder')}
                  showSearch={{ filter: (input, path) => path.some((o) => String(o.label).toLowerCase().includes(input.toLowerCase())) }}
                  loading={categories.isPending} data-testid="intake-category" style={{ width: '100%' }}
                />
              </Form.Item>
              <Form.Item name="subject" label={t('intake.subject')} rules={[{ required: true, whitespace: true, message: t('intake.subjectRequired') }, { max: 200 }]} style={{ marginBottom: 12 }}>
                <Input ref={(el) => { subjectRef.current = el; }} placeholder={t('intake.subjectPlaceholder')} maxLength={200} showCount data-testid="intake-subject" />
              </Form.Item>
              <Form.Item name="description" label={t('intake.description')} rules={[{ max: 10_000 }]} style={{ marginBottom: 12 }}>
                <Input.TextArea placeholder={t('intake.descriptionPlaceholder')} autoSize={{ minRows: 3, maxRows: 8 }} data-testid="intake-description" />
              </Form.Item>
              <Form.Item name="priority" label={t('intake.priority')} style={{ marginBottom: 16 }}>
                <Radio.Group optionType="button" size="middle" data-testid="intake-priority"
                  options={PRIORITIES.map((v) => ({ value: v, label: t(`app:enum.priority.${v}`) }))} />
              </Form.Item>
              <Form.Item label=" " colon={false} style={{ marginBottom: 0 }}>
                <Space>
                  <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={create.isPending} data-testid="intake-submit">
                    {t('intake.submit')}
                  </Button>
                  <Button onClick={clear}>{t('intake.clear')}</Button>
                </Space>
              </Form.Item>
            </Form>
          </div>
        </Card>
      </Col>
      {existingId && (
        <Col flex="300px" style={{ minWidth: 0 }}>
          <Card size="small" title={t('intake.recentCases')} extra={<Link to={`/customers/${existingId}`} target="_blank">{t('intake.openCustomer')}</Link>}>
            <List
              size="small" loading={recent.isPending} dataSource={recent.data?.items ?? []}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.noRecent')} /> }}
              renderItem={(c) => (
                <List.Item style={{ padding: '6px 0', display: 'block' }}>
                  <div><Link to={`/cases/${c.id}`} target="_blank">{c.number}</Link> <TypeTag type={c.type} /><StatusTag status={c.status} /></div>
                  <Typography.Text ellipsis style={{ maxWidth: 270, display: 'block' }} title={c.subject}>{c.subject}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDate(c.createdAt)}</Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      )}
    </Row>
  );
}
