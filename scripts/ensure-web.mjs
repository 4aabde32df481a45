#!/usr/bin/env node
// Before `npm start`: build the web UI when dist/web is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const out = 'dist/web/index.html';
function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const built = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
if (built < Math.max(newest('src/web'), newest('src/shared'))) {
  console.log('Building the web UI (first start, about half a minute)…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
