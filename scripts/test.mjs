#!/usr/bin/env node
// `npm test`: unit + integration, then the browser suite when Chromium is here.
// Without Chromium the browser suite is skipped with a plain message — except under CI=true, where that fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const ci = process.env.CI === 'true' || process.env.CI === '1';
// MANYI_TEST_SUITES=integration (comma-separated) runs only those suites.
const only = process.env.MANYI_TEST_SUITES?.split(',').map((s) => s.trim()).filter(Boolean);
const wanted = only ?? ['unit', 'integration', 'e2e'];
const projects = wanted.filter((p) => p !== 'e2e').flatMap((p) => ['--project', p]);
if (!wanted.includes('e2e')) { /* not asked for */ }
else if (chromium) projects.push('--project', 'e2e');
else if (ci) {
  console.error('npm test: Chromium is missing and CI=true: the browser suite must run. Install it: apt-get install -y chromium');
  process.exit(1);
}
const env = { ...process.env, TZ: 'UTC', ...(chromium ? { CHROMIUM_PATH: chromium } : {}) };
const r = spawnSync('npx', ['vitest', 'run', ...projects, ...process.argv.slice(2)], { stdio: 'inherit', env });
if (!chromium && wanted.includes('e2e')) {
  console.log('\nnpm test: the browser (e2e) suite was SKIPPED: Chromium is not installed.');
  console.log('  Install it with: sudo apt-get install -y chromium   (or set CHROMIUM_PATH)');
}
process.exit(r.status ?? 1);
