import { describe, expect, it } from 'vitest';
import { combinedAlertTexts } from './sla-messages';

describe('SLA alert notification texts', () => {
  it('one alert reads as one sentence, in Beijing time', () => {
    const r = combinedAlertTexts([{ kind: 'warning', target: 'resolution', dueAt: new Date('2026-11-30T09:30:00Z') }], 'TS20261130000001');
    expect(r.title['zh-CN']).toBe('工单 TS20261130000001 即将超时：解决时限');
    expect(r.body['zh-CN']).toContain('2026/11/30 17:30:00');
    expect(r.title.en).toBe('Case TS20261130000001 is about to miss its resolution target');
  });

  it('several alerts of one sweep become one notification naming each', () => {
    const r = combinedAlertTexts([
      { kind: 'breach', target: 'acknowledgement', dueAt: new Date('2026-11-30T01:30:00Z') },
      { kind: 'warning', target: 'resolution', dueAt: null },
    ], 'TS1');
    expect(r.title['zh-CN']).toBe('工单 TS1：受理确认已超时；解决时限即将超时');
    expect(r.title['zh-TW']).toBe('工單 TS1：受理確認已逾時；解決時限即將逾時');
    expect(r.title.en).toBe('Case TS1: acknowledgement missed; resolution about to be missed');
    expect(r.body.en).toContain('resolution —');
  });
});
