import type { Locale } from '../../platform/i18n';

// Server-side words of workforce planning: the entities and 409 reasons its errors name, translated
// before the platform formats the message (the same pattern as sla-messages.ts).

type Words = Record<Locale, string>;

const words: Record<string, Words> = {
  'entity.forecast': { 'zh-CN': '预测', 'zh-TW': '預測', en: 'forecast' },
  'entity.requirement': { 'zh-CN': '人力需求', 'zh-TW': '人力需求', en: 'staffing requirement' },
  'entity.shift_template': { 'zh-CN': '班次模板', 'zh-TW': '班次範本', en: 'shift template' },
  'entity.roster': { 'zh-CN': '排班表', 'zh-TW': '排班表', en: 'roster' },
  'entity.roster_shift': { 'zh-CN': '班次', 'zh-TW': '班次', en: 'shift' },
  'reasons.forecast_history_too_short': {
    'zh-CN': '历史数据不足，无法预测：至少需要 2 周用于学习每周规律，另加留出检验的天数（默认 1 周，共 21 天）；详见 details 中的 needed 与 got',
    'zh-TW': '歷史資料不足，無法預測：至少需要 2 週用於學習每週規律，另加留出檢驗的天數（預設 1 週，共 21 天）；詳見 details 中的 needed 與 got',
    en: 'not enough history to forecast: 2 weeks are needed to learn the weekly pattern plus the days held out for the back-test (1 week by default, 21 days in all); see needed and got in details',
  },
  'reasons.roster_no_templates': { 'zh-CN': '没有可用的班次模板，请先建立班次模板', 'zh-TW': '沒有可用的班次範本，請先建立班次範本', en: 'there are no active shift templates; create some first' },
  'reasons.roster_no_agents': { 'zh-CN': '该中心没有可排班的坐席', 'zh-TW': '該中心沒有可排班的座席', en: 'this centre has no agents to roster' },
  'reasons.roster_templates_cannot_cover': {
    'zh-CN': '现有班次模板覆盖不了部分时段的需求（details 列出这些时段）；请增加或调整班次模板，或允许缺口生成',
    'zh-TW': '現有班次範本涵蓋不了部分時段的需求（details 列出這些時段）；請增加或調整班次範本，或允許缺口產生',
    en: 'the shift templates cannot cover the requirement in some intervals (listed in details); add or change templates, or allow gaps',
  },
  'reasons.roster_agents_too_few': {
    'zh-CN': '坐席不足：在休息规则下部分班次无人可排（details 给出缺口与大约还需的人数）',
    'zh-TW': '座席不足：在休息規則下部分班次無人可排（details 給出缺口與大約還需的人數）',
    en: 'too few agents: under the rest rules some shifts have nobody (details give how many and about how many more agents are needed)',
  },
  'reasons.roster_published': { 'zh-CN': '排班表已发布；请先撤回为草稿再修改', 'zh-TW': '排班表已發布；請先撤回為草稿再修改', en: 'the roster is published; set it back to draft to change it' },
  'reasons.roster_not_published': { 'zh-CN': '排班表尚未发布', 'zh-TW': '排班表尚未發布', en: 'the roster is not published' },
  'reasons.roster_shift_outside_week': { 'zh-CN': '班次必须在排班周内开始', 'zh-TW': '班次必須在排班週內開始', en: 'a shift must start within the roster week' },
};

/** A translated planning word for an error parameter, or undefined when it is not ours. */
export function planningWord(locale: Locale, key: string): string | undefined {
  return words[key]?.[locale];
}
