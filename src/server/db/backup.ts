import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { migrationsFolder } from './client';

// Backup and restore of a Manyi database (docs/adr/0009-backup.md): an in-app logical dump that
// needs no pg_dump (the embedded server is PostgreSQL 18, the machine's client tools may be older),
// one consistent snapshot, the attachment files included, a SHA-256 of the payload in the manifest,
// and the schema version so a restore never loads data into a schema it does not match.
//
// File format, version 1:
//   line 1   `MANYI-BACKUP 1`
//   line 2   the manifest, one line of JSON (BackupManifest)
//   rest     the payload: a gzip stream of lines, SHA-256 over these compressed bytes
// Payload lines: `{"t":"table","name":…,"columns":[…]}` then one JSON object per row
// (row_to_json of the stored columns; generated columns are left out); `{"t":"file","path":…,"size":…}`
// then the file's bytes in base64 on one line; `{"t":"end"}` last.

export const BACKUP_MAGIC = 'MANYI-BACKUP 1';

export interface BackupManifest {
  format: 'manyi-backup';
  formatVersion: 1;
  createdAt: string;
  /** Applied migrations: how many, and the last one's tag and timestamp (drizzle/meta/_journal.json). */
  schema: { migrations: number; lastTag: string | null; lastWhen: number | null };
  server: string;
  tables: { name: string; rows: number }[];
  sequences: { name: string; value: number; isCalled: boolean }[];
  files: { count: number; bytes: number };
  payload: { bytes: number; sha256: string; compression: 'gzip' };
}

export class BackupError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

interface JournalEntry { idx: number; when: number; tag: string }

function journal(): JournalEntry[] {
  return (JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: JournalEntry[] }).entries;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function appliedSchema(c: pg.ClientBase): Promise<BackupManifest['schema']> {
  const exists = (await c.query(`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`)).rows[0].ok as boolean;
  if (!exists) return { migrations: 0, lastTag: null, lastWhen: null };
  const { rows } = await c.query<{ n: number; last: string | null }>('select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations');
  const lastWhen = rows[0].last === null ? null : Number(rows[0].last);
  return { migrations: rows[0].n, lastTag: journal().find((e) => e.when === lastWhen)?.tag ?? null, lastWhen };
}

/** Base tables of the public schema in foreign-key order (referenced tables first), with their stored columns. */
async function tablesInOrder(c: pg.ClientBase): Promise<{ name: string; columns: string[] }[]> {
  const { rows: cols } = await c.query<{ table: string; column: string }>(`
    select c.relname as table, a.attname as column
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname, a.attnum`);
  const { rows: deps } = await c.query<{ child: string; parent: string }>(`
    select distinct cl.relname as child, pl.relname as parent
    from pg_constraint k join pg_class cl on cl.oid = k.conrelid join pg_class pl on pl.oid = k.confrelid
    join pg_namespace n on n.oid = cl.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and cl.oid <> pl.oid`);
  const tables = new Map<string, string[]>();
  for (const r of cols) tables.set(r.table, [...(tables.get(r.table) ?? []), r.column]);
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, stack: Set<string>) => {
    if (seen.has(t) || stack.has(t)) return;
    stack.add(t);
    for (const d of deps) if (d.child === t && tables.has(d.parent)) visit(d.parent, stack);
    seen.add(t);
    ordered.push(t);
  };
  for (const t of [...tables.keys()].sort()) visit(t, new Set());
  return ordered.map((name) => ({ name, columns: tables.get(name)! }));
}

function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Write a backup of the database at `databaseUrl` (and of `attachmentsDir`) to `outFile`:
 * written beside it and renamed into place, so a failed backup never leaves a partial file.
 */
