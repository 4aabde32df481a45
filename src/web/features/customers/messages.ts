import type { Catalogue } from '../../lib/i18n';

// The 'customers' namespace: the customer list, the customer file (客户档案), editing and revealing personal data.
export const customerMessages: Catalogue = {
  'zh-CN': {
    list: {
      title: '客户档案', searchPlaceholder: '输入姓名、手机号任意几位（如后四位）或证件号', type: '客户类型', tier: '客户等级', lifecycle: '生命周期',
      reset: '清除条件', shown: '已显示 {{count}} 位', noMore: '没有更多了', empty: '没有找到匹配的客户', create: '新建客户', hint: '个人信息已脱敏显示',
    },
    col: { name: '姓名', phones: '联系电话', idNumber: '证件号', type: '类型', tier: '等级', lifecycle: '生命周期', orgUnit: '归属单位', services: '在用业务' },
    field: {
      name: '姓名', phones: '联系电话', phone: '电话', addPhone: '添加电话', idNumber: '证件号码', address: '地址', email: '电子邮箱', notes: '备注',
      type: '客户类型', valueTier: '客户等级', lifecycle: '生命周期', orgUnit: '归属单位', createdAt: '建档时间', updatedAt: '更新时间',
      services: '在用业务', serviceKind: '业务类型', identifier: '号码/账号', serviceName: '名称', serviceStatus: '状态', addService: '添加业务', startedAt: '开通时间',
    },
    serviceStatus: { active: '正常', suspended: '停机', closed: '已拆机' },
    page: {
      profile: '基本信息', edit: '编辑档案', reveal: '查看完整信息', revealed: '已显示完整信息（已记录审计）', hide: '重新脱敏',
      masked: '已脱敏', cases: '服务轨迹', casesHint: '该客户的全部工单，最新在前', noCases: '该客户暂无工单', newCase: '为该客户受理',
      firstResponder: '首问', holder: '处理', notFound: '客户不存在或无权查看', back: '返回客户列表', repeat: '重复投诉', openCount: '未结 {{count}}',
      totalCount: '共 {{count}} 张工单',
    },
    reveal: {
      title: '查看完整个人信息', reason: '查看原因', reasonHint: '例如：客户来电核实身份、办理过户', warning: '查看客户完整个人信息将记录到审计日志，包括查看人、时间和原因。',
      submit: '查看', reasonRequired: '请填写查看原因（至少 2 个字）',
    },
    pipl: {
      more: '更多', export: '导出个人数据', exportTitle: '导出该客户的全部数据？',
      exportHint: '导出文件（JSON）包含未脱敏的个人信息和全部工单，仅用于响应客户本人的查阅、复制请求。导出将记录审计。', exportOk: '导出', exported: '已导出（已记录审计）',
      anonymise: '匿名化（删除个人信息）', anonymiseTitle: '匿名化客户',
      anonymiseWarning: '将不可恢复地删除该客户的姓名、电话、证件号、地址、邮箱、业务号码，以及工单和备注文字中的这些信息。工单及其类型、状态、时间等统计数据保留。此操作将记录审计。',
      reason: '原因', reasonHint: '例如：客户本人书面申请删除个人信息', reasonRequired: '请填写原因（至少 2 个字）', anonymiseOk: '确认匿名化', anonymised: '客户已匿名化',
    },
    edit: {
      title: '编辑客户档案', personalLocked: '电话、证件、地址等个人信息已脱敏，需先“查看完整信息”后才能修改。', saved: '客户档案已保存',
      stale: '档案已被他人修改，已刷新为最新内容，请重新编辑', required: '请填写此项', phoneInvalid: '电话号码格式不正确', emailInvalid: '邮箱格式不正确',
    },
    create: { title: '新建客户', created: '客户已建档' }, labelled: '{{label}}：{{value}}',
  },
  'zh-TW': {
    list: {
      title: '客戶檔案', searchPlaceholder: '輸入姓名、電話任意幾位（如末四碼）或證件號', type: '客戶類型', tier: '客戶等級', lifecycle: '生命週期',
      reset: '清除條件', shown: '已顯示 {{count}} 位', noMore: '沒有更多了', empty: '沒有找到符合的客戶', create: '新建客戶', hint: '個人資料已遮罩顯示',
    },
    col: { name: '姓名', phones: '聯絡電話', idNumber: '證件號', type: '類型', tier: '等級', lifecycle: '生命週期', orgUnit: '歸屬單位', services: '使用中業務' },
    field: {
      name: '姓名', phones: '聯絡電話', phone: '電話', addPhone: '新增電話', idNumber: '證件號碼', address: '地址', email: '電子郵件', notes: '備註',
      type: '客戶類型', valueTier: '客戶等級', lifecycle: '生命週期', orgUnit: '歸屬單位', createdAt: '建檔時間', updatedAt: '更新時間',
      services: '使用中業務', serviceKind: '業務類型', identifier: '號碼/帳號', serviceName: '名稱', serviceStatus: '狀態', addService: '新增業務', startedAt: '開通時間',
    },
    serviceStatus: { active: '正常', suspended: '停機', closed: '已拆機' },
    page: {
      profile: '基本資料', edit: '編輯檔案', reveal: '檢視完整資料', revealed: '已顯示完整資料（已記錄稽核）', hide: '重新遮罩',
      masked: '已遮罩', cases: '服務軌跡', casesHint: '該客戶的全部工單，最新在前', noCases: '該客戶暫無工單', newCase: '為該客戶受理',
      firstResponder: '首問', holder: '處理', notFound: '客戶不存在或無權檢視', back: '返回客戶列表', repeat: '重複投訴', openCount: '未結 {{count}}',
      totalCount: '共 {{count}} 張工單',
    },
    reveal: {
      title: '檢視完整個人資料', reason: '檢視原因', reasonHint: '例如：客戶來電核實身分、辦理過戶', warning: '檢視客戶完整個人資料將記錄到稽核日誌，包括檢視人、時間和原因。',
      submit: '檢視', reasonRequired: '請填寫檢視原因（至少 2 個字）',
    },
    pipl: {
      more: '更多', export: '匯出個人資料', exportTitle: '匯出此客戶的全部資料？',
      exportHint: '匯出檔案（JSON）包含未遮罩的個人資料和全部工單，僅用於回應客戶本人的查閱、複製請求。匯出將記錄稽核。', exportOk: '匯出', exported: '已匯出（已記錄稽核）',
      anonymise: '匿名化（刪除個人資料）', anonymiseTitle: '匿名化客戶',
      anonymiseWarning: '將不可復原地刪除此客戶的姓名、電話、證件號、地址、電子郵件、業務號碼，以及工單和備註文字中的這些資料。工單及其類型、狀態、時間等統計資料保留。此操作將記錄稽核。',
      reason: '原因', reasonHint: '例如：客戶本人書面申請刪除個人資料', reasonRequired: '請填寫原因（至少 2 個字）', anonymiseOk: '確認匿名化', anonymised: '客戶已匿名化',
    },
    edit: {
      title: '編輯客戶檔案', personalLocked: '電話、證件、地址等個人資料已遮罩，需先「檢視完整資料」後才能修改。', saved: '客戶檔案已儲存',
      stale: '檔案已被他人修改，已重新整理為最新內容，請重新編輯', required: '請填寫此項', phoneInvalid: '電話號碼格式不正確', emailInvalid: '電子郵件格式不正確',
    },
    create: { title: '新建客戶', created: '客戶已建檔' }, labelled: '{{label}}：{{value}}',
  },
  en: {
    list: {
      title: 'Customers', searchPlaceholder: 'Name, any digits of a phone number (e.g. the last four) or ID number', type: 'Type', tier: 'Tier', lifecycle: 'Lifecycle',
      reset: 'Clear filters', shown: '{{count}} shown', noMore: 'No more', empty: 'No matching customers', create: 'New customer', hint: 'Personal data is masked',
    },
    col: { name: 'Name', phones: 'Phones', idNumber: 'ID number', type: 'Type', tier: 'Tier', lifecycle: 'Lifecycle', orgUnit: 'Site', services: 'Services' },
    field: {
      name: 'Name', phones: 'Phones', phone: 'Phone', addPhone: 'Add phone', idNumber: 'ID number', address: 'Address', email: 'Email', notes: 'Notes',
      type: 'Type', valueTier: 'Value tier', lifecycle: 'Lifecycle', orgUnit: 'Site', createdAt: 'Created', updatedAt: 'Updated',
      services: 'Services', serviceKind: 'Kind', identifier: 'Number / account', serviceName: 'Name', serviceStatus: 'Status', addService: 'Add service', startedAt: 'Since',
    },
    serviceStatus: { active: 'Active', suspended: 'Suspended', closed: 'Closed' },
    page: {
      profile: 'Profile', edit: 'Edit', reveal: 'Reveal personal data', revealed: 'Showing personal data (audited)', hide: 'Mask again',
      masked: 'Masked', cases: 'Case history', casesHint: "All of this customer's cases, newest first", noCases: 'No cases yet', newCase: 'New case for this customer',
      firstResponder: 'First responder', holder: 'Held by', notFound: 'Customer not found or not visible to you', back: 'Back to customers', repeat: 'Repeat', openCount: '{{count}} open',
      totalCount: '{{count}} cases',
    },
    reveal: {
      title: 'Reveal personal data', reason: 'Reason', reasonHint: 'e.g. verifying identity on a call, transfer of ownership', warning: 'Revealing personal data is written to the audit log with who, when and why.',
      submit: 'Reveal', reasonRequired: 'Give a reason (at least 2 characters)',
    },
    pipl: {
      more: 'More', export: 'Export personal data', exportTitle: "Export all of this customer's data?",
      exportHint: "The file (JSON) holds unmasked personal data and every case; use it only to answer the customer's own request for a copy. The export is audited.", exportOk: 'Export', exported: 'Exported (audited)',
      anonymise: 'Anonymise (erase personal data)', anonymiseTitle: 'Anonymise customer',
      anonymiseWarning: "This irreversibly erases the customer's name, phones, ID number, address, email and service numbers, and removes them from the text of their cases and comments. The cases and their statistics (type, status, dates) are kept. This is audited.",
      reason: 'Reason', reasonHint: 'e.g. written request from the customer to erase their data', reasonRequired: 'Give a reason (at least 2 characters)', anonymiseOk: 'Anonymise', anonymised: 'The customer has been anonymised',
    },
    edit: {
      title: 'Edit customer', personalLocked: 'Phones, ID number and address are masked; reveal them first to edit them.', saved: 'Customer saved',
      stale: 'Someone else changed this customer; reloaded, please edit again', required: 'Required', phoneInvalid: 'Invalid phone number', emailInvalid: 'Invalid email',
    },
    create: { title: 'New customer', created: 'Customer created' }, labelled: '{{label}}: {{value}}',
  },
};
