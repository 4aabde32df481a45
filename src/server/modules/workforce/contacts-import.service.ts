import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { CsvMapping, type SourceInput } from '../../../shared/contacts';
import type { Db } from '../../db/client';
import { contactImportErrors, contactImportJobs, contactImportSources } from '../../db/schema';
import { type Actor, requirePermission, scopeCondition } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import type { Locale } from '../../platform/i18n';
import { mapCsvRow, mappingProblems } from './contacts-csv';
import { describeProblem, type LineContact, type LineProblem, unitFor, writeContacts } from './contacts.service';

// CSV import of contact records (issue 4, items 1 and 8): sources with a saved column mapping; a
// file uploaded in chunks (each ≤ 1 MB, appended at its offset, so an interrupted upload resumes);
// a job that streams the file through csv-parse in batches, each batch committed with the job's
// progress row in one transaction — after a crash or a pause, resuming skips the lines already
// committed. Bad rows are stored with their line number and reason; good rows are kept; the
// natural key (source code, call id) makes a re-import add nothing.

export const IMPORT_BATCH_LINES = 1000;
/** A running job that has not moved for this long is taken as dead (its process stopped) and may be resumed. */
const STALE_MS = 60_000;

type SourceRow = typeof contactImportSources.$inferSelect;
type JobRow = typeof contactImportJobs.$inferSelect;

const presentSource = (s: SourceRow) => ({ id: s.id, orgUnitId: s.orgUnitId, code: s.code, name: s.name, mapping: CsvMapping.parse(s.mapping), updatedAt: s.updatedAt.toISOString() });
const presentJob = (j: JobRow) => ({
  id: j.id, sourceId: j.sourceId, fileName: j.fileName, fileBytes: j.fileBytes, status: j.status as 'pending', linesDone: j.linesDone, bytesDone: j.bytesDone,
  goodCount: j.goodCount, badCount: j.badCount, duplicateCount: j.duplicateCount, error: j.error, createdAt: j.createdAt.toISOString(),
  updatedAt: j.updatedAt.toISOString(), finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
});

const mappingError = (locale: Locale, problems: ReturnType<typeof mappingProblems>) =>
  new AppError('validation_failed', {}, problems.map((p) => ({ path: `mapping.columns.${p.params.field ?? ''}`, code: p.reason, message: describeProblem(locale, p) })));

// ---------------------------------------------------------------- sources

export async function listSources(db: Db, actor: Actor) {
  requirePermission(actor, 'contact:import');
  const rows = await db.select().from(contactImportSources).where(scopeCondition(actor, 'contact:import', contactImportSources.orgUnitId)).orderBy(asc(contactImportSources.code));
  return { items: rows.map(presentSource) };
}

/** PUT /contacts/sources: create or update a source (by code) and its column mapping. */
export async function saveSource(db: Db, actor: Actor, input: z.infer<typeof SourceInput>) {
  requirePermission(actor, 'contact:import');
  const problems = mappingProblems(input.mapping);
  if (problems.length) throw mappingError(actor.locale, problems);
  return db.transaction(async (tx) => {
    const unit = await unitFor(tx, actor, input.orgUnitId, 'contact:import');
    const [existing] = await tx.select().from(contactImportSources).where(eq(contactImportSources.code, input.code)).for('update');
    if (existing) await unitFor(tx, actor, existing.orgUnitId, 'contact:import');
    const [row] = existing
      ? await tx.update(contactImportSources).set({ orgUnitId: unit.id, name: input.name, mapping: input.mapping, updatedAt: new Date() }).where(eq(contactImportSources.id, existing.id)).returning()
      : await tx.insert(contactImportSources).values({ orgUnitId: unit.id, code: input.code, name: input.name, mapping: input.mapping }).returning();
    await audit(tx, actor, { action: existing ? 'contact_source.update' : 'contact_source.create', entityType: 'contact_import_source', entityId: row.id, orgUnitId: unit.id,
      before: existing ? presentSource(existing) : null, after: presentSource(row) });
    return presentSource(row);
  });
}

async function loadSource(db: Db, actor: Actor, id: string): Promise<SourceRow> {
  const [s] = await db.select().from(contactImportSources).where(eq(contactImportSources.id, id));
  if (!s) throw new AppError('not_found', { entity: 'import_source' });
  await unitFor(db, actor, s.orgUnitId, 'contact:import');
  return s;
}