export async function backupDatabase(databaseUrl: string, outFile: string, opts: { attachmentsDir?: string; log?: (m: string) => void } = {}): Promise<BackupManifest> {
  const log = opts.log ?? (() => undefined);
  const c = new pg.Client({ connectionString: databaseUrl });
  c.on('error', () => undefined);
  await c.connect();
  const tmpPayload = `${outFile}.payload-${process.pid}`;
  const tmpFinal = `${outFile}.partial-${process.pid}`;
  try {
    // One snapshot for every table: the backup is consistent even while the app writes.
    await c.query('begin isolation level repeatable read read only');
    const schema = await appliedSchema(c);
    const server = (await c.query<{ v: string }>('show server_version')).rows[0].v;
    const tables = await tablesInOrder(c);
    const { rows: seqs } = await c.query<{ name: string }>(`select sequencename as name from pg_sequences where schemaname = 'public' order by 1`);
    const sequences: BackupManifest['sequences'] = [];
    for (const s of seqs) {
      const r = (await c.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${ident(s.name)}`)).rows[0];
      sequences.push({ name: s.name, value: Number(r.last_value), isCalled: r.is_called });
    }

    const hash = crypto.createHash('sha256');
    let bytes = 0;
    const gzip = zlib.createGzip({ level: 6 });
    const out = fs.createWriteStream(tmpPayload);
    gzip.on('data', (chunk: Buffer) => { hash.update(chunk); bytes += chunk.length; });
    const written = pipeline(gzip, out);
    const write = (s: string) => (gzip.write(s) ? Promise.resolve() : new Promise<void>((r) => gzip.once('drain', () => r())));

    const tableCounts: BackupManifest['tables'] = [];
    for (const t of tables) {
      await write(JSON.stringify({ t: 'table', name: t.name, columns: t.columns }) + '\n');
      const cols = t.columns.map(ident).join(', ');
      await c.query(`declare dump_cur no scroll cursor for select row_to_json(x)::text as j from (select ${cols} from ${ident(t.name)}) x`);
      let n = 0;
      for (;;) {
        const { rows } = await c.query<{ j: string }>('fetch 2000 from dump_cur');
        if (rows.length === 0) break;
        for (const r of rows) await write(r.j + '\n');
        n += rows.length;
      }
      await c.query('close dump_cur');
      tableCounts.push({ name: t.name, rows: n });
      log(`  ${t.name}: ${n} rows`);
    }
    await c.query('commit');

    let fileBytes = 0;
    const files = opts.attachmentsDir ? listFiles(opts.attachmentsDir) : [];
    for (const rel of files) {
      const data = fs.readFileSync(path.join(opts.attachmentsDir!, rel));
      await write(JSON.stringify({ t: 'file', path: rel.split(path.sep).join('/'), size: data.length }) + '\n');
      await write(data.toString('base64') + '\n');
      fileBytes += data.length;
    }
    if (files.length) log(`  attachments: ${files.length} files, ${fileBytes} bytes`);
    await write(JSON.stringify({ t: 'end' }) + '\n');
    gzip.end();
    await written;

    const manifest: BackupManifest = {
      format: 'manyi-backup', formatVersion: 1, createdAt: new Date().toISOString(), schema, server,
      tables: tableCounts, sequences, files: { count: files.length, bytes: fileBytes },
      payload: { bytes, sha256: hash.digest('hex'), compression: 'gzip' },
    };
    const fd = fs.openSync(tmpFinal, 'w', 0o600);
    try {
      fs.writeSync(fd, `${BACKUP_MAGIC}\n${JSON.stringify(manifest)}\n`);
      fs.closeSync(fd);
      await pipeline(fs.createReadStream(tmpPayload), fs.createWriteStream(tmpFinal, { flags: 'a' }));
      const fd2 = fs.openSync(tmpFinal, 'r+');
      fs.fsyncSync(fd2);
      fs.closeSync(fd2);
    } catch (err) {
      try { fs.closeSync(fd); } catch { /* closed */ }
      throw err;
    }
    fs.renameSync(tmpFinal, outFile);
    return manifest;
  } finally {
    await c.end().catch(() => undefined);
    fs.rmSync(tmpPayload, { force: true });
    fs.rmSync(tmpFinal, { force: true });
  }
}

/** Read and check a backup file: its header, manifest and payload checksum. Throws BackupError when it is not sound. */
export async function readBackup(file: string): Promise<{ manifest: BackupManifest; payloadOffset: number }> {
  if (!fs.existsSync(file)) throw new BackupError(`no such file: ${file}`, 'give the path of a file written by `manyi backup`');
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(1024 * 1024);
  const got = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const text = head.subarray(0, got);
  const nl1 = text.indexOf(0x0a);
  const nl2 = nl1 < 0 ? -1 : text.indexOf(0x0a, nl1 + 1);
  if (nl1 < 0 || text.subarray(0, nl1).toString('utf8') !== BACKUP_MAGIC || nl2 < 0) {
    throw new BackupError(`${file} is not a Manyi backup (or its header is damaged)`, 'give the path of a file written by `manyi backup`');
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text.subarray(nl1 + 1, nl2).toString('utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`the manifest of ${file} is damaged`, 'the file is corrupted: use another backup');
  }
  if (manifest.format !== 'manyi-backup' || manifest.formatVersion !== 1) {
    throw new BackupError(`${file} has backup format ${manifest.formatVersion}, which this version of Manyi cannot read`, 'restore it with the Manyi version that wrote it, or a newer one');
  }
  const payloadOffset = nl2 + 1;
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { start: payloadOffset })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  const sha = hash.digest('hex');
  if (bytes !== manifest.payload.bytes || sha !== manifest.payload.sha256) {
    throw new BackupError(
      `${file} is corrupted: its checksum does not match (SHA-256 ${sha.slice(0, 16)}…, ${bytes} bytes; the manifest says ${manifest.payload.sha256.slice(0, 16)}…, ${manifest.payload.bytes} bytes)`,
      'nothing was restored; use another copy of the backup',
    );
  }
  return { manifest, payloadOffset };
}

/** Does the code know the backup's schema? It must be one of ours and not newer. */
export function checkSchema(manifest: BackupManifest): void {
  const entries = journal();
  const n = manifest.schema.migrations;
  if (n > entries.length) {
    throw new BackupError(
      `the backup's database schema is newer than this version of Manyi (${n} migrations, up to ${manifest.schema.lastTag ?? '?'}; this version knows ${entries.length})`,
      'upgrade Manyi to the version that wrote the backup (or newer), then restore',
    );
  }
  if (n > 0 && entries[n - 1].when !== manifest.schema.lastWhen) {
    throw new BackupError(
      `the backup's database schema (${manifest.schema.lastTag ?? manifest.schema.lastWhen}) is not one of this version's migrations`,
      'restore it with the Manyi version that wrote it',
    );
  }
}

/** Rows in the target's public tables (0 for a new database). */
export async function countExistingRows(databaseUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  c.on('error', () => undefined);
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string }>(`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`);
    let total = 0;
    for (const r of rows) total += (await c.query<{ n: number }>(`select count(*)::int as n from ${ident(r.name)}`)).rows[0].n;
    return total;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Apply migrations [from, to) of this version inside the caller's transaction, recording them as drizzle's migrator does. */
async function applyMigrations(c: pg.ClientBase, from: number, to: number): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  await c.query('create schema if not exists drizzle');
  await c.query('create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)');
  for (const m of migrations.slice(from, to)) {
    for (const stmt of m.sql) if (stmt.trim()) await c.query(stmt);
    await c.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [m.hash, m.folderMillis]);
  }
}

