import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/server/config';
import { startServer, type RunningServer } from '../src/server/main';
import { ApiClient } from '../test/harness';
import { launchBrowser, shot } from './browser';

// The contact-centre journey (issue 4), in zh-CN at 1366×768: a workforce planner imports a
// switch's CSV through the wizard (new source, guessed column mapping with preview, progress,
// bad rows by line), reads the KPI dashboard for yesterday with its service-level definition,
// watches the wallboard count a waiting call from the CTI webhook, and the agent's browser pops
// the caller's customer file when the call rings.

const ADMIN_PASSWORD = 'E2e-admin-pass-1';
const JOURNEY = 'contact-center';
let server: RunningServer;
let browser: Browser;
let planner: Page;
let agentContext: BrowserContext;
let admin: ApiClient;
const ids = { centre: '', agentUserId: '' };

const pad = (n: number) => String(n).padStart(2, '0');
/** Yesterday in Asia/Shanghai, as the switch prints it: `yyyy-MM-dd HH:mm:ss`. */
function shanghaiYesterday(secondOfDay: number): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1) + secondOfDay * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** 3,000 calls between 08:00 and 20:30; every 500th line has a bad time, every 700th an unknown queue. */
function switchCsv(): { csv: string; good: number; bad: number } {
  const lines = ['话单编号,队列,坐席工号,来电时间,接听时间,放弃时间,通话时长,保持时长,话后处理时长,主叫号码'];
  let good = 0;
  for (let i = 0; i < 3000; i++) {
    const line = i + 2;
    const t = 8 * 3600 + i * 15;
    const abandoned = i % 9 === 0;
    if (line % 500 === 0) lines.push(`E${i},10000,A0${i % 4},昨天上午,,,,,,`);
    else if (line % 700 === 0) lines.push(`E${i},88888,A01,${shanghaiYesterday(t)},${shanghaiYesterday(t + 9)},,100,0,20,13500001234`);
    else {
      good++;
      const wait = abandoned ? 25 : (i % 5) * 9;
      lines.push(`E${i},10000,A0${i % 4},${shanghaiYesterday(t)},${abandoned ? '' : shanghaiYesterday(t + wait)},${abandoned ? shanghaiYesterday(t + wait) : ''},${abandoned ? '' : 150 + (i % 7) * 20},${i % 3 === 0 ? 15 : 0},25,1350000${String(i % 400).padStart(4, '0')}`);
    }
  }
  return { csv: `${lines.join('\n')}\n`, good, bad: 3000 - good };
}

