import {
  CheckOutlined, DownOutlined, PauseCircleOutlined, PlayCircleOutlined, RiseOutlined, SmileOutlined, SwapOutlined, ToolOutlined, UndoOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Form, type FormInstance, Input, Modal, Radio, Select, Space, Spin, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../shared/auth';
import type { Case } from '../../../shared/cases';
import { RESOLUTION_CODES } from '../../../shared/cases';
import { can } from '../../app/session';
import { patch, post } from '../../lib/api';
import { searchCases, searchUsers, useCaseAction, useGroups, type User } from './case-data';

// The case's actions, offered by status and permission. Status moves send the version we read
// (409 stale_write → message and reload); the other actions are checked by the server's lifecycle table.

type ActionKey = 'transfer' | 'dispatch' | 'escalate' | 'resolve' | 'confirm' | 'reopen' | 'cancel' | 'merge' | 'link';
/** The plain status moves (PATCH with version). */
const MOVES: Record<string, string> = { accept: 'accepted', start: 'in_progress', wait: 'waiting_customer' };
const OPEN = ['new', 'accepted', 'in_progress', 'waiting_customer'];
/** data-* attributes for antd's okButtonProps, which types only ButtonProps. */
const tid = (id: string) => ({ 'data-testid': id }) as object;

/** A select that searches the server as you type. */
function RemoteSelect<T>({ fetch, toOption, value, onChange, placeholder, testId, deps = [] }: {
  fetch: (q: string) => Promise<T[]>; toOption: (x: T) => { value: string; label: ReactNode };
  value?: string; onChange?: (v?: string) => void; placeholder?: string; testId?: string; deps?: unknown[];
}) {
  const [q, setQ] = useState('');
  const [opts, setOpts] = useState<{ value: string; label: ReactNode }[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let live = true;
    setLoading(true);
    const h = setTimeout(() => {
      fetch(q).then((xs) => { if (live) setOpts(xs.map(toOption)); }).catch(() => undefined).finally(() => live && setLoading(false));
    }, 250);
    return () => { live = false; clearTimeout(h); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, ...deps]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }} allowClear value={value} onChange={onChange} placeholder={placeholder}
      options={opts} notFoundContent={loading ? <Spin size="small" /> : undefined} data-testid={testId}
    />
  );
}

const userOption = (u: User) => ({ value: u.id, label: <span>{u.name} <Typography.Text type="secondary">{u.username} · {u.orgUnitName}</Typography.Text></span> });

function ActionModal({ open, title, okText, okTestId, loading, onCancel, form, onFinish, children }: {
  open: boolean; title: string; okText?: string; okTestId: string; loading: boolean; onCancel: () => void;
  form: FormInstance; onFinish: (v: Record<string, unknown>) => void; children: ReactNode;
}) {
  return (
    <Modal
      open={open} title={title} onCancel={onCancel} onOk={() => form.submit()} okText={okText} confirmLoading={loading}
      okButtonProps={{ ...tid(okTestId) }} destroyOnHidden width={520}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} preserve={false}>{children}</Form>
    </Modal>
  );
}

