import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Permission } from '../../shared/roles';
import { AppError } from './errors';
import type { Locale } from './i18n';
import { type Grant, type OrgScope, hasPermission, inScope, scopeFor } from './permissions';

/** Who is acting: passed to every use case so it can scope reads and audit writes. */
export interface Actor {
  id: string;
  username: string;
  name: string;
  orgUnitId: string;
  locale: Locale;
  grants: Grant[];
  ip?: string;
}

/** The system itself (seeding, CLI, jobs): every permission over the whole tree. */
export function systemActor(rootPath = '/'): Actor {
  return {
    id: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    name: 'system',
    orgUnitId: '00000000-0000-0000-0000-000000000000',
    locale: 'zh-CN',
    grants: [{ role: 'admin', scopeOrgUnitId: '00000000-0000-0000-0000-000000000000', scopePath: rootPath }],
  };
}

export function isSystem(actor: Actor): boolean {
  return actor.username === 'system';
}

/** Throws 403 unless the actor holds `permission` somewhere. */
export function requirePermission(actor: Actor, permission: Permission): OrgScope {
  if (!hasPermission(actor.grants, permission)) throw new AppError('forbidden');
  return scopeFor(actor.grants, permission);
}

/**
 * Records outside the actor's subtree do not exist for them: 404, not 403,
 * so nothing hints that they are there.
 */
export function assertVisible(actor: Actor, permission: Permission, orgUnitPath: string, entity: string): void {
  if (!inScope(scopeFor(actor.grants, permission), orgUnitPath)) throw new AppError('not_found', { entity });
}

/** Throws 403 when the actor may see the record but not do this to it. */
export function assertAllowed(actor: Actor, permission: Permission, orgUnitPath: string): void {
  if (!inScope(scopeFor(actor.grants, permission), orgUnitPath)) throw new AppError('forbidden');
}

/** SQL condition: `orgColumn` is a unit inside the actor's scope for `permission`. */
export function scopeCondition(actor: Actor, permission: Permission, orgColumn: AnyColumn): SQL {
  const { paths } = scopeFor(actor.grants, permission);
  if (paths.length === 0) return sql`false`;
  if (paths.includes('/')) return sql`true`;
  const patterns = paths.map((p) => `${p}%`);
  return sql`${orgColumn} IN (SELECT id FROM org_units WHERE path LIKE ANY(${sql.param(patterns)}::text[]))`;
}
