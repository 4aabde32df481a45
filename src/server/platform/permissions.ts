import type { Permission, Role } from '../../shared/roles';
import { permissionsOf } from '../../shared/roles';

// Pure: which org units a user may act on, from the roles they hold.

export interface Grant {
  role: Role;
  scopeOrgUnitId: string;
  /** The scope unit's materialised path ('/a/b/'), so a subtree test needs no query. */
  scopePath: string;
}

export interface OrgScope {
  /** Paths of the subtrees the permission covers; empty: none. */
  paths: string[];
}

export function scopeFor(grants: readonly Grant[], permission: Permission): OrgScope {
  const paths = grants.filter((g) => permissionsOf(g.role).includes(permission)).map((g) => g.scopePath);
  // Drop paths already covered by a wider one.
  const unique = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of unique) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return { paths: kept };
}

export function inScope(scope: OrgScope, orgUnitPath: string): boolean {
  return scope.paths.some((p) => orgUnitPath.startsWith(p));
}

export function hasPermission(grants: readonly Grant[], permission: Permission): boolean {
  return grants.some((g) => permissionsOf(g.role).includes(permission));
}
