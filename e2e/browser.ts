import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

// Debian's Chromium driven by playwright-core (no browser download).
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const SHOTS_DIR = path.resolve('e2e/screenshots');

/**
 * Save what the user sees (the 1366×768 viewport) under e2e/screenshots/<journey>/<step>.png,
 * once dialogs and toasts have finished animating away.
 */
export async function shot(page: Page, journey: string, step: string): Promise<string> {
  const dir = path.join(SHOTS_DIR, journey);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${step}.png`);
  await page.locator('.ant-modal-wrap:visible, .ant-message-notice').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  await page.screenshot({ path: file, animations: 'disabled' });
  expect(fs.statSync(file).size, `screenshot ${file}`).toBeGreaterThan(0);
  return file;
}

/**
 * Pick a language in the header's switch; fails unless the page then shows it. The option is clicked
 * by event, not at its position: on a loaded machine the dropdown was seen to stay click-through (its
 * opening animation unfinished) for seconds, so a pointer click landed on the page beneath it.
 */
export async function chooseLanguage(page: Page, name: string): Promise<void> {
  const select = page.getByTestId('language-switch');
  await select.click();
  const option = page.locator('.ant-select-item-option', { hasText: name });
  await option.waitFor();
  await option.dispatchEvent('click');
  const shown = await select.filter({ hasText: name }).waitFor({ timeout: 20_000 }).then(() => true, () => false);
  expect(shown, `the language switch shows ${name}`).toBe(true);
}
