import i18next, { type TFunction } from 'i18next';

// Server-side messages (errors, notifications) in the caller's language.

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const resources = {
  'zh-CN': {
    translation: {
      errors: {
        validation_failed: '输入有误，请检查标出的字段',
        bad_request: '请求格式不正确',
        unauthenticated: '请先登录',
        invalid_credentials: '用户名或密码错误',
        account_disabled: '账号已停用，请联系管理员',
        forbidden: '您没有执行此操作的权限',
        not_found: '未找到{{entity}}',
        conflict: '操作与当前状态冲突：{{reason}}',
        stale_write: '该记录已被他人修改，请刷新后重试',
        illegal_transition: '工单状态不允许从“{{from}}”变为“{{to}}”',
        duplicate: '{{field}}已存在',
        payload_too_large: '内容过大（上限 {{limit}}）',
        unsupported_media_type: '不支持的内容类型',
        database_unavailable: '数据库暂时不可用，请稍后重试',
        internal: '服务器内部错误，请稍后重试',
        too_many_attempts: '登录失败次数过多，请 {{minutes}} 分钟后再试',
        weak_password: '密码不符合要求：{{reason}}',
        csrf_failed: '请求来源校验未通过，请刷新页面后重试',
      },
      entity: {
        contact_queue: '队列', contact_agent: '坐席工号', import_source: '导入来源', import_job: '导入任务',
        notification: '通知', callback_task: '回访任务', callback_rule: '回访规则',
        record: '记录', case: '工单', customer: '客户', user: '用户', org_unit: '组织单元', category: '分类',
        work_order: '派工单', remediation: '补救记录', attachment: '附件', token: '令牌', route: '接口', calendar: '日历',
      },
      status: {
        new: '新建', accepted: '已受理', in_progress: '处理中', waiting_customer: '等待客户',
        resolved: '已解决', closed: '已关闭', cancelled: '已取消', reopened: '已重开',
      },
      // Reasons for 409 conflict: AppError('conflict', { reason: '<key>' }). Add keys in all three locales.
      contacts: {
        total: '合计',
        row: {
          missing_value: '缺少“{{field}}”', bad_time: '“{{field}}”的值“{{value}}”不符合文件设定的日期格式', bad_number: '“{{field}}”的值“{{value}}”不是有效的秒数',
          no_outcome: '既没有接听时间，也没有放弃或结束时间', time_order: '“{{field}}”早于来电时间', wait_too_long: '排队时间超过 24 小时',
          unknown_queue: '未知队列“{{queue}}”（请先在该呼叫中心建立此队列）', field_not_mapped: '必填字段“{{field}}”未映射到任何列',
          bad_time_zone: '未知时区“{{zone}}”', column_missing: '文件中没有列“{{column}}”（映射为“{{field}}”）', malformed: 'CSV 格式错误：{{detail}}',
        },
        field: {
          callId: '话单编号', queue: '队列', agent: '坐席工号', offeredAt: '来电时间', answeredAt: '接听时间', abandonedAt: '放弃时间', endedAt: '结束时间',
          talkSeconds: '通话时长', holdSeconds: '保持时长', acwSeconds: '话后处理时长', disposition: '处理结果', callerNumber: '主叫号码',
        },
        sl: {
          offered: '服务水平 = {{t}} 秒内接听 ÷ 进线量', offered_minus_short: '服务水平 = {{t}} 秒内接听 ÷（进线量 − 短放弃）',
          answered: '服务水平 = {{t}} 秒内接听 ÷ 接听量', answered_plus_late_abandons: '服务水平 = {{t}} 秒内接听 ÷（接听量 + {{t}} 秒后放弃）',
          definition: '{{sl}}；短放弃：排队 {{s}} 秒内放弃（不计入放弃率）；首次解决：{{n}} 天内同一主叫未再来电',
        },
      },
      reasons: {
        concurrent_update: '有人同时在修改，请重试',
        callback_closed: '该回访任务已结束',
        callback_claimed_by_other: '该回访任务已由其他坐席领取',
        import_not_resumable: '该导入任务已完成或正在运行，不能继续', import_file_missing: '导入文件已不在服务器上，请重新上传', cti_unknown_call: '未知的通话编号（没有此前的振铃或排队事件）',
        erlang_target_unreachable: '在所给条件下，任何坐席人数都达不到该目标（或需要超过 100,000 名坐席）',
        erlang_queue_unstable: '坐席数不多于话务量（爱尔兰数），不计放弃时队列会无限增长；请增加坐席，或填写平均耐心时间改用 Erlang A',
        // platform admin
        field_username: '用户名',
        field_code: '组织编码',
        parent_inactive: '上级组织已停用',
        org_unit_inactive: '该组织已停用',
        org_unit_not_empty: '该组织下还有启用的下级组织或用户',
        root_org_unit: '不能停用根组织',
        own_account_lockout: '不能停用自己的账号或撤销自己的管理员角色',
        // case lifecycle
        case_closed: '工单已关闭或已取消，不能再修改',
        same_holder: '工单已在该处理人或处理组手中',
        escalation_not_higher: '升级级别必须高于当前级别',
        case_merged: '该工单已合并到其他工单',
        case_already_merged: '该工单已合并过',
        merge_into_self: '不能把工单合并到它自己',
        merge_target_invalid: '不能合并到已合并或已取消的工单',
        link_to_self: '不能把工单关联到它自己',
        // work orders, remediation, categories
        case_not_open: '工单已解决、关闭或取消',
        work_order_step_order: '派工单须按 已接单 → 已到场 → 已完成 的顺序处理',
        work_order_cancelled: '派工单已取消',
        remediation_decided: '该补救申请已审批',
        remediation_self_approval: '不能审批自己提交的补救申请',
        category_parent_inactive: '上级分类已停用',
        category_cycle: '分类不能移到自身或其下级之下',
        field_category_code: '分类编码',
        // business calendars
        field_calendar_name: '日历名称',
        // passwords (platform/password.ts)
        password_too_short: '至少 10 个字符',
        password_too_long: '最多 256 个字符',
        password_has_username: '不能包含用户名',
        password_common: '太常见，容易被猜中',
      },
    },
  },
  'zh-TW': {
    translation: {
      errors: {
        validation_failed: '輸入有誤，請檢查標出的欄位',
        bad_request: '請求格式不正確',
        unauthenticated: '請先登入',
        invalid_credentials: '使用者名稱或密碼錯誤',
        account_disabled: '帳號已停用，請聯絡管理員',
        forbidden: '您沒有執行此操作的權限',
        not_found: '找不到{{entity}}',
        conflict: '操作與目前狀態衝突：{{reason}}',
        stale_write: '此紀錄已被他人修改，請重新整理後再試',
        illegal_transition: '工單狀態不允許從「{{from}}」變為「{{to}}」',
        duplicate: '{{field}}已存在',
        payload_too_large: '內容過大（上限 {{limit}}）',
        unsupported_media_type: '不支援的內容類型',
        database_unavailable: '資料庫暫時無法使用，請稍後再試',
        internal: '伺服器內部錯誤，請稍後再試',
        too_many_attempts: '登入失敗次數過多，請 {{minutes}} 分鐘後再試',
        weak_password: '密碼不符合要求：{{reason}}',
        csrf_failed: '請求來源驗證未通過，請重新整理頁面後再試',
      },
      entity: {
        contact_queue: '佇列', contact_agent: '座席工號', import_source: '匯入來源', import_job: '匯入工作',
        notification: '通知', callback_task: '回訪任務', callback_rule: '回訪規則',
        record: '紀錄', case: '工單', customer: '客戶', user: '使用者', org_unit: '組織單位', category: '分類',
        work_order: '派工單', remediation: '補救紀錄', attachment: '附件', token: '權杖', route: '介面', calendar: '日曆',
      },
      status: {
        new: '新建', accepted: '已受理', in_progress: '處理中', waiting_customer: '等待客戶',
        resolved: '已解決', closed: '已關閉', cancelled: '已取消', reopened: '已重開',
      },
      contacts: {
        total: '合計',
        row: {
          missing_value: '缺少「{{field}}」', bad_time: '「{{field}}」的值「{{value}}」不符合檔案設定的日期格式', bad_number: '「{{field}}」的值「{{value}}」不是有效的秒數',
          no_outcome: '既沒有接聽時間，也沒有放棄或結束時間', time_order: '「{{field}}」早於來電時間', wait_too_long: '排隊時間超過 24 小時',
          unknown_queue: '未知佇列「{{queue}}」（請先在該客服中心建立此佇列）', field_not_mapped: '必填欄位「{{field}}」未對應到任何欄',
          bad_time_zone: '未知時區「{{zone}}」', column_missing: '檔案中沒有欄「{{column}}」（對應為「{{field}}」）', malformed: 'CSV 格式錯誤：{{detail}}',
        },
        field: {
          callId: '話單編號', queue: '佇列', agent: '座席工號', offeredAt: '來電時間', answeredAt: '接聽時間', abandonedAt: '放棄時間', endedAt: '結束時間',
          talkSeconds: '通話時長', holdSeconds: '保留時長', acwSeconds: '話後處理時長', disposition: '處理結果', callerNumber: '主叫號碼',
        },
        sl: {
          offered: '服務水準 = {{t}} 秒內接聽 ÷ 進線量', offered_minus_short: '服務水準 = {{t}} 秒內接聽 ÷（進線量 − 短放棄）',
          answered: '服務水準 = {{t}} 秒內接聽 ÷ 接聽量', answered_plus_late_abandons: '服務水準 = {{t}} 秒內接聽 ÷（接聽量 + {{t}} 秒後放棄）',
          definition: '{{sl}}；短放棄：排隊 {{s}} 秒內放棄（不計入放棄率）；首次解決：{{n}} 天內同一主叫未再來電',
        },
      },
      reasons: {
        concurrent_update: '有人同時在修改，請重試',
        callback_closed: '該回訪任務已結束',
        callback_claimed_by_other: '該回訪任務已由其他座席領取',
        import_not_resumable: '該匯入工作已完成或正在執行，不能繼續', import_file_missing: '匯入檔案已不在伺服器上，請重新上傳', cti_unknown_call: '未知的通話編號（沒有先前的振鈴或排隊事件）',
        erlang_target_unreachable: '在所給條件下，任何座席人數都達不到該目標（或需要超過 100,000 名座席）',
        erlang_queue_unstable: '座席數不多於話務量（愛爾蘭數），不計放棄時佇列會無限增長；請增加座席，或填寫平均耐心時間改用 Erlang A',
        // platform admin
        field_username: '使用者名稱',
        field_code: '組織編碼',
        parent_inactive: '上級組織已停用',
        org_unit_inactive: '該組織已停用',
        org_unit_not_empty: '該組織下還有啟用的下級組織或使用者',
        root_org_unit: '不能停用根組織',
        own_account_lockout: '不能停用自己的帳號或撤銷自己的管理員角色',
        // case lifecycle
        case_closed: '工單已關閉或已取消，不能再修改',
        same_holder: '工單已在該處理人或處理組手中',
        escalation_not_higher: '升級級別必須高於目前級別',
        case_merged: '此工單已合併到其他工單',
        case_already_merged: '此工單已合併過',
        merge_into_self: '不能把工單合併到它自己',
        merge_target_invalid: '不能合併到已合併或已取消的工單',
        link_to_self: '不能把工單關聯到它自己',
        // work orders, remediation, categories
        case_not_open: '工單已解決、關閉或取消',
        work_order_step_order: '派工單須依 已接單 → 已到場 → 已完成 的順序處理',
        work_order_cancelled: '派工單已取消',
        remediation_decided: '該補救申請已審批',
        remediation_self_approval: '不能審批自己提交的補救申請',
        category_parent_inactive: '上級分類已停用',
        category_cycle: '分類不能移到自身或其下級之下',
        field_category_code: '分類編碼',
        // business calendars
        field_calendar_name: '日曆名稱',
        // passwords (platform/password.ts)
        password_too_short: '至少 10 個字元',
        password_too_long: '最多 256 個字元',
        password_has_username: '不能包含使用者名稱',
        password_common: '太常見，容易被猜中',
      },
    },
  },
  en: {
    translation: {
      errors: {
        validation_failed: 'Some fields are invalid; please check them',
        bad_request: 'The request is malformed',
        unauthenticated: 'Please log in first',
        invalid_credentials: 'Wrong username or password',
        account_disabled: 'This account is disabled; contact an administrator',
        forbidden: 'You do not have permission to do this',
        not_found: '{{entity}} not found',
        conflict: 'This conflicts with the current state: {{reason}}',
        stale_write: 'Someone else changed this record; reload and try again',
        illegal_transition: 'A case cannot go from "{{from}}" to "{{to}}"',
        duplicate: '{{field}} already exists',
        payload_too_large: 'Too large (limit {{limit}})',
        unsupported_media_type: 'Unsupported content type',
        database_unavailable: 'The database is unavailable; try again shortly',
        internal: 'Internal server error; try again shortly',
        too_many_attempts: 'Too many failed logins; try again in {{minutes}} minutes',
        weak_password: 'The password is not acceptable: {{reason}}',
        csrf_failed: 'The request origin could not be verified; reload the page and try again',
      },
      entity: {
        contact_queue: 'Queue', contact_agent: 'Agent login', import_source: 'Import source', import_job: 'Import job',
        notification: 'Notification', callback_task: 'Callback task', callback_rule: 'Callback rule',
        record: 'Record', case: 'Case', customer: 'Customer', user: 'User', org_unit: 'Org unit', category: 'Category',
        work_order: 'Work order', remediation: 'Remediation', attachment: 'Attachment', token: 'Token', route: 'Route', calendar: 'Calendar',
      },
      status: {
        new: 'new', accepted: 'accepted', in_progress: 'in progress', waiting_customer: 'waiting on customer',
        resolved: 'resolved', closed: 'closed', cancelled: 'cancelled', reopened: 'reopened',
      },
      contacts: {
        total: 'Total',
        row: {
          missing_value: '{{field}} is missing', bad_time: '{{field}} "{{value}}" is not in the date format set for the file', bad_number: '{{field}} "{{value}}" is not a number of seconds',
          no_outcome: 'neither an answered time nor an abandoned or ended time', time_order: '{{field}} is before the offered time', wait_too_long: 'waited more than 24 hours',
          unknown_queue: 'unknown queue "{{queue}}" (create it at the call centre first)', field_not_mapped: 'required field {{field}} is not mapped to a column',
          bad_time_zone: 'unknown time zone "{{zone}}"', column_missing: 'the file has no column "{{column}}" (mapped as {{field}})', malformed: 'malformed CSV: {{detail}}',
        },
        field: {
          callId: 'call id', queue: 'queue', agent: 'agent login', offeredAt: 'offered time', answeredAt: 'answered time', abandonedAt: 'abandoned time', endedAt: 'ended time',
          talkSeconds: 'talk time', holdSeconds: 'hold time', acwSeconds: 'after-call work', disposition: 'disposition', callerNumber: 'caller number',
        },
        sl: {
          offered: 'Service level = answered within {{t}} s ÷ offered', offered_minus_short: 'Service level = answered within {{t}} s ÷ (offered − short abandons)',
          answered: 'Service level = answered within {{t}} s ÷ answered', answered_plus_late_abandons: 'Service level = answered within {{t}} s ÷ (answered + abandoned after {{t}} s)',
          definition: '{{sl}}; short abandons: abandoned within {{s}} s (left out of the abandon rate); first-contact resolution: no repeat call from the caller within {{n}} days',
        },
      },
      reasons: {
        concurrent_update: 'someone else is changing it at the same time; try again',
        callback_closed: 'this callback task is already finished',
        callback_claimed_by_other: 'another agent has claimed this callback task',
        import_not_resumable: 'this import has completed or is running; it cannot be resumed', import_file_missing: 'the import file is no longer on the server; upload it again', cti_unknown_call: 'unknown call id (no earlier ringing or queued event)',
        erlang_target_unreachable: 'no number of agents meets this target with these inputs (or more than 100,000 would be needed)',
        erlang_queue_unstable: 'there are no more agents than erlangs of traffic, so without abandonment the queue grows without limit; add agents, or give a mean patience to use Erlang A',
        // platform admin
        field_username: 'Username',
        field_code: 'Org unit code',
        parent_inactive: 'the parent unit is inactive',
        org_unit_inactive: 'the org unit is inactive',
        org_unit_not_empty: 'it still has active sub-units or users',
        root_org_unit: 'the root unit cannot be deactivated',
        own_account_lockout: 'you cannot deactivate your own account or remove your own administrator role',
        // case lifecycle
        case_closed: 'the case is closed or cancelled and can no longer be edited',
        same_holder: 'the case is already with that user or group',
        escalation_not_higher: 'the new escalation level must be higher than the current one',
        case_merged: 'the case was merged into another case',
        case_already_merged: 'the case has already been merged',
        merge_into_self: 'a case cannot be merged into itself',
        merge_target_invalid: 'a case cannot be merged into a merged or cancelled case',
        link_to_self: 'a case cannot be linked to itself',
        // work orders, remediation, categories
        case_not_open: 'the case is resolved, closed or cancelled',
        work_order_step_order: 'work order steps go accepted → on site → done, in this order',
        work_order_cancelled: 'the work order is cancelled',
        remediation_decided: 'this remediation has already been decided',
        remediation_self_approval: 'you cannot decide your own remediation request',
        category_parent_inactive: 'the parent category is inactive',
        category_cycle: 'a category cannot move under itself or its own descendants',
        field_category_code: 'Category code',
        // business calendars
        field_calendar_name: 'Calendar name',
        // passwords (platform/password.ts)
        password_too_short: 'at least 10 characters',
        password_too_long: 'at most 256 characters',
        password_has_username: 'it must not contain the username',
        password_common: 'it is too common and easily guessed',
      },
    },
  },
} as const;

const instance = i18next.createInstance();
await instance.init({
  resources,
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** Pick the best supported locale from an Accept-Language header (zh-CN by default). */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return 'zh-CN';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'zh-tw' || tag === 'zh-hk' || tag === 'zh-hant' || tag.startsWith('zh-hant')) return 'zh-TW';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export function translator(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}
