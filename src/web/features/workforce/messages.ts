import type { Catalogue } from '../../lib/i18n';

// The 'workforce' namespace: the Erlang calculator (排班测算).
export const workforceMessages: Catalogue = {
  'zh-CN': {
    nav: '排班测算',
    title: '排班测算 · Erlang 计算器',
    intro: '按来话量、平均处理时长和服务目标测算所需坐席（Erlang C；填写平均耐心时间则用考虑放弃的 Erlang A），结果与通行的 Erlang 表一致。',
    tabs: { staff: '坐席需求', evaluate: '给定坐席评估', blocking: 'Erlang B 呼损', capacity: '坐席承载量' },
    form: {
      calls: '来话量（通）', callsHelp: '该时段内的来话数', period: '时段', periodOptions: { '900': '15 分钟', '1800': '30 分钟', '3600': '1 小时' },
      aht: '平均处理时长 AHT（秒）', ahtHelp: '通话 + 保持 + 话后处理', target: '服务水平目标时间（秒）', serviceLevel: '服务水平目标（%）',
      serviceLevelHelp: '例如 80% 的来话在 20 秒内接通', asa: '平均应答速度上限 ASA（秒，可选）', maxOccupancy: '最高占用率（%，可选）',
      shrinkage: '缩减率 Shrinkage（%）', shrinkageHelp: '休息、培训、缺勤等不在线时间占比', abandon: '考虑客户放弃（Erlang A）',
      patience: '平均耐心时间（秒）', agents: '坐席数', traffic: '话务量（爱尔兰）', lines: '线路数', calculate: '计算', reset: '恢复示例',
      required: '请填写此项', positive: '须大于 0', capacityPeriod: '按此时段折算来话量',
    },
    result: {
      agents: '所需在线坐席', scheduled: '排班人数（含缩减）', serviceLevel: '服务水平', asa: '平均应答速度 ASA', occupancy: '占用率',
      traffic: '话务量', pWait: '需等待的比例', pAbandon: '放弃率', queueLength: '平均排队数', blocking: '呼损率', model: '模型',
      erlangC: 'Erlang C（不计放弃）', erlangA: 'Erlang A（含放弃）', secondsUnit: '秒', erlangs: '{{value}} 爱尔兰',
      withinTarget: '{{seconds}} 秒内接通', maxTraffic: '最大话务量', maxCalls: '每时段最多来话', empty: '填写左侧条件后点“计算”',
      people: '人', calls: '通',
    },
    chart: {
      title: '服务水平与坐席数', agents: '坐席数', serviceLevel: '服务水平', occupancy: '占用率', asa: 'ASA（秒）', target: '目标 {{value}}',
      chosen: '所需 {{value}} 人',
    },
    notes: {
      formulas: '公式：Erlang B 递推 B(n)=A·B(n−1)/(n+A·B(n−1))；Erlang C = n·B/(n−A(1−B))，服务水平 = 1 − C·e^{−(n−A)T/AHT}；Erlang A 按 Palm / Garnett–Mandelbaum–Reiman 的 M/M/n+M 模型，服务水平 = 目标时间内接通的来话 / 全部来话（放弃计为未达标），ASA 为已接通来话的平均等待。',
    },
  },
  'zh-TW': {
    nav: '排班測算',
    title: '排班測算 · Erlang 計算器',
    intro: '依來話量、平均處理時長與服務目標測算所需座席（Erlang C；填寫平均耐心時間則用考慮放棄的 Erlang A），結果與通行的 Erlang 表一致。',
    tabs: { staff: '座席需求', evaluate: '給定座席評估', blocking: 'Erlang B 呼損', capacity: '座席承載量' },
    form: {
      calls: '來話量（通）', callsHelp: '該時段內的來話數', period: '時段', periodOptions: { '900': '15 分鐘', '1800': '30 分鐘', '3600': '1 小時' },
      aht: '平均處理時長 AHT（秒）', ahtHelp: '通話 + 保留 + 話後處理', target: '服務水準目標時間（秒）', serviceLevel: '服務水準目標（%）',
      serviceLevelHelp: '例如 80% 的來話在 20 秒內接通', asa: '平均應答速度上限 ASA（秒，選填）', maxOccupancy: '最高佔用率（%，選填）',
      shrinkage: '縮減率 Shrinkage（%）', shrinkageHelp: '休息、培訓、缺勤等不在線時間佔比', abandon: '考慮客戶放棄（Erlang A）',
      patience: '平均耐心時間（秒）', agents: '座席數', traffic: '話務量（愛爾蘭）', lines: '線路數', calculate: '計算', reset: '恢復範例',
      required: '請填寫此項', positive: '須大於 0', capacityPeriod: '按此時段換算來話量',
    },
    result: {
      agents: '所需在線座席', scheduled: '排班人數（含縮減）', serviceLevel: '服務水準', asa: '平均應答速度 ASA', occupancy: '佔用率',
      traffic: '話務量', pWait: '需等待的比例', pAbandon: '放棄率', queueLength: '平均排隊數', blocking: '呼損率', model: '模型',
      erlangC: 'Erlang C（不計放棄）', erlangA: 'Erlang A（含放棄）', secondsUnit: '秒', erlangs: '{{value}} 愛爾蘭',
      withinTarget: '{{seconds}} 秒內接通', maxTraffic: '最大話務量', maxCalls: '每時段最多來話', empty: '填寫左側條件後按「計算」',
      people: '人', calls: '通',
    },
    chart: {
      title: '服務水準與座席數', agents: '座席數', serviceLevel: '服務水準', occupancy: '佔用率', asa: 'ASA（秒）', target: '目標 {{value}}',
      chosen: '所需 {{value}} 人',
    },
    notes: {
      formulas: '公式：Erlang B 遞推 B(n)=A·B(n−1)/(n+A·B(n−1))；Erlang C = n·B/(n−A(1−B))，服務水準 = 1 − C·e^{−(n−A)T/AHT}；Erlang A 依 Palm / Garnett–Mandelbaum–Reiman 的 M/M/n+M 模型，服務水準 = 目標時間內接通的來話 / 全部來話（放棄計為未達標），ASA 為已接通來話的平均等待。',
    },
  },
  en: {
    nav: 'Erlang calculator',
    title: 'Staffing · Erlang calculator',
    intro: 'Agents needed for a call volume, handle time and service target (Erlang C; give a mean patience to use Erlang A, with abandonment). Figures match the published Erlang tables.',
    tabs: { staff: 'Agents needed', evaluate: 'Evaluate a staffing', blocking: 'Erlang B blocking', capacity: 'Capacity' },
    form: {
      calls: 'Calls offered', callsHelp: 'calls in the period', period: 'Period', periodOptions: { '900': '15 minutes', '1800': '30 minutes', '3600': '1 hour' },
      aht: 'Average handle time (s)', ahtHelp: 'talk + hold + after-call work', target: 'Service-level target time (s)', serviceLevel: 'Service-level target (%)',
      serviceLevelHelp: 'e.g. 80 % of calls answered within 20 s', asa: 'Maximum ASA (s, optional)', maxOccupancy: 'Maximum occupancy (%, optional)',
      shrinkage: 'Shrinkage (%)', shrinkageHelp: 'paid time off the phones: breaks, training, absence', abandon: 'Callers abandon (Erlang A)',
      patience: 'Mean patience (s)', agents: 'Agents', traffic: 'Traffic (erlangs)', lines: 'Lines', calculate: 'Calculate', reset: 'Example values',
      required: 'Required', positive: 'Must be above 0', capacityPeriod: 'Express as calls per',
    },
    result: {
      agents: 'Agents on the phones', scheduled: 'Scheduled (after shrinkage)', serviceLevel: 'Service level', asa: 'Average speed of answer', occupancy: 'Occupancy',
      traffic: 'Traffic', pWait: 'Calls that wait', pAbandon: 'Abandoned', queueLength: 'Mean queue', blocking: 'Blocking', model: 'Model',
      erlangC: 'Erlang C (no abandonment)', erlangA: 'Erlang A (with abandonment)', secondsUnit: 's', erlangs: '{{value}} erlangs',
      withinTarget: 'answered within {{seconds}} s', maxTraffic: 'Maximum traffic', maxCalls: 'Maximum calls per period', empty: 'Fill in the conditions and press Calculate',
      people: 'agents', calls: 'calls',
    },
    chart: {
      title: 'Service level against agents', agents: 'Agents', serviceLevel: 'Service level', occupancy: 'Occupancy', asa: 'ASA (s)', target: 'target {{value}}',
      chosen: '{{value}} needed',
    },
    notes: {
      formulas: 'Formulas: Erlang B by the recurrence B(n) = A·B(n−1)/(n + A·B(n−1)); Erlang C = n·B/(n − A(1 − B)), service level = 1 − C·e^{−(n−A)T/AHT}; Erlang A is the M/M/n+M model of Palm and Garnett–Mandelbaum–Reiman: service level = calls answered within T over all calls offered (abandons are misses), ASA is the mean wait of answered calls.',
    },
  },
};
