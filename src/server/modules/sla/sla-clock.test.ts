import { describe, expect, it } from 'vitest';
import { compileCalendar } from './business-calendar';
import { computeClocks, dueAlarms, nextAlarmAfter, type ClockEvent, type ClockInput } from './sla-clock';

// The clock replays a case's history with a frozen `now`. The calendar is a
// Shanghai business hall: weekdays 09:00–12:00 and 13:30–18:00, the National
// Day week off, and two make-up Saturdays/Sundays (调休) that work Monday's hours.

const hall = compileCalendar({
  name: 'hall', timezone: 'Asia/Shanghai',
  hours: { mon: [['09:00', '12:00'], ['13:30', '18:00']], tue: [['09:00', '12:00'], ['13:30', '18:00']], wed: [['09:00', '12:00'], ['13:30', '18:00']],
    thu: [['09:00', '12:00'], ['13:30', '18:00']], fri: [['09:00', '12:00'], ['13:30', '18:00']], sat: [], sun: [] },
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-27', '2026-10-10'],
});

const at = (s: string) => new Date(s);
const ev = (when: string, kind: string, data: Record<string, unknown> = {}): ClockEvent => ({ at: at(when), kind, data });
const base = (over: Partial<ClockInput>): ClockInput => ({
  targets: {}, calendar: hall, pauseStatuses: ['waiting_customer'], warnAtPercent: 80,
  createdAt: at('2026-11-02T09:00:00+08:00'), events: [], regulatorDeadline: null, now: at('2026-11-02T09:00:00+08:00'), ...over,
});
const target = (r: ReturnType<typeof computeClocks>, name: string) => {
  const t = r.targets.find((x) => x.target === name);
  if (!t) throw new Error(`no ${name}`);
  return t;
};

describe('SLA clock — business hours, holidays, 调休', () => {
  it('runs over a weekend make-up working day (Sunday 27 September works Monday hours)', () => {
    const r = computeClocks(base({
      targets: { resolution: { minutes: 480, clock: 'business' } },
      createdAt: at('2026-09-25T16:00:00+08:00'), now: at('2026-09-25T16:30:00+08:00'),
    }));
    const res = target(r, 'resolution');
    // Friday 16:00–18:00 = 120; Sunday (make-up) 09:00–12:00 = 180, 13:30–16:30 = 180.
    expect(res.dueAt).toBe(at('2026-09-27T16:30:00+08:00').toISOString());
    expect(res.state).toBe('running');
    expect(res.elapsedMinutes).toBe(30);
    expect(res.leftMinutes).toBe(450);
  });

  it('skips the National Day holidays', () => {
    const r = computeClocks(base({
      targets: { firstResponse: { minutes: 120, clock: 'business' } },
      createdAt: at('2026-09-30T17:00:00+08:00'), now: at('2026-10-03T10:00:00+08:00'),
    }));
    const fr = target(r, 'firstResponse');
    expect(fr.dueAt).toBe(at('2026-10-08T10:00:00+08:00').toISOString());
    expect(fr.elapsedMinutes).toBe(60);
    expect(fr.state).toBe('running');
  });

  it('plain minutes ignore the calendar', () => {
    const r = computeClocks(base({
      targets: { acknowledgement: { minutes: 30, clock: 'calendar' } },
      createdAt: at('2026-10-01T23:50:00+08:00'), now: at('2026-10-02T00:05:00+08:00'),
    }));
    expect(target(r, 'acknowledgement').dueAt).toBe(at('2026-10-02T00:20:00+08:00').toISOString());
  });

  it('computes in the site zone whatever the process zone (tests run with TZ=UTC)', () => {
    expect(process.env.TZ === 'UTC' || new Date().getTimezoneOffset() === 0).toBe(true);
    const r = computeClocks(base({
      targets: { resolution: { minutes: 60, clock: 'business' } },
      createdAt: at('2026-11-02T00:30:00Z'), now: at('2026-11-02T00:30:00Z'), // 08:30 in Shanghai: not open yet
    }));
    expect(target(r, 'resolution').dueAt).toBe('2026-11-02T02:00:00.000Z'); // 10:00 Shanghai
  });
});

describe('SLA clock — a site in a zone with daylight saving', () => {
  it('counts Berlin business hours across the spring change (CET → CEST)', () => {
    const berlin = compileCalendar({
      name: 'berlin', timezone: 'Europe/Berlin',
      hours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [] },
    });
    const r = computeClocks(base({
      calendar: berlin, targets: { resolution: { minutes: 120, clock: 'business' } },
      createdAt: at('2026-03-27T16:00:00+01:00'), now: at('2026-03-28T12:00:00+01:00'), // Friday 16:00 CET; Saturday
    }));
    // 60 minutes on Friday, then Monday 30 March 09:00 CEST (+02:00) + 60.
    expect(target(r, 'resolution')).toMatchObject({ state: 'running', elapsedMinutes: 60, dueAt: '2026-03-30T08:00:00.000Z' });
  });
});

