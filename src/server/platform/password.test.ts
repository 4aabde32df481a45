import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { assertPasswordPolicy, passwordProblem } from './password';

describe('password policy', () => {
  it('takes a long, unrelated password', () => {
    expect(passwordProblem('Counter-desk-7391', 'wangfang')).toBeNull();
    expect(passwordProblem('投诉处理中心二〇二六年春', 'li')).toBeNull();
  });
  it('refuses short and overlong ones (counted in characters, not bytes)', () => {
    expect(passwordProblem('Ab1-xyz9', 'u')).toBe('password_too_short');
    expect(passwordProblem('中文密码八个字符', 'u')).toBe('password_too_short');
    expect(passwordProblem('x'.repeat(257) + 'Yz1', 'u')).toBe('password_too_long');
  });
  it('refuses one containing the username, either way round, whatever the case', () => {
    expect(passwordProblem('WangFang-2026!', 'wangfang')).toBe('password_has_username');
    expect(passwordProblem('gnafgnaw-2026!', 'wangfang')).toBe('password_has_username');
    // Two-letter usernames would forbid too much.
    expect(passwordProblem('li-counter-2026', 'li')).toBeNull();
  });
  it('refuses common passwords, also with separators and capitals', () => {
    expect(passwordProblem('1qaz2wsx3edc', 'u')).toBe('password_common');
    expect(passwordProblem('Pass-Word-1234', 'u')).toBe('password_common');
    expect(passwordProblem('woaini5201314', 'u')).toBe('password_common');
    expect(passwordProblem('aaaaaaaaaaaa', 'u')).toBe('password_common');
    expect(passwordProblem('abcabcabcabc', 'u')).toBe('password_common');
  });
  it('throws a 422 weak_password naming the rule', () => {
    try {
      assertPasswordPolicy('short', 'u');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(422);
      expect((e as AppError).params).toEqual({ reason: 'password_too_short' });
    }
  });
});
