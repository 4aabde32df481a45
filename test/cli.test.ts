import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient, makeOrgUnit, startTestServer, type TestContext } from './harness';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/manyi.js');

let t: TestContext;
beforeAll(async () => { t = await startTestServer(); });

/** Run `manyi …` against the test database; never throws, so failures can be asserted. */
async function manyi(...args: string[]) {
  try {
    const r = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), MANYI_DATA_DIR: t.dataDir, LANG: 'en_US.UTF-8' },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('manyi user', () => {
  it('creates a user by org code with several roles, who can then log in', async () => {
    const hall = await makeOrgUnit(t);
    const username = `cli_${Math.random().toString(36).slice(2, 8)}`;
    const r = await manyi('user', 'create', username, '--name', '赵敏', '--password', 'Cli-passw0rd', '--role', 'agent', '--role', 'supervisor', '--org', hall.code);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), username });

    const got = await t.admin.get(`/api/v1/users/${out.id}`);
    expect(got.body).toMatchObject({ username, name: '赵敏', orgUnitId: hall.id, roles: ['agent', 'supervisor'] });
    const c = new ApiClient(t.baseUrl);
    await c.login(username, 'Cli-passw0rd');
    const audit = await t.admin.get(`/api/v1/audit?entityId=${out.id}&action=user.create`);
    expect(audit.body.items[0]).toMatchObject({ actorName: 'system', actorId: null });

    const list = await manyi('user', 'list', '--query', username, '--json');
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout.trim())).toMatchObject({ id: out.id, username });
    const table = await manyi('user', 'list', '--org', hall.id);
    expect(table.stdout).toMatch(/USERNAME\s+NAME/);
    expect(table.stdout).toContain(username);
  }, 90_000);

  it('fails clearly on a duplicate username, an unknown unit or a bad role', async () => {
    const dup = await manyi('user', 'create', 'ADMIN', '--name', 'x', '--password', 'Passw0rd-123', '--role', 'agent');
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toContain('Username already exists');
    const org = await manyi('user', 'create', 'nobody1', '--name', 'x', '--password', 'Passw0rd-123', '--org', 'NO-SUCH-UNIT');
    expect(org.code).not.toBe(0);
    expect(org.stderr).toContain('NO-SUCH-UNIT');
    const role = await manyi('user', 'create', 'nobody2', '--name', 'x', '--password', 'Passw0rd-123', '--role', 'wizard');
    expect(role.code).not.toBe(0);
    expect(role.stderr).toMatch(/roles/);
  }, 90_000);
});