describe('SLA clock — status history', () => {
  it('pauses while waiting on the customer and resumes where it stopped', () => {
    const events = [
      ev('2026-11-02T09:00:00+08:00', 'created'),
      ev('2026-11-02T10:00:00+08:00', 'status_changed', { from: 'new', to: 'waiting_customer' }),
      ev('2026-11-03T09:00:00+08:00', 'status_changed', { from: 'waiting_customer', to: 'in_progress' }),
    ];
    const targets = { resolution: { minutes: 240, clock: 'business' as const } };
    const during = computeClocks(base({ targets, events, now: at('2026-11-02T16:00:00+08:00') }));
    expect(during.paused).toBe(true);
    expect(target(during, 'resolution')).toMatchObject({ state: 'paused', dueAt: null, elapsedMinutes: 60, leftMinutes: 180 });
    expect(during.alarms).toEqual([]);

    const after = computeClocks(base({ targets, events, now: at('2026-11-03T10:00:00+08:00') }));
    expect(after.paused).toBe(false);
    expect(target(after, 'resolution')).toMatchObject({ state: 'running', elapsedMinutes: 120, dueAt: at('2026-11-03T12:00:00+08:00').toISOString() });
  });

  it('a commitment without pause statuses keeps counting while waiting', () => {
    const events = [ev('2026-11-02T10:00:00+08:00', 'status_changed', { from: 'new', to: 'waiting_customer' })];
    const r = computeClocks(base({ targets: { resolution: { minutes: 240, clock: 'business' } }, events, pauseStatuses: [], now: at('2026-11-02T11:00:00+08:00') }));
    expect(target(r, 'resolution')).toMatchObject({ state: 'running', elapsedMinutes: 120 });
  });

  it('resolution met, then reopened: time spent resolved does not count', () => {
    const events = [
      ev('2026-11-02T09:20:00+08:00', 'status_changed', { from: 'new', to: 'accepted' }),
      ev('2026-11-02T10:30:00+08:00', 'resolved', { from: 'accepted' }),
      ev('2026-11-02T14:00:00+08:00', 'reopened', { from: 'resolved' }),
    ];
    const targets = { acknowledgement: { minutes: 30, clock: 'business' as const }, resolution: { minutes: 240, clock: 'business' as const } };
    const resolved = computeClocks(base({ targets, events: events.slice(0, 2), now: at('2026-11-02T11:00:00+08:00') }));
    expect(target(resolved, 'resolution')).toMatchObject({ state: 'met', metAt: at('2026-11-02T10:30:00+08:00').toISOString(), elapsedMinutes: 90 });
    expect(target(resolved, 'acknowledgement')).toMatchObject({ state: 'met', elapsedMinutes: 20 });
    expect(resolved.alarms).toEqual([]);

    const reopened = computeClocks(base({ targets, events, now: at('2026-11-02T15:00:00+08:00') }));
    const res = target(reopened, 'resolution');
    // 90 minutes before, 60 since the reopen; 90 left from 15:00 → 16:30.
    expect(res).toMatchObject({ state: 'running', elapsedMinutes: 150, metAt: null, dueAt: at('2026-11-02T16:30:00+08:00').toISOString() });
    expect(target(reopened, 'acknowledgement').state).toBe('met');
  });

  it('a late resolution is breached; at-risk after the warning point', () => {
    const targets = { resolution: { minutes: 100, clock: 'business' as const } };
    const risk = computeClocks(base({ targets, now: at('2026-11-02T10:25:00+08:00') }));
    expect(target(risk, 'resolution')).toMatchObject({ state: 'at_risk', warnAt: at('2026-11-02T10:20:00+08:00').toISOString() });
    const late = computeClocks(base({ targets, events: [ev('2026-11-02T11:00:00+08:00', 'resolved')], now: at('2026-11-02T12:00:00+08:00') }));
    expect(target(late, 'resolution')).toMatchObject({ state: 'breached', elapsedMinutes: 120, leftMinutes: -20 });
    const open = computeClocks(base({ targets, now: at('2026-11-02T11:00:00+08:00') }));
    expect(target(open, 'resolution')).toMatchObject({ state: 'breached', leftMinutes: -20 });
  });

  it('a regulator deadline replaces the resolution target and ignores pauses', () => {
    const deadline = at('2026-11-04T17:00:00+08:00');
    const events = [ev('2026-11-02T10:00:00+08:00', 'status_changed', { from: 'new', to: 'waiting_customer' })];
    const r = computeClocks(base({ targets: { resolution: { minutes: 9999, clock: 'business' } }, events, regulatorDeadline: deadline, now: at('2026-11-03T09:00:00+08:00') }));
    const res = target(r, 'resolution');
    expect(res).toMatchObject({ regulatorDeadline: true, clock: 'calendar', state: 'running', dueAt: deadline.toISOString() });
    const over = computeClocks(base({ targets: {}, regulatorDeadline: deadline, now: at('2026-11-05T09:00:00+08:00') }));
    expect(target(over, 'resolution').state).toBe('breached');
  });

  it('a cancelled case stops every clock and raises no alarm', () => {
    const r = computeClocks(base({
      targets: { acknowledgement: { minutes: 10, clock: 'business' }, resolution: { minutes: 100, clock: 'business' }, nextUpdate: { minutes: 60, clock: 'business' } },
      events: [ev('2026-11-02T09:05:00+08:00', 'cancelled', { from: 'new' })], now: at('2026-11-03T09:00:00+08:00'),
    }));
    expect(r.targets.map((t) => t.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(r.alarms).toEqual([]);
    expect(r.nextEscalationAt).toBeNull();
  });

  it('next update repeats after each customer-facing answer and counts late cycles', () => {
    const events = [
      ev('2026-11-02T09:30:00+08:00', 'commented', { public: true }), // answer 1: first response
      ev('2026-11-02T09:40:00+08:00', 'commented', { public: false }), // internal: not an answer
      ev('2026-11-02T11:30:00+08:00', 'commented', { public: true }), // answer 2: 120 min after answer 1 (late)
    ];
    const targets = { firstResponse: { minutes: 60, clock: 'business' as const }, nextUpdate: { minutes: 90, clock: 'business' as const } };
    const r = computeClocks(base({ targets, events, now: at('2026-11-02T11:45:00+08:00') }));
    expect(target(r, 'firstResponse')).toMatchObject({ state: 'met', elapsedMinutes: 30 });
    // Cycle 2 runs from 11:30: 30 minutes to lunch, then 60 from 13:30 → 14:30.
    expect(target(r, 'nextUpdate')).toMatchObject({ cycle: 2, missedCycles: 1, state: 'running', dueAt: at('2026-11-02T14:30:00+08:00').toISOString() });
    const done = computeClocks(base({ targets, events: [...events, ev('2026-11-02T12:00:00+08:00', 'resolved')], now: at('2026-11-02T13:00:00+08:00') }));
    expect(target(done, 'nextUpdate')).toMatchObject({ state: 'breached', cycle: 3, missedCycles: 1 });
  });

  it('the callback clock starts at the resolution and is met by a completed callback', () => {
    const targets = { callback: { minutes: 24 * 60, clock: 'calendar' as const } };
    const open = computeClocks(base({ targets, now: at('2026-11-02T10:00:00+08:00') }));
    expect(target(open, 'callback').state).toBe('not_started');
    const resolved = [ev('2026-11-02T10:00:00+08:00', 'resolved')];
    const waiting = computeClocks(base({ targets, events: resolved, now: at('2026-11-02T12:00:00+08:00') }));
    expect(target(waiting, 'callback')).toMatchObject({ state: 'running', cycle: 1, dueAt: at('2026-11-03T10:00:00+08:00').toISOString() });
    const called = computeClocks(base({ targets, events: [...resolved, ev('2026-11-02T15:00:00+08:00', 'callback_completed')], now: at('2026-11-02T16:00:00+08:00') }));
    expect(target(called, 'callback').state).toBe('met');
  });

  it('is deterministic: the same history gives the same due instants whenever it is computed', () => {
    const input = base({ targets: { resolution: { minutes: 300, clock: 'business' } }, events: [ev('2026-11-02T10:00:00+08:00', 'status_changed', { to: 'in_progress' })] });
    const a = computeClocks({ ...input, now: at('2026-11-02T10:10:00+08:00') });
    const b = computeClocks({ ...input, now: at('2026-11-02T13:45:00+08:00') });
    expect(target(a, 'resolution').dueAt).toBe(target(b, 'resolution').dueAt);
    expect(a.nextEscalationAt?.toISOString()).toBe(b.nextEscalationAt?.toISOString());
  });
});

describe('SLA alarms', () => {
  it('fires the warning, then the breach; a late scan fires only the breach', () => {
    const r = computeClocks(base({ targets: { resolution: { minutes: 100, clock: 'business' } }, now: at('2026-11-02T09:00:00+08:00') }));
    expect(r.alarms.map((a) => [a.kind, a.at.toISOString()])).toEqual([
      ['warning', at('2026-11-02T10:20:00+08:00').toISOString()],
      ['breach', at('2026-11-02T10:40:00+08:00').toISOString()],
    ]);
    expect(r.nextEscalationAt?.toISOString()).toBe(at('2026-11-02T10:20:00+08:00').toISOString());
    expect(dueAlarms(r.alarms, at('2026-11-02T10:30:00+08:00')).map((a) => a.kind)).toEqual(['warning']);
    expect(dueAlarms(r.alarms, at('2026-11-02T11:00:00+08:00')).map((a) => a.kind)).toEqual(['breach']);
    expect(nextAlarmAfter(r.alarms, at('2026-11-02T10:30:00+08:00'))?.toISOString()).toBe(at('2026-11-02T10:40:00+08:00').toISOString());
    expect(nextAlarmAfter(r.alarms, at('2026-11-02T11:00:00+08:00'))).toBeNull();
  });
});
