import { describe, expect, it } from 'vitest';
import { scrubJson, scrubText, secretsOf } from './pipl.service';

describe('anonymisation scrubbing', () => {
  const secrets = secretsOf({ name: '王小明', phones: ['138-1234-5678'], idNumber: '11010119900307123X', address: '北京市朝阳区建国路88号', email: 'wxm@example.cn' }, ['BB0101']);
  it('collects the identifiers, phones both as typed and as digits', () => {
    expect(secrets).toEqual(expect.arrayContaining(['王小明', '138-1234-5678', '13812345678', '11010119900307123X', 'BB0101']));
  });
  it('cuts them out of free text, and masks any other phone or ID number', () => {
    expect(scrubText('王小明来电（13812345678），宽带账号 BB0101，另留电话 13900001111', secrets))
      .toBe('***来电（***），宽带账号 ***，另留电话 139****1111');
    expect(scrubText('与本客户无关的文字', secrets)).toBe('与本客户无关的文字');
  });
  it('reaches every string in JSON, leaving other values alone', () => {
    expect(scrubJson({ a: ['王小明'], b: { c: '住北京市朝阳区建国路88号' }, n: 3, ok: true, z: null }, secrets))
      .toEqual({ a: ['***'], b: { c: '住***' }, n: 3, ok: true, z: null });
  });
});
