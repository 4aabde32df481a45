// Transfers and bounces (推诿): pure, given the case's transfer history.

export interface Holder { userId: string | null; groupId: string | null }
export interface PastTransfer { fromUserId: string | null; fromGroupId: string | null; toUserId: string | null; toGroupId: string | null }

/**
 * Whether handing the case to `to` sends it back to someone who held it
 * before: the user when one is named, else the group. `initial` is who held
 * it at creation (the first responder); `current` is who holds it now.
 */
export function isBounce(initial: Holder, history: readonly PastTransfer[], current: Holder, to: Holder): boolean {
  const users = new Set<string>();
  const groups = new Set<string>();
  const add = (u: string | null, g: string | null) => { if (u) users.add(u); if (g) groups.add(g); };
  add(initial.userId, initial.groupId);
  for (const t of history) { add(t.fromUserId, t.fromGroupId); add(t.toUserId, t.toGroupId); }
  if (to.userId) return to.userId !== current.userId && users.has(to.userId);
  if (to.groupId) return to.groupId !== current.groupId && groups.has(to.groupId);
  return false;
}

/** A transfer must change who holds the case. */
export function changesHolder(current: Holder, to: Holder): boolean {
  return current.userId !== to.userId || current.groupId !== to.groupId;
}
