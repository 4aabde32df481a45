import type { Catalogue } from '../../lib/i18n';

// The 'contactCenter' namespace: KPI dashboard, wallboard, CSV import wizard, screen pop.
export const contactCenterMessages: Catalogue = {
  'zh-CN': {
    nav: { kpis: '话务报表', wallboard: '实时监控墙', import: '话单导入' },
    kpi: {
      title: '呼叫中心话务报表', period: '时间范围', queue: '队列', allQueues: '全部队列', interval: '时段粒度', minutes: '{{n}} 分钟',
      variant: '服务水平口径', threshold: '目标时间', shortAbandon: '短放弃阈值', fcrDays: '首次解决判定', days: '{{n}} 天', seconds: '{{n}} 秒', none: '不区分',
      definition: '口径', byInterval: '按时段', byQueue: '按队列', byTeam: '按班组', byAgent: '按坐席', wallboard: '监控墙', empty: '该范围内没有话单',
      variants: {
        offered: 'T 秒内接听 ÷ 进线量', offered_minus_short: 'T 秒内接听 ÷（进线量 − 短放弃）', answered: 'T 秒内接听 ÷ 接听量',
        answered_plus_late_abandons: 'T 秒内接听 ÷（接听量 + T 秒后放弃）',
      },
      col: {
        name: '名称', time: '时段', offered: '进线', answered: '接听', abandoned: '放弃', short: '短放弃', sl: '服务水平', abandonRate: '放弃率',
        asa: 'ASA（秒）', aht: 'AHT（秒）', occupancy: '占用率', fcr: '首次解决率',
      },
      chart: { volume: '话务量', sl: '服务水平 %', offered: '进线', answered: '接听', abandoned: '放弃' },
    },
    wall: {
      title: '实时监控墙', waiting: '排队中', longest: '最长等待', agents: '坐席状态', todaySl: '今日服务水平', todayAsa: '今日 ASA', todayAbandon: '今日放弃率',
      offered: '今日接听 / 进线', answered: '今日接听', updated: '更新于 {{time}}', noQueues: '没有可查看的队列', fullscreen: '全屏',
      states: { ready: '空闲', on_call: '通话中', acw: '话后处理', not_ready: '小休/示忙' },
    },
    imp: {
      title: '话单导入', steps: { upload: '选择文件', map: '列映射', run: '导入', report: '结果' },
      source: '来源', newSource: '新建来源', sourceCode: '来源编码', sourceName: '来源名称', centre: '所属呼叫中心', chooseFile: '选择 CSV 文件',
      fileHint: '支持逗号、制表符分隔；文件按 1 MB 分块上传，中断后可续传。', preview: '前 {{n}} 行预览', field: '字段', column: '文件列', notMapped: '（不导入）',
      timeZone: '文件时区', dateFormat: '日期格式', saveMapping: '保存映射', saved: '映射已保存', next: '下一步', back: '上一步', start: '开始导入',
      uploading: '上传中 {{pct}}%', running: '导入中', pause: '暂停', resume: '继续导入', lines: '已处理 {{lines}} 行', linesDone: '已处理行数', good: '成功', bad: '错误行', duplicates: '重复（已跳过）',
      status: { pending: '待开始', running: '导入中', paused: '已暂停', completed: '已完成', failed: '失败' },
      errors: '错误行明细', line: '行号', reason: '原因', raw: '原始内容', history: '最近导入', file: '文件', progress: '进度', again: '再导入一个文件',
      required: '必填', queuesHint: '队列编码须先在呼叫中心建立；坐席工号未登记的会自动登记。',
      fields: {
        callId: '话单编号', queue: '队列', agent: '坐席工号', offeredAt: '来电时间', answeredAt: '接听时间', abandonedAt: '放弃时间', endedAt: '结束时间',
        talkSeconds: '通话时长', holdSeconds: '保持时长', acwSeconds: '话后处理时长', disposition: '处理结果', callerNumber: '主叫号码',
      },
    },
    pop: {
      title: '来电弹屏', ringing: '振铃中', answered: '通话中', caller: '主叫', queue: '队列', noCustomer: '未找到该号码的客户档案', open: '查看客户', newCase: '新建工单',
      tier: { key: '大客户', ordinary: '普通' },
    },
  },
  'zh-TW': {
    nav: { kpis: '話務報表', wallboard: '即時監控牆', import: '話單匯入' },
    kpi: {
      title: '客服中心話務報表', period: '時間範圍', queue: '佇列', allQueues: '全部佇列', interval: '時段粒度', minutes: '{{n}} 分鐘',
      variant: '服務水準口徑', threshold: '目標時間', shortAbandon: '短放棄門檻', fcrDays: '首次解決判定', days: '{{n}} 天', seconds: '{{n}} 秒', none: '不區分',
      definition: '口徑', byInterval: '按時段', byQueue: '按佇列', byTeam: '按班組', byAgent: '按座席', wallboard: '監控牆', empty: '該範圍內沒有話單',
      variants: {
        offered: 'T 秒內接聽 ÷ 進線量', offered_minus_short: 'T 秒內接聽 ÷（進線量 − 短放棄）', answered: 'T 秒內接聽 ÷ 接聽量',
        answered_plus_late_abandons: 'T 秒內接聽 ÷（接聽量 + T 秒後放棄）',
      },
      col: {
        name: '名稱', time: '時段', offered: '進線', answered: '接聽', abandoned: '放棄', short: '短放棄', sl: '服務水準', abandonRate: '放棄率',
        asa: 'ASA（秒）', aht: 'AHT（秒）', occupancy: '佔用率', fcr: '首次解決率',
      },
      chart: { volume: '話務量', sl: '服務水準 %', offered: '進線', answered: '接聽', abandoned: '放棄' },
    },
    wall: {
      title: '即時監控牆', waiting: '排隊中', longest: '最長等待', agents: '座席狀態', todaySl: '今日服務水準', todayAsa: '今日 ASA', todayAbandon: '今日放棄率',
      offered: '今日接聽 / 進線', answered: '今日接聽', updated: '更新於 {{time}}', noQueues: '沒有可查看的佇列', fullscreen: '全螢幕',
      states: { ready: '閒置', on_call: '通話中', acw: '話後處理', not_ready: '小休/示忙' },
    },
    imp: {
      title: '話單匯入', steps: { upload: '選擇檔案', map: '欄位對應', run: '匯入', report: '結果' },
      source: '來源', newSource: '新增來源', sourceCode: '來源編碼', sourceName: '來源名稱', centre: '所屬客服中心', chooseFile: '選擇 CSV 檔案',
      fileHint: '支援逗號、定位字元分隔；檔案按 1 MB 分塊上傳，中斷後可續傳。', preview: '前 {{n}} 列預覽', field: '欄位', column: '檔案欄', notMapped: '（不匯入）',
      timeZone: '檔案時區', dateFormat: '日期格式', saveMapping: '儲存對應', saved: '對應已儲存', next: '下一步', back: '上一步', start: '開始匯入',
      uploading: '上傳中 {{pct}}%', running: '匯入中', pause: '暫停', resume: '繼續匯入', lines: '已處理 {{lines}} 列', linesDone: '已處理列數', good: '成功', bad: '錯誤列', duplicates: '重複（已略過）',
      status: { pending: '待開始', running: '匯入中', paused: '已暫停', completed: '已完成', failed: '失敗' },
      errors: '錯誤列明細', line: '列號', reason: '原因', raw: '原始內容', history: '最近匯入', file: '檔案', progress: '進度', again: '再匯入一個檔案',
      required: '必填', queuesHint: '佇列編碼須先在客服中心建立；未登記的座席工號會自動登記。',
      fields: {
        callId: '話單編號', queue: '佇列', agent: '座席工號', offeredAt: '來電時間', answeredAt: '接聽時間', abandonedAt: '放棄時間', endedAt: '結束時間',
        talkSeconds: '通話時長', holdSeconds: '保留時長', acwSeconds: '話後處理時長', disposition: '處理結果', callerNumber: '主叫號碼',
      },
    },
    pop: {
      title: '來電彈屏', ringing: '振鈴中', answered: '通話中', caller: '主叫', queue: '佇列', noCustomer: '找不到此號碼的客戶檔案', open: '查看客戶', newCase: '新增工單',
      tier: { key: '大客戶', ordinary: '一般' },
    },
  },
  en: {
    nav: { kpis: 'Call KPIs', wallboard: 'Wallboard', import: 'Import calls' },
    kpi: {
      title: 'Contact centre KPIs', period: 'Period', queue: 'Queue', allQueues: 'All queues', interval: 'Interval', minutes: '{{n}} min',
      variant: 'Service level definition', threshold: 'Target time', shortAbandon: 'Short abandon threshold', fcrDays: 'First-contact window', days: '{{n}} days', seconds: '{{n}} s', none: 'none',
      definition: 'Definition', byInterval: 'By interval', byQueue: 'By queue', byTeam: 'By team', byAgent: 'By agent', wallboard: 'Wallboard', empty: 'No calls in this period',
      variants: {
        offered: 'answered in T ÷ offered', offered_minus_short: 'answered in T ÷ (offered − short abandons)', answered: 'answered in T ÷ answered',
        answered_plus_late_abandons: 'answered in T ÷ (answered + abandoned after T)',
      },
      col: {
        name: 'Name', time: 'Interval', offered: 'Offered', answered: 'Answered', abandoned: 'Abandoned', short: 'Short', sl: 'Service level', abandonRate: 'Abandon rate',
        asa: 'ASA (s)', aht: 'AHT (s)', occupancy: 'Occupancy', fcr: 'FCR',
      },
      chart: { volume: 'Calls', sl: 'Service level %', offered: 'Offered', answered: 'Answered', abandoned: 'Abandoned' },
    },
    wall: {
      title: 'Wallboard', waiting: 'Waiting', longest: 'Longest wait', agents: 'Agents', todaySl: 'Service level today', todayAsa: 'ASA today', todayAbandon: 'Abandoned today',
      offered: 'Answered / offered today', answered: 'Answered today', updated: 'Updated {{time}}', noQueues: 'No queues to show', fullscreen: 'Full screen',
      states: { ready: 'Ready', on_call: 'On call', acw: 'After-call work', not_ready: 'Not ready' },
    },
    imp: {
      title: 'Import call records', steps: { upload: 'File', map: 'Columns', run: 'Import', report: 'Result' },
      source: 'Source', newSource: 'New source', sourceCode: 'Source code', sourceName: 'Source name', centre: 'Call centre', chooseFile: 'Choose a CSV file',
      fileHint: 'Comma or tab separated; sent in 1 MB chunks, an interrupted upload resumes.', preview: 'First {{n}} rows', field: 'Field', column: 'Column in the file', notMapped: '(not imported)',
      timeZone: 'Time zone of the file', dateFormat: 'Date format', saveMapping: 'Save mapping', saved: 'Mapping saved', next: 'Next', back: 'Back', start: 'Start import',
      uploading: 'Uploading {{pct}} %', running: 'Importing', pause: 'Pause', resume: 'Resume', lines: '{{lines}} lines done', linesDone: 'Lines done', good: 'Imported', bad: 'Bad rows', duplicates: 'Duplicates (skipped)',
      status: { pending: 'Pending', running: 'Running', paused: 'Paused', completed: 'Completed', failed: 'Failed' },
      errors: 'Bad rows', line: 'Line', reason: 'Reason', raw: 'Row', history: 'Recent imports', file: 'File', progress: 'Progress', again: 'Import another file',
      required: 'required', queuesHint: 'Queue codes must exist at the call centre first; unknown agent logins are registered.',
      fields: {
        callId: 'Call id', queue: 'Queue', agent: 'Agent login', offeredAt: 'Offered at', answeredAt: 'Answered at', abandonedAt: 'Abandoned at', endedAt: 'Ended at',
        talkSeconds: 'Talk time', holdSeconds: 'Hold time', acwSeconds: 'After-call work', disposition: 'Disposition', callerNumber: 'Caller number',
      },
    },
    pop: {
      title: 'Incoming call', ringing: 'Ringing', answered: 'On call', caller: 'Caller', queue: 'Queue', noCustomer: 'No customer file for this number', open: 'Open customer', newCase: 'New case',
      tier: { key: 'Key account', ordinary: 'Ordinary' },
    },
  },
};
