import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/server/config';
import { startServer, type RunningServer } from '../src/server/main';
import { ApiClient } from '../test/harness';
import { launchBrowser, shot } from './browser';

// Service commitments in Chromium at 1366×768 (zh-CN): a quality manager publishes a commitment for one
// business hall, a complaint recorded there shows its clocks on the case page (due at in Beijing time,
// time left, why the commitment applies), and the public page lists the promise without a login.
// The commitment is limited to this journey's own hall: the database is shared with other journeys.

const ADMIN_PASSWORD = 'E2e-admin-pass-1';
/** The machine is shared and at times slow: wait up to 15 s for what the page shows. */
const POLL = { timeout: 15_000 };
const JOURNEY = 'sla-commitments';
let server: RunningServer;
let browser: Browser;
let dataDir: string;
const ids = { city: '', hall: '', calendar: '', customer: '' };
const code = `E2E-COMPLAINT-${Date.now().toString(36)}`;
const hallName = `滨江路营业厅-${Date.now().toString(36).slice(-4)}`;

async function seed() {
  const admin = new ApiClient(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const me = (await admin.get('/api/v1/me')).body;
  const unit = async (body: object) => {
    const r = await admin.post('/api/v1/org-units', body);
    if (r.status !== 201 && r.status !== 200) throw new Error(`org unit: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  const suffix = Date.now().toString(36);
  ids.city = await unit({ parentId: me.orgUnitId, kind: 'city', code: `E2E-SLA-CITY-${suffix}`, name: '滨江市分公司' });
  ids.hall = await unit({ parentId: ids.city, kind: 'hall', code: `E2E-SLA-HALL-${suffix}`, name: hallName });
  const user = async (body: object) => {
    const r = await admin.post('/api/v1/users', body);
    if (r.status !== 201) throw new Error(`user: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await user({ username: `qm${suffix}`, name: '周质量', password: 'Quality-pass-123', roles: ['quality_manager'], orgUnitId: ids.city });
  await user({ username: `clerk${suffix}`, name: '林柜员', password: 'Clerk-pass-1234', roles: ['agent'], orgUnitId: ids.hall });
  await user({ username: `sup${suffix}`, name: '何值班长', password: 'Super-pass-1234', roles: ['supervisor'], orgUnitId: ids.hall });
  const allDay = [['00:00', '24:00']];
  const cal = await admin.post('/api/v1/calendars', {
    name: `滨江 7×24 ${suffix}`, timezone: 'Asia/Shanghai', hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  });
  if (cal.status !== 201) throw new Error(`calendar: ${cal.status} ${JSON.stringify(cal.body)}`);
  ids.calendar = cal.body.id;
  const customer = await admin.post('/api/v1/customers', { name: '郑女士', phones: ['13700007391'], orgUnitId: ids.hall });
  if (customer.status !== 201) throw new Error(`customer: ${customer.status} ${JSON.stringify(customer.body)}`);
  return { manager: `qm${suffix}`, clerk: `clerk${suffix}`, supervisor: `sup${suffix}` };
}

let users: { manager: string; clerk: string; supervisor: string };

async function loginPage(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-e2e-'));
  server = await startServer(
    { ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir, databaseUrl: inject('databaseUrl'), adminPassword: ADMIN_PASSWORD, demo: false },
    { quiet: true },
  );
  users = await seed();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('service commitments journey (zh-CN)', () => {
  it('a quality manager publishes a commitment for one hall', async () => {
    const { page, context } = await loginPage(users.manager, 'Quality-pass-123');
    await page.getByTestId('side-menu').getByText('服务承诺', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/commitments');
    await page.getByTestId('commitment-create').click();
    await page.getByTestId('commitment-code').fill(code);
    const texts = {
      'zh-CN': ['投诉 24 小时办结', '您的投诉我们将在 2 小时内联系您，24 个工作小时内办结。'],
      'zh-TW': ['投訴 24 小時辦結', '您的投訴我們將在 2 小時內聯繫您，24 個工作小時內辦結。'],
      en: ['Complaints closed in 24 hours', 'We call you back within 2 hours and close your complaint within 24 business hours.'],
    } as const;
    for (const [l, [title, text]] of Object.entries(texts)) {
      await page.getByTestId(`commitment-title-${l}`).fill(title);
      await page.getByTestId(`commitment-text-${l}`).fill(text);
    }
    await page.getByTestId('commitment-case-types').click();
    await page.locator('.ant-select-dropdown:visible').getByText('投诉', { exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('commitment-site').click();
    await page.keyboard.type(hallName);
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: hallName }).click();

    await page.getByTestId('target-firstResponse-on').check();
    await page.getByTestId('target-firstResponse-amount').fill('2');
    await page.getByTestId('target-firstResponse-clock').click();
    await page.locator('.ant-select-dropdown:visible').getByText('自然时间', { exact: true }).click();
    await page.getByTestId('target-resolution-on').check();
    await page.getByTestId('target-resolution-amount').fill('24');
    await page.getByTestId('commitment-calendar').click();
    await page.locator('.ant-select-dropdown:visible').getByText(/滨江 7×24/).click();
    await shot(page, JOURNEY, '01-commitment-form');
    await page.getByTestId('commitment-save').click();
    await expect.poll(() => page.getByTestId('commitments-table').textContent(), POLL).toContain('投诉 24 小时办结');
    const row = page.getByTestId('commitments-table').locator('tr', { hasText: code });
    await expect.poll(() => row.textContent(), POLL).toContain(hallName);
    await expect.poll(() => row.textContent(), POLL).toContain('首次响应：2小时');
    await shot(page, JOURNEY, '02-commitments');
    await context.close();
  });

  it('a complaint at that hall shows its clocks and why the commitment applies', async () => {
    const clerk = new ApiClient(server.url);
    await clerk.login(users.clerk, 'Clerk-pass-1234');
    const created = await clerk.post('/api/v1/cases', {
      type: 'complaint', channel: 'counter', subject: '宽带反复掉线，维修两次未解决', customer: { name: '郑先生', phone: '13800138123' }, siteId: ids.hall,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { page, context } = await loginPage(users.clerk, 'Clerk-pass-1234');
    await page.goto(`${server.url}/cases/${created.body.id}`);
    const panel = page.getByTestId('sla-panel');
    await expect.poll(() => panel.textContent(), POLL).toContain('投诉 24 小时办结');
    await expect.poll(() => page.getByTestId('sla-target-firstResponse').getAttribute('data-state'), POLL).toBe('running');
    await expect.poll(() => page.getByTestId('sla-target-resolution').getAttribute('data-state'), POLL).toBe('running');
    // Due in Beijing time: creation + 24 hours on a round-the-clock calendar.
    const due = new Date(Date.parse(created.body.createdAt) + 24 * 3_600_000);
    const beijing = due.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);
    await expect.poll(() => page.getByTestId('sla-due-resolution').textContent(), POLL).toContain(beijing);
    await expect.poll(() => page.getByTestId('sla-left-firstResponse').textContent(), POLL).toMatch(/剩余 1小时 5\d分钟|剩余 2小时/);
    await page.getByTestId('sla-why-link').hover();
    await expect.poll(() => page.getByTestId('sla-why').textContent(), POLL).toContain(hallName);
    await expect.poll(() => page.getByTestId('sla-why').textContent(), POLL).toContain('满足 2 项条件');
    await shot(page, JOURNEY, '03-case-clocks');

    // Waiting on the customer pauses the resolution clock.
    const accepted = await clerk.patch(`/api/v1/cases/${created.body.id}`, { version: created.body.version, status: 'accepted' });
    await clerk.patch(`/api/v1/cases/${created.body.id}`, { version: accepted.body.version, status: 'waiting_customer' });
    await page.reload();
    await expect.poll(() => page.getByTestId('sla-target-resolution').getAttribute('data-state'), POLL).toBe('paused');
    await expect.poll(() => page.getByTestId('sla-target-firstResponse').getAttribute('data-state'), POLL).toBe('met');
    await shot(page, JOURNEY, '04-case-paused');
    await context.close();
  });

  it('a regulator referral recorded at intake carries its own deadline, which replaces the resolution target', async () => {
    const { page, context } = await loginPage(users.clerk, 'Clerk-pass-1234');
    await page.goto(`${server.url}/cases/new`);
    await page.getByTestId('intake-type').getByText('投诉', { exact: true }).click();
    await page.getByTestId('intake-channel').getByText('监管转办', { exact: true }).click();
    await page.getByTestId('intake-customer').fill('7391');
    await page.locator('.ant-select-item-option', { hasText: '郑女士' }).first().click();
    await page.getByTestId('intake-subject').fill('工信部转办：宽带提速未兑现');
    const deadline = new Date(Date.now() + 3 * 86_400_000).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 11) + '17:00';
    await page.getByTestId('intake-regulator-deadline').click();
    await page.keyboard.type(deadline);
    await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
    await expect.poll(() => page.locator('input[data-testid="intake-regulator-deadline"], [data-testid="intake-regulator-deadline"] input').first().inputValue(), POLL).toBe(deadline);
    await shot(page, JOURNEY, '05-regulator-intake');
    await page.getByTestId('intake-submit').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('sla-target-resolution').textContent(), POLL).toContain('监管时限');
    await expect.poll(() => page.getByTestId('sla-due-resolution').textContent(), POLL).toContain(deadline);
    await shot(page, JOURNEY, '06-regulator-case');
    await context.close();
  });

  it('the hall supervisor sees the referral on the SLA watch list', async () => {
    const { page, context } = await loginPage(users.supervisor, 'Super-pass-1234');
    await page.getByTestId('side-menu').getByText('时限预警').click();
    await page.waitForURL((u) => u.pathname === '/sla/watch');
    const row = page.getByTestId('sla-watch-table').locator('tr', { hasText: '工信部转办：宽带提速未兑现' });
    await expect.poll(() => row.textContent(), POLL).toContain('首次响应 · 计时中');
    await expect.poll(() => row.textContent(), POLL).toContain(code);
    await shot(page, JOURNEY, '07-watch');
    await context.close();
  });

  it('the public page lists the commitment without a login', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${server.url}/public/commitments`);
    const card = page.getByTestId('public-commitment').filter({ hasText: '投诉 24 小时办结' });
    await expect.poll(() => card.textContent(), POLL).toContain('您的投诉我们将在 2 小时内联系您');
    await expect.poll(() => card.textContent(), POLL).toContain('首次响应：2小时内');
    expect(page.url()).toContain('/public/commitments');
    await shot(page, JOURNEY, '08-public');
    await page.getByText('繁體').click();
    await expect.poll(() => card.or(page.getByTestId('public-commitment').filter({ hasText: '投訴 24 小時辦結' })).first().textContent(), POLL).toContain('投訴 24 小時辦結');
    await context.close();
  });
});
