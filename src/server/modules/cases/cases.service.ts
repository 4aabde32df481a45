import crypto from 'node:crypto';
import { and, asc, desc, eq, getTableName, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Case, CaseCreate, CaseListQuery, CaseStatus, CaseUpdateInput, CancelInput, CommentInput, CommentOutput, ConfirmInput,
  EscalateInput, LinkInput, MergeInput, ReopenInput, ResolveInput, TimelineEvent, TransferInput,
} from '../../../shared/cases';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { groupWrite, type RowInsert } from '../../db/group-commit';
import { executeShape } from '../../db/prepared';
import { auditLog, caseComments, caseEvents, caseLinks, caseTransfers, cases, orgUnits, settings, users } from '../../db/schema';
import { type Actor, isSystem, requirePermission } from '../../platform/actor';
import { audit, diff } from '../../platform/audit';
import { decodeCursor, page } from '../../platform/cursor';
import { AppError } from '../../platform/errors';
import type { Locale } from '../../platform/i18n';
import { inScope, scopeFor } from '../../platform/permissions';
import { indexTokens, matchesAtMost, matchVector, tokenStats } from '../../platform/search';
import { checkCustomerRef, createCustomer, customerRefSelect, getCustomerName, getCustomerRef, nameTokens } from '../customers/customers.service';
import {
  assertVersion, type CaseRow, type CaseVisibility, caseVisibility, caseVisibleCondition, loadCase, recordEvent, type ScopedVisibility, touchCase,
  visibleBeyondSites, visibleCondition,
} from './case-access';
import { caseNumber } from './case-number';
import { canTransition, type CaseAction, isOpen, nextStatus } from './case-status';
import { createLookups, type NewCaseFacts, planCaseCreate } from './case-hooks';
import { changesHolder, isBounce } from './case-transfer';
import { CATEGORY_NAME_COLUMN, type CaseNames, type CaseSelectRow, caseFromDriver, categoryPaths, presentCase, selectCases } from './case-presenter';

// The case lifecycle (服务工单): intake, edits, transfers with first-responder
// duty (首问负责), escalation, resolution, customer confirmation, reopen,
// cancel, merge, links, comments and the timeline. One transaction per use case;
// every write leaves a timeline event and an audit row.

type ListQuery = z.infer<typeof CaseListQuery>;
type UpdateInput = z.infer<typeof CaseUpdateInput>;
type Comment = z.infer<typeof CommentOutput>;
type Event = z.infer<typeof TimelineEvent>;

export const DEFAULT_REPEAT_WINDOW_DAYS = 30;

/**
 * Search tokens of a case: jieba words of its number, text and comments, plus
 * the customer's name tokens (with Han character pairs, so 建国 finds 陈建国).
 */
export function caseTokens(number: string, subject: string, description: string, customerName: string | null | undefined, comments: readonly string[] = []): string {
  const words = new Set(indexTokens(number, subject, description, ...comments).split(' '));
  if (customerName) for (const w of nameTokens(customerName).split(' ')) words.add(w);
  words.delete('');
  return [...words].join(' ');
}

const invalid = (path: string, code: string, message: string) => new AppError('validation_failed', {}, [{ path, code, message }]);
const conflict = (reason: string) => new AppError('conflict', { reason });

/** The status `action` leads to, or 409 illegal_transition (from → to, translated). */
function transition(row: CaseRow, action: CaseAction, to: CaseStatus): CaseStatus {
  const next = nextStatus(row.status as CaseStatus, action);
  if (!next) throw new AppError('illegal_transition', { from: row.status, to });
  return next;
}

// ---------------------------------------------------------------- reading

/** One case, presented with names, from inside the transaction that just wrote it (no access check: the caller did it). */
async function presentById(db: DbOrTx, locale: Locale, id: string): Promise<Case> {
  const [r] = await selectCases(db, eq(cases.id, id));
  return presentCase(r.c, names(r, await categoryPaths(db, r.c.categoryId ? [r.c.categoryId] : [], locale)));
}

function names(r: CaseSelectRow, paths: Map<string, string[]>): CaseNames {
  return {
    siteName: r.siteName, firstResponderName: r.firstResponderName, ownerName: r.ownerName, groupName: r.groupName,
    customerName: r.customerName ?? undefined, categoryPath: r.c.categoryId ? paths.get(r.c.categoryId) ?? [] : [],
  };
}

function listRows(db: DbOrTx, where: SQL | undefined, limit: number, opts: { gatherThenSort?: boolean } = {}) {
  // gatherThenSort: order by an expression the created_at index cannot deliver, so PostgreSQL gathers the
  // (few) matches through the search index and sorts them, instead of walking every case newest first.
  const newest = opts.gatherThenSort ? sql`${cases.createdAt} + interval '0 seconds' DESC` : sql`${cases.createdAt} DESC`;
  return selectCases(db, where, sql`ORDER BY ${newest}, ${cases.id} DESC LIMIT ${limit}`);
}

/** Rows → presented cases, with category paths fetched once per page (no N+1). */
async function hydrate(db: DbOrTx, locale: Locale, rows: CaseSelectRow[]): Promise<Case[]> {
  const paths = await categoryPaths(db, [...new Set(rows.map((r) => r.c.categoryId).filter((x): x is string => Boolean(x)))], locale);
  return rows.map((r) => presentCase(r.c, names(r, paths)));
}

/** A case the actor may see (404 otherwise). */
export async function getCase(db: Db, actor: Actor, id: string): Promise<Case> {
  await loadCase(db, actor, id, 'case:read');
  return presentById(db, actor.locale, id);
}

