import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AuditEntryOutput, AuditQuery } from '../../../shared/platform';
import type { Db } from '../../db/client';
import { auditLog } from '../../db/schema';
import { type Actor, isSystem, requirePermission, scopeCondition } from '../../platform/actor';
import { decodeCursor } from '../../platform/cursor';
import { AppError } from '../../platform/errors';
import { redact } from '../../platform/log';
import { hasPermission, scopeFor } from '../../platform/permissions';
import { encodeKeyset } from './users.service';

// Searching the audit log: who did what, when, with before/after.

type AuditEntryDto = z.infer<typeof AuditEntryOutput>;

/** True when the actor's audit:read covers the whole tree (a path of one segment is the root). */
function readsWholeTree(actor: Actor): boolean {
  if (isSystem(actor)) return true;
  return scopeFor(actor.grants, 'audit:read').paths.some((p) => p === '/' || /^\/[^/]+\/$/.test(p));
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Audit rows newest first, keyset-paginated on (at desc, id desc). Administrators of the root see
 * every row (including those tied to no unit); others only rows of units in their audit:read scope.
 */
export async function searchAudit(db: Db, actor: Actor, query: z.infer<typeof AuditQuery>) {
  requirePermission(actor, 'audit:read');
  const conds: SQL[] = [];
  if (!readsWholeTree(actor)) conds.push(scopeCondition(actor, 'audit:read', auditLog.orgUnitId));
  if (query.actorId) conds.push(eq(auditLog.actorId, query.actorId));
  if (query.entityType) conds.push(eq(auditLog.entityType, query.entityType));
  if (query.entityId) conds.push(eq(auditLog.entityId, query.entityId));
  if (query.action) conds.push(sql`${auditLog.action} like ${`${escapeLike(query.action)}%`}`);
  if (query.from) conds.push(gte(auditLog.at, new Date(query.from)));
  if (query.to) conds.push(lt(auditLog.at, new Date(query.to)));
  const cursor = decodeCursor(query.cursor);
  if (cursor) {
    if (!/^\d+$/.test(cursor.id)) throw new AppError('validation_failed', {}, [{ path: 'cursor', code: 'invalid_cursor', message: 'invalid cursor' }]);
    conds.push(sql`(${auditLog.at}, ${auditLog.id}) < (${cursor.at}::timestamptz, ${Number(cursor.id)})`);
  }
  const rows = await db
    .select({ row: auditLog, at: sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(auditLog)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  // PIPL: phone and ID numbers typed into free text (a case subject, a reason) stay masked for readers without customer:reveal.
  const show = hasPermission(actor.grants, 'customer:reveal') ? (v: unknown) => v : (v: unknown) => redact(v);
  const items: AuditEntryDto[] = page.map(({ row }) => ({
    id: row.id, at: row.at.toISOString(), actorId: row.actorId, actorName: row.actorName, action: row.action,
    entityType: row.entityType, entityId: row.entityId, orgUnitId: row.orgUnitId, before: show(row.before), after: show(row.after), ip: row.ip,
  }));
  return { items, nextCursor: rows.length > query.limit && last ? encodeKeyset(last.at, last.row.id) : null };
}