async function ok<T = any>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-e2e-cc-'));
  server = await startServer(
    { ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir, databaseUrl: inject('databaseUrl'), adminPassword: ADMIN_PASSWORD, demo: false },
    { quiet: true },
  );
  admin = new ApiClient(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const me = (await admin.get('/api/v1/me')).body;
  ids.centre = (await ok(admin.post('/api/v1/org-units', { parentId: me.orgUnitId, kind: 'call_centre', code: 'E2E-CC-HOTLINE', name: '10000号客服中心' }), 'centre')).id;
  await ok(admin.post('/api/v1/users', { username: 'ccplanner', name: '排班员周敏', password: 'Wfm-schedule-77', roles: ['workforce_planner', 'supervisor'], orgUnitId: ids.centre }), 'planner');
  ids.agentUserId = (await ok(admin.post('/api/v1/users', { username: 'hotline', name: '话务员林芳', password: 'Agent-pass-123', roles: ['agent'], orgUnitId: ids.centre }), 'agent')).id;
  await ok(admin.post('/api/v1/contacts/queues', { orgUnitId: ids.centre, code: '10000', name: '10000 综合服务' }), 'queue');
  await ok(admin.put('/api/v1/contacts/agents', { orgUnitId: ids.centre, loginId: 'A88', userId: ids.agentUserId }), 'agent login');
  await ok(admin.post('/api/v1/customers', { name: '陈美玲', phones: ['13912345678'], orgUnitId: ids.centre, valueTier: 'key' }), 'customer');

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  planner = await context.newPage();
  planner.setDefaultTimeout(20_000);
  agentContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function login(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function pickOption(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

describe('contact-centre journey (zh-CN)', () => {
  const file = switchCsv();

  it('imports a switch CSV through the wizard: mapping guessed from the headers, progress, bad rows by line', async () => {
    await login(planner, 'ccplanner', 'Wfm-schedule-77');
    await planner.getByTestId('side-menu').getByText('话单导入').click();
    await planner.waitForURL(/\/contact-center\/import$/);
    await planner.getByTestId('import-source-code').fill('hw-acd');
    await planner.getByTestId('import-source-name').fill('华为 ACD 话单');
    await pickOption(planner, 'import-centre', '10000号客服中心');
    await planner.locator('input[type=file]').setInputFiles({ name: '话单-昨日.csv', mimeType: 'text/csv', buffer: Buffer.from(file.csv) });
    await expect.poll(() => planner.locator('.ant-upload-text').textContent()).toContain('话单-昨日.csv');
    await shot(planner, JOURNEY, '01-file');
    await planner.getByTestId('import-next').click();

    // The headers are the fields' Chinese names: every column is mapped without a click.
    await expect.poll(() => planner.getByTestId('map-callId').textContent()).toContain('话单编号');
    await expect.poll(() => planner.getByTestId('map-acwSeconds').textContent()).toContain('话后处理时长');
    await expect.poll(() => planner.getByTestId('import-preview').textContent()).toContain('E0');
    await shot(planner, JOURNEY, '02-mapping');
    await planner.getByTestId('import-save-mapping').click();

    await planner.getByTestId('import-start').click();
    await expect.poll(() => planner.getByTestId('import-progress').getAttribute('data-status'), { timeout: 60_000 }).toBe('completed');
    expect(await planner.getByTestId('import-progress').textContent()).toContain('100%');
    await expect.poll(() => planner.getByTestId('import-good').textContent(), { timeout: 30_000 }).toContain(file.good.toLocaleString('en-US'));
    expect(await planner.getByTestId('import-bad').textContent()).toContain(String(file.bad));
    await expect.poll(() => planner.getByTestId('import-errors').textContent()).toContain('“来电时间”的值“昨天上午”不符合文件设定的日期格式');
    expect(await planner.getByTestId('import-errors').textContent()).toContain('未知队列“88888”');
    await shot(planner, JOURNEY, '03-imported');
  });

  it('shows yesterday on the KPI dashboard with the service-level definition named', async () => {
    await planner.getByTestId('side-menu').getByText('话务报表').click();
    await expect.poll(() => planner.getByTestId('kpi-definition').textContent()).toContain('服务水平 = 20 秒内接听 ÷ 进线量');
    // The total row counts every imported call.
    await expect.poll(() => planner.getByTestId('kpi-table-interval').textContent()).toContain('合计');
    const totalRow = planner.getByTestId('kpi-table-interval').locator('tr', { hasText: '合计' });
    expect(await totalRow.locator('td').nth(1).textContent()).toBe(String(file.good));
    await planner.locator('canvas').first().waitFor();
    await shot(planner, JOURNEY, '04-dashboard');
    await pickOption(planner, 'kpi-variant', 'T 秒内接听 ÷ 接听量');
    await expect.poll(() => planner.getByTestId('kpi-definition').textContent()).toContain('服务水平 = 20 秒内接听 ÷ 接听量');
    await planner.getByRole('tab', { name: '按坐席' }).click();
    await expect.poll(() => planner.getByTestId('kpi-table-agent').textContent()).toContain('A01');
    await shot(planner, JOURNEY, '05-by-agent');
  });

  it('counts a waiting call on the wallboard and pops the caller to the agent when it rings', async () => {
    const agent = await agentContext.newPage();
    agent.setDefaultTimeout(20_000);
    await login(agent, 'hotline', 'Agent-pass-123');
    await planner.goto(`${server.url}/contact-center/wallboard`);
    await expect.poll(() => planner.getByTestId('wall-waiting-10000').textContent()).toBe('0');

    const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
    await ok(admin.post('/api/v1/cti/events', { orgUnitId: ids.centre, events: [
      { type: 'agent_state', agent: 'A88', state: 'ready', at: at(-120) },
      { type: 'queued', callId: 'E2E-LIVE-1', queue: '10000', callerNumber: '13912345678', at: at(-30) },
      { type: 'queued', callId: 'E2E-LIVE-2', queue: '10000', callerNumber: '13700001111', at: at(-12) },
    ] }), 'cti queued');
    await expect.poll(() => planner.getByTestId('wall-waiting-10000').textContent()).toBe('2');
    await shot(planner, JOURNEY, '06-wallboard');

    await ok(admin.post('/api/v1/cti/events', { orgUnitId: ids.centre, events: [
      { type: 'ringing', callId: 'E2E-LIVE-1', queue: '10000', agent: 'A88', at: at(0) },
    ] }), 'cti ringing');
    await expect.poll(() => agent.getByTestId('screen-pop-name').textContent()).toBe('陈美玲');
    expect(await agent.getByTestId('screen-pop-caller').textContent()).toContain('139');
    expect(await agent.getByTestId('screen-pop-caller').textContent()).not.toContain('13912345678');
    await shot(agent, JOURNEY, '07-screen-pop');
  });
});
