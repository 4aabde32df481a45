import type { Catalogue } from '../../lib/i18n';

// The 'cases' namespace: queues, the case list and the intake form.
export const caseMessages: Catalogue = {
  'zh-CN': {
    col: {
      number: '工单号', type: '类型', subject: '主题', customer: '客户', status: '状态', priority: '优先级',
      owner: '当前处理人', firstResponder: '首问责任人', createdAt: '受理时间', channel: '渠道', site: '受理单位', repeat: '重复',
    },
    queue: {
      mineTitle: '我的工单', teamTitle: '班组工单', asOwner: '我处理的', asFirstResponder: '我首问受理的',
      open: '未结', all: '全部', shown: '已显示 {{count}} 条', noMore: '没有更多了', empty: '队列为空，辛苦了',
    },
    list: {
      title: '工单查询', searchPlaceholder: '搜索主题、描述、备注、客户姓名或工单号', status: '状态', type: '类型', channel: '渠道',
      priority: '优先级', dateRange: '受理日期', from: '开始日期', to: '结束日期', reset: '清除条件', repeatOnly: '仅重复投诉',
    },
    intake: {
      title: '受理登记', type: '工单类型', channel: '受理渠道', customer: '客户',
      customerPlaceholder: '输入客户姓名或手机号后四位查找', searching: '查找中…', noMatch: '没有找到匹配的客户',
      newCustomer: '新建客户', newCustomerOption: '新建客户“{{text}}”', findExisting: '改为查找已有客户', change: '更换',
      customerName: '客户姓名', customerPhone: '联系电话', category: '业务分类', categoryPlaceholder: '选择业务分类（可搜索）',
      subject: '主题', subjectPlaceholder: '一句话概括客户诉求', description: '详细描述', descriptionPlaceholder: '客户反映的情况、时间、号码、诉求等',
      priority: '优先级', submit: '提交受理', submitHint: 'Ctrl+Enter 提交', clear: '清空',
      created: '工单 {{number}} 已受理', customerRequired: '请选择客户，或新建客户', nameRequired: '请输入客户姓名',
      phoneRequired: '请输入联系电话', phoneInvalid: '电话号码格式不正确（5–15 位数字）', subjectRequired: '请输入主题',
      keyCustomer: '大客户', otherChannels: '其他渠道', typeRequired: '请选择工单类型', fieldInvalid: '此项内容不正确', channelRequired: '请选择受理渠道', recentCases: '该客户近期工单', noRecent: '该客户暂无工单', openCustomer: '客户档案',
    },
  },
  'zh-TW': {
    col: {
      number: '工單號', type: '類型', subject: '主旨', customer: '客戶', status: '狀態', priority: '優先級',
      owner: '目前處理人', firstResponder: '首問責任人', createdAt: '受理時間', channel: '管道', site: '受理單位', repeat: '重複',
    },
    queue: {
      mineTitle: '我的工單', teamTitle: '班組工單', asOwner: '我處理的', asFirstResponder: '我首問受理的',
      open: '未結', all: '全部', shown: '已顯示 {{count}} 筆', noMore: '沒有更多了', empty: '佇列為空，辛苦了',
    },
    list: {
      title: '工單查詢', searchPlaceholder: '搜尋主旨、描述、備註、客戶姓名或工單號', status: '狀態', type: '類型', channel: '管道',
      priority: '優先級', dateRange: '受理日期', from: '開始日期', to: '結束日期', reset: '清除條件', repeatOnly: '僅重複投訴',
    },
    intake: {
      title: '受理登記', type: '工單類型', channel: '受理管道', customer: '客戶',
      customerPlaceholder: '輸入客戶姓名或手機號碼後四碼查找', searching: '查找中…', noMatch: '沒有找到相符的客戶',
      newCustomer: '新增客戶', newCustomerOption: '新增客戶「{{text}}」', findExisting: '改為查找既有客戶', change: '更換',
      customerName: '客戶姓名', customerPhone: '聯絡電話', category: '業務分類', categoryPlaceholder: '選擇業務分類（可搜尋）',
      subject: '主旨', subjectPlaceholder: '一句話概括客戶訴求', description: '詳細描述', descriptionPlaceholder: '客戶反映的情況、時間、號碼、訴求等',
      priority: '優先級', submit: '提交受理', submitHint: 'Ctrl+Enter 提交', clear: '清空',
      created: '工單 {{number}} 已受理', customerRequired: '請選擇客戶，或新增客戶', nameRequired: '請輸入客戶姓名',
      phoneRequired: '請輸入聯絡電話', phoneInvalid: '電話號碼格式不正確（5–15 位數字）', subjectRequired: '請輸入主旨',
      keyCustomer: '大客戶', otherChannels: '其他管道', typeRequired: '請選擇工單類型', fieldInvalid: '此項內容不正確', channelRequired: '請選擇受理管道', recentCases: '該客戶近期工單', noRecent: '該客戶尚無工單', openCustomer: '客戶檔案',
    },
  },
  en: {
    col: {
      number: 'Number', type: 'Type', subject: 'Subject', customer: 'Customer', status: 'Status', priority: 'Priority',
      owner: 'Owner', firstResponder: 'First responder', createdAt: 'Received', channel: 'Channel', site: 'Site', repeat: 'Repeat',
    },
    queue: {
      mineTitle: 'My cases', teamTitle: 'Team queue', asOwner: 'I hold', asFirstResponder: 'I received (first responder)',
      open: 'Open', all: 'All', shown: '{{count}} shown', noMore: 'No more', empty: 'Nothing in this queue',
    },
    list: {
      title: 'Find cases', searchPlaceholder: 'Search subject, description, comments, customer name or number', status: 'Status', type: 'Type', channel: 'Channel',
      priority: 'Priority', dateRange: 'Received', from: 'From', to: 'To', reset: 'Clear filters', repeatOnly: 'Repeat complaints only',
    },
    intake: {
      title: 'New case', type: 'Type', channel: 'Channel', customer: 'Customer',
      customerPlaceholder: 'Customer name or last 4 digits of a phone', searching: 'Searching…', noMatch: 'No matching customer',
      newCustomer: 'New customer', newCustomerOption: 'New customer “{{text}}”', findExisting: 'Find an existing customer instead', change: 'Change',
      customerName: 'Customer name', customerPhone: 'Phone', category: 'Category', categoryPlaceholder: 'Choose a category (type to search)',
      subject: 'Subject', subjectPlaceholder: 'The request in one line', description: 'Description', descriptionPlaceholder: 'What happened, when, which number, what the customer wants',
      priority: 'Priority', submit: 'Submit', submitHint: 'Ctrl+Enter submits', clear: 'Clear',
      created: 'Case {{number}} received', customerRequired: 'Choose a customer or create one', nameRequired: 'Enter the customer’s name',
      phoneRequired: 'Enter a phone number', phoneInvalid: 'Not a valid phone number (5–15 digits)', subjectRequired: 'Enter a subject',
      keyCustomer: 'Key account', otherChannels: 'Other channels', typeRequired: 'Choose the case type', fieldInvalid: 'This value is not valid', channelRequired: 'Choose the channel', recentCases: 'Recent cases of this customer', noRecent: 'No cases yet', openCustomer: 'Customer file',
    },
  },
};