/** POST /contacts/preview: the header and first rows of a CSV sample, for the mapping step. */
export async function previewCsv(text: string, delimiter?: string): Promise<{ headers: string[]; rows: string[][]; delimiter: string }> {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const d = delimiter ?? ([',', '\t', ';', '|'].map((c) => [c, firstLine.split(c).length] as const).sort((a, b) => b[1] - a[1])[0][0]);
  const records: string[][] = [];
  const parser = parse({ delimiter: d, bom: true, relax_column_count: true, skip_empty_lines: true, to_line: 21 });
  parser.on('readable', () => {
    let r: string[];
    while ((r = parser.read()) !== null) records.push(r);
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', (e) => (records.length > 0 ? resolve() : reject(new AppError('bad_request'))));
    // A sample may end mid-line: drop the last partial line.
    const cut = text.length > 200_000 ? text.slice(0, text.lastIndexOf('\n', 200_000)) : text;
    parser.end(cut);
  });
  return { headers: records[0] ?? [], rows: records.slice(1), delimiter: d };
}

// ---------------------------------------------------------------- jobs

function importDir(dataDir: string): string {
  const dir = path.join(dataDir, 'imports');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** POST /contacts/imports: announce a file (name, size); chunks follow. */
export async function createImport(db: Db, actor: Actor, dataDir: string, input: { sourceId: string; fileName: string; fileBytes: number }) {
  requirePermission(actor, 'contact:import');
  const source = await loadSource(db, actor, input.sourceId);
  const id = crypto.randomUUID();
  const filePath = path.join(importDir(dataDir), `${id}.csv`);
  fs.writeFileSync(filePath, '');
  return db.transaction(async (tx) => {
    const [job] = await tx.insert(contactImportJobs).values({
      id, sourceId: source.id, orgUnitId: source.orgUnitId, createdBy: actor.id, fileName: input.fileName.slice(0, 255), filePath, fileBytes: input.fileBytes, fileSha256: '',
    }).returning();
    await audit(tx, actor, { action: 'contact_import.create', entityType: 'contact_import_job', entityId: id, orgUnitId: source.orgUnitId, after: { fileName: job.fileName, fileBytes: job.fileBytes, source: source.code } });
    return presentJob(job);
  });
}

async function loadJob(db: Db, actor: Actor, id: string): Promise<JobRow> {
  requirePermission(actor, 'contact:import');
  const [j] = await db.select().from(contactImportJobs).where(eq(contactImportJobs.id, id));
  if (!j) throw new AppError('not_found', { entity: 'import_job' });
  await unitFor(db, actor, j.orgUnitId, 'contact:import');
  return j;
}

/** PUT /contacts/imports/{id}/chunks?offset=N: append bytes at `offset` (a repeated chunk is ignored; a gap is refused). */
export async function appendChunk(db: Db, actor: Actor, id: string, offset: number, bytes: Uint8Array) {
  const job = await loadJob(db, actor, id);
  if (job.status !== 'pending') throw new AppError('conflict', { reason: 'import_not_resumable' });
  if (!fs.existsSync(job.filePath)) throw new AppError('conflict', { reason: 'import_file_missing' });
  const size = fs.statSync(job.filePath).size;
  if (offset > size) throw new AppError('validation_failed', {}, [{ path: 'offset', code: 'gap', message: `offset ${offset} is past the ${size} bytes received` }]);
  if (offset + bytes.length > job.fileBytes) throw new AppError('validation_failed', {}, [{ path: 'offset', code: 'too_big', message: `the file was announced as ${job.fileBytes} bytes` }]);
  if (offset + bytes.length > size) {
    const fd = fs.openSync(job.filePath, 'r+');
    try { fs.writeSync(fd, bytes, 0, bytes.length, offset); } finally { fs.closeSync(fd); }
  }
  return { received: fs.statSync(job.filePath).size, fileBytes: job.fileBytes };
}

/** POST /contacts/imports/{id}/start (and /resume): run the job in the background from its last committed batch. */
export async function startImport(db: Db, actor: Actor, id: string) {
  const job = await loadJob(db, actor, id);
  const stale = job.status === 'running' && Date.now() - job.updatedAt.getTime() > STALE_MS;
  if (job.status === 'completed' || (job.status === 'running' && !stale)) throw new AppError('conflict', { reason: 'import_not_resumable' });
  if (!fs.existsSync(job.filePath)) throw new AppError('conflict', { reason: 'import_file_missing' });
  const size = fs.statSync(job.filePath).size;
  if (size < job.fileBytes) throw new AppError('validation_failed', {}, [{ path: 'file', code: 'incomplete', message: `${size} of ${job.fileBytes} bytes received` }]);
  const source = await loadSource(db, actor, job.sourceId);
  const mapping = CsvMapping.parse(source.mapping);
  // Claim: only one runner per job (a concurrent start sees 0 rows updated).
  const claimed = await db.update(contactImportJobs).set({ status: 'running', error: null, updatedAt: new Date() })
    .where(and(eq(contactImportJobs.id, id), eq(contactImportJobs.status, job.status), sql`date_trunc('milliseconds', ${contactImportJobs.updatedAt}) = ${job.updatedAt.toISOString()}::timestamptz`)).returning();
  if (claimed.length === 0) throw new AppError('conflict', { reason: 'import_not_resumable' });
  await audit(db, actor, { action: job.linesDone > 0 ? 'contact_import.resume' : 'contact_import.start', entityType: 'contact_import_job', entityId: id, orgUnitId: job.orgUnitId, after: { linesDone: job.linesDone } });
  const run = runImport(db, claimed[0], source, mapping, actor.locale).catch(async (err) => {
    await db.update(contactImportJobs).set({ status: 'failed', error: err instanceof Error ? err.message.slice(0, 500) : String(err), updatedAt: new Date() }).where(eq(contactImportJobs.id, id));
  });
  runningImports.set(id, run);
  void run.finally(() => runningImports.delete(id));
  return presentJob(claimed[0]);
}

/** Imports running in this process (tests wait on them; pause asks them to stop after the current batch). */
export const runningImports = new Map<string, Promise<void>>();
const pauseRequested = new Set<string>();

/** POST /contacts/imports/{id}/pause: stop after the batch in progress; resume continues from there. */
export async function pauseImport(db: Db, actor: Actor, id: string) {
  const job = await loadJob(db, actor, id);
  if (job.status !== 'running') throw new AppError('conflict', { reason: 'import_not_resumable' });
  pauseRequested.add(id);
  await runningImports.get(id);
  pauseRequested.delete(id);
  return presentJob((await db.select().from(contactImportJobs).where(eq(contactImportJobs.id, id)))[0]);
}

/** Stream the file from its last committed line; one transaction per batch (contacts + rollup + bad rows + progress). */
async function runImport(db: Db, job: JobRow, source: SourceRow, mapping: z.infer<typeof CsvMapping>, locale: Locale, opts: { stopAfterBatches?: number } = {}): Promise<void> {
  const problems = mappingProblems(mapping);
  let headers: string[] | null = null;
  let linesDone = job.linesDone;
  let batch: { line: number; record: string[]; raw: string; bytes: number }[] = [];
  let batches = 0;
  let stopped = false;

  const commit = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const good: LineContact[] = [];
    const bad: LineProblem[] = [];
    for (const r of rows) {
      const record = Object.fromEntries(headers!.map((h, i) => [h, r.record[i] ?? '']));
      const res = mapCsvRow(record, mapping);
      if (res.ok) good.push({ line: r.line, contact: res.contact, raw: r.raw });
      else bad.push({ line: r.line, ...res.problem, raw: r.raw });
    }
    const last = rows[rows.length - 1];
    await db.transaction(async (tx) => {
      const w = await writeContacts(tx, { source: source.code, unitId: source.orgUnitId, rows: good, importJobId: job.id });
      const allBad = [...bad, ...w.rejected];
      if (allBad.length) {
        await tx.insert(contactImportErrors).values(allBad.map((p) => ({ jobId: job.id, line: p.line, reason: p.reason, params: p.params, raw: p.raw?.slice(0, 1000) ?? null }))).onConflictDoNothing();
      }
      await tx.update(contactImportJobs).set({
        linesDone: sql`${last.line - 1}`, bytesDone: last.bytes, goodCount: sql`${contactImportJobs.goodCount} + ${w.inserted}`,
        duplicateCount: sql`${contactImportJobs.duplicateCount} + ${w.duplicates}`, badCount: sql`${contactImportJobs.badCount} + ${allBad.length}`, updatedAt: new Date(),
      }).where(eq(contactImportJobs.id, job.id));
    });
    linesDone = last.line - 1;
    batches++;
    if (pauseRequested.has(job.id) || (opts.stopAfterBatches && batches >= opts.stopAfterBatches)) stopped = true;
  };

  const parser = parse({ delimiter: mapping.delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, info: true, raw: true, skip_records_with_error: false });
  const sink = new Transform({
    objectMode: true,
    transform: (chunk: { record: string[]; raw: string; info: { lines: number; bytes: number } }, _enc, done) => {
      if (stopped) return done();
      if (!headers) {
        headers = chunk.record.map((h) => h.trim());
        const missing = mappingProblems(mapping, headers).filter((p) => p.reason === 'column_missing');
        if (missing.length || problems.length) return done(new Error([...problems, ...missing].map((p) => describeProblem(locale, p)).join('; ')));
        return done();
      }
      // info.lines is the file line where the record ends; data lines count from 2 (after the header).
      const line = chunk.info.lines;
      if (line - 1 <= linesDone) return done();
      batch.push({ line, record: chunk.record, raw: chunk.raw.replace(/\r?\n$/, ''), bytes: chunk.info.bytes });
      if (batch.length >= IMPORT_BATCH_LINES) commit().then(() => done(), done);
      else done();
    },
    flush: (done) => { (stopped ? Promise.resolve() : commit()).then(() => done(), done); },
  });
  try {
    await pipeline(fs.createReadStream(job.filePath), parser, sink);
  } catch (err) {
    // A malformed CSV (e.g. an unclosed quote) stops the parser: keep what was committed, report the line.
    const e = err as { code?: string; lines?: number; message: string };
    if (e.code && e.code.startsWith('CSV_')) {
      await commit();
      await db.insert(contactImportErrors).values({ jobId: job.id, line: e.lines ?? linesDone + 2, reason: 'malformed', params: { detail: e.message.slice(0, 200) } }).onConflictDoNothing();
      await db.update(contactImportJobs).set({ status: 'failed', badCount: sql`${contactImportJobs.badCount} + 1`, error: e.message.slice(0, 500), updatedAt: new Date() }).where(eq(contactImportJobs.id, job.id));
      return;
    }
    throw err;
  }
  if (stopped) {
    await db.update(contactImportJobs).set({ status: 'paused', updatedAt: new Date() }).where(eq(contactImportJobs.id, job.id));
    return;
  }
  const sha = crypto.createHash('sha256').update(fs.readFileSync(job.filePath)).digest('hex');
  await db.update(contactImportJobs).set({ status: 'completed', bytesDone: job.fileBytes, fileSha256: sha, finishedAt: new Date(), updatedAt: new Date() }).where(eq(contactImportJobs.id, job.id));
  fs.rmSync(job.filePath, { force: true });
}

