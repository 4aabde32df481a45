import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { Me } from '../../shared/auth';
import { ApiError, get, post } from '../lib/api';
import { LanguageSwitch } from './locale';

// Login: username and password; the server's own (translated) message when it refuses.
export function LoginPage() {
  const { t } = useTranslation('app');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';

  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await post('/auth/login', { username: v.username.trim(), password: v.password });
      qc.clear();
      await qc.fetchQuery({ queryKey: ['me'], queryFn: () => get<Me>('/me') });
      navigate(target, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message || t('login.failed') : t('errors.network'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg, #e6f0ff 0%, #f5f7fa 60%)', padding: 16 }}>
      <div style={{ position: 'absolute', top: 12, right: 16 }}>
        <LanguageSwitch save={false} />
      </div>
      <div style={{ textAlign: 'center', marginBottom: 20 }}>
        <Typography.Title level={2} style={{ margin: 0, color: '#1668dc' }}>{t('appName')}</Typography.Title>
        <Typography.Text type="secondary">{t('appTagline')}</Typography.Text>
      </div>
      <Card style={{ width: 360, maxWidth: '100%' }} title={t('login.title')}>
        <Form layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} disabled={busy} autoComplete="on">
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" role="alert" />}
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">{t('login.submit')}</Button>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 16, fontSize: 12 }}>{t('login.welcome')}</Typography.Text>
    </div>
  );
}
