import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/server/config';
import { startServer, type RunningServer } from '../src/server/main';
import { ApiClient } from '../test/harness';
import { launchBrowser, shot } from './browser';

// The counter-complaint journey of issue #2, in zh-CN, at 1366×768: a clerk finds a customer by the last
// four digits of a phone, records a complaint, transfers it to the broadband team, dispatches a work order
// to field technicians, resolves it, the customer confirms, and the whole timeline reads back.

const ADMIN_PASSWORD = 'E2e-admin-pass-1';
const JOURNEY = 'counter-complaint';
let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
const ids = { hall: '', city: '', broadband: '', field: '', agentName: '王晓燕', agentPassword: 'Agent-pass-123', techName: '李建国' };

async function seedOrganisation() {
  const admin = new ApiClient(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const me = (await admin.get('/api/v1/me')).body;
  const unit = async (body: object) => {
    const r = await admin.post('/api/v1/org-units', body);
    if (r.status !== 201 && r.status !== 200) throw new Error(`org unit: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  ids.city = await unit({ parentId: me.orgUnitId, kind: 'city', code: 'E2E-CITY', name: '临江市分公司' });
  ids.hall = await unit({ parentId: ids.city, kind: 'hall', code: 'E2E-HALL', name: '人民路营业厅' });
  ids.broadband = await unit({ parentId: ids.city, kind: 'team', code: 'E2E-BB', name: '宽带支撑班', isResolverGroup: true });
  ids.field = await unit({ parentId: ids.city, kind: 'team', code: 'E2E-FIELD', name: '装维外线班', isResolverGroup: true });
  const user = async (body: object) => {
    const r = await admin.post('/api/v1/users', body);
    if (r.status !== 201) throw new Error(`user: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await user({ username: 'clerk', name: ids.agentName, password: ids.agentPassword, roles: ['agent'], orgUnitId: ids.hall });
  await user({ username: 'fieldtech', name: ids.techName, password: 'Tech-pass-1234', roles: ['technician'], orgUnitId: ids.field });
  const customer = await admin.post('/api/v1/customers', { name: '陈美玲', phones: ['13912345678'], orgUnitId: ids.hall });
  if (customer.status !== 201) throw new Error(`customer: ${customer.status} ${JSON.stringify(customer.body)}`);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-e2e-'));
  server = await startServer(
    { ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir, databaseUrl: inject('databaseUrl'), adminPassword: ADMIN_PASSWORD, demo: false },
    { quiet: true },
  );
  await seedOrganisation();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('counter complaint journey (zh-CN)', () => {
  it('logs the clerk in, in Chinese', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('clerk');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await page.getByTestId('login-password').fill(ids.agentPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await expect.poll(() => page.locator('body').textContent()).toContain(ids.agentName);
    await shot(page, JOURNEY, '01-home');
  });

  it('records a complaint at the counter for a customer found by the last four digits', async () => {
    await page.goto(`${server.url}/cases/new`);
    await page.getByTestId('intake-type').getByText('投诉', { exact: true }).click();
    await page.getByTestId('intake-channel').getByText('营业厅柜台', { exact: true }).click();
    await page.getByTestId('intake-customer').fill('5678');
    const option = page.locator('.ant-select-item-option', { hasText: '陈美玲' });
    await option.first().click();
    await expect.poll(() => page.getByTestId('intake-customer-selected').textContent()).toContain('139****5678');
    await page.getByTestId('intake-subject').fill('家中宽带频繁断网');
    await page.getByTestId('intake-description').fill('客户反映近一周宽带每天晚上断网多次，重启光猫无效，要求尽快上门维修。');
    await shot(page, JOURNEY, '02-intake');
    await page.getByTestId('intake-submit').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = page.url();
    expect(caseUrl).toMatch(/\/cases\//);
  });

  it('shows the clerk as first responder and as current holder', async () => {
    await expect.poll(() => page.getByTestId('case-first-responder').textContent()).toContain(ids.agentName);
    await expect.poll(() => page.getByTestId('case-owner').textContent()).toContain(ids.agentName);
    expect(await page.getByTestId('case-number').textContent()).toMatch(/^TS\d{8}\d{6,}$/);
    await shot(page, JOURNEY, '03-case-created');
  });

  it('transfers it to the broadband team; the first responder stays', async () => {
    await page.getByTestId('action-transfer').click();
    await pickOption('transfer-group', '宽带支撑班');
    await page.getByTestId('transfer-reason').fill('需宽带支撑班远程排查线路');
    await page.getByTestId('transfer-submit').click();
    await expect.poll(() => page.getByTestId('case-owner').textContent()).toContain('宽带支撑班');
    expect(await page.getByTestId('case-first-responder').textContent()).toContain(ids.agentName);
    await shot(page, JOURNEY, '04-transferred');
  });

  it('dispatches a work order to the field technicians', async () => {
    await page.getByTestId('action-dispatch').click();
    await pickOption('dispatch-group', '装维外线班');
    await page.getByTestId('dispatch-instructions').fill('人民路 88 号 3 单元 502，客户晚上 7 点后在家');
    await page.getByTestId('dispatch-submit').click();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('装维外线班');
    await shot(page, JOURNEY, '05-dispatched');
  });

  it('resolves it and records the customer confirmation', async () => {
    await page.getByTestId('action-resolve').click();
    await page.getByTestId('resolve-summary').fill('更换入户光纤跳线后恢复正常，已连续观察两天无断网。');
    await page.getByTestId('resolve-submit').click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toContain('已解决');
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('confirm-submit').click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toContain('已关闭');
  });

  it('reads the whole timeline', async () => {
    for (const kind of ['created', 'transferred', 'dispatched', 'resolved', 'confirmed']) {
      await expect.poll(() => page.getByTestId(`timeline-${kind}`).count(), { message: kind }).toBeGreaterThan(0);
    }
    const text = await page.getByTestId('timeline').textContent();
    expect(text).toContain(ids.agentName);
    await shot(page, JOURNEY, '06-closed');
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    await shot(page, JOURNEY, '07-timeline');
  });
});

/** Open an antd Select by its test id and pick the option with this text. */
async function pickOption(testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

let caseUrl = '';
