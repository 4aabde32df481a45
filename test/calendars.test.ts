import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient, makeUser, startTestServer, type TestContext } from './harness';

// Business calendars through real HTTP, and `manyi calendar|sla` as a user runs it.

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/manyi.js');

let t: TestContext;
let agent: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  agent = (await makeUser(t, { roles: ['agent'] })).client;
});

const uniq = () => Math.random().toString(36).slice(2, 8);
const LUNCH = [['09:00', '12:00'], ['13:30', '18:00']];
const weekdays = (w: string[][]) => ({ mon: w, tue: w, wed: w, thu: w, fri: w, sat: [], sun: [] });
const office = (name = `office-${uniq()}`) => ({
  name, timezone: 'Asia/Shanghai', hours: weekdays(LUNCH),
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-20', '2026-10-10'],
});

describe('calendars API', () => {
  it('creates, reads, lists, edits (optimistic), deletes — audited; agents read but cannot write', async () => {
    const body = office();
    const created = await t.admin.post('/api/v1/calendars', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: body.name, timezone: 'Asia/Shanghai', version: 1, orgUnitId: null, definition: { holidays: body.holidays, workdays: body.workdays } });
    const id = created.body.id;

    expect((await agent.get(`/api/v1/calendars/${id}`)).body.name).toBe(body.name);
    expect((await agent.get('/api/v1/calendars')).body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await agent.post('/api/v1/calendars', office())).status).toBe(403);
    expect((await agent.delete(`/api/v1/calendars/${id}`)).status).toBe(403);

    const edited = await t.admin.put(`/api/v1/calendars/${id}`, { ...body, hours: { ...body.hours, sat: [['09:00', '12:00']] }, version: 1 });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, definition: { hours: { sat: [['09:00', '12:00']] } } });
    const stale = await t.admin.put(`/api/v1/calendars/${id}`, { ...body, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_write');

    const dup = await t.admin.post('/api/v1/calendars', office(body.name));
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'duplicate', message: '日历名称已存在' });

    const audit = await t.admin.get(`/api/v1/audit?entityId=${id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).toEqual(['calendar.create', 'calendar.update']);

    expect((await t.admin.delete(`/api/v1/calendars/${id}`)).status).toBe(200);
    const gone = await t.admin.get(`/api/v1/calendars/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe('未找到日历');
  });

  it('refuses bad calendars with every problem listed (422)', async () => {
    const bad = {
      ...office(), timezone: 'Mars/Olympus_Mons',
      hours: { ...weekdays(LUNCH), mon: [['09:00', '12:00'], ['11:00', '13:00']], tue: [['22:00', '06:00']], wed: [['05:00', '09:00']] },
      holidays: ['2026-10-01', '2026-02-30'], workdays: ['2026-10-01'],
    };
    const r = await t.admin.request('POST', '/api/v1/calendars', bad, { 'accept-language': 'en' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('validation_failed');
    const codes = r.body.error.details.map((d: { path: string; code: string }) => `${d.path}:${d.code}`);
    expect(codes).toEqual(expect.arrayContaining([
      'timezone:unknown_timezone', 'hours.mon.1:window_overlap', 'hours.wed.0:window_overlap', 'holidays.1:invalid_date', 'workdays.0:holiday_and_workday',
    ]));
    const malformed = await t.admin.post('/api/v1/calendars', { ...office(), hours: { mon: [['9am', '6pm']] } });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.details[0].path).toBe('hours.mon.0.0');
    const empty = await t.admin.post('/api/v1/calendars', { ...office(), hours: {}, workdays: [] });
    expect(empty.status).toBe(422);
    expect(empty.body.error.details).toEqual([expect.objectContaining({ path: 'hours', code: 'no_working_time' })]);
  });

  it('creates the China statutory calendar in one step and computes due dates on it', async () => {
    const years = await agent.get('/api/v1/calendars/china-statutory/years');
    expect(years.body.years).toEqual(expect.arrayContaining([2025, 2026]));
    const r = await t.admin.post('/api/v1/calendars/china-statutory', { name: `中国-${uniq()}`, hours: weekdays(LUNCH), years: [2025, 2026] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.definition.holidays).toEqual(expect.arrayContaining(['2025-10-01', '2025-10-08', '2026-02-15', '2026-10-07']));
    expect(r.body.definition.workdays).toEqual(expect.arrayContaining(['2025-09-28', '2025-10-11', '2026-09-20', '2026-10-10']));

    const due = await agent.post('/api/v1/sla/due', { calendarId: r.body.id, from: '2025-09-30T17:00:00+08:00', minutes: 120 });
    expect(due.status, JSON.stringify(due.body)).toBe(200);
    expect(due.body).toEqual({ dueAt: '2025-10-09T02:00:00.000Z' });
    const el = await agent.post('/api/v1/sla/elapsed', { calendarId: r.body.id, from: '2025-09-30T17:00:00+08:00', to: '2025-10-09T10:00:00+08:00' });
    expect(el.body).toEqual({ minutes: 120 });

    const notCovered = await t.admin.post('/api/v1/calendars/china-statutory', { name: `x-${uniq()}`, hours: weekdays(LUNCH), years: [2099] });
    expect(notCovered.status).toBe(422);
    expect(notCovered.body.error.details[0]).toMatchObject({ path: 'years', code: 'years_not_covered' });
  });

  it('imports iCalendar text and the JSON form', async () => {
    const ics = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//manyi//test//CN',
      'BEGIN:VEVENT', 'UID:a@t', 'DTSTAMP:20260101T000000Z', 'DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261008', 'SUMMARY:国庆节(休)', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:b@t', 'DTSTAMP:20260101T000000Z', 'DTSTART;VALUE=DATE:20261010', 'SUMMARY:国庆节(班)', 'END:VEVENT',
      'END:VCALENDAR', '',
    ].join('\r\n');
    const r = await t.admin.post('/api/v1/calendars/import', { ics, name: `ics-${uniq()}`, timezone: 'Asia/Shanghai', hours: weekdays(LUNCH) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.definition.holidays).toHaveLength(7);
    expect(r.body.definition.workdays).toEqual(['2026-10-10']);
    const json = await t.admin.post('/api/v1/calendars/import', office());
    expect(json.status).toBe(201);
    const broken = await t.admin.post('/api/v1/calendars/import', { ics: 'not a calendar', name: `b-${uniq()}`, timezone: 'Asia/Shanghai', hours: weekdays(LUNCH) });
    expect(broken.status).toBe(422);
    expect(broken.body.error.details[0].code).toBe('invalid_ics');
  });

  it('computes on an inline calendar, and refuses bad requests', async () => {
    const due = await agent.post('/api/v1/sla/due', { calendar: office('inline'), from: '2026-09-30T17:30:00+08:00', minutes: 60 });
    expect(due.body).toEqual({ dueAt: '2026-10-08T01:30:00.000Z' });
    const both = await agent.post('/api/v1/sla/due', { calendar: office('inline'), calendarId: crypto.randomUUID(), from: '2026-09-30T17:30:00+08:00', minutes: 60 });
    expect(both.status).toBe(422);
    const unknown = await agent.post('/api/v1/sla/due', { calendarId: crypto.randomUUID(), from: '2026-09-30T17:30:00+08:00', minutes: 60 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0]).toMatchObject({ path: 'calendarId', code: 'not_found' });
    const negative = await agent.post('/api/v1/sla/due', { calendar: office('inline'), from: '2026-09-30T17:30:00+08:00', minutes: -5 });
    expect(negative.status).toBe(422);
    const noOffset = await agent.post('/api/v1/sla/due', { calendar: office('inline'), from: '2026-09-30T17:30:00', minutes: 5 });
    expect(noOffset.status).toBe(422);
    const anon = await new ApiClient(t.baseUrl).post('/api/v1/sla/due', { calendar: office('inline'), from: '2026-09-30T17:30:00+08:00', minutes: 5 });
    expect(anon.status).toBe(401);
  });
});

