import { AppError } from './errors';

// Password policy (issue 5, item 5): long enough, not the username, not a well-known password.
// Applied where a password is chosen: user creation, administrator reset, and one's own change.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Passwords that appear at the top of every leaked-password list, including the Chinese ones
 * (woaini1314, 1qaz2wsx…). Compared case-insensitively and ignoring separators, so
 * "Pass-Word-1234" counts as "password1234". Short ones are here too for clarity, though the
 * length rule already refuses them.
 */
const COMMON = new Set([
  '123456', '12345678', '123456789', '1234567890', '0123456789', '9876543210', '1234512345', '1122334455',
  '1111111111', '0000000000', '8888888888', '6666666666', '5201314520', '1314520520', '147258369', '1472583690',
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'passw0rd1',
  'p@ssw0rd', 'p@ssw0rd123', 'p@ssword123', 'qwerty', 'qwerty123', 'qwerty1234', 'qwertyuiop', 'qwertyuiop123',
  'qwe123456', 'qwe1234567', 'qweasdzxc', 'qweasdzxc123', '1qaz2wsx', '1qaz2wsx3edc', '1q2w3e4r', '1q2w3e4r5t',
  '1q2w3e4r5t6y', 'zaq12wsx', 'zaq1xsw2cde3', 'a123456789', 'a1234567890', 'aa123456789', 'abc123456', 'abc1234567',
  'abcd123456', 'abcd1234567', 'abcdefghij', 'iloveyou', 'iloveyou123', 'woaini1314', 'woaini520', 'woaini5201314',
  'admin', 'admin123', 'admin12345', 'admin123456', 'admin@123', 'administrator', 'root123456', 'welcome123',
  'welcome1234', 'letmein123', 'changeme', 'changeme123', 'manyi123', 'manyi123456', 'manyi@123', 'china123456',
  'chinatelecom', 'chinatelecom123', 'dianxin123', 'dianxin10000', '10000100001', 'huawei123', 'huawei@123',
  'zxcvbnm123', 'asdfghjkl', 'asdfghjkl123', 'football123', 'sunshine123', 'princess123', 'monkey12345', 'dragon12345',
]);

export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_has_username' | 'password_common';

const normalise = (s: string) => s.toLowerCase().replace(/[\s\-_.]/g, '');

/** The first rule `password` breaks, or null. Pure. */
export function passwordProblem(password: string, username?: string | null): PasswordProblem | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  if (chars.length > PASSWORD_MAX_LENGTH) return 'password_too_long';
  const lower = password.toLowerCase();
  const user = username?.trim().toLowerCase();
  if (user && user.length >= 3 && (lower.includes(user) || lower.includes([...user].reverse().join('')))) return 'password_has_username';
  if (COMMON.has(lower) || COMMON.has(normalise(password))) return 'password_common';
  // One character repeated, or one short run repeated (abcabcabcabc), is as good as common.
  if (/^(.{1,3})\1+$/su.test(password)) return 'password_common';
  return null;
}

/** 422 weak_password with the rule broken (translated), when the password is not acceptable. */
export function assertPasswordPolicy(password: string, username?: string | null): void {
  const problem = passwordProblem(password, username);
  if (problem) {
    throw new AppError('weak_password', { reason: problem }, [{ path: 'password', code: problem, message: problem }]);
  }
}
