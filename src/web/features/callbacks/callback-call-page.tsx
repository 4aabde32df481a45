import { ArrowLeftOutlined, PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Radio, Rate, Result, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { CallbackDetail, CallbackOutcome, CallbackTask } from '../../../shared/callbacks';
import { useMe } from '../../app/session';
import { ApiError, get, post } from '../../lib/api';
import { StatusTag, TypeTag } from '../../lib/enum-tags';
import { formatDateTime } from '../../lib/format';
import { formatSpan, STATUS_COLOR } from './callback-data';

// The call screen: who to call (masked), what the case was about, and the result form.

interface Values { outcome?: CallbackOutcome; resolved?: boolean; satisfaction?: number; comment?: string }

export function CallbackCallPage() {
  const { t } = useTranslation('callbacks');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const detail = useQuery({ queryKey: ['callbacks', 'detail', id], queryFn: () => get<CallbackDetail>(`/callbacks/${id}`) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['callbacks'] });
  const onError = (e: Error) => {
    void message.error(e.message);
    if (e instanceof ApiError && e.status === 409) refresh();
  };
  const claim = useMutation({ mutationFn: () => post<CallbackTask>(`/callbacks/${id}/claim`), onSuccess: refresh, onError });
  const release = useMutation({ mutationFn: () => post<CallbackTask>(`/callbacks/${id}/release`), onSuccess: () => { refresh(); navigate('/callbacks'); }, onError });
  const save = useMutation({
    mutationFn: (v: Values) => post<CallbackTask>(`/callbacks/${id}/attempts`, {
      version: detail.data!.version, outcome: v.outcome, comment: v.comment?.trim() || undefined,
      ...(v.outcome === 'reached' ? { resolved: v.resolved, satisfaction: v.satisfaction } : {}),
    }),
    onSuccess: (task, v) => {
      void message.success(v.outcome === 'reached' && v.resolved === false ? t('call.reopened') : t('call.saved'));
      form.resetFields();
      refresh();
      if (task.status !== 'pending') void qc.invalidateQueries({ queryKey: ['notifications'] });
    },
    onError,
  });

  if (detail.isPending) return <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
  if (detail.error) return <Result status={detail.error instanceof ApiError && detail.error.status === 404 ? '404' : 'error'} subTitle={detail.error.message} extra={<Button onClick={() => navigate('/callbacks')}>{t('call.back')}</Button>} />;
  const d = detail.data;
  const open = d.status === 'pending';
  const mineClaim = d.claimedBy === me.data?.id;
  const otherClaim = d.claimedBy !== null && !mineClaim;
  const left = new Date(d.dueAt).getTime() - Date.now();

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="callback-call">
      <Card size="small">
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/callbacks')}>{t('call.back')}</Button>
          <Typography.Title level={4} style={{ margin: 0 }} className="manyi-mono">{d.caseNumber}</Typography.Title>
          <TypeTag type={d.caseType} />
          <Tag color={STATUS_COLOR[d.status]} data-testid="callback-status">{t(`status.${d.status}`)}</Tag>
          {open && (d.overdue
            ? <Typography.Text type="danger" strong>{t('due.overdue', { d: formatSpan(left, t) })}</Typography.Text>
            : <Typography.Text>{t('due.left', { d: formatSpan(left, t) })}</Typography.Text>)}
          <Typography.Text type="secondary">{formatDateTime(d.dueAt)}</Typography.Text>
          <div style={{ flex: 1 }} />
          {open && mineClaim && <Tag color="blue">{t('call.claimedByMe')}</Tag>}
          {open && otherClaim && <Tag color="orange">{t('call.claimedByOther', { name: d.claimedByName })}</Tag>}
          {open && !d.claimedBy && <Button type="primary" onClick={() => claim.mutate()} loading={claim.isPending} data-testid="callback-claim">{t('call.claim')}</Button>}
          {open && mineClaim && <Button onClick={() => release.mutate()} loading={release.isPending}>{t('call.release')}</Button>}
        </div>
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('call.customer')} style={{ marginBottom: 12 }}>
            {d.customer ? (
              <Descriptions size="small" column={1} items={[
                { key: 'name', label: t('call.customer'), children: <Space>{d.customer.name}<Link to={`/customers/${d.customer.id}`}>{t('call.openCustomer')}</Link></Space> },
                {
                  key: 'phones', label: t('call.phones'),
                  children: <Space direction="vertical" size={0}>{d.customer.phones.map((p) => <Typography.Text key={p} strong className="manyi-mono" data-testid="callback-phone"><PhoneOutlined /> {p}</Typography.Text>)}</Space>,
                },
              ]} />
            ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>{t('call.phoneMasked')}</Typography.Paragraph>
          </Card>
          <Card size="small" title={t('call.case')} extra={<Link to={`/cases/${d.caseId}`}>{t('call.openCase')}</Link>}>
            {d.case ? (
              <Descriptions size="small" column={1} items={[
                { key: 's', label: t('col.subject'), children: <Space wrap>{d.case.subject}<StatusTag status={d.case.status} /></Space> },
                ...(d.case.description ? [{ key: 'd', label: '', children: <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ margin: 0 }}>{d.case.description}</Typography.Paragraph> }] : []),
                { key: 'r', label: t('call.resolution'), children: d.case.resolutionSummary ?? '—' },
                { key: 'ra', label: t('call.resolvedAt'), children: formatDateTime(d.case.resolvedAt) || '—' },
                { key: 'o', label: t('call.owner'), children: d.case.ownerName ?? '—' },
                { key: 'f', label: t('call.firstResponder'), children: d.case.firstResponderName ?? '—' },
              ]} />
            ) : <Typography.Text type="secondary">{d.caseSubject} — {t('call.noCase')}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('call.outcomeTitle')} style={{ marginBottom: 12 }}>
            {!open ? (
              <Alert type={d.status === 'completed' ? 'success' : 'warning'} showIcon message={t('call.finished', { status: t(`status.${d.status}`) })}
                description={d.status === 'completed' ? (
                  <Space direction="vertical" size={2}>
                    <span>{t('call.resolved')}: <Tag color={d.resolved ? 'green' : 'red'}>{d.resolved ? t('call.yes') : t('call.noShort')}</Tag></span>
                    <span>{t('call.satisfaction')}: <Rate disabled value={d.satisfaction ?? 0} style={{ fontSize: 14 }} /></span>
                    {d.comment && <span>{t('call.comment')}: {d.comment}</span>}
                  </Space>
                ) : undefined} />
            ) : (
              <Form form={form} layout="vertical" disabled={otherClaim || save.isPending} onFinish={(v) => save.mutate(v)} requiredMark={false} data-testid="callback-form">
                <Form.Item name="outcome" label={t('call.outcome')} rules={[{ required: true, message: t('call.required') }]} style={{ marginBottom: 12 }}>
                  <Radio.Group optionType="button" buttonStyle="solid"
                    options={(['reached', 'no_answer', 'wrong_number', 'refused'] as const).map((o) => ({ value: o, label: t(`outcome.${o}`) }))} />
                </Form.Item>
                {outcome === 'reached' && (
                  <>
                    <Form.Item name="resolved" label={t('call.resolved')} rules={[{ required: true, message: t('call.required') }]} style={{ marginBottom: 12 }}>
                      <Radio.Group options={[{ value: true, label: t('call.yes') }, { value: false, label: t('call.no') }]} />
                    </Form.Item>
                    <Form.Item name="satisfaction" label={t('call.satisfaction')} rules={[{ required: true, message: t('call.required') }]} style={{ marginBottom: 12 }}>
                      <Rate tooltips={[1, 2, 3, 4, 5].map((n) => t(`call.sat.${n}`))} data-testid="callback-satisfaction" />
                    </Form.Item>
                  </>
                )}
                <Form.Item name="comment" label={t('call.comment')} style={{ marginBottom: 12 }}>
                  <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('call.commentPlaceholder')} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="callback-save">{t('call.save')}</Button>
              </Form>
            )}
          </Card>
          <Card size="small" title={t('call.attempts', { n: d.attempts, max: d.maxAttempts })}>
            {d.attemptsLog.length === 0 ? <Typography.Text type="secondary">{t('call.noAttempts')}</Typography.Text> : (
              <Timeline items={d.attemptsLog.map((a) => ({
                key: a.id, color: a.outcome === 'reached' ? 'green' : a.outcome === 'refused' ? 'gray' : 'orange',
                children: <span>{formatDateTime(a.at)} · {a.agentName ?? '—'} · <strong>{t(`outcome.${a.outcome}`)}</strong>{a.note ? ` — ${a.note}` : ''}</span>,
              }))} />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
