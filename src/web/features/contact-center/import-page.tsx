import { InboxOutlined, PauseOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Progress, Select, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CSV_FIELDS, DATE_FORMATS, REQUIRED_CSV_FIELDS, type CsvField } from '../../../shared/contacts';
import { ApiError, csrfToken, get, post, api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';

// 话单导入: upload a switch's CSV, map its columns (with a preview of the first rows), save the
// mapping for the source, run it with a progress bar, see the bad rows by line, and resume a
// paused or interrupted import.

interface Source { id: string; orgUnitId: string; code: string; name: string; mapping: Mapping }
interface Mapping { columns: Partial<Record<CsvField, string>>; timeZone: string; dateFormat: string; delimiter: string }
interface Job {
  id: string; sourceId: string; fileName: string; fileBytes: number; status: 'pending' | 'running' | 'paused' | 'completed' | 'failed';
  linesDone: number; bytesDone: number; goodCount: number; badCount: number; duplicateCount: number; error: string | null; createdAt: string;
}
interface Preview { headers: string[]; rows: string[][]; delimiter: string }

const CHUNK = 512 * 1024;
const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'UTC'];

/** Send the file in chunks at their offsets (the server ignores bytes it already has, so a retry resumes). */
async function uploadFile(jobId: string, file: File, onProgress: (pct: number) => void) {
  for (let off = 0; off < file.size; off += CHUNK) {
    const res = await fetch(`/api/v1/contacts/imports/${jobId}/chunks?offset=${off}`, {
      method: 'PUT', body: file.slice(off, off + CHUNK), credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': csrfToken() },
    });
    if (!res.ok) {
      const data = await res.json().catch(() => null);
      throw new ApiError(res.status, data?.error?.code ?? 'upload', data?.error?.message ?? res.statusText);
    }
    onProgress(Math.min(100, Math.round(((off + CHUNK) / file.size) * 100)));
  }
}

/** A first guess at the mapping: a header equal to the field name or its label in any language. */
function guessColumns(headers: string[], labels: (f: CsvField) => string[]): Partial<Record<CsvField, string>> {
  const out: Partial<Record<CsvField, string>> = {};
  for (const f of CSV_FIELDS) {
    const names = [f, ...labels(f)].map((n) => n.toLowerCase());
    const h = headers.find((x) => names.includes(x.trim().toLowerCase()));
    if (h) out[f] = h;
  }
  return out;
}

function JobProgress({ job }: { job: Job }) {
  const { t } = useTranslation('contactCenter');
  const pct = job.status === 'completed' ? 100 : Math.floor((job.bytesDone / Math.max(1, job.fileBytes)) * 100);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div data-testid="import-progress" data-status={job.status}>
        <Progress percent={pct} status={job.status === 'failed' ? 'exception' : job.status === 'running' ? 'active' : job.status === 'completed' ? 'success' : 'normal'} format={(p) => `${p}%`} />
      </div>
      <Space size={32} wrap>
        <Statistic title={t('imp.progress')} value={t(`imp.status.${job.status}`)} valueStyle={{ fontSize: 18 }} />
        <Statistic title={t('imp.linesDone')} value={job.linesDone} valueStyle={{ fontSize: 18 }} />
        <Statistic title={t('imp.good')} value={job.goodCount} valueStyle={{ fontSize: 18, color: '#389e0d' }} data-testid="import-good" />
        <Statistic title={t('imp.bad')} value={job.badCount} valueStyle={{ fontSize: 18, color: job.badCount ? '#cf1322' : undefined }} data-testid="import-bad" />
        <Statistic title={t('imp.duplicates')} value={job.duplicateCount} valueStyle={{ fontSize: 18 }} />
      </Space>
      {job.error && <Alert type="error" message={job.error} />}
    </Space>
  );
}

