import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/server/config';
import { startServer, type RunningServer } from '../src/server/main';
import { BACKUP_MAGIC } from '../src/server/db/backup';
import { Client, PASSWORD, runManyi, spawnManyi, stopLeftover, tempDir } from './node-process';

// Backup and restore (issue 5 item 7) through the real `manyi backup` / `manyi restore` commands:
// a database with data (cases, comments, an attachment) round-trips into an empty database with
// every table equal row for row and the attachment files equal byte for byte; a damaged file or
// one from a newer schema is refused without touching the target; a database that is not empty
// is replaced only with --yes. Then the same for the embedded database of a data directory.

const base = inject('databaseUrl');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of cleanups.reverse()) await f().catch(() => undefined);
});

async function freshDatabase(tag: string): Promise<string> {
  const name = `manyi_${tag}_${Date.now()}_${crypto.randomBytes(2).toString('hex')}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  cleanups.push(async () => {
    const d = new pg.Client({ connectionString: base });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await d.end();
  });
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Per table: row count and a digest of every row (stored columns, in a stable order). */
async function fingerprint(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: tables } = await c.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const { name } of tables) {
      const { rows: cols } = await c.query<{ c: string }>(
        `select quote_ident(attname) as c from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`, [`"${name}"`]);
      const list = cols.map((x) => x.c).join(', ');
      const r = await c.query<{ n: number; h: string }>(
        `select count(*)::int as n, coalesce(md5(string_agg(j, E'\\n' order by j)), '') as h from (select row_to_json(x)::text as j from (select ${list} from "${name}") x) y`);
      out[name] = { rows: r.rows[0].n, md5: r.rows[0].h };
    }
    const seqs = await c.query<{ s: string; v: string }>(`select sequencename as s, coalesce(last_value, 0)::text as v from pg_sequences where schemaname = 'public' order by 1`);
    for (const s of seqs.rows) out[`seq:${s.s}`] = { rows: 0, md5: s.v };
    return out;
  } finally {
    await c.end();
  }
}

function filesOf(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

/** Cases with edits and comments, and one attachment, through the API. */
async function fillWithData(url: string) {
  const admin = new Client(url);
  await admin.login();
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const r = await admin.post('/api/v1/cases', {
      type: i % 2 ? 'complaint' : 'fault', channel: 'counter', priority: 'high', subject: `备份测试 ${i} 宽带断网`,
      description: `客户反映光猫LOS灯闪红 "引号" \\ 反斜杠 \n 换行 ${i}`, customer: { name: `张三${i}`, phone: `1380013${String(8000 + i)}` },
    });
    expect(r.status).toBe(201);
    ids.push(r.body.id);
    expect((await admin.post(`/api/v1/cases/${r.body.id}/comments`, { body: `已回访 ${i} 😀`, public: i % 2 === 0 })).status).toBe(201);
  }
  expect((await admin.patch(`/api/v1/cases/${ids[0]}`, { version: 1, status: 'accepted', subject: '备份测试 已受理' })).status).toBe(200);
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('现场照片说明\n'.repeat(50))], { type: 'text/plain' }), '说明.txt');
  const up = await admin.request('POST', `/api/v1/cases/${ids[1]}/attachments`, form);
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  return { ids, attachmentId: up.body.id as string };
}

describe('backup and restore (DATABASE_URL)', () => {
  let sourceUrl: string;
  let sourceDir: string;
  let server: RunningServer;
  let data: Awaited<ReturnType<typeof fillWithData>>;
  let file: string;
  let work: string;

  beforeAll(async () => {
    work = tempDir('manyi-backup-');
    cleanups.push(async () => fs.rmSync(work, { recursive: true, force: true }));
    sourceUrl = await freshDatabase('bk_src');
    sourceDir = path.join(work, 'source');
    server = await startServer({ ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir: sourceDir, databaseUrl: sourceUrl, adminPassword: PASSWORD, demo: false }, { quiet: true });
    cleanups.push(() => server.stop());
    data = await fillWithData(server.url);
    file = path.join(work, 'manyi.backup');
  });

  it('round-trips a database with data into an empty database: every table and attachment equal', async () => {
    // The app is stopped so the comparison below sees exactly the backed-up state (its job runner
    // keeps writing otherwise); backing up a running app is covered by the embedded case below.
    await server.stop();
    const b = await runManyi(['backup', '--out', file], { dataDir: sourceDir, databaseUrl: sourceUrl });
    expect(b.code, b.output).toBe(0);
    expect(b.output).toMatch(/done: \d+ tables, \d+ rows, 1 attachment files/);
    const head = fs.readFileSync(file).subarray(0, 4096).toString('utf8').split('\n');
    expect(head[0]).toBe(BACKUP_MAGIC);
    const manifest = JSON.parse(head[1]);
    expect(manifest.payload.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.schema.migrations).toBeGreaterThan(0);
    expect(manifest.tables.find((t: { name: string }) => t.name === 'cases').rows).toBe(12);

    const targetUrl = await freshDatabase('bk_dst');
    const targetDir = path.join(work, 'target');
    const r = await runManyi(['restore', file], { dataDir: targetDir, databaseUrl: targetUrl });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/checksum OK/);
    expect(r.output).toMatch(/restore complete/);

    const [a, bfp] = await Promise.all([fingerprint(sourceUrl), fingerprint(targetUrl)]);
    expect(Object.keys(bfp).sort()).toEqual(Object.keys(a).sort());
    for (const t of Object.keys(a)) expect(bfp[t], t).toEqual(a[t]);
    expect(a.cases.rows).toBe(12);
    expect(filesOf(path.join(targetDir, 'attachments'))).toEqual(filesOf(path.join(sourceDir, 'attachments')));
    expect(Object.keys(filesOf(path.join(targetDir, 'attachments')))).toHaveLength(1);

    // The restored copy serves: log in with the same password, read a case, download the file.
    const app = await spawnManyi({ dataDir: targetDir, databaseUrl: targetUrl });
    cleanups.push(() => app.stop());
    await app.ready();
    const c = new Client(app.url);
    await c.login();
    const got = await c.get(`/api/v1/cases/${data.ids[0]}`);
    expect(got.status).toBe(200);
    expect(got.body.subject).toBe('备份测试 已受理');
    const comments = await c.get(`/api/v1/cases/${data.ids[3]}/comments`);
    expect(comments.body.items[0].body).toBe('已回访 3 😀');
    const dl = await c.get(`/api/v1/attachments/${data.attachmentId}/download`);
    expect(dl.status).toBe(200);
    expect(c.lastBytes.toString('utf8')).toBe('现场照片说明\n'.repeat(50));
    // New writes continue the sequences (no duplicate case numbers).
    const next = await c.post('/api/v1/cases', { type: 'inquiry', channel: 'hotline', priority: 'normal', subject: '恢复后新建', description: '', customer: { name: '新客户', phone: '13911112222' } });
    expect(next.status).toBe(201);
    await app.stop();
  }, 120_000);

  it('refuses a corrupted file and a newer schema, and leaves the target untouched', async () => {
    const targetUrl = await freshDatabase('bk_bad');
    const targetDir = path.join(work, 'bad');
    const before = await fingerprint(targetUrl);

    const corrupt = path.join(work, 'corrupt.backup');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100] ^= 0xff;
    fs.writeFileSync(corrupt, bytes);
    const r1 = await runManyi(['restore', corrupt, '--yes'], { dataDir: targetDir, databaseUrl: targetUrl });
    expect(r1.code).toBe(1);
    expect(r1.output).toMatch(/is corrupted: its checksum does not match/);
    expect(r1.output).toMatch(/nothing was restored/);

    const lines = fs.readFileSync(file);
    const nl1 = lines.indexOf(0x0a);
    const nl2 = lines.indexOf(0x0a, nl1 + 1);
    const manifest = JSON.parse(lines.subarray(nl1 + 1, nl2).toString('utf8'));
    manifest.schema.migrations += 1;
    manifest.schema.lastTag = '9999_from_the_future';
    const newer = path.join(work, 'newer.backup');
    fs.writeFileSync(newer, Buffer.concat([lines.subarray(0, nl1 + 1), Buffer.from(JSON.stringify(manifest) + '\n'), lines.subarray(nl2 + 1)]));
    const r2 = await runManyi(['restore', newer, '--yes'], { dataDir: targetDir, databaseUrl: targetUrl });
    expect(r2.code).toBe(1);
    expect(r2.output).toMatch(/schema is newer than this version of Manyi/);
    expect(r2.output).toMatch(/upgrade Manyi/);

    const notBackup = path.join(work, 'not.backup');
    fs.writeFileSync(notBackup, 'hello');
    const r3 = await runManyi(['restore', notBackup], { dataDir: targetDir, databaseUrl: targetUrl });
    expect(r3.code).toBe(1);
    expect(r3.output).toMatch(/is not a Manyi backup/);

    expect(await fingerprint(targetUrl)).toEqual(before);
  }, 60_000);

  it('replaces a database that is not empty only with --yes', async () => {
    // The source itself, changed after the backup.
    const c = new pg.Client({ connectionString: sourceUrl });
    await c.connect();
    await c.query(`update cases set subject = '备份之后改的' where id = $1`, [data.ids[5]]);
    await c.end();
    const refused = await runManyi(['restore', file], { dataDir: sourceDir, databaseUrl: sourceUrl });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/is not empty \(\d+ rows\)/);
    expect(refused.output).toMatch(/add --yes/);
    const asked = await runManyi(['restore', file], { dataDir: sourceDir, databaseUrl: sourceUrl, stdin: 'n\n' });
    expect(asked.code).toBe(1); // no terminal: no question, a refusal
    const ok = await runManyi(['restore', file, '--yes'], { dataDir: sourceDir, databaseUrl: sourceUrl });
    expect(ok.code, ok.output).toBe(0);
    const d = new pg.Client({ connectionString: sourceUrl });
    await d.connect();
    const { rows } = await d.query('select subject from cases where id = $1', [data.ids[5]]);
    await d.end();
    expect(rows[0].subject).toBe('备份测试 5 宽带断网');
  }, 60_000);
});

describe('backup and restore (embedded database)', () => {
  it('backs up the embedded database of a running app, refuses to restore under it, restores into a new data directory', async () => {
    const work = tempDir('manyi-backup-emb-');
    cleanups.push(async () => fs.rmSync(work, { recursive: true, force: true }));
    const dirA = path.join(work, 'a');
    const dirB = path.join(work, 'b');
    const app = await spawnManyi({ dataDir: dirA });
    cleanups.push(async () => { await app.stop(); await stopLeftover(dirA); });
    await app.ready();
    const data = await fillWithData(app.url);
    const file = path.join(work, 'emb.backup');
    const b = await runManyi(['backup', '--out', file], { dataDir: dirA });
    expect(b.code, b.output).toBe(0);
    expect(b.output).toMatch(/the embedded database of the running Manyi/);
    // The app was not disturbed.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const under = await runManyi(['restore', file, '--yes'], { dataDir: dirA });
    expect(under.code, under.output).toBe(1);
    expect(under.output).toMatch(/Manyi is running on .*stop it first/s);
    await app.stop();

    const r = await runManyi(['restore', file], { dataDir: dirB });
    expect(r.code, r.output).toBe(0);
    const appB = await spawnManyi({ dataDir: dirB });
    cleanups.push(async () => { await appB.stop(); await stopLeftover(dirB); });
    await appB.ready();
    const c = new Client(appB.url);
    await c.login();
    const list = await c.get('/api/v1/cases?limit=100');
    expect(list.status).toBe(200);
    expect((list.body.items as { id: string }[]).map((x) => x.id).sort()).toEqual([...data.ids].sort());
    expect(filesOf(path.join(dirB, 'attachments'))).toEqual(filesOf(path.join(dirA, 'attachments')));
    await appB.stop();
  }, 150_000);
});
