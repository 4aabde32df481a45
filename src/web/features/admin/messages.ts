import type { Catalogue } from '../../lib/i18n';

// The 'admin' namespace: org units, users, roles, categories and the audit log.
export const adminMessages: Catalogue = {
  'zh-CN': {
    title: '系统管理', forbidden: '没有管理权限',
    tabs: { org: '组织架构', users: '用户', roles: '角色权限', categories: '业务分类', audit: '审计日志' },
    org: {
      addChild: '新增下级', addTitle: '在“{{parent}}”下新增单位', editTitle: '编辑单位', select: '在左侧选择一个单位查看和编辑',
      kind: '类型', code: '编码', name: '名称', resolverGroup: '处理组（可转派/派工）', rural: '农村网点', active: '启用', inactive: '已停用',
      members: '查看成员', parent: '上级单位', search: '搜索单位', codeHint: '字母、数字、点、横线，创建后不可修改', saved: '单位已保存', created: '单位已创建',
    },
    users: {
      search: '搜索用户名或姓名', create: '新建用户', createTitle: '新建用户', editTitle: '编辑用户：{{name}}', username: '用户名', name: '姓名',
      password: '初始密码', newPassword: '重置密码', newPasswordHint: '留空则不修改；重置后用户下次登录须修改密码', passwordHint: '至少 8 位，用户首次登录后需修改',
      roles: '角色', orgUnit: '所属单位', locale: '界面语言', active: '状态', activeYes: '在用', activeNo: '已停用', deactivate: '停用',
      deactivateConfirm: '停用后该用户将立即被登出且无法登录，确定停用？', activate: '启用', saved: '用户已保存', created: '用户已创建',
      allUnits: '全部单位', allRoles: '全部角色', includeInactive: '含已停用', createdAt: '创建时间', rolesScope: '角色在所属单位及其下级范围内生效',
    },
    roles: { role: '角色', permissions: '权限', hint: '角色与权限由系统内置，用户的角色在其所属单位及下级单位内生效。', count: '{{count}} 项' },
    permission: {
      case_read: '查看工单', case_create: '受理登记', case_update: '修改工单', case_transfer: '转派', case_dispatch: '派工', case_escalate: '升级',
      case_resolve: '办结与客户确认', case_reopen: '重开', case_merge: '合并', case_cancel: '取消工单', case_comment: '备注与附件',
      workorder_update: '处理派工单', remediation_request: '申请补救', remediation_approve: '审批补救', customer_read: '查看客户',
      customer_create: '新建客户', customer_update: '修改客户', customer_reveal: '查看完整个人信息', category_manage: '管理业务分类',
      org_read: '查看组织', org_manage: '管理组织', user_read: '查看用户', user_manage: '管理用户', audit_read: '查看审计日志', settings_manage: '系统设置', commitment_manage: '管理服务承诺', callback_work: '处理回访', callback_manage: '管理回访规则', report_read: '查看报表', contact_read: '查看话务记录', contact_import: '导入话务记录', workforce_plan: '排班与预测', cti_ingest: '接收 CTI 事件', customer_export: '导出客户个人信息', customer_erase: '删除或匿名化客户',
    },
    categories: {
      addRoot: '新增一级分类', addChild: '新增下级', addTitle: '新增分类', addChildTitle: '在“{{parent}}”下新增分类', editTitle: '编辑分类', select: '在左侧选择一个分类查看和编辑',
      code: '编码', nameZhCn: '名称（简体）', nameZhTw: '名称（繁体）', nameEn: '名称（英文）', sort: '排序', active: '启用', inactive: '已停用',
      parent: '上级分类', root: '（顶级）', saved: '分类已保存', created: '分类已创建', deactivateHint: '停用分类会同时停用其全部下级分类', search: '搜索分类',
    },
    audit: {
      action: '操作', actionHint: '操作前缀，如 case.、customer.reveal', entityType: '对象类型', entityId: '对象 ID', actor: '操作人', range: '时间范围',
      at: '时间', ip: 'IP', search: '查询', reset: '重置', field: '字段', before: '修改前', after: '修改后', noDiff: '没有记录修改内容',
      shown: '已显示 {{count}} 条', noMore: '没有更多了', changed: '{{count}} 项变更', changes: '变更',
    },
    common: { save: '保存', cancel: '取消', edit: '编辑', required: '请填写此项', stale: '已被他人修改，已刷新为最新内容，请重新操作', yes: '是', no: '否' },
  },
  'zh-TW': {
    title: '系統管理', forbidden: '沒有管理權限',
    tabs: { org: '組織架構', users: '使用者', roles: '角色權限', categories: '業務分類', audit: '稽核日誌' },
    org: {
      addChild: '新增下級', addTitle: '在「{{parent}}」下新增單位', editTitle: '編輯單位', select: '在左側選擇一個單位檢視和編輯',
      kind: '類型', code: '編碼', name: '名稱', resolverGroup: '處理組（可轉派/派工）', rural: '農村網點', active: '啟用', inactive: '已停用',
      members: '檢視成員', parent: '上級單位', search: '搜尋單位', codeHint: '字母、數字、點、橫線，建立後不可修改', saved: '單位已儲存', created: '單位已建立',
    },
    users: {
      search: '搜尋使用者名稱或姓名', create: '新建使用者', createTitle: '新建使用者', editTitle: '編輯使用者：{{name}}', username: '使用者名稱', name: '姓名',
      password: '初始密碼', newPassword: '重設密碼', newPasswordHint: '留空則不修改；重設後使用者下次登入須變更密碼', passwordHint: '至少 8 位，使用者首次登入後需變更',
      roles: '角色', orgUnit: '所屬單位', locale: '介面語言', active: '狀態', activeYes: '使用中', activeNo: '已停用', deactivate: '停用',
      deactivateConfirm: '停用後該使用者將立即被登出且無法登入，確定停用？', activate: '啟用', saved: '使用者已儲存', created: '使用者已建立',
      allUnits: '全部單位', allRoles: '全部角色', includeInactive: '含已停用', createdAt: '建立時間', rolesScope: '角色在所屬單位及其下級範圍內生效',
    },
    roles: { role: '角色', permissions: '權限', hint: '角色與權限由系統內建，使用者的角色在其所屬單位及下級單位內生效。', count: '{{count}} 項' },
    permission: {
      case_read: '檢視工單', case_create: '受理登記', case_update: '修改工單', case_transfer: '轉派', case_dispatch: '派工', case_escalate: '升級',
      case_resolve: '辦結與客戶確認', case_reopen: '重開', case_merge: '合併', case_cancel: '取消工單', case_comment: '備註與附件',
      workorder_update: '處理派工單', remediation_request: '申請補救', remediation_approve: '審批補救', customer_read: '檢視客戶',
      customer_create: '新建客戶', customer_update: '修改客戶', customer_reveal: '檢視完整個人資料', category_manage: '管理業務分類',
      org_read: '檢視組織', org_manage: '管理組織', user_read: '檢視使用者', user_manage: '管理使用者', audit_read: '檢視稽核日誌', settings_manage: '系統設定', commitment_manage: '管理服務承諾', callback_work: '處理回訪', callback_manage: '管理回訪規則', report_read: '檢視報表', contact_read: '檢視話務記錄', contact_import: '匯入話務記錄', workforce_plan: '排班與預測', cti_ingest: '接收 CTI 事件', customer_export: '匯出客戶個人資料', customer_erase: '刪除或匿名化客戶',
    },
    categories: {
      addRoot: '新增一級分類', addChild: '新增下級', addTitle: '新增分類', addChildTitle: '在「{{parent}}」下新增分類', editTitle: '編輯分類', select: '在左側選擇一個分類檢視和編輯',
      code: '編碼', nameZhCn: '名稱（簡體）', nameZhTw: '名稱（繁體）', nameEn: '名稱（英文）', sort: '排序', active: '啟用', inactive: '已停用',
      parent: '上級分類', root: '（頂級）', saved: '分類已儲存', created: '分類已建立', deactivateHint: '停用分類會同時停用其全部下級分類', search: '搜尋分類',
    },
    audit: {
      action: '操作', actionHint: '操作前綴，如 case.、customer.reveal', entityType: '物件類型', entityId: '物件 ID', actor: '操作人', range: '時間範圍',
      at: '時間', ip: 'IP', search: '查詢', reset: '重設', field: '欄位', before: '修改前', after: '修改後', noDiff: '沒有記錄修改內容',
      shown: '已顯示 {{count}} 筆', noMore: '沒有更多了', changed: '{{count}} 項變更', changes: '變更',
    },
    common: { save: '儲存', cancel: '取消', edit: '編輯', required: '請填寫此項', stale: '已被他人修改，已重新整理為最新內容，請重新操作', yes: '是', no: '否' },
  },
  en: {
    title: 'Administration', forbidden: 'You may not administer anything',
    tabs: { org: 'Organisation', users: 'Users', roles: 'Roles', categories: 'Categories', audit: 'Audit log' },
    org: {
      addChild: 'Add unit below', addTitle: 'New unit under “{{parent}}”', editTitle: 'Edit unit', select: 'Pick a unit on the left to see and edit it',
      kind: 'Kind', code: 'Code', name: 'Name', resolverGroup: 'Resolver group (takes transfers and work orders)', rural: 'Rural outlet', active: 'Active', inactive: 'Inactive',
      members: 'Members', parent: 'Parent', search: 'Search units', codeHint: 'Letters, digits, dot, dash; fixed once created', saved: 'Unit saved', created: 'Unit created',
    },
    users: {
      search: 'Search username or name', create: 'New user', createTitle: 'New user', editTitle: 'Edit user: {{name}}', username: 'Username', name: 'Name',
      password: 'Initial password', newPassword: 'Reset password', newPasswordHint: 'Leave empty to keep; after a reset the user must change it at next login', passwordHint: 'At least 8 characters; changed at first login',
      roles: 'Roles', orgUnit: 'Org unit', locale: 'Language', active: 'Status', activeYes: 'Active', activeNo: 'Deactivated', deactivate: 'Deactivate',
      deactivateConfirm: 'The user is logged out at once and can no longer log in. Deactivate?', activate: 'Activate', saved: 'User saved', created: 'User created',
      allUnits: 'All units', allRoles: 'All roles', includeInactive: 'Include deactivated', createdAt: 'Created', rolesScope: 'Roles apply to the unit and everything below it',
    },
    roles: { role: 'Role', permissions: 'Permissions', hint: 'Roles and their permissions are built in; a user holds their roles over their unit and everything below it.', count: '{{count}}' },
    permission: {
      case_read: 'View cases', case_create: 'Take in cases', case_update: 'Edit cases', case_transfer: 'Transfer', case_dispatch: 'Dispatch', case_escalate: 'Escalate',
      case_resolve: 'Resolve and confirm', case_reopen: 'Reopen', case_merge: 'Merge', case_cancel: 'Cancel cases', case_comment: 'Comments and attachments',
      workorder_update: 'Work on work orders', remediation_request: 'Request remediation', remediation_approve: 'Approve remediation', customer_read: 'View customers',
      customer_create: 'Create customers', customer_update: 'Edit customers', customer_reveal: 'Reveal personal data', category_manage: 'Manage categories',
      org_read: 'View organisation', org_manage: 'Manage organisation', user_read: 'View users', user_manage: 'Manage users', audit_read: 'Read audit log', settings_manage: 'Settings', commitment_manage: 'Manage service commitments', callback_work: 'Work callbacks', callback_manage: 'Manage callback rules', report_read: 'Read reports', contact_read: 'Read contact records', contact_import: 'Import contact records', workforce_plan: 'Forecasts and rosters', cti_ingest: 'Receive CTI events', customer_export: 'Export customer personal data', customer_erase: 'Erase or anonymise customers',
    },
    categories: {
      addRoot: 'New top-level category', addChild: 'Add below', addTitle: 'New category', addChildTitle: 'New category under “{{parent}}”', editTitle: 'Edit category', select: 'Pick a category on the left to see and edit it',
      code: 'Code', nameZhCn: 'Name (Simplified)', nameZhTw: 'Name (Traditional)', nameEn: 'Name (English)', sort: 'Sort', active: 'Active', inactive: 'Inactive',
      parent: 'Parent', root: '(top level)', saved: 'Category saved', created: 'Category created', deactivateHint: 'Deactivating a category deactivates everything below it', search: 'Search categories',
    },
    audit: {
      action: 'Action', actionHint: 'Action prefix, e.g. case. or customer.reveal', entityType: 'Entity type', entityId: 'Entity id', actor: 'Actor', range: 'Period',
      at: 'When', ip: 'IP', search: 'Search', reset: 'Reset', field: 'Field', before: 'Before', after: 'After', noDiff: 'No changes recorded',
      shown: '{{count}} shown', noMore: 'No more', changed: '{{count}} changed', changes: 'Changes',
    },
    common: { save: 'Save', cancel: 'Cancel', edit: 'Edit', required: 'Required', stale: 'Someone else changed this; reloaded, please try again', yes: 'Yes', no: 'No' },
  },
};