/**
 * Replace the database at `databaseUrl` (and `attachmentsDir`) with the backup's content. The file is
 * checked first (checksum, schema); the tables are then recreated at the backup's schema version,
 * filled in one transaction, and migrated to this version's schema.
 */
export async function restoreDatabase(databaseUrl: string, file: string, opts: { attachmentsDir?: string; log?: (m: string) => void } = {}): Promise<BackupManifest> {
  const log = opts.log ?? (() => undefined);
  const { manifest, payloadOffset } = await readBackup(file);
  checkSchema(manifest);

  const c = new pg.Client({ connectionString: databaseUrl });
  c.on('error', () => undefined);
  await c.connect();
  const staging = opts.attachmentsDir ? `${path.resolve(opts.attachmentsDir)}.restoring-${process.pid}` : undefined;
  try {
    // All or nothing: the old content goes, the backup's comes, in one transaction.
    await c.query('begin');
    await c.query('drop schema if exists drizzle cascade');
    await c.query('drop schema if exists public cascade');
    await c.query('create schema public');
    await applyMigrations(c, 0, manifest.schema.migrations);
    // Rows that migrations insert (default rules, …) are in the backup already.
    const { rows: seeded } = await c.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public'`);
    if (seeded.length) await c.query(`truncate ${seeded.map((t) => ident(t.name)).join(', ')}`);
    // As a superuser, foreign keys are not checked while loading (rows of a self-referencing table
    // come in any order); otherwise the tables are loaded in foreign-key order.
    let replica = false;
    await c.query('savepoint r');
    try {
      await c.query('set local session_replication_role = replica');
      await c.query('release savepoint r');
      replica = true;
    } catch {
      await c.query('rollback to savepoint r');
    }
    const counts = new Map<string, number>();
    let table: { name: string; columns: string[] } | undefined;
    let batch: string[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const cols = table.columns.map(ident).join(', ');
      await c.query(
        `insert into ${ident(table.name)} (${cols}) overriding system value select ${cols} from json_populate_recordset(null::${ident(table.name)}, $1::json)`,
        [`[${batch.join(',')}]`],
      );
      counts.set(table.name, (counts.get(table.name) ?? 0) + batch.length);
      batch = [];
      batchBytes = 0;
    };
    let fileCount = 0;
    if (staging) {
      fs.rmSync(staging, { recursive: true, force: true });
      fs.mkdirSync(staging, { recursive: true });
    }
    let pendingFile: { path: string; size: number } | undefined;
    let ended = false;
    const lines = readline.createInterface({ input: fs.createReadStream(file, { start: payloadOffset }).pipe(zlib.createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (pendingFile) {
        const data = Buffer.from(line, 'base64');
        if (data.length !== pendingFile.size) throw new BackupError(`attachment ${pendingFile.path} in the backup is damaged`, 'use another copy of the backup');
        if (staging) {
          const dest = path.resolve(staging, pendingFile.path);
          if (!dest.startsWith(staging + path.sep)) throw new BackupError(`attachment path ${pendingFile.path} leaves the attachments directory`, 'the backup is not trustworthy; nothing was restored');
          fs.mkdirSync(path.dirname(dest), { recursive: true });
          fs.writeFileSync(dest, data);
        }
        fileCount++;
        pendingFile = undefined;
        continue;
      }
      if (line.startsWith('{"t":')) {
        const rec = JSON.parse(line) as { t: string; name?: string; columns?: string[]; path?: string; size?: number };
        if (rec.t === 'table' || rec.t === 'file' || rec.t === 'end') {
          await flush();
          table = undefined;
          if (rec.t === 'table') table = { name: rec.name!, columns: rec.columns! };
          else if (rec.t === 'file') pendingFile = { path: rec.path!, size: rec.size! };
          else ended = true;
          continue;
        }
      }
      if (!table) throw new BackupError('the backup payload is out of order', 'use another copy of the backup');
      batch.push(line);
      batchBytes += line.length;
      if (batch.length >= 1000 || batchBytes > 4_000_000) await flush();
    }
    if (!ended) throw new BackupError('the backup payload is truncated', 'use another copy of the backup');
    for (const t of manifest.tables) {
      const got = counts.get(t.name) ?? 0;
      if (got !== t.rows) throw new BackupError(`table ${t.name}: ${got} rows loaded, the manifest says ${t.rows}`, 'the backup is damaged; nothing was restored');
    }
    for (const s of manifest.sequences) await c.query('select setval($1::regclass, $2, $3)', [ident(s.name), s.value, s.isCalled]);
    if (replica) await c.query('set local session_replication_role = origin');
    // Then up to this version's schema, still in the same transaction.
    await applyMigrations(c, manifest.schema.migrations, journal().length);
    await c.query('commit');
    for (const t of manifest.tables) log(`  ${t.name}: ${t.rows} rows`);

    if (opts.attachmentsDir && staging) {
      const root = path.resolve(opts.attachmentsDir);
      fs.rmSync(root, { recursive: true, force: true });
      fs.renameSync(staging, root);
      if (fileCount) log(`  attachments: ${fileCount} files`);
    }
    return manifest;
  } catch (err) {
    await c.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await c.end().catch(() => undefined);
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
  }
}
