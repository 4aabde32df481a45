import { describe, expect, it } from 'vitest';
import { maskAddress, maskEmail, maskIdNumber, maskPhone } from './pii';

describe('masking', () => {
  it('masks mobile numbers as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toBe('+86138****5678');
    expect(maskPhone('10000')).toBe('*0000');
  });
  it('masks ID numbers keeping 3 + 4', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110***********1234');
    expect(maskIdNumber('110101199003071234')).toHaveLength(18);
  });
  it('keeps only the district of an address', () => {
    expect(maskAddress('北京市朝阳区建国路88号')).toBe('北京市朝阳区****');
    expect(maskAddress('某地')).toBe('某****');
  });
  it('masks emails', () => {
    expect(maskEmail('zhang@example.com')).toBe('z***@example.com');
  });
});
