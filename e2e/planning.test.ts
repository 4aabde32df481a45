import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { syntheticHistory } from '../src/server/modules/workforce/planning-synthetic';
import { loadConfig } from '../src/server/config';
import { startServer, type RunningServer } from '../src/server/main';
import { ApiClient } from '../test/harness';
import { chooseLanguage, launchBrowser, shot } from './browser';

// The planner's week, in zh-CN at 1366×768: upload four weeks of hourly history → forecast with its
// back-tested error → agents needed for 80/20 → a shift template made on the page → a generated roster →
// a shift moved by hand (the broken rest rule shows) → the coverage chart → publish.

const ADMIN_PASSWORD = 'E2e-admin-pass-1';
const JOURNEY = 'planning';
let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
let historyFile: string;
const PLANNER = { username: 'planner', password: 'Zp-week-Plan-2026', name: '赵排班' };
/** Wait for a value on a shared, busy machine (the default of one second is too short for lazy pages). */
const poll = <T,>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });
const nextMonday = DateTime.now().setZone('Asia/Shanghai').startOf('week').plus({ weeks: 1 });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-e2e-'));
  server = await startServer(
    { ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir, databaseUrl: inject('databaseUrl'), adminPassword: ADMIN_PASSWORD, demo: false },
    { quiet: true },
  );
  const admin = new ApiClient(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const me = (await admin.get('/api/v1/me')).body;
  const centre = await admin.post('/api/v1/org-units', { parentId: me.orgUnitId, kind: 'call_centre', code: 'E2E-CC', name: '10000 号客服中心' });
  if (centre.status !== 201) throw new Error(`org unit: ${centre.status} ${JSON.stringify(centre.body)}`);
  const user = async (body: object) => {
    const r = await admin.post('/api/v1/users', { ...body, orgUnitId: centre.body.id });
    if (r.status !== 201) throw new Error(`user: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await user({ ...PLANNER, roles: ['workforce_planner'] });
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘';
  for (let i = 0; i < 36; i++) await user({ username: `agent${i}`, name: `${surnames[i]}${'晓小建国明丽'[i % 6]}`, password: `Seat-${i}-pass-2026`, roles: ['agent'] });
  const planner = new ApiClient(server.url);
  await planner.login(PLANNER.username, PLANNER.password);
  for (const tpl of [
    { name: '中班', start: '11:00', lengthMinutes: 540, breaks: [{ lengthMinutes: 60, paid: false, earliestMinute: 180, latestMinute: 300 }] },
    { name: '晚短班', start: '16:00', lengthMinutes: 240, breaks: [] },
  ]) {
    const r = await planner.post('/api/v1/workforce/shift-templates', { ...tpl, orgUnitId: centre.body.id, days: [0, 1, 2, 3, 4, 5, 6] });
    if (r.status !== 201) throw new Error(`template: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const history = syntheticHistory({ from: nextMonday.minus({ days: 28 }).toISODate()!, days: 28, intervalMinutes: 60, perDay: 500, trendPerDay: 2, seed: 5 });
  historyFile = path.join(dataDir, 'history.json');
  fs.writeFileSync(historyFile, JSON.stringify(history));

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

describe('planning journey (zh-CN)', () => {
  it('logs the planner in and opens 预测排班 from the menu', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(PLANNER.username);
    await page.getByTestId('login-password').fill(PLANNER.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.getByTestId('side-menu').getByText('预测排班').click();
    await page.waitForURL(/\/workforce\/planning/);
    await poll(() => page.locator('body').textContent()).toContain('话务预测与排班');
  });

  it('forecasts next week from an uploaded history, with the back-test error beside it', async () => {
    await page.getByTestId('forecast-unit').click();
    await page.locator('.ant-select-item-option', { hasText: '10000 号客服中心' }).click();
    await shot(page, JOURNEY, '00-forecast-form');
    await page.getByText('上传 JSON 文件').click();
    await page.locator('input[type=file]').setInputFiles(historyFile);
    await poll(() => page.locator('body').textContent()).toContain('已读取');
    await page.getByTestId('forecast-submit').click();
    await page.getByTestId('forecast-detail').waitFor();
    const err = await page.getByTestId('forecast-error').textContent();
    expect(err).toMatch(/回测误差: WAPE \d+\.\d % · MAPE \d+\.\d %/);
    expect(await page.locator('[data-testid=forecast-chart] canvas').count()).toBeGreaterThan(0);
    await shot(page, JOURNEY, '01-forecast');
  });

  it('turns it into agents per hour for 80 % in 20 s', async () => {
    await page.getByTestId('forecast-use').click();
    await page.getByTestId('req-submit').click();
    await page.getByTestId('requirement-detail').waitFor();
    expect(await page.getByTestId('requirement-detail').textContent()).toContain('峰值排班人数');
    await shot(page, JOURNEY, '02-requirements');
  });

  it('adds the early shift template on the page', async () => {
    await page.getByRole('tab', { name: '③ 班次模板' }).click();
    await page.getByTestId('template-new').click();
    await page.getByTestId('template-name').fill('早班');
    await page.getByTestId('template-start').fill('08:00');
    await shot(page, JOURNEY, '03-template-dialog');
    await page.getByRole('button', { name: '保 存' }).or(page.getByRole('button', { name: '保存' })).click();
    await poll(() => page.getByTestId('templates-table').textContent()).toContain('早班');
    await shot(page, JOURNEY, '04-templates');
  });

  let firstAgent = '';
  it('generates a roster that covers the requirement', async () => {
    await page.getByRole('tab', { name: '② 人力需求' }).click();
    await page.getByTestId('req-use').click();
    // the first agent does not work on Mondays
    await page.getByTestId('agent-prefs').click();
    const firstRow = page.locator('.ant-modal .ant-table-tbody tr.ant-table-row').first();
    firstAgent = (await firstRow.locator('td').first().textContent())!;
    await firstRow.getByText('周一').click();
    await shot(page, JOURNEY, '05-agent-limits');
    await page.locator('.ant-modal').getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('roster-submit').click();
    await page.getByTestId('roster-view').waitFor().catch(async (e) => { await shot(page, JOURNEY, '05-roster-failed'); throw e; });
    await poll(() => page.getByTestId('roster-violations').textContent()).toBe('没有违反规则');
    expect(await page.getByTestId('shift-block').count()).toBeGreaterThan(20);
    const row = page.getByTestId('roster-grid').locator('tr', { hasText: firstAgent });
    expect(await row.locator('[data-testid$="-0"] [data-testid=shift-block]').count()).toBe(0);
    expect(await row.getByTestId('shift-block').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=coverage-chart] canvas').count()).toBeGreaterThan(0);
    await shot(page, JOURNEY, '05-roster');
  });

  it('edits a shift in its dialog, and drags one onto a busy day: the broken rule is flagged, the coverage follows', async () => {
    const before = await page.getByTestId('shift-block').filter({ hasText: '03:00' }).count();
    await page.getByTestId('shift-block').filter({ hasText: '08:00' }).nth(3).click();
    await page.getByTestId('shift-start').fill('03:00');
    await page.getByTestId('shift-save').click();
    await poll(async () => page.getByTestId('shift-block').filter({ hasText: '03:00' }).count()).toBe(before + 1);
    await page.getByTestId('shift-start').waitFor({ state: 'hidden' });
    // drag another agent's shift of the same day onto an agent already working that day
    const busy = page.locator('[data-testid^="cell-"]').filter({ has: page.getByTestId('shift-block') });
    const target = busy.nth(1);
    const tid = (await target.getAttribute('data-testid'))!;
    const day = tid.slice(tid.lastIndexOf('-') + 1);
    const sameDay = page.locator(`[data-testid^="cell-"][data-testid$="-${day}"]`).filter({ has: page.getByTestId('shift-block') });
    let source = sameDay.nth(0);
    if ((await source.getAttribute('data-testid')) === tid) source = sameDay.nth(1);
    await target.scrollIntoViewIfNeeded();
    // the dragged shift's tooltip is open (it may cover the cell below): the drop must still reach the cell
    const block = source.getByTestId('shift-block').first();
    await block.hover();
    await page.locator('.ant-tooltip:visible').waitFor();
    await block.dragTo(target);
    await poll(() => page.getByTestId('roster-violations').textContent()).not.toBe('没有违反规则');
    await poll(async () => target.getByTestId('shift-block').count()).toBe(2);
    await shot(page, JOURNEY, '06-shift-edited');
    await page.getByTestId('coverage-chart').scrollIntoViewIfNeeded();
    await shot(page, JOURNEY, '07-coverage');
  });

  it('publishes the roster', async () => {
    await page.getByTestId('roster-view').scrollIntoViewIfNeeded();
    await page.getByTestId('roster-publish').click();
    // problems remain (the moved shifts): publishing asks first
    await poll(() => page.locator('.ant-popconfirm').textContent()).toContain('仍要发布');
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await poll(() => page.getByTestId('roster-status').textContent()).toBe('已发布');
    await page.getByText('修改记录').click();
    await poll(() => page.getByTestId('roster-revisions').textContent()).toContain('发布');
    expect(await page.getByTestId('roster-revisions').textContent()).toContain('调整班次');
    await shot(page, JOURNEY, '08-published');
  });

  it('reads the same roster in English', async () => {
    await chooseLanguage(page, 'English');
    await poll(() => page.getByTestId('roster-status').textContent()).toBe('Published');
    await page.getByTestId('roster-view').scrollIntoViewIfNeeded();
    await shot(page, JOURNEY, '09-english');
  });
});