/** Search and filter the cases the actor may see; newest first, keyset-paginated by (createdAt, id). */
export async function listCases(db: DbOrTx, actor: Actor, query: ListQuery): Promise<{ items: Case[]; nextCursor: string | null }> {
  requirePermission(actor, 'case:read');
  const visibility = await caseVisibility(db, actor, 'case:read');
  const conds: (SQL | undefined)[] = [];
  if (query.status) {
    const statuses = Array.isArray(query.status) ? query.status : [query.status];
    conds.push(statuses.length === 1 ? eq(cases.status, statuses[0]) : inArray(cases.status, statuses));
  }
  if (query.type) conds.push(eq(cases.type, query.type));
  if (query.channel) conds.push(eq(cases.channel, query.channel));
  if (query.priority) conds.push(eq(cases.priority, query.priority));
  if (query.categoryId) conds.push(eq(cases.categoryId, query.categoryId));
  if (query.siteId) conds.push(eq(cases.siteId, query.siteId));
  if (query.ownerId) conds.push(eq(cases.ownerId, query.ownerId));
  if (query.groupId) conds.push(eq(cases.groupId, query.groupId));
  if (query.firstResponderId) conds.push(eq(cases.firstResponderId, query.firstResponderId));
  if (query.customerId) conds.push(eq(cases.customerId, query.customerId));
  if (query.createdFrom) conds.push(gte(cases.createdAt, new Date(query.createdFrom)));
  if (query.createdTo) conds.push(lte(cases.createdAt, new Date(query.createdTo)));
  if (query.isRepeat) conds.push(eq(cases.isRepeat, query.isRepeat === 'true'));
  if (query.queue === 'me') conds.push(eq(cases.ownerId, actor.id));
  if (query.queue === 'first_responder') conds.push(eq(cases.firstResponderId, actor.id));
  if (query.queue === 'team') {
    conds.push(or(
      eq(cases.groupId, actor.orgUnitId),
      sql`${cases.ownerId} IN (SELECT ${users.id} FROM ${users} WHERE ${users.orgUnitId} = ${actor.orgUnitId})`,
    ));
  }
  const cursor = decodeCursor(query.cursor);
  const before = cursor ? sql`(${cases.createdAt}, ${cases.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined;
  if (before) conds.push(before);
  const rows = query.q
    ? await newestMatches(db, visibility, conds, query.q, query.limit + 1, cursor ? new Date(cursor.at) : new Date(),
      query.createdFrom ? new Date(query.createdFrom) : null, before)
    : await listRows(db, and(visibleCondition(visibility), ...conds), query.limit + 1);
  const p = page(rows, query.limit, (r) => [r.c.createdAt, r.c.id]);
  return { items: await hydrate(db, actor.locale, p.items), nextCursor: p.nextCursor };
}

/** Search windows after the walk (days back from the page's upper bound); then all of time. */
const SEARCH_RECENT_DAYS = 3;
const SEARCH_MONTH_DAYS = 30;
/** A case's UTC day, as the search index's first key has it. */
const createdDay = sql`((${cases.createdAt} AT TIME ZONE 'UTC')::date)`;
/** At most this many matches are gathered and sorted at once: a scoped reader's units' (unitMatches), or, past the last few days, all. */
const FEW_MATCHES = 3_000;
/** The first window's size in cases: the newest this many (before any filter). */
const SEARCH_FIRST_CASES = 2_000;

/**
 * The newest `limit` cases that match the words of `q` and the filters `conds`. A word found in
 * 100,000 cases would make PostgreSQL gather and sort every match before taking the newest page;
 * so look among the newest few thousand cases first, then in the last few days, the last month,
 * and only then in all of time. The answer is the same as one unbounded query's: when a window
 * holds a page, every match outside it is older than all of it.
 * 1. The newest SEARCH_FIRST_CASES cases (after the cursor) are walked through the created_at index
 *    and each is checked against the filters and its stored tsvector: a word most searches use
 *    (宽带, 断网, 扣费) gives a page here at once, at a bounded cost whatever the filters.
 *    A reader who sees some org units walks each unit's own newest cases instead (scopedWalk); when
 *    that finds too few, their units' matches are gathered through the index's site key, if they are
 *    few (unitMatches).
 * 2. Otherwise the words (or the filters) are rarer: the search index's matches of the last few
 *    days (the index is keyed by day, site, then word), then of the last month. Which words the index
 *    is asked for follows the column's statistics (matchVector).
 * 3. Then all of time, gathering the (now known to be sparse) matches through the index and sorting.
 */
async function newestMatches(db: DbOrTx, visibility: CaseVisibility, filters: (SQL | undefined)[], q: string, limit: number, anchor: Date,
  from: Date | null, cursor: SQL | undefined): Promise<CaseSelectRow[]> {
  const stats = await tokenStats(db, 'cases', 'search_vector');
  const words = matchVector(cases.searchVector, q, stats?.freq);
  const match = [visibleCondition(visibility), ...filters, words];
  // The walk by unit gathers the cases the reader sees beyond their units whole: only when their work orders are
  // few enough to list (a field team's, over months, are not: the province's walk serves it, as it sees much).
  if (!visibility.all && visibility.unitIds.length <= SCOPED_WALK_MAX_UNITS && visibility.workOrderCases) {
    const page = await scopedWalk(db, visibility, match, limit, cursor);
    if (page) return page;
    const gathered = visibility.unitIds.length ? await unitMatches(db, visibility, [...filters, words], limit, cursor) : null;
    if (gathered) return gathered;
  } else {
    // The LIMIT keeps PostgreSQL from asking the search index instead, which for a common word costs
    // more than the whole walk. The subquery is named "cases" too, so the filters' columns resolve to it.
    const walked = sql`${cases.id} IN (SELECT "cases"."id" FROM (
      SELECT * FROM ${cases} ${cursor ? sql`WHERE ${cursor}` : sql``}
      ORDER BY ${cases.createdAt} DESC, ${cases.id} DESC LIMIT ${SEARCH_FIRST_CASES}
    ) AS "cases" WHERE ${and(...match)} ORDER BY "cases"."created_at" DESC, "cases"."id" DESC LIMIT ${limit})`;
    const dense = await listRows(db, walked, limit);
    if (dense.length >= limit) return dense;
  }

  // 2. The last few days. The search index's first key is the case's UTC day (cases_day_site_search_idx), so
  //    PostgreSQL reads only those days' matches however common the words are over all time. created_at
  //    is compared in a form no index serves: its own index would only add a bitmap of every recent case.
  const recent = new Date(anchor.getTime() - SEARCH_RECENT_DAYS * 86_400_000);
  if (!from || recent > from) {
    const rows = await listRows(db, and(...match, sql`${createdDay} >= ${recent.toISOString().slice(0, 10)}::date`,
      sql`${cases.createdAt} + interval '0 seconds' >= ${recent}`), limit, { gatherThenSort: true });
    if (rows.length >= limit) return rows;
  }
  // 3. The last month (a range of 30 days in the index's first key costs more than the words alone),
  // 4. all of time: the matches are now known to be sparse; gather them through the index and sort.
  //    When the statistics say that few cases in all can match (their rarest word is rare), the month
  //    would only read the same index entries once more: all of time at once.
  const month = new Date(anchor.getTime() - SEARCH_MONTH_DAYS * 86_400_000);
  if ((!from || month > from) && !((matchesAtMost(q, stats) ?? Infinity) <= FEW_MATCHES)) {
    const rows = await listRows(db, and(...match, gte(cases.createdAt, month)), limit, { gatherThenSort: true });
    if (rows.length >= limit) return rows;
  }
  return listRows(db, and(...match), limit, { gatherThenSort: true });
}

/** Up to this many org units, a scoped actor's walk goes unit by unit (a hall and its teams; a city's halls). */
const SCOPED_WALK_MAX_UNITS = 16;

/**
 * The walk (step 1 of newestMatches) for an actor who sees some org units' cases. The newest cases
 * of the whole organisation are mostly other units' (the hotline's, in the evening all of them), so
 * the walk takes each unit's own newest SEARCH_FIRST_CASES through the (site, created_at) index, and
 * the newest of the other cases the actor sees (held by their groups, owned, first responded; few,
 * so gathered and sorted), and checks them against the words and filters. The page is exact when its
 * last case is newer than every walked stream's oldest (a stream with fewer cases was walked whole).
 * Null when it is not, or the walk found too few.
 */
async function scopedWalk(db: DbOrTx, v: ScopedVisibility, match: (SQL | undefined)[], limit: number,
  cursor: SQL | undefined): Promise<CaseSelectRow[] | null> {
  const after = cursor ? sql` AND ${cursor}` : sql``;
  const streams = [
    ...v.unitIds.map((u) => ({ where: sql`${cases.siteId} = ${u}`, order: sql`${cases.createdAt} DESC, ${cases.id} DESC` })),
    beyondUnits(v),
  ];
  const walks = streams.map((x) => sql`(SELECT * FROM ${cases} WHERE ${x.where}${after} ORDER BY ${x.order} LIMIT ${SEARCH_FIRST_CASES})`);
  const oldest = streams.map((x) => sql`(SELECT ${cases.createdAt} FROM ${cases} WHERE ${x.where}${after} ORDER BY ${x.order}
    OFFSET ${SEARCH_FIRST_CASES - 1} LIMIT 1)`);
  const { rows } = await db.execute<{ id: string; newer: boolean | null; whole: boolean }>(sql`SELECT "cases"."id",
      "cases"."created_at" > "bound"."at" AS newer, "bound"."at" IS NULL AS whole
    FROM (${sql.join(walks, sql` UNION ALL `)}) AS "cases", (SELECT GREATEST(${sql.join(oldest, sql`, `)}) AS at) AS "bound"
    WHERE ${and(...match)} ORDER BY "cases"."created_at" DESC, "cases"."id" DESC LIMIT ${limit}`);
  const last = rows[rows.length - 1];
  // A full page is exact when its last case is newer than the oldest walked case of every stream not
  // walked whole; fewer than a page is the whole answer only when every stream was walked whole.
  if (!last || !(last.whole || (rows.length >= limit && last.newer))) return null;
  return rowsById(db, rows.map((r) => r.id), limit);
}

/** A scoped reader's units, as a condition on the case's site. */
const inUnits = (v: ScopedVisibility) => sql`${cases.siteId} = ANY(${sql.param(v.unitIds)}::uuid[])`;

/**
 * The cases a scoped reader sees beyond their units (held by their groups or work orders, owned, first
 * responded), newest first: few, so gathered and sorted — never a walk of the whole created_at index.
 */
function beyondUnits(v: ScopedVisibility): { where: SQL; order: SQL } {
  return {
    where: v.unitIds.length ? sql`${visibleBeyondSites(v)} AND NOT (${inUnits(v)})` : visibleBeyondSites(v),
    order: sql`${cases.createdAt} + interval '0 seconds' DESC, ${cases.id} DESC`,
  };
}

/** The page of these cases, newest first, with names. */
const rowsById = (db: DbOrTx, ids: string[], limit: number) => listRows(db, sql`${cases.id} = ANY(${sql.param(ids)}::uuid[])`, limit);

/**
 * Step 2 of newestMatches for a reader who sees some org units' cases, when their walk found too few: the
 * words are rare in their units, though maybe common elsewhere. The search index is keyed by site too
 * (cases_day_site_search_idx), so it gives the units' own matches without reading other halls'. When there
 * are at most FEW_MATCHES of them, and the cases the reader sees beyond their units are few enough to
 * have been walked whole (scopedWalk's last stream), the two sets of matches, gathered and sorted, are the
 * whole answer. Null otherwise: the windows answer then.
 */
async function unitMatches(db: DbOrTx, v: ScopedVisibility, match: (SQL | undefined)[], limit: number,
  cursor: SQL | undefined): Promise<CaseSelectRow[] | null> {
  const beyond = beyondUnits(v);
  // The cases beyond the units are checked row by row, as in the walk: asked for the words, PostgreSQL
  // would read every match in the province (it cannot know how few of them the reader sees).
  // One row for the counts, with the page's ids (none, when nothing matches).
  const { rows } = await db.execute<{ id: string | null; found: number; beyond: number }>(sql`WITH
    "found" AS MATERIALIZED (SELECT ${cases.id} AS id, ${cases.createdAt} AS at FROM ${cases}
      WHERE ${and(inUnits(v), ...match)} LIMIT ${FEW_MATCHES + 1}),
    "beyond" AS MATERIALIZED (SELECT * FROM ${cases} WHERE ${beyond.where}${cursor ? sql` AND ${cursor}` : sql``}
      ORDER BY ${beyond.order} LIMIT ${SEARCH_FIRST_CASES + 1})
    SELECT "page".id, "n".found, "n".beyond
    FROM (SELECT (SELECT count(*) FROM "found")::int AS found, (SELECT count(*) FROM "beyond")::int AS beyond) AS "n"
    LEFT JOIN LATERAL (SELECT id FROM (
      SELECT id, at FROM "found"
      UNION ALL SELECT "cases"."id", "cases"."created_at" FROM "beyond" AS "cases" WHERE ${and(...match)}
    ) AS "m" ORDER BY at DESC, id DESC LIMIT ${limit}) AS "page" ON true`);
  if (rows[0].found > FEW_MATCHES || rows[0].beyond > SEARCH_FIRST_CASES) return null;
  const ids = rows.flatMap((r) => (r.id ? [r.id] : []));
  return ids.length ? rowsById(db, ids, limit) : [];
}

/** A customer's cases (the customer page's timeline), newest first: 404 when the customer is not visible. */
export async function listCustomerCases(db: Db, actor: Actor, customerId: string, query: ListQuery) {
  await getCustomerRef(db, actor, customerId);
  return listCases(db, actor, { ...query, customerId });
}

/** Every event on the case, oldest first, with who did it. */
export async function getTimeline(db: Db, actor: Actor, id: string): Promise<{ items: Event[] }> {
  await loadCase(db, actor, id, 'case:read');
  const rows = await db.execute<{ id: number; kind: string; at: Date | string; actor_id: string | null; actor_name: string | null; data: Record<string, unknown> }>(sql`
    SELECT e.id, e.kind, e.at, e.actor_id, u.name AS actor_name, e.data
    FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
    WHERE e.case_id = ${id} ORDER BY e.at, e.id`);
  return {
    items: rows.rows.map((r) => ({
      id: Number(r.id), kind: r.kind, at: new Date(r.at).toISOString(), actorId: r.actor_id, actorName: r.actor_name, data: r.data ?? {},
    })),
  };
}

/** Comments on the case, oldest first. */
export async function listComments(db: Db, actor: Actor, id: string): Promise<{ items: Comment[] }> {
  await loadCase(db, actor, id, 'case:read');
  const rows = await db.select({ c: caseComments, authorName: users.name }).from(caseComments)
    .leftJoin(users, eq(users.id, caseComments.authorId))
    .where(eq(caseComments.caseId, id)).orderBy(asc(caseComments.createdAt), asc(caseComments.id));
  return { items: rows.map((r) => presentComment(r.c, r.authorName)) };
}

/** Cases linked to this one that the actor may see. */
export async function listLinks(db: DbOrTx, actor: Actor, id: string): Promise<{ items: Case[] }> {
  await loadCase(db, actor, id, 'case:read');
  const related = sql`${cases.id} IN (
    SELECT ${caseLinks.relatedCaseId} FROM ${caseLinks} WHERE ${caseLinks.caseId} = ${id}
    UNION SELECT ${caseLinks.caseId} FROM ${caseLinks} WHERE ${caseLinks.relatedCaseId} = ${id})`;
  const rows = await listRows(db, and(related, caseVisibleCondition(actor, 'case:read')), 200);
  return { items: await hydrate(db, actor.locale, rows) };
}

// ---------------------------------------------------------------- intake

function repeatWindowOf(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : (v as { days?: unknown } | undefined)?.days;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : DEFAULT_REPEAT_WINDOW_DAYS;
}

async function assertCategory(db: DbOrTx, categoryId: string): Promise<void> {
  const [cat] = await db.execute<{ active: boolean }>(sql`SELECT active FROM case_categories WHERE id = ${categoryId}`).then((r) => r.rows);
  if (!cat || !cat.active) throw invalid('categoryId', 'invalid_category', 'unknown or inactive category');
}

/**
 * Record a new case (counter, hotline, …). The creator becomes its first
 * responder for good and its first owner; an inline customer is created in the
 * same transaction; a complaint from the same customer in the same category
 * within the repeat window is flagged as a repeat.
 */
export async function createCase(db: Db, actor: Actor, input: CaseCreate): Promise<Case> {
  requirePermission(actor, 'case:create');
  // A known customer: one read, then one INSERT statement, atomic by itself (no transaction
  // round trips). A new customer is written first, in one transaction with the case.
  return input.customerId ? intake(db, actor, input) : db.transaction((tx) => intake(tx, actor, input));
}

async function intake(db: DbOrTx, actor: Actor, input: CaseCreate): Promise<Case> {
  // Every look-up intake needs, in one statement: site, category, customer, the next case number,
  // the repeat window and the newest earlier complaint that could make this one a repeat, and
  // what other modules' planners ask for.
  const lookup = await intakeLookup(db, actor, input);
  const { site } = lookup;
  const customer = lookup.customer
    ?? { ...await createCustomer(db, actor, { name: input.customer!.name, phones: [input.customer!.phone], orgUnitId: site.id }), valueTier: 'ordinary' /* the column's default */ };

  // Milliseconds only, so the keyset cursor (a JS Date) compares exactly.
  const now = new Date();
  const id = crypto.randomUUID();
  const number = caseNumber(input.type, now, BigInt(lookup.seq));
  const windowDays = lookup.repeatWindowDays;
  const repeatOf = lookup.repeatCandidate && now.getTime() - new Date(lookup.repeatCandidate.createdAt).getTime() <= windowDays * 86_400_000
    ? { id: lookup.repeatCandidate.id, number: lookup.repeatCandidate.number }
    : undefined;

  const actorId = isSystem(actor) ? null : actor.id;
  const created = { number, type: input.type, channel: input.channel, customerId: customer.id, inlineCustomer: !input.customerId };
  const after = { number, type: input.type, channel: input.channel, priority: input.priority, subject: input.subject, categoryId: input.categoryId ?? null,
    customerId: customer.id, siteId: site.id, firstResponderId: actor.id, isRepeat: Boolean(repeatOf), repeatOfId: repeatOf?.id ?? null };
  const facts: NewCaseFacts = {
    id, number, type: input.type, channel: input.channel, priority: input.priority, status: 'new', createdAt: now, siteId: site.id, sitePath: site.path,
    rural: site.rural, categoryPath: lookup.categoryIdPath, valueTier: customer.valueTier, ownerId: actor.id, firstResponderId: actor.id, created,
  };
  const planned = await planCaseCreate(db, facts, lookup.row, actor);

  const event = (kind: string, data: Record<string, unknown>): RowInsert => ({ table: getTableName(caseEvents), row: { case_id: id, at: now, actor_id: actorId, kind, data } });
  // The case (its row is the answer), its first events, its audit row and the planners' rows: one
  // statement, grouped with concurrent intakes (db/group-commit.ts).
  const raw = await groupWrite(db, [
    { table: getTableName(cases), row: {
      id, number, type: input.type, channel: input.channel, status: 'new', priority: input.priority, subject: input.subject, description: input.description,
      category_id: input.categoryId ?? null, customer_id: customer.id, site_id: site.id, first_responder_id: actor.id, owner_id: actor.id, group_id: null,
      external_ref: input.externalRef ?? null, is_repeat: Boolean(repeatOf), repeat_of_id: repeatOf?.id ?? null,
      search_tokens: caseTokens(number, input.subject, input.description, customer.name), created_at: now, updated_at: now,
    } },
    event('created', created),
    ...(repeatOf ? [event('repeat_flagged', { repeatOfId: repeatOf.id, repeatOfNumber: repeatOf.number, windowDays })] : []),
    { table: getTableName(auditLog), row: {
      actor_id: actor.username === 'system' ? null : actor.id, actor_name: actor.username, action: 'case.create', entity_type: 'case', entity_id: id,
      org_unit_id: site.id, before: null, after, ip: actor.ip ?? null,
    } },
    ...planned,
  ]);
  return presentCase(caseFromDriver(raw), {
    siteName: site.name, firstResponderName: actor.name, ownerName: actor.name, groupName: null, customerName: customer.name,
    categoryPath: lookup.categoryPath,
  });
}

interface IntakeLookup {
  site: { id: string; name: string; path: string; rural: boolean };
  customer: { id: string; name: string; orgUnitId: string; valueTier: string } | null;
  categoryPath: string[];
  categoryIdPath: string | null;
  seq: string;
  repeatWindowDays: number;
  repeatCandidate: { id: string; number: string; createdAt: string } | null;
  /** The whole row, with the planners' columns. */
  row: Record<string, unknown>;
}

/**
 * Site (must exist, be active and lie in the actor's case:create scope), category (must exist and be
 * active; its names from the root in the actor's language), the customer when one is named, the next
 * number of case_number_seq, the repeat window, the newest earlier complaint of the customer in the
 * category (a repeat when it lies within the window) and the planners' columns — one statement.
 */
async function intakeLookup(db: DbOrTx, actor: Actor, input: CaseCreate): Promise<IntakeLookup> {
  const withCategory = Boolean(input.categoryId);
  const withCustomer = Boolean(input.customerId);
  // The newest will do: it lies within the window exactly when any does.
  const withRepeat = input.type === 'complaint' && withCategory && withCustomer;
  const extra = createLookups();
  const nameColumn = CATEGORY_NAME_COLUMN[actor.locale] ?? 'name_zh_cn';
  // A handful of shapes (which parts apply, the language, the planners' columns), each built once.
  const key = `intake:${nameColumn}:${+withCategory}${+withCustomer}${+withRepeat}:${extra.map((x) => x.alias).join(',')}`;
  const { rows: [r] } = await executeShape<{
    site: { id: string; name: string; path: string; active: boolean; rural: boolean } | null;
    category: { active: boolean | null; idPath: string | null; path: string[] | null } | null;
    customer: { id: string; name: string; orgUnitId: string; path: string; valueTier: string } | null;
    seq: string;
    repeat_window: unknown;
    repeat_of: { id: string; number: string; createdAt: string } | null;
  }>(db, key, () => {
    const siteId = sql.placeholder('siteId');
    const categoryId = sql.placeholder('categoryId');
    const customerId = sql.placeholder('customerId');
    const name = sql.raw(nameColumn);
    const category = withCategory
      ? sql`(SELECT json_build_object('active', (SELECT active FROM case_categories WHERE id = ${categoryId}),
          'idPath', (SELECT path FROM case_categories WHERE id = ${categoryId}), 'path', (
          WITH RECURSIVE up(id, parent_id, name, depth) AS (
            SELECT c.id, c.parent_id, c.${name}, 0 FROM case_categories c WHERE c.id = ${categoryId}
            UNION ALL
            SELECT p.id, p.parent_id, p.${name}, up.depth + 1 FROM case_categories p JOIN up ON p.id = up.parent_id WHERE up.depth < 16
          ) SELECT json_agg(name ORDER BY depth DESC) FROM up)))`
      : sql`NULL::json`;
    const customer = withCustomer ? customerRefSelect(customerId) : sql`NULL::json`;
    const repeat = withRepeat
      ? sql`(SELECT json_build_object('id', id, 'number', number, 'createdAt', created_at) FROM ${cases}
          WHERE customer_id = ${customerId} AND category_id = ${categoryId} AND type = 'complaint'
            AND status <> 'cancelled' AND merged_into_id IS NULL
          ORDER BY created_at DESC LIMIT 1)`
      : sql`NULL::json`;
    return sql`SELECT
      (SELECT json_build_object('id', id, 'name', name, 'path', path, 'active', active, 'rural', rural) FROM ${orgUnits} WHERE id = ${siteId}) AS site,
      ${category} AS category,
      ${customer} AS customer,
      nextval('case_number_seq')::text AS seq,
      (SELECT value FROM ${settings} WHERE key = 'cases.repeatWindowDays') AS repeat_window,
      ${repeat} AS repeat_of${sql.join(extra.map((x) => sql`, ${x.expr} AS ${sql.identifier(x.alias)}`), sql``)}`;
  }, { siteId: input.siteId ?? actor.orgUnitId, categoryId: input.categoryId, customerId: input.customerId });
  const site = r.site;
  if (!site || !site.active || (!isSystem(actor) && !inScope(scopeFor(actor.grants, 'case:create'), site.path))) {
    throw invalid('siteId', 'invalid_site', 'unknown site or outside your scope');
  }
  if (input.categoryId && !r.category?.active) throw invalid('categoryId', 'invalid_category', 'unknown or inactive category');
  return {
    site: { id: site.id, name: site.name, path: site.path, rural: Boolean(site.rural) },
    customer: input.customerId ? { ...checkCustomerRef(actor, r.customer), valueTier: r.customer!.valueTier } : null,
    categoryPath: r.category?.path ?? [],
    categoryIdPath: r.category?.idPath ?? null,
    seq: r.seq,
    repeatWindowDays: repeatWindowOf(r.repeat_window),
    repeatCandidate: r.repeat_of,
    row: r as unknown as Record<string, unknown>,
  };
}

// ---------------------------------------------------------------- edits

/** Search tokens from the case's text, its customer's name and its comments. */
async function rebuildTokens(tx: Tx, row: CaseRow, subject: string, description: string): Promise<string> {
  const [customerName, comments] = await Promise.all([
    getCustomerName(tx, row.customerId),
    tx.select({ body: caseComments.body }).from(caseComments).where(eq(caseComments.caseId, row.id)),
  ]);
  return caseTokens(row.number, subject, description, customerName, comments.map((c) => c.body));
}

/**
 * Edit a case's fields and move it along accepted / in_progress /
 * waiting_customer. `version` is the one last read: a stale write is refused.
 */
export async function updateCase(db: Db, actor: Actor, id: string, input: UpdateInput): Promise<Case> {
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, actor, id, 'case:update', { lock: true });
    assertVersion(row, input.version);
    const set: Partial<typeof cases.$inferInsert> = {};
    if (input.status !== undefined && input.status !== row.status) {
      if (!canTransition(row.status as CaseStatus, input.status)) throw new AppError('illegal_transition', { from: row.status, to: input.status });
      set.status = input.status;
    }
    const fields = (['subject', 'description', 'categoryId', 'priority', 'type', 'externalRef'] as const)
      .filter((k) => input[k] !== undefined && input[k] !== row[k]);
    if (fields.length && (row.status === 'closed' || row.status === 'cancelled')) throw conflict('case_closed');
    for (const k of fields) (set as Record<string, unknown>)[k] = input[k];
    if (set.categoryId) await assertCategory(tx, set.categoryId);
    if (Object.keys(set).length === 0) return presentById(tx, actor.locale, id);

    if (set.subject !== undefined || set.description !== undefined) {
      set.searchTokens = await rebuildTokens(tx, row, set.subject ?? row.subject, set.description ?? row.description);
    }
    await touchCase(tx, id, set);
    const { searchTokens: _tokens, ...visible } = set;
    const changes = diff(row as unknown as Record<string, unknown>, visible);
    if (fields.length) {
      const fieldChanges = Object.fromEntries(fields.map((k) => [k, { from: row[k], to: input[k] }]));
      await recordEvent(tx, actor, id, 'updated', { changes: fieldChanges });
    }
    if (set.status) await recordEvent(tx, actor, id, 'status_changed', { from: row.status, to: set.status });
    await audit(tx, actor, { action: 'case.update', entityType: 'case', entityId: id, orgUnitId: row.siteId, ...changes });
    return presentById(tx, actor.locale, id);
  });
}

/**
 * Hand the case to another user or resolver group, with a reason. The first
 * responder never changes; a return to an earlier holder is recorded as a
 * bounce (推诿) so it can be counted.
 */
export async function transferCase(db: Db, actor: Actor, id: string, input: z.infer<typeof TransferInput>): Promise<Case> {
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, actor, id, 'case:transfer', { lock: true });
    if (!isOpen(row.status as CaseStatus)) throw conflict('case_not_open');

    let toUser: { id: string; name: string; unitId: string; unitIsGroup: boolean } | undefined;
    if (input.toUserId) {
      [toUser] = await tx.select({ id: users.id, name: users.name, unitId: orgUnits.id, unitIsGroup: orgUnits.isResolverGroup })
        .from(users).innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
        .where(and(eq(users.id, input.toUserId), eq(users.active, true)));
      if (!toUser) throw invalid('toUserId', 'invalid_user', 'unknown or inactive user');
    }
    let toGroup: { id: string; name: string } | undefined;
    if (input.toGroupId) {
      [toGroup] = await tx.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits)
        .where(and(eq(orgUnits.id, input.toGroupId), eq(orgUnits.active, true), eq(orgUnits.isResolverGroup, true)));
      if (!toGroup) throw invalid('toGroupId', 'invalid_group', 'unknown or inactive resolver group');
    }
    // A user alone brings the case into their own team's queue when they sit in one.
    const groupId = toGroup?.id ?? (toUser?.unitIsGroup ? toUser.unitId : null);
    const current = { userId: row.ownerId, groupId: row.groupId };
    const to = { userId: toUser?.id ?? null, groupId };
    if (!changesHolder(current, to)) throw conflict('same_holder');

    const history = await tx.select({
      fromUserId: caseTransfers.fromUserId, fromGroupId: caseTransfers.fromGroupId, toUserId: caseTransfers.toUserId, toGroupId: caseTransfers.toGroupId,
    }).from(caseTransfers).where(eq(caseTransfers.caseId, id)).orderBy(asc(caseTransfers.at), asc(caseTransfers.id));
    const bounce = isBounce({ userId: row.firstResponderId, groupId: null }, history, current, to);

    await tx.insert(caseTransfers).values({
      caseId: id, actorId: actor.id, fromUserId: row.ownerId, fromGroupId: row.groupId, toUserId: to.userId, toGroupId: to.groupId,
      reason: input.reason, isBounce: bounce,
    });
    await touchCase(tx, id, { ownerId: to.userId, groupId: to.groupId, transferCount: row.transferCount + 1 });
    const groupName = toGroup?.name ?? (groupId ? (await tx.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, groupId)))[0]?.name : null);
    await recordEvent(tx, actor, id, 'transferred', {
      fromUserId: row.ownerId, fromGroupId: row.groupId, toUserId: to.userId, toUserName: toUser?.name ?? null,
      toGroupId: to.groupId, toGroupName: groupName ?? null, reason: input.reason, isBounce: bounce,
    });
    await audit(tx, actor, {
      action: 'case.transfer', entityType: 'case', entityId: id, orgUnitId: row.siteId,
      before: { ownerId: row.ownerId, groupId: row.groupId }, after: { ownerId: to.userId, groupId: to.groupId, reason: input.reason, isBounce: bounce },
    });
    return presentById(tx, actor.locale, id);
  });
}

/** Raise the escalation level (supervisor, manager, complaints office), with a reason. */
export async function escalateCase(db: Db, actor: Actor, id: string, input: z.infer<typeof EscalateInput>): Promise<Case> {
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, actor, id, 'case:escalate', { lock: true });
    if (!isOpen(row.status as CaseStatus)) throw conflict('case_not_open');
    if (input.level <= row.escalationLevel) throw conflict('escalation_not_higher');
    await touchCase(tx, id, { escalationLevel: input.level });
    await recordEvent(tx, actor, id, 'escalated', { fromLevel: row.escalationLevel, toLevel: input.level, reason: input.reason });
    await audit(tx, actor, {
      action: 'case.escalate', entityType: 'case', entityId: id, orgUnitId: row.siteId,
      before: { escalationLevel: row.escalationLevel }, after: { escalationLevel: input.level, reason: input.reason },
    });
    return presentById(tx, actor.locale, id);
  });
}

/** Record the resolution; the case then waits for the customer's confirmation. */
export async function resolveCase(db: Db, actor: Actor, id: string, input: z.infer<typeof ResolveInput>): Promise<Case> {
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, actor, id, 'case:resolve', { lock: true });
    const status = transition(row, 'resolve', 'resolved');
    await touchCase(tx, id, {
      status, resolvedAt: new Date(), resolutionCode: input.resolutionCode, resolutionSummary: input.summary, confirmation: null, confirmedAt: null,
    });
    await recordEvent(tx, actor, id, 'resolved', { from: row.status, resolutionCode: input.resolutionCode, summary: input.summary });
    await audit(tx, actor, {
      action: 'case.resolve', entityType: 'case', entityId: id, orgUnitId: row.siteId,
      before: { status: row.status }, after: { status, resolutionCode: input.resolutionCode, resolutionSummary: input.summary },
    });
    return presentById(tx, actor.locale, id);
  });
}

/** The customer's answer to a resolution: satisfied closes the case, unsatisfied sends it back to work. */
export async function confirmCase(db: Db, actor: Actor, id: string, input: z.infer<typeof ConfirmInput>): Promise<Case> {
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, actor, id, 'case:resolve', { lock: true });
    const now = new Date();
    const confirmation = input.satisfied ? 'satisfied' : 'unsatisfied';
    const status = input.satisfied ? transition(row, 'confirm', 'closed') : transition(row, 'reject', 'in_progress');
    await touchCase(tx, id, input.satisfied
      ? { status, confirmation, confirmedAt: now, closedAt: now }
      : { status, confirmation, confirmedAt: now, resolvedAt: null, reopenCount: row.reopenCount + 1 });
    await recordEvent(tx, actor, id, 'confirmed', { satisfied: input.satisfied, comment: input.comment ?? null });
    if (!input.satisfied) await recordEvent(tx, actor, id, 'reopened', { from: row.status, cause: 'customer_unsatisfied', reason: input.comment ?? null });
    await audit(tx, actor, {
      action: 'case.confirm', entityType: 'case', entityId: id, orgUnitId: row.siteId,
      before: { status: row.status }, after: { status, confirmation, comment: input.comment ?? null },
    });
    return presentById(tx, actor.locale, id);
  });
}

/** Take a resolved or closed case back to work (the problem came back). */
export async function reopenCase(db: Db, actor: Actor, id: string, input: z.infer<typeof ReopenInput>, opts: { cause?: 'callback_unresolved' } = {}): Promise<Case> {
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, actor, id, 'case:reopen', { lock: true });
    if (row.mergedIntoId) throw conflict('case_merged');
    const status = transition(row, 'reopen', 'in_progress');
    await touchCase(tx, id, {
      status, reopenCount: row.reopenCount + 1, resolvedAt: null, closedAt: null, confirmation: null, confirmedAt: null,
    });
    await recordEvent(tx, actor, id, 'reopened', { from: row.status, reason: input.reason, ...(opts.cause ? { cause: opts.cause } : {}) });
    await audit(tx, actor, {
      action: 'case.reopen', entityType: 'case', entityId: id, orgUnitId: row.siteId,
      before: { status: row.status }, after: { status, reason: input.reason },
    });
    return presentById(tx, actor.locale, id);
  });
}

/** Withdraw an open case that should not have been recorded (wrong customer, test call). */
export async function cancelCase(db: Db, actor: Actor, id: string, input: z.infer<typeof CancelInput>): Promise<Case> {
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, actor, id, 'case:cancel', { lock: true });
    const status = transition(row, 'cancel', 'cancelled');
    await touchCase(tx, id, { status });
    await recordEvent(tx, actor, id, 'cancelled', { from: row.status, reason: input.reason });
    await audit(tx, actor, {
      action: 'case.cancel', entityType: 'case', entityId: id, orgUnitId: row.siteId,
      before: { status: row.status }, after: { status, reason: input.reason },
    });
    return presentById(tx, actor.locale, id);
  });
}

/**
 * Merge a duplicate into the surviving case: the duplicate is closed as
 * 'duplicate' and points at the survivor; both timelines say so.
 */
export async function mergeCase(db: Db, actor: Actor, id: string, input: z.infer<typeof MergeInput>): Promise<Case> {
  if (id === input.intoCaseId) throw conflict('merge_into_self');
  return db.transaction(async (tx) => {
    // Lock both in a fixed order, so two opposite merges cannot deadlock.
    const [firstId, secondId] = [id, input.intoCaseId].sort();
    const first = await loadCase(tx, actor, firstId, 'case:merge', { lock: true });
    const second = await loadCase(tx, actor, secondId, 'case:merge', { lock: true });
    const [dup, into] = first.id === id ? [first, second] : [second, first];
    if (dup.mergedIntoId) throw conflict('case_already_merged');
    if (into.mergedIntoId || into.status === 'cancelled') throw conflict('merge_target_invalid');
    const status = transition(dup, 'merge', 'closed');
    await touchCase(tx, dup.id, {
      status, mergedIntoId: into.id, resolutionCode: 'duplicate', resolutionSummary: input.reason ?? dup.resolutionSummary, closedAt: new Date(),
    });
    await touchCase(tx, into.id, {});
    await recordEvent(tx, actor, dup.id, 'merged', { from: dup.status, intoCaseId: into.id, intoNumber: into.number, reason: input.reason ?? null });
    await recordEvent(tx, actor, into.id, 'merged_from', { caseId: dup.id, number: dup.number, reason: input.reason ?? null });
    await audit(tx, actor, {
      action: 'case.merge', entityType: 'case', entityId: dup.id, orgUnitId: dup.siteId,
      before: { status: dup.status, mergedIntoId: null }, after: { status, mergedIntoId: into.id, resolutionCode: 'duplicate' },
    });
    return presentById(tx, actor.locale, dup.id);
  });
}

/** Link two related cases (same outage, same household); linking twice changes nothing. */
export async function linkCase(db: Db, actor: Actor, id: string, input: z.infer<typeof LinkInput>): Promise<{ items: Case[] }> {
  if (id === input.caseId) throw conflict('link_to_self');
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, actor, id, 'case:update', { lock: true });
    const other = await loadCase(tx, actor, input.caseId, 'case:read');
    const [a, b] = [row.id, other.id].sort();
    const inserted = await tx.insert(caseLinks).values({ caseId: a, relatedCaseId: b, createdBy: actor.id }).onConflictDoNothing().returning();
    if (inserted.length) {
      await recordEvent(tx, actor, row.id, 'linked', { caseId: other.id, number: other.number });
      await recordEvent(tx, actor, other.id, 'linked', { caseId: row.id, number: row.number });
      await audit(tx, actor, { action: 'case.link', entityType: 'case', entityId: row.id, orgUnitId: row.siteId, after: { relatedCaseId: other.id } });
    }
    return listLinks(tx, actor, id);
  });
}

function presentComment(c: typeof caseComments.$inferSelect, authorName: string | null | undefined): Comment {
  return {
    id: c.id, caseId: c.caseId, authorId: c.authorId, ...(authorName ? { authorName } : {}), body: c.body, public: c.public,
    createdAt: c.createdAt.toISOString(),
  };
}

/** Add an internal or public comment; its words become searchable on the case. */
export async function addComment(db: Db, actor: Actor, id: string, input: z.infer<typeof CommentInput>): Promise<Comment> {
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, actor, id, 'case:comment', { lock: true });
    const now = new Date();
    const [comment] = await tx.insert(caseComments).values({ caseId: id, authorId: actor.id, body: input.body, public: input.public, createdAt: now }).returning();
    const tokens = new Set(row.searchTokens.split(' ').filter(Boolean));
    for (const t of indexTokens(input.body).split(' ')) if (t) tokens.add(t);
    // Not a version bump: a comment must not make someone's open edit form stale.
    await tx.update(cases).set({ searchTokens: [...tokens].join(' '), updatedAt: now }).where(eq(cases.id, id));
    await recordEvent(tx, actor, id, 'commented', { commentId: comment.id, public: input.public, excerpt: input.body.slice(0, 200) });
    await audit(tx, actor, {
      action: 'case.comment', entityType: 'case', entityId: id, orgUnitId: row.siteId, after: { commentId: comment.id, public: input.public },
    });
    return presentComment(comment, actor.name);
  });
}
