import { z } from 'zod';
import { ROLES } from './roles';

export const LoginInput = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const PasswordChangeInput = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(8).max(256),
});

export const TokenOutput = z.object({ token: z.string(), expiresAt: z.string() });

export const MeOutput = z.object({
  id: z.string().uuid(),
  username: z.string(),
  name: z.string(),
  orgUnitId: z.string().uuid(),
  orgUnitName: z.string(),
  locale: z.enum(['zh-CN', 'zh-TW', 'en']),
  roles: z.array(z.object({ role: z.enum(ROLES), scopeOrgUnitId: z.string().uuid() })),
  permissions: z.array(z.string()),
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof MeOutput>;

export const LocaleInput = z.object({ locale: z.enum(['zh-CN', 'zh-TW', 'en']) });
