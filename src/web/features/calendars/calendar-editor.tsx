import { DeleteOutlined, DownloadOutlined, MinusCircleOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Calendar as MonthView, Card, Checkbox, Col, Input, Popconfirm, Row, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dayjs } from '../../lib/format';
import {
  type CalendarDefinition, crossesMidnight, cycleDay, kindOf, TIME_RE, type TimeWindow, timeZones, WEEKDAYS,
} from './calendar-model';

// The editor of one calendar: name and zone, windows per weekday (several a day,
// past midnight allowed), make-up day hours, and the month view where a click
// marks a date as holiday (休) or make-up working day (班).

/** The windows of one day: pairs of HH:MM inputs, added and removed freely. */
function WindowsEditor({ value, onChange, disabled, testId }: { value: TimeWindow[]; onChange: (w: TimeWindow[]) => void; disabled: boolean; testId: string }) {
  const { t } = useTranslation('calendars');
  const set = (i: number, j: 0 | 1, v: string) => onChange(value.map((w, k) => (k === i ? (j === 0 ? [v, w[1]] : [w[0], v]) as TimeWindow : w)));
  return (
    <Space size={[8, 4]} wrap data-testid={testId}>
      {value.length === 0 && <Typography.Text type="secondary">{t('hours.closed')}</Typography.Text>}
      {value.map((w, i) => (
        <Space.Compact key={i} size="small">
          <Input
            style={{ width: 60 }} value={w[0]} disabled={disabled} status={TIME_RE.test(w[0]) && w[0] !== '24:00' ? undefined : 'error'}
            onChange={(e) => set(i, 0, e.target.value)} aria-label={`${testId} ${i} start`} className="manyi-mono"
          />
          <Input
            style={{ width: 60 }} value={w[1]} disabled={disabled} status={TIME_RE.test(w[1]) ? undefined : 'error'}
            onChange={(e) => set(i, 1, e.target.value)} aria-label={`${testId} ${i} end`} className="manyi-mono"
          />
          {crossesMidnight(w) && <Tag color="purple" style={{ marginInlineStart: 4, alignSelf: 'center' }}>{t('hours.crossMidnight')}</Tag>}
          {!disabled && (
            <Button size="small" type="text" icon={<MinusCircleOutlined />} aria-label={t('hours.removeWindow')} title={t('hours.removeWindow')}
              onClick={() => onChange(value.filter((_, k) => k !== i))} />
          )}
        </Space.Compact>
      ))}
      {!disabled && (
        <Button
          size="small" type="dashed" icon={<PlusOutlined />} aria-label={t('hours.addWindow')} title={t('hours.addWindow')}
          onClick={() => onChange([...value, value.length ? ['13:30', '18:00'] : ['09:00', '18:00']])}
        >
          {value.length === 0 ? t('hours.addWindow') : null}
        </Button>
      )}
    </Space>
  );
}

export interface EditorProps {
  draft: CalendarDefinition;
  onChange: (d: CalendarDefinition) => void;
  canEdit: boolean;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  onReset: () => void;
  onDelete: () => void;
}

