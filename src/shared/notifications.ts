import { z } from 'zod';
import { IsoInstant, PageQuery, Uuid, pageOf } from './common';

// In-app notifications (站内通知) and each user's delivery channels.

/** A text in the three UI languages: notifications are stored once and shown in each reader's language. */
export const LocalizedText = z.object({ 'zh-CN': z.string().min(1).max(500), 'zh-TW': z.string().min(1).max(500), en: z.string().min(1).max(500) });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const NotificationOutput = z.object({
  id: Uuid,
  /** What it is about, e.g. 'callback_unresolved', 'sla_warning', 'sla_breach'. */
  kind: z.string(),
  caseId: Uuid.nullable(),
  /** In the caller's language. */
  title: z.string(),
  body: z.string().nullable(),
  readAt: IsoInstant.nullable(),
  createdAt: IsoInstant,
});
export type NotificationOutput = z.infer<typeof NotificationOutput>;

export const NotificationListQuery = PageQuery.extend({
  unread: z.enum(['true', 'false']).optional(),
});
export const NotificationPage = pageOf(NotificationOutput);
export type NotificationPage = z.infer<typeof NotificationPage>;

export const UnreadCount = z.object({ count: z.number().int() });
export const ReadAllOutput = z.object({ marked: z.number().int() });

export const NotificationPreferencesInput = z.object({
  /** Also send each notification by email (needs an email address on the account). */
  email: z.boolean(),
  /** Also send each notification by SMS (needs a mobile number on the account). */
  sms: z.boolean(),
});
export const NotificationPreferences = NotificationPreferencesInput.extend({
  /** Whether this installation sends email / SMS at all. */
  emailAvailable: z.boolean(),
  smsAvailable: z.boolean(),
  /** Whether the account has an address for the channel. */
  hasEmail: z.boolean(),
  hasPhone: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** Live event topic: a notification arrived (payload {id, kind, caseId}). */
export const NOTIFICATION_TOPIC = 'notification';