export function CaseActions({ kase, me }: { kase: Case; me?: Me }) {
  const { t } = useTranslation('caseDetail');
  const [open, setOpen] = useState<ActionKey | null>(null);
  const [form] = Form.useForm();
  const close = () => setOpen(null);
  const id = kase.id;
  const isOpen = OPEN.includes(kase.status);
  const groups = useGroups(open === 'transfer' || open === 'dispatch');
  const groupOptions = useMemo(() => (groups.data ?? []).map((g) => ({ value: g.id, label: g.name })), [groups.data]);

  const move = useCaseAction(id, (status: string) => patch(`/cases/${id}`, { version: kase.version, status }));
  const act = useCaseAction(id, ({ path, body }: { path: string; body: unknown }) => post(`/cases/${id}/${path}`, body), { onDone: close });
  const submit = (path: string) => (body: unknown) => act.mutate({ path, body });

  const reasonRules = [{ required: true, message: t('required') }, { min: 2, message: t('reasonMin') }];
  const transferMode = Form.useWatch('mode', form) as string | undefined;
  const transferGroup = Form.useWatch('toGroupId', form) as string | undefined;
  const dispatchGroup = Form.useWatch('groupId', form) as string | undefined;

  const primary: { key: string; show: boolean; label: string; icon: ReactNode; onClick: () => void; type?: 'primary' }[] = [
    { key: 'accept', show: kase.status === 'new' && can(me, 'case:update'), label: t('actions.accept'), icon: <CheckOutlined />, onClick: () => move.mutate('accepted'), type: 'primary' },
    { key: 'start', show: ['new', 'accepted', 'waiting_customer'].includes(kase.status) && can(me, 'case:update'), label: t('actions.start'), icon: <PlayCircleOutlined />, onClick: () => move.mutate('in_progress') },
    { key: 'wait', show: ['accepted', 'in_progress'].includes(kase.status) && can(me, 'case:update'), label: t('actions.wait'), icon: <PauseCircleOutlined />, onClick: () => move.mutate('waiting_customer') },
    { key: 'transfer', show: isOpen && can(me, 'case:transfer'), label: t('actions.transfer'), icon: <SwapOutlined />, onClick: () => setOpen('transfer') },
    { key: 'dispatch', show: isOpen && can(me, 'case:dispatch'), label: t('actions.dispatch'), icon: <ToolOutlined />, onClick: () => setOpen('dispatch') },
    { key: 'escalate', show: isOpen && kase.escalationLevel < 3 && can(me, 'case:escalate'), label: t('actions.escalate'), icon: <RiseOutlined />, onClick: () => setOpen('escalate') },
    { key: 'resolve', show: isOpen && can(me, 'case:resolve'), label: t('actions.resolve'), icon: <CheckOutlined />, onClick: () => setOpen('resolve'), type: 'primary' },
    { key: 'confirm', show: kase.status === 'resolved' && can(me, 'case:resolve'), label: t('actions.confirm'), icon: <SmileOutlined />, onClick: () => setOpen('confirm'), type: 'primary' },
    { key: 'reopen', show: ['resolved', 'closed'].includes(kase.status) && can(me, 'case:reopen'), label: t('actions.reopen'), icon: <UndoOutlined />, onClick: () => setOpen('reopen') },
  ];
  const more = [
    { key: 'link', show: kase.status !== 'cancelled' && can(me, 'case:update'), label: t('actions.link') },
    { key: 'merge', show: (isOpen || kase.status === 'resolved') && can(me, 'case:merge'), label: t('actions.merge') },
    { key: 'cancel', show: isOpen && can(me, 'case:cancel'), label: t('actions.cancel'), danger: true },
  ].filter((m) => m.show);
  const shown = primary.filter((p) => p.show);
  // The one the agent most likely wants next is primary; the rest stay plain so the row is calm.
  const main = shown.find((p) => p.type === 'primary')?.key;

  const openModal = (k: ActionKey) => setOpen(k);

  return (
    <>
      <Space wrap size={6} data-testid="case-actions">
        {shown.map((p) => (
          <Button
            key={p.key} type={p.key === main ? 'primary' : 'default'} icon={p.icon} data-testid={`action-${p.key}`}
            loading={p.key in MOVES && move.isPending && move.variables === MOVES[p.key]}
            onClick={p.onClick}
          >
            {p.label}
          </Button>
        ))}
        {more.length > 0 && (
          <Dropdown
            trigger={['click']}
            menu={{
              items: more.map((m) => ({ key: m.key, danger: m.danger, label: <span data-testid={`action-${m.key}`}>{m.label}</span> })),
              onClick: ({ key }) => openModal(key as ActionKey),
            }}
          >
            <Button data-testid="action-more">{t('actions.more')} <DownOutlined /></Button>
          </Dropdown>
        )}
        {shown.length === 0 && more.length === 0 && <Typography.Text type="secondary">{t('noActions')}</Typography.Text>}
      </Space>

      <ActionModal
        open={open === 'transfer'} title={t('transfer.title')} okTestId="transfer-submit" loading={act.isPending} onCancel={close} form={form}
        onFinish={(v) => submit('transfer')({ toGroupId: v.toGroupId || undefined, toUserId: v.toUserId || undefined, reason: String(v.reason).trim() })}
      >
        <Form.Item name="mode" initialValue="group">
          <Radio.Group optionType="button" data-testid="transfer-mode" onChange={() => form.setFieldsValue({ toGroupId: undefined, toUserId: undefined })}
            options={[{ value: 'group', label: t('transfer.toGroup') }, { value: 'user', label: t('transfer.toUser') }]} />
        </Form.Item>
        {(transferMode ?? 'group') === 'group' ? (
          <>
            <Form.Item name="toGroupId" label={t('transfer.group')} rules={[{ required: true, message: t('required') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={groupOptions} loading={groups.isPending} data-testid="transfer-group" />
            </Form.Item>
            <Form.Item name="toUserId" label={t('transfer.userOptional')}>
              <RemoteSelect<User> fetch={(q) => (transferGroup ? searchUsers(q, transferGroup) : Promise.resolve([]))} toOption={userOption} deps={[transferGroup]}
                placeholder={t('transfer.userSearch')} testId="transfer-user-in-group" />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="toUserId" label={t('transfer.user')} rules={[{ required: true, message: t('required') }]}>
            <RemoteSelect<User> fetch={(q) => searchUsers(q)} toOption={userOption} placeholder={t('transfer.userSearch')} testId="transfer-user" />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('transfer.reason')} rules={reasonRules} extra={t('transfer.reasonHint')}>
          <Input.TextArea rows={3} maxLength={500} data-testid="transfer-reason" />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={open === 'dispatch'} title={t('dispatch.title')} okTestId="dispatch-submit" loading={act.isPending} onCancel={close} form={form}
        onFinish={(v) => submit('dispatch')({ groupId: v.groupId, assigneeId: v.assigneeId || undefined, instructions: String(v.instructions ?? '').trim() })}
      >
        <Form.Item name="groupId" label={t('dispatch.group')} rules={[{ required: true, message: t('required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={groupOptions} loading={groups.isPending} data-testid="dispatch-group"
            onChange={() => form.setFieldValue('assigneeId', undefined)} />
        </Form.Item>
        <Form.Item name="assigneeId" label={t('workOrders.assignee')}>
          <RemoteSelect<User> fetch={(q) => (dispatchGroup ? searchUsers(q, dispatchGroup) : Promise.resolve([]))} toOption={userOption} deps={[dispatchGroup]}
            placeholder={t('transfer.userSearch')} testId="dispatch-assignee" />
        </Form.Item>
        <Form.Item name="instructions" label={t('dispatch.instructions')}>
          <Input.TextArea rows={4} maxLength={2000} placeholder={t('dispatch.instructionsHint')} data-testid="dispatch-instructions" />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={open === 'escalate'} title={t('escalate.title')} okTestId="escalate-submit" loading={act.isPending} onCancel={close} form={form}
        onFinish={(v) => submit('escalate')({ level: Number(v.level), reason: String(v.reason).trim() })}
      >
        <Form.Item name="level" label={t('escalate.level')} initialValue={Math.min(3, kase.escalationLevel + 1)} rules={[{ required: true }]}>
          <Radio.Group optionType="button" data-testid="escalate-level"
            options={[1, 2, 3].filter((l) => l > kase.escalationLevel).map((l) => ({ value: l, label: t(`app:enum.escalation.${l}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('escalate.reason')} rules={reasonRules}>
          <Input.TextArea rows={3} maxLength={500} data-testid="escalate-reason" />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={open === 'resolve'} title={t('resolve.title')} okTestId="resolve-submit" loading={act.isPending} onCancel={close} form={form}
        onFinish={(v) => submit('resolve')({ resolutionCode: v.resolutionCode, summary: String(v.summary).trim() })}
      >
        <Form.Item name="resolutionCode" label={t('resolve.code')} initialValue="solved" rules={[{ required: true }]}>
          <Select options={RESOLUTION_CODES.map((c) => ({ value: c, label: t(`app:enum.resolutionCode.${c}`) }))} data-testid="resolve-code" />
        </Form.Item>
        <Form.Item name="summary" label={t('resolve.summary')} rules={reasonRules}>
          <Input.TextArea rows={4} maxLength={5000} placeholder={t('resolve.summaryHint')} data-testid="resolve-summary" />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={open === 'confirm'} title={t('confirm.title')} okTestId="confirm-submit" loading={act.isPending} onCancel={close} form={form}
        onFinish={(v) => submit('confirm')({ satisfied: v.satisfied !== false, comment: String(v.comment ?? '').trim() || undefined })}
      >
        {kase.resolutionSummary && (
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
            {t('labelled', { label: t(`app:enum.resolutionCode.${kase.resolutionCode ?? 'other'}`), value: kase.resolutionSummary })}
          </Typography.Paragraph>
        )}
        <Form.Item name="satisfied" label={t('confirm.satisfied')} initialValue={true}>
          <Radio.Group data-testid="confirm-satisfied"
            options={[{ value: true, label: t('confirm.yes') }, { value: false, label: t('confirm.no') }]} />
        </Form.Item>
        <Form.Item name="comment" label={t('confirm.comment')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="confirm-comment" />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={open === 'reopen'} title={t('reopen.title')} okTestId="reopen-submit" loading={act.isPending} onCancel={close} form={form}
        onFinish={(v) => submit('reopen')({ reason: String(v.reason).trim() })}
      >
        <Form.Item name="reason" label={t('reopen.reason')} rules={reasonRules}>
          <Input.TextArea rows={3} maxLength={500} data-testid="reopen-reason" />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={open === 'cancel'} title={t('cancel.title')} okTestId="cancel-submit" loading={act.isPending} onCancel={close} form={form}
        onFinish={(v) => submit('cancel')({ reason: String(v.reason).trim() })}
      >
        <Form.Item name="reason" label={t('cancel.reason')} rules={reasonRules}>
          <Input.TextArea rows={3} maxLength={500} data-testid="cancel-reason" />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={open === 'merge'} title={t('merge.title')} okTestId="merge-submit" loading={act.isPending} onCancel={close} form={form}
        onFinish={(v) => submit('merge')({ intoCaseId: v.intoCaseId, reason: String(v.reason ?? '').trim() || undefined })}
      >
        <Form.Item name="intoCaseId" label={t('merge.target')} rules={[{ required: true, message: t('required') }]}>
          <RemoteSelect<Case> fetch={(q) => (q.trim() ? searchCases(q).then((xs) => xs.filter((c) => c.id !== id)) : Promise.resolve([]))}
            toOption={(c) => ({ value: c.id, label: `${c.number} · ${c.subject}` })} placeholder={t('merge.targetHint')} testId="merge-target" />
        </Form.Item>
        <Form.Item name="reason" label={t('merge.reason')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={open === 'link'} title={t('link.title')} okTestId="link-submit" loading={act.isPending} onCancel={close} form={form}
        onFinish={(v) => submit('links')({ caseId: v.caseId })}
      >
        <Form.Item name="caseId" label={t('link.target')} rules={[{ required: true, message: t('required') }]}>
          <RemoteSelect<Case> fetch={(q) => (q.trim() ? searchCases(q).then((xs) => xs.filter((c) => c.id !== id)) : Promise.resolve([]))}
            toOption={(c) => ({ value: c.id, label: `${c.number} · ${c.subject}` })} placeholder={t('merge.targetHint')} testId="link-target" />
        </Form.Item>
      </ActionModal>
    </>
  );
}
