import type { Catalogue } from '../../lib/i18n';

// The 'calendars' namespace: business calendars (营业时间、节假日与调休) and the due-date tester.
export const calendarMessages: Catalogue = {
  'zh-CN': {
    nav: '营业日历',
    title: '营业日历',
    intro: '营业日历决定服务承诺按“工作时间”计时：每天可有多个时段，跨午夜时段、节假日和调休上班日都会被计入。',
    forbidden: '没有管理营业日历的权限（需要“系统设置”权限）',
    list: { empty: '还没有营业日历，可按中国法定节假日模板一步创建', holidays: '{{count}} 个节假日', workdays: '{{count}} 个调休上班日', site: '所属单位' },
    actions: { china: '按法定节假日新建', import: '导入 .ics / JSON', blank: '新建空白日历', save: '保存', delete: '删除', deleteConfirm: '删除日历“{{name}}”？删除后可从审计日志找回定义。', export: '导出 JSON', reset: '放弃修改' },
    form: {
      name: '名称', timezone: '时区', hours: '每周营业时间', preset: '营业时间模板', years: '年份', file: '文件', fileHint: '选择 .ics（节假日与调休）或 JSON（完整日历）文件',
      noFile: '请选择文件', icsHint: '.ics 中的全天事件记为节假日，标题含“班 / 补班 / 调休上班 / workday”的记为调休上班日。',
      yearsHint: '数据来自 chinese-days 包，覆盖 {{first}}–{{last}} 年', required: '请填写此项', invalidTime: '时间格式应为 HH:MM（可用 24:00）',
    },
    presets: { office: '周一至周五 09:00–18:00', lunch: '周一至周五 09:00–12:00、13:30–18:00（午休）', hall: '每天 09:00–18:00（营业厅）', allDay: '7×24 小时' },
    weekday: { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日', workday: '调休上班日' },
    hours: {
      closed: '休息', addWindow: '添加时段', removeWindow: '删除时段', crossMidnight: '跨午夜至次日', sameAsMonday: '调休上班日按周一时间',
      hint: '结束时间不晚于开始时间表示跨午夜（如 22:00–06:00）；24:00 表示当天结束。',
    },
    days: {
      title: '节假日与调休', hint: '点击日期切换：工作日 → 节假日（休）→ 调休上班（班）→ 工作日', holiday: '休', workday: '班',
      holidays: '节假日', workdays: '调休上班日', count: '节假日 {{holidays}} 天 · 调休上班 {{workdays}} 天',
    },
    tester: {
      title: '到期时间测试', hint: '按当前编辑中的日历（含未保存修改）计算：从某一时刻起经过 N 个工作分钟的到期时刻。',
      from: '起始时间', amount: '时长', unit: '单位', minutes: '工作分钟', hours: '工作小时', compute: '计算', dueAt: '到期时间', utc: 'UTC',
      elapsed: '从起始到现在的工作时长', zoneNote: '时间均按日历时区 {{zone}} 显示',
    },
    messages: { created: '日历已创建', saved: '日历已保存', deleted: '日历已删除', stale: '日历已被他人修改，已刷新为最新内容，请重新操作', imported: '日历已导入' },
    select: '在左侧选择一个日历查看和编辑',
    minutesLeft: '{{count}} 分钟',
  },
  'zh-TW': {
    nav: '營業日曆',
    title: '營業日曆',
    intro: '營業日曆決定服務承諾按「工作時間」計時：每天可有多個時段，跨午夜時段、節假日和調休上班日都會被計入。',
    forbidden: '沒有管理營業日曆的權限（需要「系統設定」權限）',
    list: { empty: '還沒有營業日曆，可按中國法定節假日範本一步建立', holidays: '{{count}} 個節假日', workdays: '{{count}} 個調休上班日', site: '所屬單位' },
    actions: { china: '按法定節假日新建', import: '匯入 .ics / JSON', blank: '新建空白日曆', save: '儲存', delete: '刪除', deleteConfirm: '刪除日曆「{{name}}」？刪除後可從稽核日誌找回定義。', export: '匯出 JSON', reset: '放棄修改' },
    form: {
      name: '名稱', timezone: '時區', hours: '每週營業時間', preset: '營業時間範本', years: '年份', file: '檔案', fileHint: '選擇 .ics（節假日與調休）或 JSON（完整日曆）檔案',
      noFile: '請選擇檔案', icsHint: '.ics 中的全天事件記為節假日，標題含「班 / 補班 / 調休上班 / workday」的記為調休上班日。',
      yearsHint: '資料來自 chinese-days 套件，涵蓋 {{first}}–{{last}} 年', required: '請填寫此項', invalidTime: '時間格式應為 HH:MM（可用 24:00）',
    },
    presets: { office: '週一至週五 09:00–18:00', lunch: '週一至週五 09:00–12:00、13:30–18:00（午休）', hall: '每天 09:00–18:00（營業廳）', allDay: '7×24 小時' },
    weekday: { mon: '週一', tue: '週二', wed: '週三', thu: '週四', fri: '週五', sat: '週六', sun: '週日', workday: '調休上班日' },
    hours: {
      closed: '休息', addWindow: '新增時段', removeWindow: '刪除時段', crossMidnight: '跨午夜至次日', sameAsMonday: '調休上班日按週一時間',
      hint: '結束時間不晚於開始時間表示跨午夜（如 22:00–06:00）；24:00 表示當天結束。',
    },
    days: {
      title: '節假日與調休', hint: '點擊日期切換：工作日 → 節假日（休）→ 調休上班（班）→ 工作日', holiday: '休', workday: '班',
      holidays: '節假日', workdays: '調休上班日', count: '節假日 {{holidays}} 天 · 調休上班 {{workdays}} 天',
    },
    tester: {
      title: '到期時間測試', hint: '按目前編輯中的日曆（含未儲存修改）計算：從某一時刻起經過 N 個工作分鐘的到期時刻。',
      from: '起始時間', amount: '時長', unit: '單位', minutes: '工作分鐘', hours: '工作小時', compute: '計算', dueAt: '到期時間', utc: 'UTC',
      elapsed: '從起始到現在的工作時長', zoneNote: '時間均按日曆時區 {{zone}} 顯示',
    },
    messages: { created: '日曆已建立', saved: '日曆已儲存', deleted: '日曆已刪除', stale: '日曆已被他人修改，已重新整理為最新內容，請重新操作', imported: '日曆已匯入' },
    select: '在左側選擇一個日曆檢視和編輯',
    minutesLeft: '{{count}} 分鐘',
  },
  en: {
    nav: 'Calendars',
    title: 'Business calendars',
    intro: 'Service commitments count working time on a business calendar: several windows a day, windows past midnight, public holidays and make-up working days.',
    forbidden: 'You may not manage business calendars (needs the "settings" permission)',
    list: { empty: 'No calendars yet: create one in one step from the China statutory template', holidays: '{{count}} holidays', workdays: '{{count}} make-up days', site: 'Site' },
    actions: { china: 'New from China statutory holidays', import: 'Import .ics / JSON', blank: 'New blank calendar', save: 'Save', delete: 'Delete', deleteConfirm: 'Delete calendar "{{name}}"? Its definition stays in the audit log.', export: 'Export JSON', reset: 'Discard changes' },
    form: {
      name: 'Name', timezone: 'Time zone', hours: 'Weekly hours', preset: 'Hours template', years: 'Years', file: 'File', fileHint: 'Choose an .ics file (holidays and make-up days) or a JSON file (a whole calendar)',
      noFile: 'Choose a file', icsHint: 'All-day events become holidays; events whose title contains 班 / 补班 / 调休上班 / workday become make-up working days.',
      yearsHint: 'Data from the chinese-days package, covering {{first}}–{{last}}', required: 'Required', invalidTime: 'Use HH:MM (24:00 allowed)',
    },
    presets: { office: 'Mon–Fri 09:00–18:00', lunch: 'Mon–Fri 09:00–12:00, 13:30–18:00 (lunch break)', hall: 'Every day 09:00–18:00 (business hall)', allDay: '24×7' },
    weekday: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun', workday: 'Make-up day' },
    hours: {
      closed: 'Closed', addWindow: 'Add window', removeWindow: 'Remove window', crossMidnight: 'runs past midnight', sameAsMonday: 'Make-up days use Monday’s hours',
      hint: 'An end not after the start runs past midnight (e.g. 22:00–06:00); 24:00 is the end of the day.',
    },
    days: {
      title: 'Holidays and make-up days', hint: 'Click a date to cycle: normal → holiday (off) → make-up working day → normal', holiday: 'Off', workday: 'Work',
      holidays: 'Holidays', workdays: 'Make-up days', count: '{{holidays}} holidays · {{workdays}} make-up days',
    },
    tester: {
      title: 'Due date tester', hint: 'Computed on the calendar as edited (unsaved changes included): the instant N working minutes after a start.',
      from: 'Start', amount: 'Amount', unit: 'Unit', minutes: 'working minutes', hours: 'working hours', compute: 'Compute', dueAt: 'Due at', utc: 'UTC',
      elapsed: 'Working time from start to now', zoneNote: 'Times are in the calendar’s zone, {{zone}}',
    },
    messages: { created: 'Calendar created', saved: 'Calendar saved', deleted: 'Calendar deleted', stale: 'Someone else changed this calendar; reloaded — please redo your change', imported: 'Calendar imported' },
    select: 'Select a calendar on the left to view and edit it',
    minutesLeft: '{{count}} min',
  },
};
