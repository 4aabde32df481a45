import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db, DbOrTx } from '../db/client';
import { notificationOutbox, notificationPreferences, notifications, users } from '../db/schema';
import { NOTIFICATION_TOPIC, type LocalizedText } from '../../shared/notifications';
import { describeFailure, registerJob } from './jobs';
import { publish } from './live';
import { maskPhone } from './pii';
import type { Locale } from './i18n';

// Notifications (ADR 0007): `notify` stores one in-app notification per
// recipient and publishes it live, all inside the caller's transaction; email
// and SMS go through an outbox that a job drains afterwards, with retries, so
// a slow or broken mail server never holds up or rolls back the business write.
//
// Email: MANYI_SMTP_URL (smtp:// or smtps://, credentials in the URL) and
// MANYI_MAIL_FROM; without MANYI_SMTP_URL email is off. SMS: MANYI_SMS_ADAPTER
// names an adapter ('log' is built in and writes a masked line); unset, SMS is off.

export interface NotifyInput {
  recipientIds: string[];
  kind: string;
  caseId?: string | null;
  title: LocalizedText;
  body?: LocalizedText;
}

/** Someone who sends text messages: a gateway of the operator's SMS platform, or the built-in log. */
export interface SmsAdapter {
  name: string;
  /** `to` is the full number; never log it unmasked. Throw to have the message retried. */
  send(to: string, text: string): Promise<void>;
}

const smsAdapters = new Map<string, SmsAdapter>();

/** Make an SMS adapter selectable with MANYI_SMS_ADAPTER=<name>. */
export function registerSmsAdapter(adapter: SmsAdapter): void {
  smsAdapters.set(adapter.name, adapter);
}

registerSmsAdapter({
  name: 'log',
  async send(to, text) {
    console.log(`[sms] to ${maskPhone(to)}: ${text}`);
  },
});

export const MAX_DELIVERY_ATTEMPTS = 5;
/** Delay before attempt n+1 (n ≥ 1): 30 s, 1 min, 2 min, 4 min. */
export function retryDelayMs(attempts: number): number {
  return 30_000 * 2 ** Math.max(0, attempts - 1);
}

function emailUrl(): string | undefined {
  return process.env.MANYI_SMTP_URL || undefined;
}

function smsAdapter(): SmsAdapter | undefined {
  const name = process.env.MANYI_SMS_ADAPTER;
  return name ? smsAdapters.get(name) : undefined;
}

/** The channels this node can deliver (and so queues). */
export function availableChannels(): { email: boolean; sms: boolean } {
  return { email: emailUrl() !== undefined, sms: smsAdapter() !== undefined };
}

let transport: { url: string; transporter: Transporter } | undefined;
function mailer(url: string): Transporter {
  if (transport?.url !== url) {
    transport?.transporter.close();
    transport = { url, transporter: nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }) };
  }
  return transport.transporter;
}

/** Store, publish and queue a notification for each recipient (inactive or unknown users are skipped). */
export async function notify(db: DbOrTx, input: NotifyInput): Promise<void> {
  const ids = [...new Set(input.recipientIds.filter((id): id is string => typeof id === 'string' && id.length > 0))];
  if (ids.length === 0) return;
  const recipients = await db
    .select({
      id: users.id, email: users.email, phone: users.phone,
      wantsEmail: notificationPreferences.email, wantsSms: notificationPreferences.sms,
    })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(and(inArray(users.id, ids), eq(users.active, true)));
  if (recipients.length === 0) return;
  const rows = await db
    .insert(notifications)
    .values(recipients.map((r) => ({ recipientId: r.id, kind: input.kind, caseId: input.caseId ?? null, title: input.title, body: input.body ?? null })))
    .returning({ id: notifications.id, recipientId: notifications.recipientId });
  const channels = availableChannels();
  const outbox: (typeof notificationOutbox.$inferInsert)[] = [];
  for (const row of rows) {
    const r = recipients.find((x) => x.id === row.recipientId)!;
    if (channels.email && r.email && (r.wantsEmail ?? true)) outbox.push({ notificationId: row.id, channel: 'email' });
    if (channels.sms && r.phone && (r.wantsSms ?? false)) outbox.push({ notificationId: row.id, channel: 'sms' });
  }
  if (outbox.length > 0) await db.insert(notificationOutbox).values(outbox);
  for (const row of rows) {
    await publish(db, { topic: NOTIFICATION_TOPIC, userIds: [row.recipientId], payload: { id: row.id, kind: input.kind, caseId: input.caseId ?? null } });
  }
}

