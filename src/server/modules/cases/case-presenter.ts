import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Case } from '../../../shared/cases';
import type { DbOrTx } from '../../db/client';
import { cases, orgUnits, users } from '../../db/schema';
import type { Locale } from '../../platform/i18n';

// A case as the API shows it: the row plus the names people read (first responder, owner, group, site, category path).

const site = alias(orgUnits, 'case_site');
const holdingGroup = alias(orgUnits, 'case_group');
const firstResponder = alias(users, 'case_first_responder');
const owner = alias(users, 'case_owner');

/** Cases with the names of their site, first responder, owner and group, in one query. */
export function selectCases(db: DbOrTx) {
  return db
    .select({
      c: cases,
      siteName: site.name,
      firstResponderName: firstResponder.name,
      ownerName: owner.name,
      groupName: holdingGroup.name,
    })
    .from(cases)
    .innerJoin(site, eq(site.id, cases.siteId))
    .innerJoin(firstResponder, eq(firstResponder.id, cases.firstResponderId))
    .leftJoin(owner, eq(owner.id, cases.ownerId))
    .leftJoin(holdingGroup, eq(holdingGroup.id, cases.groupId))
    .$dynamic();
}
export type CaseSelectRow = Awaited<ReturnType<typeof selectCases>>[number];

export const CATEGORY_NAME_COLUMN: Record<Locale, string> = { 'zh-CN': 'name_zh_cn', 'zh-TW': 'name_zh_tw', en: 'name_en' };

/**
 * Category names from the root down to each category (网络质量 → 宽带 → 无法上网),
 * in the reader's language, for many categories in one query. Walks parent
 * ids, so it does not depend on how the path column is spelt.
 */
export async function categoryPaths(db: DbOrTx, ids: readonly string[], locale: Locale): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const name = sql.raw(CATEGORY_NAME_COLUMN[locale] ?? 'name_zh_cn');
  const res = await db.execute<{ start_id: string; name: string }>(sql`
    WITH RECURSIVE up(start_id, id, parent_id, name, depth) AS (
      SELECT c.id, c.id, c.parent_id, c.${name}, 0 FROM case_categories c WHERE c.id = ANY(${sql.param([...ids])}::uuid[])
      UNION ALL
      SELECT up.start_id, p.id, p.parent_id, p.${name}, up.depth + 1 FROM case_categories p JOIN up ON p.id = up.parent_id WHERE up.depth < 16
    )
    SELECT start_id, name FROM up ORDER BY start_id, depth DESC`);
  for (const r of res.rows) {
    const list = out.get(r.start_id) ?? [];
    list.push(r.name);
    out.set(r.start_id, list);
  }
  return out;
}

export interface CaseNames {
  siteName: string;
  firstResponderName: string;
  ownerName: string | null;
  groupName: string | null;
  customerName: string | undefined;
  categoryPath: string[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentCase(c: typeof cases.$inferSelect, n: CaseNames): Case {
  return {
    id: c.id,
    number: c.number,
    type: c.type as Case['type'],
    channel: c.channel as Case['channel'],
    status: c.status as Case['status'],
    priority: c.priority as Case['priority'],
    subject: c.subject,
    description: c.description,
    categoryId: c.categoryId,
    categoryPath: n.categoryPath,
    customerId: c.customerId,
    ...(n.customerName !== undefined ? { customerName: n.customerName } : {}),
    siteId: c.siteId,
    siteName: n.siteName,
    firstResponderId: c.firstResponderId,
    firstResponder: { id: c.firstResponderId, name: n.firstResponderName },
    ownerId: c.ownerId,
    owner: c.ownerId ? { id: c.ownerId, name: n.ownerName ?? '' } : null,
    groupId: c.groupId,
    group: c.groupId ? { id: c.groupId, name: n.groupName ?? '' } : null,
    escalationLevel: c.escalationLevel,
    isRepeat: c.isRepeat,
    repeatOfId: c.repeatOfId,
    mergedIntoId: c.mergedIntoId,
    externalRef: c.externalRef,
    resolutionCode: c.resolutionCode,
    resolutionSummary: c.resolutionSummary,
    resolvedAt: iso(c.resolvedAt),
    confirmedAt: iso(c.confirmedAt),
    confirmation: (c.confirmation as Case['confirmation']) ?? null,
    closedAt: iso(c.closedAt),
    reopenCount: c.reopenCount,
    transferCount: c.transferCount,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
