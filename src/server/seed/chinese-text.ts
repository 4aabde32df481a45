import type { CaseType } from '../../shared/cases';
import type { Rng } from './rng';

// Realistic Chinese texts for demo cases, one "topic" per kind of contact a telecom
// business hall or a 10000 hotline sees every day. Slots ({amount}, {days}, …) take
// values from small lists, so the number of distinct texts stays bounded and their
// jieba tokens can be computed once and reused (see demo.seed.ts).

/** Who a case of this topic is handed to, when it is handed on. */
export type Route = 'broadband' | 'network' | 'complaints' | 'none';

export interface Topic {
  key: string;
  type: CaseType;
  /** Codes in the seeded category tree (categories.seed.ts) these cases file under. */
  categoryCodes: string[];
  /** Words matched against the category tree's names when none of the codes exists (an edited tree). */
  keywords: string[];
  subjects: string[];
  descriptions: string[];
  resolutions: { code: 'solved' | 'explained' | 'workaround' | 'compensated' | 'not_reproducible' | 'customer_withdrew' | 'other'; summary: string }[];
  route: Route;
  /** Share of this topic's cases that need field work (a work order). */
  workOrderRate?: number;
  /** Relative frequency within its type. */
  weight: number;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
}

export const SLOT_VALUES: Record<string, readonly string[]> = {
  amount: ['10', '15', '20', '29', '30', '38', '50', '68', '99', '120'],
  days: ['两', '三', '四', '五', '一个星期'],
  month: ['上个月', '这个月', '本月', '近两个月'],
  time: ['晚上七点', '晚上九点', '早上', '中午', '凌晨', '下午三点'],
  n: ['两', '三', '四', '五'],
  speed: ['10M', '20M', '30M', '50M'],
  plan: ['300M', '500M', '1000M'],
  pkg: ['129元融合套餐', '169元融合套餐', '99元畅享套餐', '59元流量套餐', '199元全家享套餐'],
  place: ['家里', '公司', '店里', '小区地下车库', '卧室'],
  service: ['彩铃', '视频会员', '游戏包', '音乐会员', '阅读包', '流量加油包'],
};