function localeOf(value: string): Locale {
  return value === 'zh-TW' || value === 'en' ? value : 'zh-CN';
}

const signature: LocalizedText = { 'zh-CN': '—— 满意 Manyi 服务质量平台', 'zh-TW': '—— 滿意 Manyi 服務品質平台', en: '— Manyi service-quality platform' };

/**
 * Deliver due email and SMS. Rows are taken with FOR UPDATE SKIP LOCKED, so
 * several nodes drain the outbox together without sending anything twice.
 * Only channels configured on this node are taken.
 */
export async function deliverOutbox(db: Db, now: Date, opts: { batch?: number } = {}): Promise<{ sent: number; failed: number; retried: number }> {
  const channels = availableChannels();
  const wanted = (['email', 'sms'] as const).filter((c) => channels[c]);
  const result = { sent: 0, failed: 0, retried: 0 };
  if (wanted.length === 0) return result;
  await db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: notificationOutbox.id, channel: notificationOutbox.channel, attempts: notificationOutbox.attempts,
        title: notifications.title, body: notifications.body, email: users.email, phone: users.phone, locale: users.locale,
      })
      .from(notificationOutbox)
      .innerJoin(notifications, eq(notifications.id, notificationOutbox.notificationId))
      .innerJoin(users, eq(users.id, notifications.recipientId))
      .where(and(eq(notificationOutbox.status, 'pending'), inArray(notificationOutbox.channel, wanted), lte(notificationOutbox.nextAttemptAt, now)))
      .orderBy(notificationOutbox.nextAttemptAt)
      .limit(opts.batch ?? 10)
      .for('update', { of: notificationOutbox, skipLocked: true });
    for (const item of due) {
      const locale = localeOf(item.locale);
      try {
        if (item.channel === 'email') {
          if (!item.email) throw Object.assign(new Error('no address'), { code: 'NO_ADDRESS' });
          const text = [item.body?.[locale], signature[locale]].filter(Boolean).join('\n\n');
          await mailer(emailUrl()!).sendMail({
            from: process.env.MANYI_MAIL_FROM || 'Manyi <manyi@localhost>',
            to: item.email,
            subject: item.title[locale],
            text,
          });
        } else {
          if (!item.phone) throw Object.assign(new Error('no number'), { code: 'NO_ADDRESS' });
          await smsAdapter()!.send(item.phone, `【满意】${item.title[locale]}`);
        }
        await tx.update(notificationOutbox).set({ status: 'sent', sentAt: now, attempts: item.attempts + 1, lastError: null }).where(eq(notificationOutbox.id, item.id));
        result.sent += 1;
      } catch (err) {
        const attempts = item.attempts + 1;
        const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS || (err as { code?: string }).code === 'NO_ADDRESS';
        await tx.update(notificationOutbox).set({
          attempts,
          status: giveUp ? 'failed' : 'pending',
          lastError: describeFailure(err),
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
        }).where(eq(notificationOutbox.id, item.id));
        if (giveUp) result.failed += 1;
        else result.retried += 1;
      }
    }
  });
  return result;
}

export const OUTBOX_JOB = 'notifications.outbox';
registerJob({ name: OUTBOX_JOB, everyMs: 2_000, run: async (db, now) => { await deliverOutbox(db, now); } });

/** How many deliveries are still waiting (diagnostics and tests). */
export async function pendingDeliveries(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(notificationOutbox).where(eq(notificationOutbox.status, 'pending'));
  return row.n;
}
