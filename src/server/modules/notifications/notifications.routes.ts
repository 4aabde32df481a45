import { z } from '@hono/zod-openapi';
import {
  NotificationListQuery, NotificationPage, NotificationPreferences, NotificationPreferencesInput, ReadAllOutput, UnreadCount,
} from '../../../shared/notifications';
import type { Context } from 'hono';
import { actorOf, IdParam, json, jsonBody, route, router, type AppEnv } from '../../platform/http';
import type { Locale } from '../../platform/i18n';
import * as service from './notifications.service';

// /notifications — the caller's own in-app notifications and channel preferences.

const Ok = z.object({ ok: z.literal(true) });

/** The reader's language: an explicit Accept-Language, else the account's own. */
function readerLocale(c: Context<AppEnv>): Locale {
  const header = c.req.header('accept-language');
  return header && header.trim() !== '*' ? c.get('locale') : actorOf(c).locale;
}

export const notificationRoutes = router();

notificationRoutes
  .openapi(
    route({ method: 'get', path: '/notifications', tags: ['notifications'], permission: 'authenticated',
      summary: 'My notifications, newest first (keyset pagination; unread=true for the unread ones)',
      request: { query: NotificationListQuery }, responses: { 200: json(NotificationPage) } }),
    async (c) => c.json(await service.listMyNotifications(c.get('deps').database.db, actorOf(c), readerLocale(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/notifications/unread-count', tags: ['notifications'], permission: 'authenticated',
      summary: 'How many of my notifications are unread', responses: { 200: json(UnreadCount) } }),
    async (c) => c.json({ count: await service.unreadCount(c.get('deps').database.db, actorOf(c)) }, 200),
  )
  .openapi(
    route({ method: 'post', path: '/notifications/read-all', tags: ['notifications'], permission: 'authenticated',
      summary: 'Mark all my notifications read', responses: { 200: json(ReadAllOutput) } }),
    async (c) => c.json({ marked: await service.markAllRead(c.get('deps').database.db, actorOf(c)) }, 200),
  )
  .openapi(
    route({ method: 'post', path: '/notifications/{id}/read', tags: ['notifications'], permission: 'authenticated',
      summary: 'Mark one of my notifications read', request: { params: IdParam }, responses: { 200: json(Ok) } }),
    async (c) => {
      await service.markRead(c.get('deps').database.db, actorOf(c), c.req.valid('param').id);
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    route({ method: 'get', path: '/notifications/preferences', tags: ['notifications'], permission: 'authenticated',
      summary: 'My delivery channels besides in-app, and which this installation offers', responses: { 200: json(NotificationPreferences) } }),
    async (c) => c.json(await service.getPreferences(c.get('deps').database.db, actorOf(c)), 200),
  )
  .openapi(
    route({ method: 'put', path: '/notifications/preferences', tags: ['notifications'], permission: 'authenticated',
      summary: 'Choose my delivery channels (email, SMS); in-app is always on',
      request: jsonBody(NotificationPreferencesInput), responses: { 200: json(NotificationPreferences) } }),
    async (c) => c.json(await service.setPreferences(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 200),
  );
