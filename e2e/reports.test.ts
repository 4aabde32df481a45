import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseEvents } from '../src/server/db/schema';
import { loadConfig } from '../src/server/config';
import { startServer, type RunningServer } from '../src/server/main';
import { recomputeCases } from '../src/server/modules/sla/sla.service';
import { ApiClient } from '../test/harness';
import { chooseLanguage, launchBrowser, shot } from './browser';

// 服务承诺达成 in Chromium at 1366×768 (zh-CN): a quality manager opens the compliance report of this month,
// sees % met per target in the table and the charts, regroups by first responder, opens the late cases of a
// group and follows one to its case page, and exports the table as CSV and Excel.
// Three complaints at this journey's own hall: one handled at once (met), one whose clocks started two hours
// ago (its creation backdated in the database and its clocks recomputed by the SLA service: acknowledgement and
// first response late), one still new.

const ADMIN_PASSWORD = 'E2e-admin-pass-1';
const POLL = { timeout: 15_000 };
const JOURNEY = 'reports';
let server: RunningServer;
let browser: Browser;
let dataDir: string;
const suffix = Date.now().toString(36);
const hallName = `江湾营业厅-${suffix.slice(-4)}`;
let manager = '';
let lateNumber = '';

async function seed() {
  const admin = new ApiClient(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const me = (await admin.get('/api/v1/me')).body;
  const unit = async (body: object) => {
    const r = await admin.post('/api/v1/org-units', body);
    if (r.status !== 201) throw new Error(`org unit: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  const city = await unit({ parentId: me.orgUnitId, kind: 'city', code: `E2E-RPT-CITY-${suffix}`, name: '江湾市分公司' });
  const hall = await unit({ parentId: city, kind: 'hall', code: `E2E-RPT-HALL-${suffix}`, name: hallName });
  const user = async (body: object) => {
    const r = await admin.post('/api/v1/users', body);
    if (r.status !== 201) throw new Error(`user: ${r.status} ${JSON.stringify(r.body)}`);
  };
  manager = `rqm${suffix}`;
  await user({ username: manager, name: '吴质检', password: 'Quality-pass-123', roles: ['quality_manager'], orgUnitId: city });
  await user({ username: `rclerk${suffix}`, name: '孙柜员', password: 'Clerk-pass-1234', roles: ['agent'], orgUnitId: hall });
  const clerk = new ApiClient(server.url);
  await clerk.login(`rclerk${suffix}`, 'Clerk-pass-1234');
  const allDay = [['00:00', '24:00']];
  const cal = await admin.post('/api/v1/calendars', {
    name: `江湾 7×24 ${suffix}`, timezone: 'Asia/Shanghai', hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  });
  if (cal.status !== 201) throw new Error(`calendar: ${cal.status} ${JSON.stringify(cal.body)}`);
  const text = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
  const c = await admin.post('/api/v1/commitments', {
    code: `E2E-RPT-${suffix}`, title: text('江湾投诉承诺'), text: text('投诉 30 分钟内受理，1 小时内答复，24 小时内解决'),
    conditions: { siteId: hall, caseTypes: ['complaint'] },
    targets: { acknowledgement: { minutes: 30, clock: 'calendar' }, firstResponse: { minutes: 60, clock: 'calendar' }, resolution: { minutes: 1440, clock: 'calendar' } },
    calendarId: cal.body.id,
  });
  if (c.status !== 201) throw new Error(`commitment: ${c.status} ${JSON.stringify(c.body)}`);

  const complaint = async (subject: string) => {
    const r = await clerk.post('/api/v1/cases', { type: 'complaint', channel: 'counter', subject, customer: { name: '冯先生', phone: `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` }, siteId: hall });
    if (r.status !== 201) throw new Error(`case: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { id: string; version: number; number: string };
  };
  const handle = async (k: { id: string; version: number }) => {
    const a = await clerk.patch(`/api/v1/cases/${k.id}`, { version: k.version, status: 'accepted' });
    if (a.status !== 200) throw new Error(`accept: ${a.status} ${JSON.stringify(a.body)}`);
    await clerk.post(`/api/v1/cases/${k.id}/comments`, { body: '已联系客户', public: true });
  };
  const quick = await complaint('宽带报装超时未上门');
  await handle(quick);
  await clerk.post(`/api/v1/cases/${quick.id}/resolve`, { summary: '已上门安装', resolutionCode: 'solved' });
  // The complaint rule made a callback task: the customer is reached, satisfied.
  const task = (await clerk.get(`/api/v1/callbacks?caseId=${quick.id}&state=open`)).body.items[0];
  const called = await clerk.post(`/api/v1/callbacks/${task.id}/attempts`, { version: task.version, outcome: 'reached', resolved: true, satisfaction: 5 });
  if (called.status !== 200) throw new Error(`callback: ${called.status} ${JSON.stringify(called.body)}`);
  const late = await complaint('营业厅排队过久');
  lateNumber = late.number;
  // The late one was received two hours ago: backdate it, then accept and answer it now.
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
  const db = server.database.db;
  await db.execute(sql`UPDATE cases SET created_at = ${twoHoursAgo.toISOString()}::timestamptz WHERE id = ${late.id}`);
  await db.update(caseEvents).set({ at: twoHoursAgo }).where(eq(caseEvents.caseId, late.id));
  await recomputeCases(db, [late.id], new Date());
  await handle(late);
  await complaint('话费账单有疑问');
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-e2e-'));
  server = await startServer(
    { ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir, databaseUrl: inject('databaseUrl'), adminPassword: ADMIN_PASSWORD, demo: false },
    { quiet: true },
  );
  await seed();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('服务承诺达成 report', () => {
  it('shows the table and charts, drills into breaches, exports CSV and Excel', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(manager);
    await page.getByTestId('login-password').fill('Quality-pass-123');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    await page.getByTestId('side-menu').getByText('服务承诺达成').click();
    await page.waitForURL('**/reports/sla-compliance');
    const table = page.getByTestId('compliance-table');
    const row = table.locator('tr', { hasText: '江湾投诉承诺' });
    await row.waitFor(POLL);
    // Acknowledgement: the quick case met, the backdated one late, the new one still running → 50 %.
    await expect.poll(() => row.getByTestId('cell-acknowledgement').innerText(), POLL).toContain('50%');
    await expect.poll(() => row.getByTestId('cell-acknowledgement').innerText(), POLL).toContain('1/2 达成');
    await expect.poll(() => page.getByTestId('report-basis').innerText(), POLL).toContain('新建、且有服务承诺覆盖的工单');
    await page.getByTestId('compliance-group-chart').locator('canvas').first().waitFor(POLL);
    await page.getByTestId('compliance-trend-chart').locator('canvas').first().waitFor(POLL);
    await shot(page, JOURNEY, '01-report');

    await page.getByTestId('report-group-by').click();
    await page.locator('.ant-select-item-option', { hasText: '按首问负责人' }).click();
    const clerkRow = table.locator('tr', { hasText: '孙柜员' });
    await clerkRow.waitFor(POLL);
    await clerkRow.getByTestId('breach-link').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(lateNumber).first().waitFor(POLL);
    await expect.poll(() => drawer.locator('tbody tr.ant-table-row').count(), POLL).toBe(2); // acknowledgement and first response
    await shot(page, JOURNEY, '02-breaches');
    await page.getByRole('button', { name: 'Close' }).or(page.locator('.ant-drawer-close')).first().click();
    await drawer.waitFor({ state: 'hidden', ...POLL });
    const panel = page.getByTestId('callback-panel');
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(() => panel.innerText(), POLL).toContain('100%'); // reach rate: 1 of 1
    await shot(page, JOURNEY, '03-callbacks');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^sla-compliance-first_responder-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csvBytes = fs.readFileSync(await csv.path());
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvText = csvBytes.subarray(3).toString('utf8');
    expect(csvText.split('\r\n')[0].startsWith('首问负责人,工单数,超时次数,受理确认达成')).toBe(true);
    expect(csvText).toContain('孙柜员');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    expect(book.worksheets[0].name).toBe('服务承诺达成');
    expect(book.worksheets[0].getCell('A1').value).toBe('首问负责人');

    // From a late case to its page and back: the report as it was, still grouped by first responder.
    await page.getByTestId('export-csv').scrollIntoViewIfNeeded();
    await clerkRow.getByTestId('breach-link').click();
    await drawer.getByRole('link', { name: lateNumber }).first().click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}/, POLL);
    await page.getByTestId('case-page').getByText(lateNumber).first().waitFor(POLL);
    await page.goBack();
    await table.locator('tr', { hasText: '孙柜员' }).waitFor(POLL);
    expect(new URL(page.url()).searchParams.get('groupBy')).toBe('first_responder');

    // The same page in English: headers and the basis follow the language.
    await chooseLanguage(page, 'English');
    await page.getByTestId('compliance-table').getByText('First responder').first().waitFor(POLL);
    await expect.poll(() => page.getByTestId('report-basis').innerText(), POLL).toContain('that a service commitment covers');
    await shot(page, JOURNEY, '04-english');
    await context.close();
  });
});
