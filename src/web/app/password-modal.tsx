import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../shared/auth';
import { ApiError, post } from '../lib/api';

// Change my password; forced (no cancel) when the account must change it before working.
export function PasswordModal({ open, forced, onClose }: { open: boolean; forced: boolean; onClose: () => void }) {
  const { t } = useTranslation('app');
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const { message } = App.useApp();

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await post('/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success(t('password.changed'));
      qc.setQueryData<Me>(['me'], (me) => (me ? { ...me, mustChangePassword: false } : me));
      form.resetFields();
      onClose();
    } catch (e) {
      if (e instanceof ApiError) form.setFields([{ name: 'currentPassword', errors: [e.message] }]);
      else message.error(t('errors.network'));
    }
  };

  return (
    <Modal
      open={open} title={t('password.title')} onOk={() => void submit()} onCancel={forced ? undefined : onClose}
      closable={!forced} maskClosable={false} keyboard={!forced} cancelButtonProps={{ style: forced ? { display: 'none' } : undefined }}
      okText={t('common.save')} destroyOnHidden
    >
      {forced && <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={() => void submit()}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true }, { min: 8, message: t('password.tooShort') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat" label={t('password.repeat')} dependencies={['newPassword']}
          rules={[{ required: true }, ({ getFieldValue }) => ({
            validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
          })]}
        >
          <Input.Password autoComplete="new-password" onPressEnter={() => void submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
