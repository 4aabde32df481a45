import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { syntheticHistory } from '../src/server/modules/workforce/planning-synthetic';

// `manyi forecast` as a planner runs it: a history file in, the forecast with its back-test error out (no database).

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/manyi.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-forecast-'));
const file = path.join(dir, 'history.json');
fs.writeFileSync(file, JSON.stringify(syntheticHistory({ from: '2026-03-02', days: 28, intervalMinutes: 30, perDay: 800, seed: 2 })));

describe('manyi forecast', () => {
  it('prints the week after the history as JSON, with MAPE and WAPE', async () => {
    const { stdout } = await run('node', [bin, 'forecast', '--history', file, '--weeks', '1', '--json']);
    const out = JSON.parse(stdout);
    expect(out.from).toBe('2026-03-30');
    expect(out.intervals).toHaveLength(7 * 48);
    expect(out.intervals[0].start).toBe('2026-03-29T16:00:00.000Z');
    expect(out.backtest.holdoutDays).toBe(7);
    expect(out.backtest.wape).toBeGreaterThan(0);
    expect(out.backtest.wape).toBeLessThan(0.25);
    expect(out.backtest.mape).toBeGreaterThan(0);
  });

  it('says how much history is needed (exit 1), and refuses a bad file (exit 2)', async () => {
    const short = await run('node', [bin, 'forecast', '--history', file, '--holdout', '20']).catch((e) => e);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 34 days of history are needed');
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '[{"start":"yesterday","offered":-1}]');
    const r = await run('node', [bin, 'forecast', '--history', bad]).catch((e) => e);
    expect(r.code).toBe(2);
  });
});
