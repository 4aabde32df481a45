import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { caseCategories } from '../db/schema';

// The telecom complaint and request category tree a new database starts with. After the first
// seed the tree belongs to the administrators: later starts never add, rename or revive nodes.

/** [code, 简体, 繁體, English, children] */
type Seed = [code: string, zhCn: string, zhTw: string, en: string, children?: Seed[]];

export const CATEGORY_TREE: Seed[] = [
  ['NET', '网络质量', '網路品質', 'Network quality', [
    ['NET.MOBILE', '移动网络', '行動網路', 'Mobile network', [
      ['NET.MOBILE.NO_SIGNAL', '无信号', '無訊號', 'No signal'],
      ['NET.MOBILE.WEAK_SIGNAL', '信号弱', '訊號弱', 'Weak signal'],
      ['NET.MOBILE.CALL_DROP', '通话掉线', '通話斷線', 'Dropped calls'],
      ['NET.MOBILE.SLOW', '网速慢', '網速慢', 'Slow mobile data'],
      ['NET.MOBILE.NO_DATA', '无法上网', '無法上網', 'No mobile data'],
    ]],
    ['NET.BROADBAND', '宽带', '寬頻', 'Broadband', [
      ['NET.BROADBAND.NO_ACCESS', '无法上网', '無法上網', 'No internet access'],
      ['NET.BROADBAND.DROP', '频繁掉线', '頻繁斷線', 'Frequent disconnections'],
      ['NET.BROADBAND.SLOW', '网速慢', '網速慢', 'Slow speed'],
      ['NET.BROADBAND.IPTV', 'IPTV故障', 'IPTV故障', 'IPTV fault'],
    ]],
    ['NET.FIXED', '固话', '市話', 'Fixed line', [
      ['NET.FIXED.NO_TONE', '无拨号音', '無撥號音', 'No dial tone'],
      ['NET.FIXED.NOISE', '通话杂音', '通話雜音', 'Line noise'],
      ['NET.FIXED.NO_CALLS', '无法呼出或呼入', '無法撥出或撥入', 'Cannot make or receive calls'],
    ]],
  ]],
  ['BILL', '资费与账单', '資費與帳單', 'Charges and billing', [
    ['BILL.WRONG_CHARGE', '乱扣费', '亂扣費', 'Unexpected charges', [
      ['BILL.WRONG_CHARGE.VAS', '增值业务扣费', '加值服務扣費', 'Value-added service charges'],
      ['BILL.WRONG_CHARGE.DATA', '流量费争议', '流量費爭議', 'Data charge dispute'],
      ['BILL.WRONG_CHARGE.ROAMING', '漫游费争议', '漫遊費爭議', 'Roaming charge dispute'],
    ]],
    ['BILL.PLAN', '套餐资费', '方案資費', 'Plan pricing', [
      ['BILL.PLAN.UNCLEAR', '资费说明不清', '資費說明不清', 'Pricing not explained'],
      ['BILL.PLAN.CHANGED', '资费调整未告知', '資費調整未告知', 'Price change not notified'],
    ]],
    ['BILL.STATEMENT', '账单疑问', '帳單疑問', 'Bill query'],
    ['BILL.TOPUP', '话费充值', '話費儲值', 'Top-up', [
      ['BILL.TOPUP.NOT_CREDITED', '充值未到账', '儲值未入帳', 'Top-up not credited'],
      ['BILL.TOPUP.REFUND', '充值退款', '儲值退款', 'Top-up refund'],
    ]],
  ]],
  ['BIZ', '业务办理', '業務辦理', 'Service requests', [
    ['BIZ.OPEN', '开户', '開戶', 'New account'],
    ['BIZ.CLOSE', '销户', '銷戶', 'Account closure'],
    ['BIZ.OWNER', '过户', '過戶', 'Ownership transfer'],
    ['BIZ.MNP', '携号转网', '攜碼轉網', 'Number portability'],
    ['BIZ.PLAN_CHANGE', '套餐变更', '方案變更', 'Plan change'],
    ['BIZ.SIM', '补换卡', '補換卡', 'SIM replacement'],
  ]],
  ['ATT', '服务态度', '服務態度', 'Staff attitude', [
    ['ATT.COUNTER', '营业员态度', '營業員態度', 'Counter staff'],
    ['ATT.HOTLINE', '热线服务', '熱線服務', 'Hotline service', [
      ['ATT.HOTLINE.WAIT', '等待时间长', '等候時間長', 'Long waiting time'],
      ['ATT.HOTLINE.RUDE', '客服态度差', '客服態度差', 'Rude agent'],
    ]],
    ['ATT.FIELD', '装维人员', '裝維人員', 'Field technicians'],
  ]],
  ['FIELD', '装维服务', '裝維服務', 'Installation and repair', [
    ['FIELD.INSTALL_LATE', '装机超时', '裝機逾時', 'Installation overdue'],
    ['FIELD.REPAIR_LATE', '修障超时', '修障逾時', 'Repair overdue'],
    ['FIELD.NO_SHOW', '上门爽约', '上門爽約', 'Missed appointment'],
    ['FIELD.WORKMANSHIP', '施工质量', '施工品質', 'Workmanship'],
  ]],
  ['MKT', '营销宣传', '行銷宣傳', 'Marketing', [
    ['MKT.MISLEADING', '虚假宣传', '虛假宣傳', 'Misleading advertising'],
    ['MKT.BUNDLING', '捆绑销售', '綑綁銷售', 'Forced bundling'],
    ['MKT.NO_CONSENT', '未经同意办理业务', '未經同意辦理業務', 'Services added without consent'],
  ]],
  ['SEC', '信息安全', '資訊安全', 'Information security', [
    ['SEC.SPAM_SMS', '垃圾短信', '垃圾簡訊', 'Spam SMS'],
    ['SEC.NUISANCE', '骚扰电话', '騷擾電話', 'Nuisance calls'],
    ['SEC.FRAUD', '诈骗电话', '詐騙電話', 'Fraud calls'],
    ['SEC.DATA_LEAK', '个人信息泄露', '個人資料外洩', 'Personal data leak'],
  ]],
  ['DEVICE', '终端设备', '終端設備', 'Devices', [
    ['DEVICE.HANDSET', '手机质量', '手機品質', 'Handset quality'],
    ['DEVICE.MODEM', '光猫或路由器故障', '光貓或路由器故障', 'Modem or router fault'],
    ['DEVICE.SET_TOP', '机顶盒故障', '機上盒故障', 'Set-top box fault'],
  ]],
  ['OTHER', '其他', '其他', 'Other'],
];

