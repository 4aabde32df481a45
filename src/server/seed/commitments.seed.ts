import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { caseCategories, slaCommitments } from '../db/schema';
import { systemActor } from '../platform/actor';
import { createChinaStatutoryCalendar, findCalendarByName } from '../modules/sla/calendars.service';
import { createCommitment, recomputeCases } from '../modules/sla/sla.service';

// The demo province's published service commitments (服务承诺), on a working-day calendar with the
// mainland statutory holidays and make-up days, so the demo's cases carry live SLA clocks, the watch
// list and the compliance report have figures, and the public commitments page has something to show.

const CALENDAR = '江南省电信 工作日（法定节假日）';
const WORKDAY: [string, string][] = [['09:00', '12:00'], ['13:30', '18:00']];
const text = (zhCN: string, zhTW: string, en: string) => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

/** Publish the demo commitments once (skipped when any commitment exists). Before the demo cases: publishing recomputes every open case. */
export async function publishDemoCommitments(db: Db): Promise<number> {
  const [existing] = await db.select({ id: slaCommitments.id }).from(slaCommitments).limit(1);
  if (existing) return 0;
  const actor = systemActor();
  const calendar = await findCalendarByName(db, CALENDAR) ?? await createChinaStatutoryCalendar(db, actor, {
    name: CALENDAR, timezone: 'Asia/Shanghai',
    hours: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY, sat: [], sun: [] },
  });
  const [broadband] = await db.select({ id: caseCategories.id }).from(caseCategories).where(eq(caseCategories.code, 'NET.BROADBAND'));
  const base = { active: true, calendarId: calendar.id, useSiteCalendar: true, pauseStatuses: ['waiting_customer' as const], warnAtPercent: 80 };
  const none = { caseTypes: [], categoryId: null, channels: [], priorities: [], valueTiers: [], siteId: null, area: null };
  const specs = [
    { code: 'GENERAL', rank: 0, escalateOnBreach: false, conditions: none,
      title: text('一般服务承诺', '一般服務承諾', 'General service commitment'),
      text: text('客户诉求 1 个工作日内首次答复，3 个工作日内办结。', '客戶訴求 1 個工作日內首次答覆，3 個工作日內辦結。',
        'We answer every request within 1 working day and settle it within 3 working days.'),
      targets: { acknowledgement: { minutes: 60, clock: 'business' as const }, firstResponse: { minutes: 450, clock: 'business' as const },
        resolution: { minutes: 1350, clock: 'business' as const }, callback: { minutes: 900, clock: 'business' as const } } },
    { code: 'COMPLAINT', rank: 0, escalateOnBreach: true, conditions: { ...none, caseTypes: ['complaint' as const] },
      title: text('投诉处理承诺', '投訴處理承諾', 'Complaint handling'),
      text: text('投诉 24 小时内答复，5 个工作日内办结，办结后 2 个工作日内回访。', '投訴 24 小時內答覆，5 個工作日內辦結，辦結後 2 個工作日內回訪。',
        'Complaints are answered within 24 hours, settled within 5 working days and followed up by a call within 2 working days.'),
      targets: { acknowledgement: { minutes: 30, clock: 'calendar' as const }, firstResponse: { minutes: 1440, clock: 'calendar' as const },
        nextUpdate: { minutes: 900, clock: 'business' as const }, resolution: { minutes: 2250, clock: 'business' as const },
        callback: { minutes: 900, clock: 'business' as const } } },
    ...(broadband ? [
      { code: 'BB-FAULT-URBAN', rank: 0, escalateOnBreach: true, conditions: { ...none, caseTypes: ['fault' as const], categoryId: broadband.id, area: 'urban' as const },
        title: text('城区宽带故障修复', '城區寬頻故障修復', 'Broadband repair in towns'),
        text: text('城区宽带故障 24 小时内修复。', '城區寬頻故障 24 小時內修復。', 'Broadband faults in towns are repaired within 24 hours.'),
        targets: { acknowledgement: { minutes: 30, clock: 'calendar' as const }, resolution: { minutes: 1440, clock: 'calendar' as const } } },
      { code: 'BB-FAULT-RURAL', rank: 0, escalateOnBreach: true, conditions: { ...none, caseTypes: ['fault' as const], categoryId: broadband.id, area: 'rural' as const },
        title: text('农村宽带故障修复', '農村寬頻故障修復', 'Broadband repair in the countryside'),
        text: text('农村宽带故障 48 小时内修复。', '農村寬頻故障 48 小時內修復。', 'Broadband faults in the countryside are repaired within 48 hours.'),
        targets: { acknowledgement: { minutes: 60, clock: 'calendar' as const }, resolution: { minutes: 2880, clock: 'calendar' as const } } },
    ] : []),
    { code: 'REGULATOR', rank: 10, escalateOnBreach: true, conditions: { ...none, channels: ['regulator' as const] },
      title: text('监管转办件', '監管轉辦件', 'Referrals from the regulator'),
      text: text('监管部门转办的诉求 4 小时内联系客户，按监管要求的时限办结（未指定时 3 个工作日）。',
        '監管機關轉辦的訴求 4 小時內聯絡客戶，按監管要求的時限辦結（未指定時 3 個工作日）。',
        'Referrals from the regulator: we contact the customer within 4 hours and settle by the date the regulator sets (3 working days when it sets none).'),
      targets: { acknowledgement: { minutes: 30, clock: 'calendar' as const }, firstResponse: { minutes: 240, clock: 'calendar' as const },
        resolution: { minutes: 1350, clock: 'business' as const } } },
  ];
  for (const s of specs) await createCommitment(db, actor, { ...base, ...s });
  return specs.length;
}

/**
 * Bulk-seeded cases bypass the case-event hook: compute their clocks once — all of them, closed ones too, so
 * the compliance report has history — unless the data set is a benchmark's millions.
 */
export async function computeDemoClocks(db: Db, opts: { maxCases?: number; now?: Date } = {}): Promise<number> {
  const max = opts.maxCases ?? 50_000;
  const [{ n }] = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM cases`)).rows;
  if (n > max) return 0;
  const ids = (await db.execute<{ id: string }>(sql`SELECT id FROM cases ORDER BY id`)).rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await db.transaction((tx) => recomputeCases(tx, chunk, opts.now ?? new Date()));
  }
  return ids.length;
}