export const TOPICS: Topic[] = [
  // ── complaints 投诉 ────────────────────────────────────────────────
  {
    key: 'bb-outage', type: 'complaint', weight: 14, route: 'broadband', workOrderRate: 0.6, priority: 'high',
    keywords: ['宽带', '断网', '无法上网', '网络'],
    categoryCodes: ['NET.BROADBAND.DROP', 'NET.BROADBAND.NO_ACCESS', 'FIELD.REPAIR_LATE'],
    subjects: ['宽带频繁断网，多次报修未解决', '宽带断网{days}天无人处理', '投诉宽带经常掉线影响工作', '家里宽带断网，装维一直不上门'],
    descriptions: [
      '客户反映家中宽带从{days}天前开始频繁断网，{time}前后最严重，已报修{n}次，装维人员一直没有上门，客户情绪激动，要求尽快修复并减免当月宽带费。',
      '客户称宽带每天掉线好几次，光猫LOS灯红色闪烁，重启后能用半小时又断。孩子上网课受影响，要求今天必须有人上门处理。',
      '客户投诉宽带断网已{days}天，之前报修工单被无故关闭，未收到任何回复。客户表示如再不解决将向工信部申诉。',
    ],
    resolutions: [
      { code: 'solved', summary: '装维人员上门更换光猫并重新熔接入户光纤，测试网络恢复正常，客户认可。' },
      { code: 'compensated', summary: '经核实为分光器端口故障，已修复；按规定减免客户当月宽带月租，客户表示满意。' },
      { code: 'solved', summary: '更换故障分光器端口，连续观察两天未再断网，已回访客户确认。' },
    ],
  },
  {
    key: 'bb-slow', type: 'complaint', weight: 8, route: 'broadband', workOrderRate: 0.4,
    keywords: ['宽带', '网速', '速率', '网络'],
    categoryCodes: ['NET.BROADBAND.SLOW'],
    subjects: ['宽带网速慢，达不到签约速率', '投诉{plan}宽带实际只有{speed}', '晚上网速特别慢'],
    descriptions: [
      '客户办理的是{plan}宽带，测速只有{speed}左右，{time}以后看视频都卡顿，认为我司虚假宣传，要求达到签约速率或者退还差价。',
      '客户反映近期宽带速度明显下降，用手机连无线测速只有{speed}，电脑有线测速也不理想，要求上门检测。',
    ],
    resolutions: [
      { code: 'solved', summary: '上门检测发现客户路由器老旧不支持千兆，已协助更换为我司千兆路由器，有线测速达标。' },
      { code: 'explained', summary: '有线测速达到签约速率，无线速率受路由器和墙体影响，已向客户解释并建议加装组网设备。' },
      { code: 'solved', summary: '网络优化调整所在小区OLT上联带宽，晚高峰速率恢复正常，客户认可。' },
    ],
  },
  {
    key: 'billing-overcharge', type: 'complaint', weight: 14, route: 'complaints', priority: 'high',
    keywords: ['计费', '扣费', '费用', '账单', '乱扣费'],
    categoryCodes: ['BILL.WRONG_CHARGE.VAS', 'BILL.WRONG_CHARGE.DATA', 'MKT.NO_CONSENT'],
    subjects: ['话费被乱扣{amount}元', '投诉{month}话费异常扣费', '未订购业务被扣费', '账单多扣了{amount}元'],
    descriptions: [
      '客户反映{month}话费账单比平时多出{amount}元，查询发现有一项{service}的费用，客户表示从未订购过该业务，要求退费并取消。',
      '客户称{month}被扣了{amount}元的{service}费，之前已经退订过一次，现在又被扣费，认为是强制消费，要求双倍赔偿。',
      '客户投诉手机话费余额突然减少{amount}元，没有收到任何扣费短信提醒，要求查明原因并退费。',
    ],
    resolutions: [
      { code: 'compensated', summary: '核实为第三方增值业务误订购，已退订并全额退还{amount}元，客户认可。' },
      { code: 'explained', summary: '核实扣费为客户套餐外流量费用，已发送详单并解释计费规则，客户接受。' },
      { code: 'compensated', summary: '已取消{service}并退还近两个月费用，赠送10元话费致歉，客户满意。' },
    ],
  },
  {
    key: 'staff-attitude', type: 'complaint', weight: 7, route: 'complaints',
    keywords: ['服务', '态度', '营业员', '人员'],
    categoryCodes: ['ATT.COUNTER', 'ATT.HOTLINE.RUDE', 'ATT.HOTLINE.WAIT'],
    subjects: ['投诉营业员服务态度差', '营业厅工作人员态度恶劣', '投诉客服代表不耐烦'],
    descriptions: [
      '客户反映在营业厅办理业务时，营业员态度冷淡，多次询问后不耐烦地让客户自己看，客户感觉被怠慢，要求营业厅道歉。',
      '客户称拨打10000号咨询问题时，客服代表多次打断客户说话，语气生硬，问题也没有解决，要求对该员工进行处理。',
      '客户投诉营业厅排队等了四十多分钟，窗口只开了两个，工作人员还在聊天，要求改善服务。',
    ],
    resolutions: [
      { code: 'explained', summary: '已调取录音核实，对相关员工进行批评教育并纳入当月考核，营业厅经理电话向客户致歉，客户接受。' },
      { code: 'compensated', summary: '营业厅班长上门致歉并赠送小礼品，已加强高峰期窗口排班，客户表示理解。' },
    ],
  },
  {
    key: 'package-misled', type: 'complaint', weight: 7, route: 'complaints',
    keywords: ['套餐', '资费', '营销', '办理'],
    categoryCodes: ['MKT.MISLEADING', 'BILL.PLAN.UNCLEAR', 'MKT.BUNDLING'],
    subjects: ['办理套餐时未告知合约期', '投诉营业员诱导升级套餐', '套餐内容与宣传不符'],
    descriptions: [
      '客户表示在营业厅办理{pkg}时，营业员只说每月费用，没有告知需要签订两年合约，现在想更换套餐被告知需付违约金，要求免除。',
      '客户反映营业员推荐升级为{pkg}，称费用不变，结果{month}账单多了{amount}元，认为被误导，要求恢复原套餐并退费。',
    ],
    resolutions: [
      { code: 'compensated', summary: '核实办理时未充分告知，已为客户免违约金恢复原套餐，并退还差价。' },
      { code: 'explained', summary: '调取业务受理单，客户已签字确认合约条款，已向客户解释并提供更优惠的套餐方案，客户接受。' },
    ],
  },
  {
    key: 'mobile-signal', type: 'complaint', weight: 6, route: 'network', workOrderRate: 0.2,
    keywords: ['信号', '移动', '网络', '覆盖'],
    categoryCodes: ['NET.MOBILE.WEAK_SIGNAL', 'NET.MOBILE.NO_SIGNAL'],
    subjects: ['{place}手机信号差', '小区手机没有信号', '投诉5G信号不稳定'],
    descriptions: [
      '客户反映{place}手机信号只有一格，经常打不通电话，5G经常切换到4G，已持续{days}个月，要求改善网络覆盖。',
      '客户称所住小区新建后一直信号很差，{place}完全没有信号，邻居也有同样问题，要求尽快建设基站。',
    ],
    resolutions: [
      { code: 'solved', summary: '网络优化组现场测试后调整了附近基站天线方位角，信号明显改善，客户认可。' },
      { code: 'workaround', summary: '该区域已纳入年度建站计划，临时为客户开通VoWiFi通话功能，客户表示理解。' },
    ],
  },
  {
    key: 'number-port', type: 'complaint', weight: 3, route: 'complaints',
    keywords: ['携号转网', '销户', '办理'],
    categoryCodes: ['BIZ.MNP', 'BIZ.CLOSE'],
    subjects: ['携号转网被阻挠', '销户手续繁琐'],
    descriptions: [
      '客户申请携号转网，被告知有合约未到期无法办理，客户认为合约早已到期，要求尽快解除限制。',
      '客户要求办理销户，营业厅要求本人携带原始购机发票，客户认为不合理，多次跑腿未能办结。',
    ],
    resolutions: [
      { code: 'solved', summary: '核实合约已于上月到期，已解除限制，客户已成功办理携号转网。' },
      { code: 'explained', summary: '已向客户解释销户所需材料，并预约客户经理一次性办结，客户接受。' },
    ],
  },
  {
    key: 'install-delay', type: 'complaint', weight: 5, route: 'broadband', workOrderRate: 0.7,
    keywords: ['装机', '安装', '宽带', '移机'],
    categoryCodes: ['FIELD.INSTALL_LATE', 'FIELD.NO_SHOW'],
    subjects: ['宽带新装超时未安装', '宽带移机一周未处理'],
    descriptions: [
      '客户{days}天前在营业厅办理新装宽带，承诺48小时内上门安装，至今无人联系，客户已搬入新房急需使用。',
      '客户办理宽带移机已经{days}天，装维人员约好{time}上门但未到，打电话也不接，客户非常不满。',
    ],
    resolutions: [
      { code: 'solved', summary: '已协调装维班当日上门完成安装，并向客户致歉，客户认可。' },
      { code: 'compensated', summary: '移机已完成，因超时向客户赠送一个月宽带使用费，客户满意。' },
    ],
  },

  // ── faults 故障申告 ──────────────────────────────────────────────
  {
    key: 'fault-bb-down', type: 'fault', weight: 16, route: 'broadband', workOrderRate: 0.85, priority: 'high',
    keywords: ['宽带', '故障', '无法上网', '断网'],
    categoryCodes: ['NET.BROADBAND.NO_ACCESS', 'DEVICE.MODEM'],
    subjects: ['宽带无法上网', '光猫LOS灯闪红', '宽带故障报修', '网络连接不上'],
    descriptions: [
      '客户报修宽带无法上网，光猫LOS灯红色闪烁，已重启光猫和路由器无效，请安排装维上门。',
      '客户称{time}开始宽带突然断了，电视也看不了，光猫PON灯不亮，客户{place}在家，可随时上门。',
      '客户家中宽带无法连接，拨号提示691错误，账号未欠费，请核查。',
    ],
    resolutions: [
      { code: 'solved', summary: '入户光纤被装修工人弄断，已重新熔接，网络恢复。' },
      { code: 'solved', summary: '光猫故障，已免费更换新光猫，测试正常。' },
      { code: 'solved', summary: '后台账号绑定异常，已解绑重置，客户可正常拨号上网。' },
    ],
  },
  {
    key: 'fault-iptv', type: 'fault', weight: 6, route: 'broadband', workOrderRate: 0.6,
    keywords: ['电视', 'IPTV', '天翼高清', '故障'],
    categoryCodes: ['NET.BROADBAND.IPTV', 'DEVICE.SET_TOP'],
    subjects: ['天翼高清电视无法播放', 'IPTV机顶盒报错'],
    descriptions: [
      '客户反映天翼高清机顶盒开机后提示错误代码1302，无法观看直播，宽带上网正常。',
      '客户家电视{time}开始一直卡顿花屏，重启机顶盒无效，要求上门检修。',
    ],
    resolutions: [
      { code: 'solved', summary: '机顶盒故障，已上门更换机顶盒，直播点播均正常。' },
      { code: 'workaround', summary: '远程重置机顶盒并升级软件后恢复，已告知客户如再出现可直接报修。' },
    ],
  },
  {
    key: 'fault-landline', type: 'fault', weight: 4, route: 'broadband', workOrderRate: 0.7,
    keywords: ['固话', '电话', '故障'],
    categoryCodes: ['NET.FIXED.NO_TONE', 'NET.FIXED.NOISE'],
    subjects: ['固定电话无拨号音', '座机有杂音听不清'],
    descriptions: [
      '客户固定电话拿起无拨号音，打进来提示无法接通，已持续{days}天。',
      '客户座机通话中有很大的电流杂音，听不清对方讲话，要求检修线路。',
    ],
    resolutions: [
      { code: 'solved', summary: '外线进水受潮，已更换分线盒，通话恢复正常。' },
      { code: 'not_reproducible', summary: '上门测试线路正常，更换话机后未再出现杂音。' },
    ],
  },
  {
    key: 'fault-mobile', type: 'fault', weight: 5, route: 'network', workOrderRate: 0.15,
    keywords: ['手机', '信号', '故障', '移动'],
    categoryCodes: ['NET.MOBILE.NO_DATA', 'NET.MOBILE.NO_SIGNAL', 'BIZ.SIM'],
    subjects: ['手机无法上网', '手机突然无服务', '来电提示空号'],
    descriptions: [
      '客户手机{time}开始显示无服务，插别的卡正常，要求查看是否号码异常。',
      '客户反映手机流量打开但无法上网，已重启手机，其他人在同一地点正常。',
      '客户称朋友打他电话提示空号，但他本人可以正常拨出，要求尽快处理。',
    ],
    resolutions: [
      { code: 'solved', summary: '号码HLR数据异常，已重新写入，客户手机恢复正常。' },
      { code: 'workaround', summary: 'SIM卡老化，已免费为客户补换新卡，恢复正常。' },
      { code: 'solved', summary: 'APN配置错误，已指导客户恢复默认设置，可正常上网。' },
    ],
  },

  // ── inquiries 咨询 ───────────────────────────────────────────────
  {
    key: 'inq-bill', type: 'inquiry', weight: 16, route: 'none',
    keywords: ['话费', '账单', '查询', '计费'],
    categoryCodes: ['BILL.STATEMENT'],
    subjects: ['咨询{month}话费构成', '查询话费余额和账单', '咨询流量使用情况'],
    descriptions: [
      '客户咨询{month}话费为什么比以往高，已帮客户查询详单，主要是套餐外流量费用。',
      '客户询问当前话费余额和本月已用流量，已告知并介绍了流量提醒短信的设置方法。',
    ],
    resolutions: [{ code: 'explained', summary: '已为客户查询并解释账单明细，客户清楚。' }],
  },
  {
    key: 'inq-package', type: 'inquiry', weight: 14, route: 'none',
    keywords: ['套餐', '资费', '咨询', '业务'],
    categoryCodes: ['BILL.PLAN'],
    subjects: ['咨询{pkg}资费', '咨询融合套餐办理条件', '了解宽带提速优惠'],
    descriptions: [
      '客户咨询{pkg}包含的流量、通话时长和宽带速率，已详细介绍并告知办理方式。',
      '客户想把家里宽带提速到{plan}，询问费用和是否需要更换光猫，已解答。',
      '客户询问家庭成员副卡如何加入套餐，已说明每张副卡的月功能费和办理所需证件。',
    ],
    resolutions: [{ code: 'explained', summary: '已向客户详细介绍资费和办理方式，客户表示考虑后再办理。' }],
  },
  {
    key: 'inq-phone', type: 'inquiry', weight: 6, route: 'none',
    keywords: ['终端', '手机', '咨询', '合约机'],
    categoryCodes: ['DEVICE.HANDSET'],
    subjects: ['咨询合约机优惠', '咨询以旧换新活动'],
    descriptions: [
      '客户咨询存话费送手机活动，想了解合约期和每月最低消费，已解答。',
      '客户询问以旧换新活动的折价标准和参与机型，已介绍并邀请到厅体验。',
    ],
    resolutions: [{ code: 'explained', summary: '已介绍活动规则，客户了解。' }],
  },
  {
    key: 'inq-hours', type: 'inquiry', weight: 4, route: 'none',
    keywords: ['营业厅', '咨询', '服务'],
    categoryCodes: ['OTHER'],
    subjects: ['咨询营业厅营业时间', '咨询办理业务所需材料'],
    descriptions: [
      '客户询问周末营业厅营业时间和最近的营业厅地址，已告知。',
      '客户咨询代办家人业务需要带哪些证件，已告知需机主身份证原件及代办人身份证。',
    ],
    resolutions: [{ code: 'explained', summary: '已告知客户，客户清楚。' }],
  },

  // ── requests 业务办理 ────────────────────────────────────────────
  {
    key: 'req-change-pkg', type: 'request', weight: 10, route: 'none',
    keywords: ['套餐', '变更', '办理', '业务'],
    categoryCodes: ['BIZ.PLAN_CHANGE'],
    subjects: ['申请变更为{pkg}', '办理套餐降档', '申请开通国际漫游'],
    descriptions: [
      '客户申请从当前套餐变更为{pkg}，次月生效，已核实身份并受理。',
      '客户要求办理套餐降档，已告知合约期限制和生效时间，客户同意。',
      '客户下周出国旅游，申请开通国际漫游和流量包，已办理。',
    ],
    resolutions: [{ code: 'solved', summary: '业务已办理成功，已短信通知客户生效时间。' }],
  },
  {
    key: 'req-bb-move', type: 'request', weight: 6, route: 'broadband', workOrderRate: 0.9,
    keywords: ['宽带', '移机', '装机', '办理'],
    categoryCodes: ['BIZ.OPEN'],
    subjects: ['申请宽带移机', '申请新装宽带', '申请宽带提速至{plan}'],
    descriptions: [
      '客户搬家申请宽带移机到新地址，已查询新地址具备光纤覆盖，约定{time}上门。',
      '客户新房申请新装{plan}宽带并加装天翼高清，已受理并派单。',
    ],
    resolutions: [{ code: 'solved', summary: '装维人员已上门完成安装调试，客户验收合格。' }],
  },
  {
    key: 'req-invoice', type: 'request', weight: 4, route: 'none',
    keywords: ['发票', '账单', '办理'],
    categoryCodes: ['BILL.STATEMENT'],
    subjects: ['申请开具{month}电子发票', '申请补打缴费发票'],
    descriptions: [
      '客户公司报销需要{month}的增值税电子发票，已核对抬头和税号后受理。',
      '客户申请补打近三个月的缴费发票，已受理并发送至客户邮箱。',
    ],
    resolutions: [{ code: 'solved', summary: '发票已开具并发送至客户邮箱。' }],
  },
  {
    key: 'req-unsubscribe', type: 'request', weight: 4, route: 'none',
    keywords: ['增值业务', '退订', '办理'],
    categoryCodes: ['BIZ.PLAN_CHANGE'],
    subjects: ['申请退订{service}', '取消所有增值业务'],
    descriptions: [
      '客户要求退订{service}，已核实订购记录并办理退订，次月起不再收费。',
      '客户要求取消名下所有增值业务并屏蔽业务推广短信，已办理。',
    ],
    resolutions: [{ code: 'solved', summary: '已办理退订并短信告知客户。' }],
  },

  // ── suggestions 建议 ─────────────────────────────────────────────
  {
    key: 'sugg', type: 'suggestion', weight: 1, route: 'complaints',
    keywords: ['建议', '服务'],
    categoryCodes: ['OTHER'],
    subjects: ['建议营业厅增加自助服务终端', '建议延长周末营业时间', '建议APP增加宽带故障自助报修'],
    descriptions: [
      '客户建议营业厅高峰期多开几个窗口，或者增加自助缴费和补卡机，减少排队时间。',
      '客户表示上班族工作日没时间来营业厅，建议周末延长营业时间到晚上八点。',
      '客户建议在掌上营业厅APP里增加宽带故障自助诊断和报修进度查询功能。',
    ],
    resolutions: [{ code: 'explained', summary: '已感谢客户建议并转相关部门研究，已回复客户。' }],
  },

  // ── praise 表扬 ──────────────────────────────────────────────────
  {
    key: 'praise', type: 'praise', weight: 1, route: 'none',
    keywords: ['表扬', '服务'],
    categoryCodes: ['OTHER'],
    subjects: ['表扬装维师傅服务周到', '表扬营业员耐心细致', '表扬客服代表解决问题及时'],
    descriptions: [
      '客户来电表扬装维师傅上门准时，修好宽带后还帮忙整理了网线，服务非常周到。',
      '客户表扬营业厅工作人员耐心帮老人设置手机，讲解很细致，特此致谢。',
      '客户表扬客服代表一次就帮他解决了扣费问题，态度好、效率高。',
    ],
    resolutions: [{ code: 'other', summary: '已记录表扬并转告相关员工及其班组。' }],
  },
];