export function CalendarEditor({ draft, onChange, canEdit, dirty, saving, onSave, onReset, onDelete }: EditorProps) {
  const { t } = useTranslation('calendars');
  const zones = timeZones();

  const exportJson = () => {
    const blob = new Blob([JSON.stringify(draft, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${draft.name}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Row gutter={12} align="middle">
          <Col flex="260px">
            <Typography.Text type="secondary">{t('form.name')}</Typography.Text>
            <Input value={draft.name} disabled={!canEdit} onChange={(e) => onChange({ ...draft, name: e.target.value })} data-testid="calendar-name" />
          </Col>
          <Col flex="240px">
            <Typography.Text type="secondary">{t('form.timezone')}</Typography.Text>
            <Select
              showSearch style={{ width: '100%' }} value={draft.timezone} disabled={!canEdit}
              options={zones.map((z) => ({ value: z, label: z }))} onChange={(tz) => onChange({ ...draft, timezone: tz })}
            />
          </Col>
          <Col flex="auto" style={{ textAlign: 'right', paddingTop: 20 }}>
            <Space wrap>
              <Button icon={<DownloadOutlined />} onClick={exportJson}>{t('actions.export')}</Button>
              {canEdit && <Button icon={<UndoOutlined />} disabled={!dirty} onClick={onReset}>{t('actions.reset')}</Button>}
              {canEdit && (
                <Popconfirm title={t('actions.deleteConfirm', { name: draft.name })} onConfirm={onDelete}>
                  <Button danger icon={<DeleteOutlined />}>{t('actions.delete')}</Button>
                </Popconfirm>
              )}
              {canEdit && <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={saving} onClick={onSave} data-testid="calendar-save">{t('actions.save')}</Button>}
            </Space>
          </Col>
        </Row>
      </Card>

      <Row gutter={12}>
        <Col xs={24} xl={13}>
          <Card size="small" title={t('form.hours')}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>{t('hours.hint')}</Typography.Paragraph>
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {WEEKDAYS.map((d) => (
                <Row key={d} wrap={false} align="middle">
                  <Col flex="84px"><Typography.Text strong>{t(`weekday.${d}`)}</Typography.Text></Col>
                  <Col flex="auto">
                    <WindowsEditor testId={`hours-${d}`} value={draft.hours[d]} disabled={!canEdit} onChange={(w) => onChange({ ...draft, hours: { ...draft.hours, [d]: w } })} />
                  </Col>
                </Row>
              ))}
              <Row wrap={false} align="middle" style={{ borderTop: '1px dashed #f0f0f0', paddingTop: 8 }}>
                <Col flex="84px"><Typography.Text strong>{t('weekday.workday')}</Typography.Text></Col>
                <Col flex="auto">
                  <Space orientation="vertical" size={4}>
                    <Checkbox
                      checked={!draft.workdayHours} disabled={!canEdit}
                      onChange={(e) => onChange(e.target.checked ? (({ workdayHours: _w, ...rest }) => rest)(draft) : { ...draft, workdayHours: draft.hours.mon })}
                    >
                      {t('hours.sameAsMonday')}
                    </Checkbox>
                    {draft.workdayHours && (
                      <WindowsEditor testId="hours-workday" value={draft.workdayHours} disabled={!canEdit} onChange={(w) => onChange({ ...draft, workdayHours: w })} />
                    )}
                  </Space>
                </Col>
              </Row>
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={11}>
          <Card
            size="small" title={t('days.title')}
            extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('days.count', { holidays: draft.holidays.length, workdays: draft.workdays.length })}</Typography.Text>}
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>{t('days.hint')}</Typography.Paragraph>
            <MonthCalendar draft={draft} canEdit={canEdit} onChange={onChange} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

/** The month view: 休 and 班 on their dates; closed weekdays greyed. */
function MonthCalendar({ draft, canEdit, onChange }: { draft: CalendarDefinition; canEdit: boolean; onChange: (d: CalendarDefinition) => void }) {
  const { t } = useTranslation('calendars');
  // The first holiday or make-up day from this month on, so a fresh template opens where something happens.
  const today = dayjs().format('YYYY-MM-DD');
  const next = [...draft.holidays, ...draft.workdays].sort().find((d) => d >= today.slice(0, 8) + '01');
  return (
    <div data-testid="month-view">
      <MonthView
        fullscreen={false}
        defaultValue={next ? dayjs(next) : dayjs()}
        onSelect={(date, info) => { if (canEdit && info.source === 'date') onChange(cycleDay(draft, date.format('YYYY-MM-DD'))); }}
        fullCellRender={(date, info) => {
          if (info.type !== 'date') return info.originNode;
          const iso = date.format('YYYY-MM-DD');
          const kind = kindOf(draft, iso);
          const weekday = WEEKDAYS[(date.day() + 6) % 7];
          const closed = draft.hours[weekday].length === 0;
          const bg = kind === 'holiday' ? '#fff1f0' : kind === 'workday' ? '#e6f4ff' : undefined;
          const color = kind === 'holiday' ? '#cf1322' : kind === 'workday' ? '#0958d9' : closed ? '#bfbfbf' : undefined;
          return (
            <div
              className="ant-picker-cell-inner"
              style={{ position: 'relative', background: bg, color, borderRadius: 4, minWidth: 32, height: 30, lineHeight: '22px', fontWeight: kind === 'normal' ? undefined : 600 }}
              data-date={iso} data-kind={kind}
            >
              {date.date()}
              {kind !== 'normal' && (
                <span style={{ position: 'absolute', left: 0, right: 0, bottom: -2, fontSize: 10, lineHeight: '10px' }}>
                  {kind === 'holiday' ? t('days.holiday') : t('days.workday')}
                </span>
              )}
            </div>
          );
        }}
      />
    </div>
  );
}