function ErrorTable({ jobId }: { jobId: string }) {
  const { t } = useTranslation('contactCenter');
  const [page, setPage] = useState(1);
  const errors = useQuery({
    queryKey: ['import-errors', jobId, page],
    queryFn: () => get<{ items: { line: number; reason: string; message: string; raw: string | null }[]; total: number }>(`/contacts/imports/${jobId}/errors?offset=${(page - 1) * 20}&limit=20`),
  });
  return (
    <Table
      size="small" rowKey="line" loading={errors.isFetching} dataSource={errors.data?.items ?? []} data-testid="import-errors"
      pagination={{ current: page, pageSize: 20, total: errors.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      columns={[
        { title: t('imp.line'), dataIndex: 'line', width: 70 },
        { title: t('imp.reason'), dataIndex: 'message', width: 320 },
        { title: t('imp.raw'), dataIndex: 'raw', ellipsis: true, render: (v: string | null) => <Typography.Text code style={{ fontSize: 12 }}>{v}</Typography.Text> },
      ]}
    />
  );
}

export function ImportPage() {
  const { t } = useTranslation('contactCenter');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [sourceId, setSourceId] = useState<string | undefined>();
  const [newSource, setNewSource] = useState({ code: '', name: '', orgUnitId: undefined as string | undefined });
  const [mapping, setMapping] = useState<Mapping>({ columns: {}, timeZone: 'Asia/Shanghai', dateFormat: 'yyyy-MM-dd HH:mm:ss', delimiter: ',' });
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploadPct, setUploadPct] = useState(0);
  const [busy, setBusy] = useState(false);

  const sources = useQuery({ queryKey: ['contact-sources'], queryFn: () => get<{ items: Source[] }>('/contacts/sources') });
  const units = useQuery({ queryKey: ['org-units-flat'], queryFn: () => get<{ items: { id: string; name: string; kind: string }[] }>('/org-units') });
  const jobs = useQuery({ queryKey: ['contact-imports'], queryFn: () => get<{ items: Job[] }>('/contacts/imports'), refetchInterval: (q) => (q.state.data?.items.some((j) => j.status === 'running') ? 1000 : false) });
  const job = useQuery({
    queryKey: ['contact-import', jobId], enabled: !!jobId, queryFn: () => get<Job>(`/contacts/imports/${jobId}`),
    refetchInterval: (q) => (q.state.data?.status === 'running' || q.state.data?.status === 'pending' ? 700 : false),
  });
  const fieldLabels = (f: CsvField) => [t(`imp.fields.${f}`, { lng: 'zh-CN' }), t(`imp.fields.${f}`, { lng: 'zh-TW' }), t(`imp.fields.${f}`, { lng: 'en' })];

  const chooseFile = async (f: File) => {
    setFile(f);
    const sample = await f.slice(0, 64 * 1024).text();
    try {
      const p = await post<Preview>('/contacts/preview', { text: sample });
      setPreview(p);
      const src = sources.data?.items.find((s) => s.id === sourceId);
      setMapping((m) => ({ ...m, delimiter: p.delimiter, columns: src ? src.mapping.columns : guessColumns(p.headers, fieldLabels) }));
    } catch (e) {
      message.error((e as Error).message);
    }
    return false;
  };

  const saveSource = useMutation({
    mutationFn: () => {
      const src = sources.data?.items.find((s) => s.id === sourceId);
      const body = src ? { orgUnitId: src.orgUnitId, code: src.code, name: src.name, mapping } : { ...newSource, mapping };
      return api<Source>('PUT', '/contacts/sources', body);
    },
    onSuccess: (s) => {
      setSourceId(s.id);
      void qc.invalidateQueries({ queryKey: ['contact-sources'] });
      message.success(t('imp.saved'));
      setStep(2);
    },
    onError: (e) => {
      const details = e instanceof ApiError && Array.isArray(e.details) ? (e.details as { message: string }[]).map((d) => d.message).join('；') : '';
      message.error(details || e.message);
    },
  });

  const run = async () => {
    if (!file || !sourceId) return;
    setBusy(true);
    try {
      const created = await post<Job>('/contacts/imports', { sourceId, fileName: file.name, fileBytes: file.size });
      setJobId(created.id);
      await uploadFile(created.id, file, setUploadPct);
      await post(`/contacts/imports/${created.id}/start`);
      setStep(3);
      void qc.invalidateQueries({ queryKey: ['contact-imports'] });
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const control = async (id: string, action: 'pause' | 'start') => {
    try {
      await post(`/contacts/imports/${id}/${action}`);
      setJobId(id);
      setStep(3);
      void qc.invalidateQueries({ queryKey: ['contact-import', id] });
      void qc.invalidateQueries({ queryKey: ['contact-imports'] });
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const missing = REQUIRED_CSV_FIELDS.filter((f) => !mapping.columns[f]);
  const canNext0 = !!file && !!preview && (sourceId ? true : !!(newSource.code && newSource.name && newSource.orgUnitId));

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{t('imp.title')}</Typography.Title>
      <Card size="small">
        <Steps size="small" current={step} items={[{ title: t('imp.steps.upload') }, { title: t('imp.steps.map') }, { title: t('imp.steps.run') }, { title: t('imp.steps.report') }]} style={{ marginBottom: 16 }} />
        {step === 0 && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Form layout="inline" size="middle" style={{ rowGap: 8 }}>
              <Form.Item label={t('imp.source')}>
                <Select style={{ width: 240 }} allowClear placeholder={t('imp.newSource')} value={sourceId} onChange={setSourceId} data-testid="import-source"
                  options={(sources.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }))} />
              </Form.Item>
              {!sourceId && (
                <>
                  <Form.Item label={t('imp.sourceCode')}><Input style={{ width: 120 }} value={newSource.code} onChange={(e) => setNewSource({ ...newSource, code: e.target.value })} data-testid="import-source-code" /></Form.Item>
                  <Form.Item label={t('imp.sourceName')}><Input style={{ width: 160 }} value={newSource.name} onChange={(e) => setNewSource({ ...newSource, name: e.target.value })} data-testid="import-source-name" /></Form.Item>
                  <Form.Item label={t('imp.centre')}>
                    <Select style={{ width: 200 }} showSearch optionFilterProp="label" value={newSource.orgUnitId} onChange={(v) => setNewSource({ ...newSource, orgUnitId: v })} data-testid="import-centre"
                      options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
                  </Form.Item>
                </>
              )}
            </Form>
            <Upload.Dragger accept=".csv,.txt,text/csv" maxCount={1} beforeUpload={(f) => chooseFile(f)} showUploadList={false} data-testid="import-file">
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p className="ant-upload-text">{file ? `${file.name}（${(file.size / 1024).toFixed(0)} KB）` : t('imp.chooseFile')}</p>
              <p className="ant-upload-hint">{t('imp.fileHint')}</p>
            </Upload.Dragger>
            <Typography.Text type="secondary">{t('imp.queuesHint')}</Typography.Text>
            <Button type="primary" disabled={!canNext0} onClick={() => setStep(1)} data-testid="import-next">{t('imp.next')}</Button>
          </Space>
        )}
        {step === 1 && preview && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Form layout="inline" style={{ rowGap: 8 }}>
              <Form.Item label={t('imp.timeZone')}><Select style={{ width: 160 }} value={mapping.timeZone} onChange={(v) => setMapping({ ...mapping, timeZone: v })} options={ZONES.map((z) => ({ value: z, label: z }))} /></Form.Item>
              <Form.Item label={t('imp.dateFormat')}><Select style={{ width: 200 }} value={mapping.dateFormat} onChange={(v) => setMapping({ ...mapping, dateFormat: v })} options={DATE_FORMATS.map((d) => ({ value: d, label: d }))} data-testid="import-date-format" /></Form.Item>
            </Form>
            <Table
              size="small" pagination={false} rowKey="field" data-testid="import-mapping"
              dataSource={CSV_FIELDS.map((f) => ({ field: f }))}
              columns={[
                { title: t('imp.field'), dataIndex: 'field', width: 200, render: (f: CsvField) => <>{t(`imp.fields.${f}`)}{REQUIRED_CSV_FIELDS.includes(f) && <Tag color="red" style={{ marginLeft: 6 }}>{t('imp.required')}</Tag>}</> },
                { title: t('imp.column'), dataIndex: 'field', render: (f: CsvField) => (
                  <Select style={{ width: 220 }} size="small" allowClear placeholder={t('imp.notMapped')} value={mapping.columns[f]} data-testid={`map-${f}`}
                    onChange={(v) => setMapping({ ...mapping, columns: { ...mapping.columns, [f]: v } })} options={preview.headers.map((h) => ({ value: h, label: h }))} />
                ) },
                { title: t('imp.preview', { n: 3 }), dataIndex: 'field', render: (f: CsvField) => {
                  const i = mapping.columns[f] ? preview.headers.indexOf(mapping.columns[f]!) : -1;
                  return <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i < 0 ? '' : preview.rows.slice(0, 3).map((r) => r[i] || '—').join(' · ')}</Typography.Text>;
                } },
              ]}
            />
            <Typography.Text strong>{t('imp.preview', { n: Math.min(5, preview.rows.length) })}</Typography.Text>
            <Table size="small" pagination={false} scroll={{ x: true }} rowKey={(_, i) => String(i)} dataSource={preview.rows.slice(0, 5).map((r) => Object.fromEntries(preview.headers.map((h, i) => [h, r[i]])))}
              columns={preview.headers.map((h) => ({ title: h, dataIndex: h, ellipsis: true, width: 130 }))} data-testid="import-preview" />
            <Space>
              <Button onClick={() => setStep(0)}>{t('imp.back')}</Button>
              <Button type="primary" disabled={missing.length > 0} loading={saveSource.isPending} onClick={() => saveSource.mutate()} data-testid="import-save-mapping">{t('imp.saveMapping')}</Button>
            </Space>
          </Space>
        )}
        {step === 2 && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{file?.name}</Typography.Text>
            {busy && <Progress percent={uploadPct} format={(p) => t('imp.uploading', { pct: p })} />}
            <Space>
              <Button onClick={() => setStep(1)} disabled={busy}>{t('imp.back')}</Button>
              <Button type="primary" icon={<PlayCircleOutlined />} loading={busy} onClick={() => void run()} data-testid="import-start">{t('imp.start')}</Button>
            </Space>
          </Space>
        )}
        {step === 3 && job.data && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <JobProgress job={job.data} />
            <Space>
              {job.data.status === 'running' && <Button icon={<PauseOutlined />} onClick={() => void control(job.data!.id, 'pause')}>{t('imp.pause')}</Button>}
              {(job.data.status === 'paused' || job.data.status === 'failed') && <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => void control(job.data!.id, 'start')}>{t('imp.resume')}</Button>}
              <Button onClick={() => { setStep(0); setFile(null); setPreview(null); setJobId(null); }}>{t('imp.again')}</Button>
            </Space>
            {job.data.badCount > 0 && job.data.status !== 'running' && <><Typography.Text strong>{t('imp.errors')}</Typography.Text><ErrorTable jobId={job.data.id} /></>}
          </Space>
        )}
      </Card>
      <Card size="small" title={t('imp.history')}>
        <Table<Job>
          size="small" rowKey="id" pagination={false} dataSource={jobs.data?.items ?? []} scroll={{ y: 240 }}
          columns={[
            { title: t('imp.file'), dataIndex: 'fileName', ellipsis: true },
            { title: t('imp.progress'), dataIndex: 'status', width: 100, render: (s: Job['status']) => <Tag color={s === 'completed' ? 'green' : s === 'failed' ? 'red' : s === 'running' ? 'blue' : 'default'}>{t(`imp.status.${s}`)}</Tag> },
            { title: t('imp.good'), dataIndex: 'goodCount', width: 80, align: 'right' },
            { title: t('imp.bad'), dataIndex: 'badCount', width: 80, align: 'right' },
            { title: '', dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
            { title: '', key: 'act', width: 110, render: (_, j) => (
              j.status === 'paused' || j.status === 'failed' || j.status === 'running'
                ? <Button size="small" onClick={() => void control(j.id, j.status === 'running' ? 'pause' : 'start')}>{j.status === 'running' ? t('imp.pause') : t('imp.resume')}</Button>
                : <Button size="small" type="link" onClick={() => { setJobId(j.id); setStep(3); }}>{t('imp.steps.report')}</Button>
            ) },
          ]}
        />
      </Card>
    </Space>
  );
}
