import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, makeUser, startTestServer, type TestContext } from './harness';

// The Erlang calculator through real HTTP (/api/v1/workforce/erlang/*), and `manyi erlang …` as a
// planner runs it (no database needed). Reference figures: the Call Centre Helper worked example
// (100 calls / 30 min, AHT 180 s → 10 E; 11 agents: P(wait) 68.21 %, SL 39.0 %, ASA 122.8 s;
// 80/20 needs 14 agents, 20 scheduled with 30 % shrinkage) and the Erlang B table (A = 10, N = 10 → 0.2146),
// both checked against exact rationals in src/server/modules/workforce/erlang.test.ts.

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/manyi.js');

let t: TestContext;
let agent: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  agent = (await makeUser(t, { roles: ['agent'] })).client;
});

const EXAMPLE = { calls: 100, periodSeconds: 1800, ahtSeconds: 180 };

describe('Erlang API', () => {
  it('Erlang B, C and A for any logged-in user', async () => {
    const b = await agent.post('/api/v1/workforce/erlang/b', { trafficErlangs: 10, lines: 10 });
    expect(b.status).toBe(200);
    expect(b.body.blocking).toBeCloseTo(0.2146, 4);

    const c = await agent.post('/api/v1/workforce/erlang/c', { ...EXAMPLE, agents: 11, targetSeconds: 20 });
    expect(c.status).toBe(200);
    expect(Object.keys(c.body).sort()).toEqual(['asaSeconds', 'occupancy', 'pWait', 'queueLength', 'serviceLevel', 'trafficErlangs']);
    expect(c.body.trafficErlangs).toBe(10);
    expect(c.body.pWait).toBeCloseTo(0.6821, 4);
    expect(c.body.serviceLevel).toBeCloseTo(0.3896, 4);
    expect(c.body.asaSeconds).toBeCloseTo(122.78, 2);
    expect(c.body.occupancy).toBeCloseTo(10 / 11, 10);

    const a = await agent.post('/api/v1/workforce/erlang/a', { ...EXAMPLE, agents: 12, targetSeconds: 20, patienceSeconds: 180 });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ pWait: expect.any(Number), pAbandon: expect.any(Number), serviceLevel: expect.any(Number), asaSeconds: expect.any(Number), occupancy: expect.any(Number) });
    expect(a.body.pAbandon).toBeCloseTo(0.05309, 5);
    expect(a.body.serviceLevel).toBeCloseTo(0.8023, 4);
  });

  it('staffs for 80 % in 20 s with shrinkage, and gives the curve around the answer', async () => {
    const r = await agent.post('/api/v1/workforce/erlang/staff', { ...EXAMPLE, targetSeconds: 20, serviceLevel: 0.8, shrinkage: 0.3 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ agents: 14, scheduled: 20, model: 'erlang-c', pAbandon: null });
    expect(r.body.serviceLevel).toBeCloseTo(0.8884, 4);
    const at = (n: number) => r.body.curve.find((p: { agents: number }) => p.agents === n);
    expect(at(13).serviceLevel).toBeLessThan(0.8);
    expect(at(14).serviceLevel).toBeGreaterThanOrEqual(0.8);

    const withA = await agent.post('/api/v1/workforce/erlang/staff', { ...EXAMPLE, targetSeconds: 20, serviceLevel: 0.8, patienceSeconds: 60 });
    expect(withA.status).toBe(200);
    expect(withA.body.model).toBe('erlang-a');
    expect(withA.body.agents).toBeLessThanOrEqual(14); // abandonment shortens the queue
    expect(withA.body.pAbandon).toBeGreaterThan(0);

    const cap = await agent.post('/api/v1/workforce/erlang/capacity', { agents: 14, ahtSeconds: 180, targetSeconds: 20, serviceLevel: 0.8, periodSeconds: 1800 });
    expect(cap.status).toBe(200);
    expect(cap.body.trafficErlangs).toBeGreaterThan(10);
    expect(cap.body.calls).toBeCloseTo((cap.body.trafficErlangs * 1800) / 180, 8);
  });

  it('refuses bad input with 422 naming the field', async () => {
    for (const [body, field] of [
      [{ ...EXAMPLE, calls: 0, agents: 11, targetSeconds: 20 }, 'calls'],
      [{ ...EXAMPLE, calls: -3, agents: 11, targetSeconds: 20 }, 'calls'],
      [{ ...EXAMPLE, ahtSeconds: 0, agents: 11, targetSeconds: 20 }, 'ahtSeconds'],
      [{ ...EXAMPLE, agents: 0, targetSeconds: 20 }, 'agents'],
      [{ ...EXAMPLE, agents: 2.5, targetSeconds: 20 }, 'agents'],
      [{ ...EXAMPLE, agents: 11 }, 'targetSeconds'],
    ] as const) {
      const r = await agent.post('/api/v1/workforce/erlang/c', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_failed');
      expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const b = await agent.post('/api/v1/workforce/erlang/b', { trafficErlangs: -1, lines: 3 });
    expect(b.status).toBe(422);
    const noTarget = await agent.post('/api/v1/workforce/erlang/staff', { ...EXAMPLE, targetSeconds: 20 });
    expect(noTarget.status).toBe(422);
    expect(noTarget.body.error.details[0].path).toBe('serviceLevel');
    const shrink = await agent.post('/api/v1/workforce/erlang/staff', { ...EXAMPLE, targetSeconds: 20, serviceLevel: 0.8, shrinkage: 1 });
    expect(shrink.status).toBe(422);
  });

  it('says 409 erlang_target_unreachable for targets no staffing meets, translated', async () => {
    const en = new ApiClient(t.baseUrl, 'en');
    en.cookie = agent.cookie;
    const r = await en.post('/api/v1/workforce/erlang/staff', { ...EXAMPLE, targetSeconds: 0, serviceLevel: 1 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    expect(r.body.error.message).toContain('no number of agents meets this target');
    const zh = await agent.post('/api/v1/workforce/erlang/staff', { ...EXAMPLE, targetSeconds: 20, maxOccupancy: 0.00001 });
    expect(zh.status).toBe(409);
    expect(zh.body.error.message).toContain('任何坐席人数都达不到该目标');
    const unstable = await agent.post('/api/v1/workforce/erlang/c', { ...EXAMPLE, agents: 10, targetSeconds: 20 });
    expect(unstable.status).toBe(409);
    expect(unstable.body.error.message).toContain('队列会无限增长');
  });

  it('needs a login', async () => {
    const anon = new ApiClient(t.baseUrl);
    expect((await anon.post('/api/v1/workforce/erlang/b', { trafficErlangs: 10, lines: 10 })).status).toBe(401);
  });
});

/** Run `manyi erlang …`; never throws, so exit codes can be asserted. */
async function manyi(...args: string[]) {
  try {
    const r = await run(process.execPath, [bin, 'erlang', ...args], { timeout: 60_000, env: { ...process.env, LANG: 'en_US.UTF-8' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('manyi erlang', () => {
  it('prints the JSON of issue 4 item 4', async () => {
    const b = await manyi('b', '--traffic', '10', '--lines', '10', '--json');
    expect(b.code, b.stderr).toBe(0);
    const bj = JSON.parse(b.stdout);
    expect(Object.keys(bj)).toEqual(['blocking']);
    expect(bj.blocking).toBeCloseTo(0.2146, 4);

    const c = await manyi('c', '--calls', '100', '--period', '1800', '--aht', '180', '--agents', '11', '--target-seconds', '20', '--json');
    expect(c.code, c.stderr).toBe(0);
    const cj = JSON.parse(c.stdout);
    expect(Object.keys(cj)).toEqual(['trafficErlangs', 'pWait', 'serviceLevel', 'asaSeconds', 'occupancy', 'queueLength']);
    expect(cj.pWait).toBeCloseTo(0.6821, 4);

    const a = await manyi('a', '--calls', '100', '--period', '1800', '--aht', '180', '--agents', '12', '--target-seconds', '20', '--patience', '180', '--json');
    expect(a.code, a.stderr).toBe(0);
    expect(Object.keys(JSON.parse(a.stdout))).toEqual(['pWait', 'pAbandon', 'serviceLevel', 'asaSeconds', 'occupancy']);

    const s = await manyi('staff', '--calls', '100', '--period', '1800', '--aht', '180', '--target-seconds', '20', '--service-level', '0.8', '--shrinkage', '0.3', '--json');
    expect(s.code, s.stderr).toBe(0);
    const sj = JSON.parse(s.stdout);
    expect(Object.keys(sj)).toEqual(['agents', 'scheduled', 'serviceLevel', 'asaSeconds', 'occupancy']);
    expect(sj).toMatchObject({ agents: 14, scheduled: 20 });

    // the CLI and the API give the same figures
    const api = await agent.post('/api/v1/workforce/erlang/staff', { ...EXAMPLE, targetSeconds: 20, serviceLevel: 0.8, shrinkage: 0.3, maxOccupancy: 0.85, patienceSeconds: 90 });
    const cli = await manyi('staff', '--calls', '100', '--period', '1800', '--aht', '180', '--target-seconds', '20', '--service-level', '0.8', '--shrinkage', '0.3', '--max-occupancy', '0.85', '--patience', '90', '--json');
    expect(JSON.parse(cli.stdout)).toEqual({ agents: api.body.agents, scheduled: api.body.scheduled, serviceLevel: api.body.serviceLevel, asaSeconds: api.body.asaSeconds, occupancy: api.body.occupancy });
  });

  it('prints a readable summary without --json', async () => {
    const r = await manyi('staff', '--calls', '100', '--period', '1800', '--aht', '180', '--target-seconds', '20', '--service-level', '0.8', '--shrinkage', '0.3');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/所需坐席 Agents needed\s+14/);
    expect(r.stdout).toMatch(/Scheduled.*\s20\n/);
  });

  it('exits 2 with a clear message on bad options, 1 when a target cannot be met', async () => {
    const bad = await manyi('c', '--calls', '-5', '--period', '1800', '--aht', 'abc', '--agents', '0', '--target-seconds', '20', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--calls: calls must be greater than 0');
    expect(bad.stderr).toContain('--aht: ahtSeconds must be a number');
    expect(bad.stderr).toContain('--agents: agents must be at least 1');
    const missing = await manyi('b', '--traffic', '10');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--lines <n>' not specified");
    const impossible = await manyi('staff', '--calls', '100', '--period', '1800', '--aht', '180', '--target-seconds', '0', '--service-level', '1', '--json');
    expect(impossible.code).toBe(1);
    expect(impossible.stderr).toContain('cannot be guaranteed');
  });
});
