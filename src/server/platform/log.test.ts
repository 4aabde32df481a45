import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactText } from './log';

describe('log redaction', () => {
  it('masks mobiles, landlines and resident ID numbers in text', () => {
    const s = redactText('客户 13812345678 / +86 139-1234-5678 / 010-87654321 身份证 11010119900307123X 来电');
    expect(s).not.toMatch(/13812345678|1391234|87654321|11010119900307123X/);
    expect(s).toContain('138****5678');
    expect(s).toContain('110***********123X');
  });
  it('leaves case numbers, uuids and timestamps alone', () => {
    const s = 'TS20260301000123 9b2f0c1e-1a2b-4c3d-8e9f-0123456789ab 2026-03-01T08:00:00.000Z 1772352000000';
    expect(redactText(s)).toBe(s);
  });
  it('removes bearer tokens, session cookies and password-like query parameters', () => {
    const s = redactText('authorization: Bearer mny_abcDEF1234567890xyz cookie: manyi_session=abc123; GET /x?password=hunter2&q=1 mny_zzzzzzzzzzzzzzzz');
    expect(s).not.toMatch(/abcDEF|abc123|hunter2|zzzzzzzz/);
  });
  it('drops secret-named fields and masks nested values and errors', () => {
    const err = new Error('insert failed for 13812345678');
    const out = JSON.stringify(redact({ password: 'Secret-1', headers: { authorization: 'Bearer x', cookie: 'manyi_session=1' }, body: { idNumber: '110101199003071234', phones: ['13900001111'] }, err }));
    expect(out).not.toMatch(/Secret-1|110101199003071234|13900001111|13812345678|manyi_session=1/);
    expect(out).toContain('139****1111');
  });
  it('writes through the sink, by level', () => {
    const lines: string[] = [];
    const log = createLogger('info', (_s, l) => lines.push(l));
    log.debug('hidden');
    log.info('GET /api/v1/customers?q=13812345678', { ip: '10.0.0.1' });
    log.error('boom', { token: 't' });
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toMatch(/13812345678|"t"/);
  });
});