/** Fill `{slot}` placeholders with values from SLOT_VALUES. */
export function fillSlots(rng: Rng, template: string): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => (SLOT_VALUES[slot] ? rng.pick(SLOT_VALUES[slot]) : ''));
}

export const TRANSFER_REASONS: Record<Route, string[]> = {
  broadband: ['需装维人员上门检修', '涉及宽带线路，转装维班处理', '属地装维负责，请尽快联系客户'],
  network: ['涉及无线网络覆盖，转网络优化组核查', '需网优现场测试'],
  complaints: ['投诉类工单，转投诉处理班跟进', '涉及退费赔偿，需投诉处理班审核', '客户要求主管处理'],
  none: ['需后台专员处理'],
};

export const BOUNCE_REASONS = ['非本班组处理范围，退回首问人', '信息不全，无法处理，请补充客户地址后再转', '不属于装维问题，请转计费核查'];

export const ESCALATION_REASONS = ['客户情绪激动，要求主管处理', '重复投诉，升级关注', '客户扬言向工信部申诉', '超过承诺时限未解决', '媒体曝光风险'];

export const INTERNAL_COMMENTS = [
  '已致电客户，客户表示晚上八点后方便联系。',
  '已联系装维人员，预约明天上午上门。',
  '客户为重复投诉，请班长重点关注。',
  '已调取受理录音，正在核实。',
  '后台查询订购记录显示为短信二次确认订购，需进一步核实。',
  '客户电话未接通，已发送短信告知稍后回电。',
  '已申请退费审批，等待计费中心处理。',
  '与客户沟通后，客户同意等待处理结果。',
];

export const PUBLIC_COMMENTS = [
  '您好，您反映的问题我们已受理，将在24小时内给您回复。',
  '您好，装维人员将于今天下午上门，请保持电话畅通。',
  '您好，退费已办理，预计3个工作日内到账。',
  '您好，问题已处理完毕，如仍有疑问请拨打10000号。',
];

export const WORK_ORDER_NOTES = {
  dispatched: ['请尽快联系客户预约上门', '客户要求今天处理，请优先安排', '重复报修，请带备用光猫'],
  accepted: ['已接单，已与客户预约上门时间', '已接单'],
  on_site: ['已到达客户家中，开始排查', '已到现场，检查入户光纤'],
  done: ['已修复，客户现场确认', '更换光猫后测试正常', '熔接光纤后恢复，已清理现场'],
} as const;

export const CONFIRM_COMMENTS = ['客户表示满意', '客户认可处理结果', '客户表示问题已解决'];
export const UNSATISFIED_COMMENTS = ['客户对处理时长不满意', '客户认为补偿不足'];
export const CANCEL_REASONS = ['客户撤销申告', '重复受理，已在其他工单处理', '客户联系不上，按规定撤单'];
