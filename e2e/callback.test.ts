import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/server/config';
import { startServer, type RunningServer } from '../src/server/main';
import { ApiClient } from '../test/harness';
import { launchBrowser, shot } from './browser';

// The callback journey (回访), in zh-CN at 1366×768: a complaint resolved at the hall lands in the
// callback queue; the callback agent takes the next task, reaches the customer, who says the problem is
// not solved; the case reopens, and the clerk who owns it sees the notification arrive live on the bell.

const ADMIN_PASSWORD = 'E2e-admin-pass-1';
const JOURNEY = 'callback';
let server: RunningServer;
let browser: Browser;
let caller: Page;
let clerk: Page;
let dataDir: string;
let caseId = '';
let caseNumber = '';

async function seed() {
  const admin = new ApiClient(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const me = (await admin.get('/api/v1/me')).body;
  const unit = async (body: object) => {
    const r = await admin.post('/api/v1/org-units', body);
    if (r.status !== 201 && r.status !== 200) throw new Error(`org unit: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  const city = await unit({ parentId: me.orgUnitId, kind: 'city', code: 'CB-CITY', name: '临江市分公司' });
  const hall = await unit({ parentId: city, kind: 'hall', code: 'CB-HALL', name: '解放路营业厅' });
  const user = async (body: object) => {
    const r = await admin.post('/api/v1/users', body);
    if (r.status !== 201) throw new Error(`user: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await user({ username: 'cbclerk', name: '刘晓梅', password: 'Clerk-pass-1234', roles: ['agent'], orgUnitId: hall });
  await user({ username: 'cbcaller', name: '孙回访', password: 'Caller-pass-1234', roles: ['supervisor'], orgUnitId: hall });
  const clerkApi = new ApiClient(server.url);
  await clerkApi.login('cbclerk', 'Clerk-pass-1234');
  const created = await clerkApi.post('/api/v1/cases', {
    type: 'complaint', channel: 'counter', subject: '宽带提速后网速未提升', description: '客户办理 500M 提速后，测速仍只有 100M 左右。',
    customer: { name: '黄志强', phone: '13987654321' },
  });
  if (created.status !== 201) throw new Error(`case: ${created.status} ${JSON.stringify(created.body)}`);
  caseId = created.body.id;
  caseNumber = created.body.number;
  const resolved = await clerkApi.post(`/api/v1/cases/${caseId}/resolve`, { summary: '已远程修改端口速率配置，测速达到 500M', resolutionCode: 'solved' });
  if (resolved.status !== 200) throw new Error(`resolve: ${resolved.status} ${JSON.stringify(resolved.body)}`);
}

async function login(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-e2e-'));
  server = await startServer(
    { ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir, databaseUrl: inject('databaseUrl'), adminPassword: ADMIN_PASSWORD, demo: false },
    { quiet: true },
  );
  await seed();
  browser = await launchBrowser();
  const options = { viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
  caller = await (await browser.newContext(options)).newPage();
  clerk = await (await browser.newContext(options)).newPage();
  caller.setDefaultTimeout(15_000);
  clerk.setDefaultTimeout(15_000);
  for (const p of [caller, clerk]) p.on('pageerror', (e) => console.error('[pageerror]', e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('callback journey (zh-CN)', () => {
  it('shows the resolved complaint in the callback queue, due in 48 hours', async () => {
    await login(clerk, 'cbclerk', 'Clerk-pass-1234');
    await login(caller, 'cbcaller', 'Caller-pass-1234');
    await caller.getByTestId('side-menu').getByText('回访', { exact: true }).click();
    await caller.waitForURL(/\/callbacks$/);
    const row = caller.getByTestId('callback-table').locator('tr', { hasText: caseNumber });
    await expect.poll(() => row.textContent()).toContain('宽带提速后网速未提升');
    expect(await row.textContent()).toMatch(/剩余 (1天 23小时|2天)/);
    await expect.poll(() => caller.getByTestId('callback-summary').textContent()).toContain('待回访1');
    await shot(caller, JOURNEY, '01-queue');
  });

  it('takes the next task: the call screen shows the masked phone and the case', async () => {
    await caller.getByTestId('callback-next').click();
    await caller.waitForURL(/\/callbacks\/[0-9a-f-]{36}$/);
    await expect.poll(() => caller.getByTestId('callback-phone').first().textContent()).toContain('139****4321');
    const body = await caller.getByTestId('callback-call').textContent();
    expect(body).toContain('已由我领取');
    expect(body).toContain('已远程修改端口速率配置');
    expect(body).toContain('刘晓梅');
    await shot(caller, JOURNEY, '02-call-screen');
  });

  it('records "reached, not solved": the case reopens and the owner is told live', async () => {
    // The clerk's page is open (and listening) before the result is saved.
    await clerk.goto(`${server.url}/`);
    await clerk.getByTestId('notification-bell').waitFor();
    await clerk.waitForTimeout(500);
    const form = caller.getByTestId('callback-form');
    await form.getByText('已接通', { exact: true }).click();
    await form.getByText('未解决（将重开工单）', { exact: true }).click();
    await caller.getByTestId('callback-satisfaction').locator('.ant-rate-star').nth(1).click();
    await form.locator('textarea').fill('客户说晚上高峰期还是只有 100M');
    await shot(caller, JOURNEY, '03-outcome-form');
    await caller.getByTestId('callback-save').click();
    await expect.poll(() => caller.getByTestId('callback-status').textContent()).toBe('已完成');
    await shot(caller, JOURNEY, '04-completed');

    // Live: the bell's badge on the clerk's page, without reloading.
    await expect.poll(() => clerk.locator('.ant-badge .ant-scroll-number').first().textContent().catch(() => ''), { timeout: 10_000 }).toBe('1');
    await shot(clerk, JOURNEY, '05-bell');
    await clerk.getByTestId('notification-bell').click();
    const item = clerk.getByTestId('notification-item').first();
    await expect.poll(() => item.textContent()).toContain(`回访未解决，工单 ${caseNumber} 已重开`);
    await shot(clerk, JOURNEY, '06-drawer');
    await item.click();
    await clerk.waitForURL(new RegExp(`/cases/${caseId}$`));
    await expect.poll(() => clerk.locator('body').textContent()).toContain('处理中');
    await expect.poll(() => clerk.getByTestId('timeline').textContent()).toContain('回访：客户表示问题未解决（满意度 2/5）');
    await clerk.getByTestId('timeline').getByText('回访第 1 次拨打：已接通').scrollIntoViewIfNeeded();
    await shot(clerk, JOURNEY, '07-case-reopened');
  });

  it('lists the finished callback with its result', async () => {
    await caller.goto(`${server.url}/callbacks`);
    await caller.getByText('已完成', { exact: true }).first().click();
    const row = caller.getByTestId('callback-table').locator('tr', { hasText: caseNumber });
    await expect.poll(() => row.textContent()).toContain('未解决');
    await shot(caller, JOURNEY, '08-finished');
  });

  it('shows the callback rules to a supervisor, with the defaults: every complaint, 10 % of the rest, 48 hours', async () => {
    await caller.getByRole('button', { name: /回访规则/ }).click();
    await caller.waitForURL(/\/callbacks\/rules$/);
    const table = caller.getByTestId('callback-rules');
    await expect.poll(() => table.textContent()).toContain('全部投诉回访');
    expect(await table.textContent()).toContain('其他工单抽样回访 10%');
    expect(await table.textContent()).toContain('48 小时');
    await shot(caller, JOURNEY, '09-rules');
    await caller.getByRole('button', { name: /新建规则/ }).click();
    await caller.locator('.ant-modal').waitFor();
    await caller.waitForTimeout(400);
    await caller.screenshot({ path: 'e2e/screenshots/callback/10-rule-form.png' });
  });
});