/** The seed as rows with fresh ids and materialised paths, parents first. Pure but for the ids. */
export function categoryRows(tree: readonly Seed[] = CATEGORY_TREE): (typeof caseCategories.$inferInsert)[] {
  const rows: (typeof caseCategories.$inferInsert)[] = [];
  const walk = (nodes: readonly Seed[], parentId: string | null, parentPath: string) => {
    nodes.forEach(([code, nameZhCn, nameZhTw, nameEn, children], i) => {
      const id = crypto.randomUUID();
      const path = `${parentPath}${id}/`;
      rows.push({ id, parentId, code, nameZhCn, nameZhTw, nameEn, path, sort: (i + 1) * 10 });
      if (children) walk(children, id, path);
    });
  };
  walk(tree, null, '/');
  return rows;
}

/**
 * Seed the telecom category tree when the table is empty. Safe on every start and from several
 * nodes at once (an advisory lock; the second one finds the tree there).
 */
export async function ensureCategories(db: Db): Promise<void> {
  const [any] = await db.select({ id: caseCategories.id }).from(caseCategories).limit(1);
  if (any) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727101)`);
    const [again] = await tx.select({ id: caseCategories.id }).from(caseCategories).limit(1);
    if (again) return;
    await tx.insert(caseCategories).values(categoryRows());
  });
}