/** For tests and the CLI: run a claimed job in this process, stopping after some batches as a crash would. */
export async function runImportForTest(db: Db, id: string, opts: { stopAfterBatches?: number; locale?: Locale } = {}) {
  const [job] = await db.update(contactImportJobs).set({ status: 'running', updatedAt: new Date() }).where(eq(contactImportJobs.id, id)).returning();
  const [source] = await db.select().from(contactImportSources).where(eq(contactImportSources.id, job.sourceId));
  await runImport(db, job, source, CsvMapping.parse(source.mapping), opts.locale ?? 'zh-CN', opts);
  if (opts.stopAfterBatches) {
    // Leave it as a crash would: still 'running', not touched for a while.
    await db.update(contactImportJobs).set({ status: 'running', updatedAt: new Date(Date.now() - 2 * STALE_MS) }).where(eq(contactImportJobs.id, id));
  }
}

export async function getImport(db: Db, actor: Actor, id: string) {
  return presentJob(await loadJob(db, actor, id));
}

export async function listImports(db: Db, actor: Actor) {
  requirePermission(actor, 'contact:import');
  const rows = await db.select().from(contactImportJobs).where(scopeCondition(actor, 'contact:import', contactImportJobs.orgUnitId)).orderBy(desc(contactImportJobs.createdAt)).limit(50);
  return { items: rows.map(presentJob) };
}

/** GET /contacts/imports/{id}/errors: bad rows by line, reasons in the reader's language. */
export async function listImportErrors(db: Db, actor: Actor, id: string, opts: { offset: number; limit: number }) {
  await loadJob(db, actor, id);
  const rows = await db.select().from(contactImportErrors).where(eq(contactImportErrors.jobId, id)).orderBy(asc(contactImportErrors.line)).offset(opts.offset).limit(opts.limit);
  const [{ n }] = await db.select({ n: count() }).from(contactImportErrors).where(eq(contactImportErrors.jobId, id));
  return {
    total: n,
    items: rows.map((r) => ({ line: r.line, reason: r.reason, message: describeProblem(actor.locale, { reason: r.reason, params: r.params as Record<string, string> }), raw: r.raw })),
  };
}
