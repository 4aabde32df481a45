import type { LocalizedText, SlaTargetName } from '../../../shared/sla';
import type { Locale } from '../../platform/i18n';

// Server-side words of the SLA module: error parameters (entity, reason,
// field) translated before the platform formats the message, and the texts of
// warning and breach notifications.

const words: Record<string, LocalizedText> = {
  'entity.commitment': { 'zh-CN': '服务承诺', 'zh-TW': '服務承諾', en: 'Commitment' },
  'reasons.field_commitment_code': { 'zh-CN': '承诺编码', 'zh-TW': '承諾編碼', en: 'Commitment code' },
  'reasons.calendar_in_use': { 'zh-CN': '该日历正被服务承诺使用，请先修改这些承诺', 'zh-TW': '該日曆正被服務承諾使用，請先修改這些承諾', en: 'commitments still use this calendar; change them first' },
  'reasons.not_regulator_case': { 'zh-CN': '只有监管转办（渠道为“监管转办”）的工单才能设置监管时限', 'zh-TW': '只有監管轉辦（管道為「監管轉辦」）的工單才能設定監管時限', en: 'only a regulator referral (channel "regulator") can carry a regulator deadline' },
};

/** A translated SLA word for an error parameter, or undefined when it is not ours. */
export function slaWord(locale: Locale, key: string): string | undefined {
  return words[key]?.[locale];
}

export const TARGET_NAMES: Record<SlaTargetName, LocalizedText> = {
  acknowledgement: { 'zh-CN': '受理确认', 'zh-TW': '受理確認', en: 'acknowledgement' },
  firstResponse: { 'zh-CN': '首次响应', 'zh-TW': '首次回應', en: 'first response' },
  nextUpdate: { 'zh-CN': '进展更新', 'zh-TW': '進度更新', en: 'next update' },
  resolution: { 'zh-CN': '解决时限', 'zh-TW': '解決時限', en: 'resolution' },
  callback: { 'zh-CN': '回访', 'zh-TW': '回訪', en: 'callback' },
};

/** Notification title and body for a warning or a breach on a case. */
export function alertTexts(kind: 'warning' | 'breach', target: SlaTargetName, caseNumber: string, dueAt: Date | null): { title: LocalizedText; body: LocalizedText } {
  const n = TARGET_NAMES[target];
  const due = dueAt ? dueAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';
  const dueEn = dueAt ? dueAt.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false }) : '';
  if (kind === 'warning') {
    return {
      title: { 'zh-CN': `工单 ${caseNumber} 即将超时：${n['zh-CN']}`, 'zh-TW': `工單 ${caseNumber} 即將逾時：${n['zh-TW']}`, en: `Case ${caseNumber} is about to miss its ${n.en} target` },
      body: { 'zh-CN': `承诺时限 ${due}（北京时间）`, 'zh-TW': `承諾時限 ${due}（北京時間）`, en: `Due ${dueEn} (Beijing time)` },
    };
  }
  return {
    title: { 'zh-CN': `工单 ${caseNumber} 已超时：${n['zh-CN']}`, 'zh-TW': `工單 ${caseNumber} 已逾時：${n['zh-TW']}`, en: `Case ${caseNumber} missed its ${n.en} target` },
    body: { 'zh-CN': `承诺时限 ${due}（北京时间）已过`, 'zh-TW': `承諾時限 ${due}（北京時間）已過`, en: `It was due ${dueEn} (Beijing time)` },
  };
}

/** One notification for everything a sweep fired on one case (a late sweep may find several targets due at once). */
export function combinedAlertTexts(alerts: { kind: 'warning' | 'breach'; target: SlaTargetName; dueAt: Date | null }[], caseNumber: string): { title: LocalizedText; body: LocalizedText } {
  if (alerts.length === 1) return alertTexts(alerts[0].kind, alerts[0].target, caseNumber, alerts[0].dueAt);
  const what = (l: keyof LocalizedText) => alerts.map((a) => {
    const n = TARGET_NAMES[a.target][l];
    if (l === 'en') return `${n} ${a.kind === 'breach' ? 'missed' : 'about to be missed'}`;
    if (l === 'zh-TW') return `${n}${a.kind === 'breach' ? '已逾時' : '即將逾時'}`;
    return `${n}${a.kind === 'breach' ? '已超时' : '即将超时'}`;
  });
  const due = (l: keyof LocalizedText) => alerts.map((a) => {
    const at = a.dueAt ? a.dueAt.toLocaleString(l === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
    return `${TARGET_NAMES[a.target][l]} ${at}`;
  }).join(l === 'en' ? '; ' : '；');
  return {
    title: { 'zh-CN': `工单 ${caseNumber}：${what('zh-CN').join('；')}`, 'zh-TW': `工單 ${caseNumber}：${what('zh-TW').join('；')}`, en: `Case ${caseNumber}: ${what('en').join('; ')}` },
    body: { 'zh-CN': `承诺时限（北京时间）：${due('zh-CN')}`, 'zh-TW': `承諾時限（北京時間）：${due('zh-TW')}`, en: `Due (Beijing time): ${due('en')}` },
  };
}
