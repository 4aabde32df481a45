import type { CommitmentConditions, MatchReason } from '../../../shared/sla';

// Which commitment covers a case (issue 3, item 2). Pure.
//
// The specificity rule (also in docs/adr/0006-sla-clocks.md and the API docs):
// a commitment matches when every condition it sets holds (an unset condition
// matches anything). Among the active commitments that match, the winner is
//   1. the one that sets the most conditions (case types, category, channels,
//      priorities, customer value tiers, site, urban/rural: one each);
//   2. then the narrowest category (deepest in the tree);
//   3. then the narrowest site (deepest in the org tree);
//   4. then the highest `rank` (an administrator's explicit tie-break);
//   5. then the oldest (created first), then the smallest id — so the choice
//      is always the same for the same inputs.

export interface MatchableCase {
  type: string;
  channel: string;
  priority: string;
  valueTier: string;
  /** '/<root>/…/<category id>/' or null when the case has no category. */
  categoryPath: string | null;
  /** '/<root>/…/<site id>/'. */
  sitePath: string;
  rural: boolean;
}

export interface MatchableCommitment {
  id: string;
  code: string;
  active: boolean;
  conditions: CommitmentConditions;
  rank: number;
  createdAt: Date;
}

/** Depth (1 = root) of `id` inside `path`, or 0 when `path` does not pass through it. */
export function depthIn(path: string | null, id: string): number {
  if (!path) return 0;
  const parts = path.split('/').filter(Boolean);
  const i = parts.indexOf(id);
  return i < 0 ? 0 : i + 1;
}

/** Why `c` matches `k` (its reason), or null when it does not. */
export function matchCommitment(c: MatchableCommitment, k: MatchableCase): Omit<MatchReason, 'alsoMatched'> | null {
  if (!c.active) return null;
  const cond = c.conditions;
  const matched: { condition: string; value: string }[] = [];
  const among = (name: string, list: readonly string[], value: string) => {
    if (list.length === 0) return true;
    if (!list.includes(value)) return false;
    matched.push({ condition: name, value });
    return true;
  };
  if (!among('caseType', cond.caseTypes, k.type)) return null;
  if (!among('channel', cond.channels, k.channel)) return null;
  if (!among('priority', cond.priorities, k.priority)) return null;
  if (!among('valueTier', cond.valueTiers, k.valueTier)) return null;
  let categoryDepth = 0;
  if (cond.categoryId) {
    categoryDepth = depthIn(k.categoryPath, cond.categoryId);
    if (categoryDepth === 0) return null;
    matched.push({ condition: 'category', value: cond.categoryId });
  }
  let siteDepth = 0;
  if (cond.siteId) {
    siteDepth = depthIn(k.sitePath, cond.siteId);
    if (siteDepth === 0) return null;
    matched.push({ condition: 'site', value: cond.siteId });
  }
  if (cond.area) {
    if ((cond.area === 'rural') !== k.rural) return null;
    matched.push({ condition: 'area', value: cond.area });
  }
  return { score: matched.length, matched, categoryDepth, siteDepth, rank: c.rank };
}

type Scored<C> = { c: C; reason: Omit<MatchReason, 'alsoMatched'> };

/** Negative when `a` is more specific than `b` (sorts first). */
function compare<C extends MatchableCommitment>(a: Scored<C>, b: Scored<C>): number {
  return (b.reason.score - a.reason.score)
    || (b.reason.categoryDepth - a.reason.categoryDepth)
    || (b.reason.siteDepth - a.reason.siteDepth)
    || (b.reason.rank - a.reason.rank)
    || (a.c.createdAt.getTime() - b.c.createdAt.getTime())
    || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0);
}

/** The commitment that covers the case under the specificity rule, with the reason; null when none matches. */
export function pickCommitment<C extends MatchableCommitment>(commitments: readonly C[], k: MatchableCase): { commitment: C; reason: MatchReason } | null {
  const scored: Scored<C>[] = [];
  for (const c of commitments) {
    const reason = matchCommitment(c, k);
    if (reason) scored.push({ c, reason });
  }
  if (scored.length === 0) return null;
  scored.sort(compare);
  const [best, ...rest] = scored;
  return { commitment: best.c, reason: { ...best.reason, alsoMatched: rest.map((s) => s.c.code) } };
}
