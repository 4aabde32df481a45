import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx, Db } from '../../db/client';
import { notificationPreferences, notifications, users } from '../../db/schema';
import type { NotificationOutput, NotificationPage, NotificationPreferences } from '../../../shared/notifications';
import type { Actor } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { decodeCursor, page } from '../../platform/cursor';
import { AppError } from '../../platform/errors';
import type { Locale } from '../../platform/i18n';
import { availableChannels } from '../../platform/notifications';

// A person's own notifications: every use case here only ever touches the actor's rows.

type Row = typeof notifications.$inferSelect;

function present(row: Row, locale: Locale): NotificationOutput {
  return {
    id: row.id, kind: row.kind, caseId: row.caseId,
    title: row.title[locale] ?? row.title['zh-CN'],
    body: row.body ? row.body[locale] ?? row.body['zh-CN'] : null,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** My notifications, newest first (keyset pagination), optionally only the unread ones. */
export async function listMyNotifications(db: Db, actor: Actor, locale: Locale, q: { cursor?: string; limit: number; unread?: 'true' | 'false' }): Promise<NotificationPage> {
  const cursor = decodeCursor(q.cursor);
  const rows = await db.select().from(notifications).where(and(
    eq(notifications.recipientId, actor.id),
    q.unread === 'true' ? isNull(notifications.readAt) : undefined,
    cursor ? or(
      lt(notifications.createdAt, new Date(cursor.at)),
      and(eq(notifications.createdAt, new Date(cursor.at)), lt(notifications.id, cursor.id)),
    ) : undefined,
  )).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => [r.createdAt, r.id]);
  return { items: p.items.map((r) => present(r, locale)), nextCursor: p.nextCursor };
}

/** The number on the bell. */
export async function unreadCount(db: Db, actor: Actor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(notifications)
    .where(and(eq(notifications.recipientId, actor.id), isNull(notifications.readAt)));
  return row.n;
}

/** Mark one of my notifications read (idempotent); someone else's is 404. */
export async function markRead(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.recipientId, actor.id))).for('update');
    if (!row) throw new AppError('not_found', { entity: 'notification' });
    if (row.readAt) return;
    await tx.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, id));
    await audit(tx, actor, { action: 'notification.read', entityType: 'notification', entityId: id });
  });
}

/** Mark all my notifications read. */
export async function markAllRead(db: Db, actor: Actor): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.update(notifications).set({ readAt: new Date() })
      .where(and(eq(notifications.recipientId, actor.id), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    if (rows.length > 0) await audit(tx, actor, { action: 'notification.read_all', entityType: 'notification', after: { marked: rows.length } });
    return rows.length;
  });
}

async function loadPreferences(db: DbOrTx, actor: Actor): Promise<NotificationPreferences> {
  const [row] = await db
    .select({ email: notificationPreferences.email, sms: notificationPreferences.sms, address: users.email, phone: users.phone })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(eq(users.id, actor.id));
  if (!row) throw new AppError('not_found', { entity: 'user' });
  const channels = availableChannels();
  return {
    email: row.email ?? true, sms: row.sms ?? false,
    emailAvailable: channels.email, smsAvailable: channels.sms,
    hasEmail: !!row.address, hasPhone: !!row.phone,
  };
}

/** Which channels besides in-app I receive notifications on. */
export async function getPreferences(db: Db, actor: Actor): Promise<NotificationPreferences> {
  return loadPreferences(db, actor);
}

/** Choose my channels (in-app is always on). */
export async function setPreferences(db: Db, actor: Actor, input: { email: boolean; sms: boolean }): Promise<NotificationPreferences> {
  return db.transaction(async (tx) => {
    const before = await loadPreferences(tx, actor);
    await tx.insert(notificationPreferences).values({ userId: actor.id, email: input.email, sms: input.sms })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: { email: input.email, sms: input.sms, updatedAt: new Date() } });
    await audit(tx, actor, {
      action: 'notification.preferences', entityType: 'user', entityId: actor.id,
      before: { email: before.email, sms: before.sms }, after: input,
    });
    return { ...before, ...input };
  });
}