describe('manyi calendar | sla', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-cal-'));
  const file = path.join(dir, 'office.json');
  fs.writeFileSync(file, JSON.stringify(office('file-office')));

  async function manyi(...args: string[]) {
    try {
      const r = await run(process.execPath, [bin, ...args], {
        env: { ...process.env, DATABASE_URL: inject('databaseUrl'), MANYI_DATA_DIR: t.dataDir, LANG: 'en_US.UTF-8' },
        timeout: 60_000,
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  it('sla due / elapsed on a calendar file, without the database', async () => {
    const due = await manyi('sla', 'due', '--calendar', file, '--from', '2026-09-30T17:30:00+08:00', '--minutes', '60', '--json');
    expect(due.code, due.stderr).toBe(0);
    expect(JSON.parse(due.stdout)).toEqual({ dueAt: '2026-10-08T01:30:00.000Z' });
    const el = await manyi('sla', 'elapsed', '--calendar', file, '--from', '2026-09-30T17:30:00+08:00', '--to', '2026-10-08T09:30:00+08:00', '--json');
    expect(el.code, el.stderr).toBe(0);
    expect(JSON.parse(el.stdout)).toEqual({ minutes: 60 });
  }, 60_000);

  it('imports a file into the database, then computes on it by name', async () => {
    const name = `cli-${uniq()}`;
    const imp = await manyi('calendar', 'import', file, '--name', name);
    expect(imp.code, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({ name, version: 1, holidays: 7, workdays: 2 });
    const listed = await t.admin.get('/api/v1/calendars');
    expect(listed.body.items.map((c: { name: string }) => c.name)).toContain(name);
    const due = await manyi('sla', 'due', '--calendar', name, '--from', '2026-09-19T10:00:00+08:00', '--minutes', '60', '--json');
    expect(due.code, due.stderr).toBe(0);
    expect(JSON.parse(due.stdout)).toEqual({ dueAt: '2026-09-20T02:00:00.000Z' });
    const again = await manyi('calendar', 'import', file, '--name', name);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  }, 90_000);

  it('exits 2 with a clear message on bad input', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...office('bad'), timezone: 'Nowhere/Land', workdays: ['2026-10-01'] }));
    const r1 = await manyi('sla', 'due', '--calendar', bad, '--from', '2026-09-30T17:30:00+08:00', '--minutes', '60', '--json');
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('unknown time zone "Nowhere/Land"');
    expect(r1.stderr).toContain('2026-10-01 is both a holiday and a make-up working day');
    const r2 = await manyi('sla', 'due', '--calendar', file, '--from', 'tomorrow', '--minutes', '60');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('not an ISO 8601 instant');
    const r3 = await manyi('sla', 'due', '--calendar', file, '--from', '2026-09-30T17:30:00+08:00', '--minutes', 'ten');
    expect(r3.code).toBe(2);
    const r4 = await manyi('sla', 'due', '--calendar', 'no-such-calendar', '--from', '2026-09-30T17:30:00+08:00', '--minutes', '1');
    expect(r4.code).toBe(2);
    expect(r4.stderr).toContain('no calendar named "no-such-calendar"');
    const r5 = await manyi('sla', 'elapsed', '--calendar', file, '--from', '2026-09-30T17:30:00+08:00');
    expect(r5.code).toBe(2);
  }, 90_000);
});
