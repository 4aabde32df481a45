import { DeleteOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, type FormInstance, Input, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../shared/customers';
import { CUSTOMER_TYPES, LIFECYCLE_STAGES, SERVICE_KINDS, VALUE_TIERS } from '../../../shared/customers';

// The customer file's form, for creating and for editing. Personal fields (phones, ID, address, email,
// services) can only be edited from unmasked data: sending masked values back would overwrite the real ones.

export interface CustomerValues {
  name: string; type: string; valueTier: string; lifecycle: string; notes?: string;
  phones?: string[]; idNumber?: string; address?: string; email?: string;
  services?: { kind: string; identifier: string; name?: string; status: string }[];
}

const PHONE_RE = /^\+?\d{5,15}$/;

export function valuesOf(c: Customer): CustomerValues {
  return {
    name: c.name, type: c.type, valueTier: c.valueTier, lifecycle: c.lifecycle, notes: c.notes ?? '',
    phones: c.phones, idNumber: c.idNumber ?? '', address: c.address ?? '', email: c.email ?? '',
    services: c.services.map((s) => ({ kind: s.kind, identifier: s.identifier, name: s.name ?? '', status: s.status })),
  };
}

/** The request body: blanks left out; personal fields only when they were editable. */
export function bodyOf(v: CustomerValues, personal: boolean): Record<string, unknown> {
  const blank = (x?: string) => (x && x.trim() ? x.trim() : undefined);
  const body: Record<string, unknown> = { name: v.name.trim(), type: v.type, valueTier: v.valueTier, lifecycle: v.lifecycle, notes: v.notes ?? '' };
  if (personal) {
    body.phones = (v.phones ?? []).map((p) => p.replace(/[\s-]/g, '')).filter(Boolean);
    body.idNumber = blank(v.idNumber);
    body.address = blank(v.address);
    body.email = blank(v.email);
    body.services = (v.services ?? []).filter((s) => s.identifier?.trim()).map((s) => ({ ...s, identifier: s.identifier.trim(), name: blank(s.name) }));
  }
  return body;
}

/** Only the fields that differ from the file as read (null and '' alike), so the audit log shows real changes. */
export function changedOnly(body: Record<string, unknown>, current: Customer): Record<string, unknown> {
  const norm = (v: unknown) => JSON.stringify(v ?? '');
  const now = valuesOf(current) as unknown as Record<string, unknown>;
  const services = current.services.map((s) => ({ kind: s.kind, identifier: s.identifier, name: s.name ?? undefined, status: s.status }));
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => norm(v) !== norm(k === 'services' ? services : now[k])));
}

export function CustomerForm({ form, personal, onFinish, initial }: {
  form: FormInstance<CustomerValues>; personal: boolean; onFinish: (v: CustomerValues) => void; initial?: CustomerValues;
}) {
  const { t } = useTranslation('customers');
  const opts = (values: readonly string[], ns: string) => values.map((v) => ({ value: v, label: t(`app:enum.${ns}.${v}`) }));
  const required = { required: true, message: t('edit.required') };
  return (
    <Form<CustomerValues>
      form={form} layout="vertical" onFinish={onFinish} size="middle"
      initialValues={initial ?? { type: 'individual', valueTier: 'ordinary', lifecycle: 'new', phones: [''], services: [] }}
    >
      <Row gutter={12}>
        <Col span={9}><Form.Item name="name" label={t('field.name')} rules={[required]}><Input maxLength={100} data-testid="customer-name" /></Form.Item></Col>
        <Col span={5}><Form.Item name="type" label={t('field.type')}><Select options={opts(CUSTOMER_TYPES, 'customerType')} /></Form.Item></Col>
        <Col span={5}><Form.Item name="valueTier" label={t('field.valueTier')}><Select options={opts(VALUE_TIERS, 'valueTier')} data-testid="customer-tier" /></Form.Item></Col>
        <Col span={5}><Form.Item name="lifecycle" label={t('field.lifecycle')}><Select options={opts(LIFECYCLE_STAGES, 'lifecycle')} data-testid="customer-lifecycle" /></Form.Item></Col>
      </Row>
      {!personal && <Alert type="info" showIcon icon={<LockOutlined />} title={t('edit.personalLocked')} style={{ marginBottom: 12 }} />}
      {personal && (
        <>
          <Form.Item label={t('field.phones')} required>
            <Form.List name="phones">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                  {fields.map((f) => (
                    <Space.Compact key={f.key} style={{ width: '100%' }}>
                      <Form.Item name={f.name} noStyle rules={[required, { pattern: PHONE_RE, message: t('edit.phoneInvalid'), transform: (v: string) => v?.replace(/[\s-]/g, '') }]}>
                        <Input placeholder={t('field.phone')} maxLength={20} data-testid="customer-phone" />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(f.name)} aria-label={t('app:common.delete')} />
                    </Space.Compact>
                  ))}
                  {fields.length < 10 && <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>{t('field.addPhone')}</Button>}
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}><Form.Item name="idNumber" label={t('field.idNumber')} rules={[{ pattern: /^[0-9A-Za-z-]{4,32}$/, message: t('edit.required') }]}><Input maxLength={32} /></Form.Item></Col>
            <Col span={12}><Form.Item name="email" label={t('field.email')} rules={[{ type: 'email', message: t('edit.emailInvalid') }]}><Input maxLength={200} /></Form.Item></Col>
          </Row>
          <Form.Item name="address" label={t('field.address')}><Input maxLength={300} /></Form.Item>
          <Form.Item label={t('field.services')}>
            <Form.List name="services">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                  {fields.map((f) => (
                    <Space.Compact key={f.key} style={{ width: '100%' }}>
                      <Form.Item name={[f.name, 'kind']} noStyle><Select style={{ width: 110 }} options={opts(SERVICE_KINDS, 'serviceKind')} /></Form.Item>
                      <Form.Item name={[f.name, 'identifier']} noStyle rules={[required]}><Input placeholder={t('field.identifier')} style={{ width: '36%' }} /></Form.Item>
                      <Form.Item name={[f.name, 'name']} noStyle><Input placeholder={t('field.serviceName')} /></Form.Item>
                      <Form.Item name={[f.name, 'status']} noStyle>
                        <Select style={{ width: 96 }} options={['active', 'suspended', 'closed'].map((s) => ({ value: s, label: t(`serviceStatus.${s}`) }))} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('app:common.delete')} />
                    </Space.Compact>
                  ))}
                  <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'mobile', identifier: '', status: 'active' })}>{t('field.addService')}</Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
        </>
      )}
      <Form.Item name="notes" label={t('field.notes')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
    </Form>
  );
}
