import crypto from 'node:crypto';
import { inArray, isNull, like, sql } from 'drizzle-orm';
import type { Role } from '../../shared/roles';
import type { Db } from '../db/client';
import { orgUnits, userRoles, users } from '../db/schema';
import { hashPassword } from '../modules/platform/auth.service';

// The demo province: 江南省电信 with two city branches, three business halls, the
// 10000 call centre, resolver teams and about forty staff in every role. Units are
// found again by their codes, so seeding twice adds data to the same province.

/** Every demo login shares this password (printed at start-up; never use demo data in production). */
export const DEMO_PASSWORD = 'manyi-demo';
export const DEMO_PROVINCE_NAME = '江南省电信';

type UnitKey = 'LJ' | 'QS' | 'LJ-RMR' | 'LJ-BJ' | 'QS-ZX' | 'CC' | 'CC-TS' | 'LJ-ZW' | 'QS-ZW' | 'WY';

interface UnitSpec { key: UnitKey; parent: UnitKey | 'ROOT'; kind: string; name: string; resolver?: boolean; rural?: boolean }

const UNITS: UnitSpec[] = [
  { key: 'LJ', parent: 'ROOT', kind: 'city', name: '临江市分公司' },
  { key: 'QS', parent: 'ROOT', kind: 'city', name: '青山市分公司' },
  { key: 'WY', parent: 'ROOT', kind: 'team', name: '网络优化组', resolver: true },
  { key: 'LJ-RMR', parent: 'LJ', kind: 'hall', name: '临江人民路营业厅' },
  { key: 'LJ-BJ', parent: 'LJ', kind: 'hall', name: '临江滨江营业厅' },
  { key: 'CC', parent: 'LJ', kind: 'call_centre', name: '10000号客服中心' },
  { key: 'CC-TS', parent: 'CC', kind: 'team', name: '投诉处理班', resolver: true },
  { key: 'LJ-ZW', parent: 'LJ', kind: 'team', name: '临江宽带装维班', resolver: true },
  { key: 'QS-ZX', parent: 'QS', kind: 'hall', name: '青山中心营业厅' },
  { key: 'QS-ZW', parent: 'QS', kind: 'team', name: '青山宽带装维班', resolver: true },
];

const code = (key: UnitKey) => `JN-${key}`;

interface StaffSpec { username: string; name: string; unit: UnitKey | 'ROOT'; role: Role; scope?: UnitKey | 'ROOT' }

/** Staff: the unit they sit in, their role, and the subtree it covers (their own unit unless said). */
export const DEMO_STAFF: StaffSpec[] = [
  // province
  { username: 'quality', name: '林慧敏', unit: 'ROOT', role: 'quality_manager' },
  { username: 'qianxiaoyan01', name: '钱晓燕', unit: 'ROOT', role: 'trainer' },
  // city administrators
  { username: 'chengang01', name: '陈刚', unit: 'LJ', role: 'admin' },
  { username: 'liuyang01', name: '刘洋', unit: 'QS', role: 'admin' },
  // 临江人民路营业厅
  { username: 'agent', name: '王芳', unit: 'LJ-RMR', role: 'agent' },
  { username: 'zhangwei01', name: '张伟', unit: 'LJ-RMR', role: 'agent' },
  { username: 'lina01', name: '李娜', unit: 'LJ-RMR', role: 'agent' },
  { username: 'zhaomin01', name: '赵敏', unit: 'LJ-RMR', role: 'agent' },
  { username: 'supervisor', name: '孙丽', unit: 'LJ-RMR', role: 'supervisor' },
  // 临江滨江营业厅
  { username: 'yangfan01', name: '杨帆', unit: 'LJ-BJ', role: 'agent' },
  { username: 'huangting01', name: '黄婷', unit: 'LJ-BJ', role: 'agent' },
  { username: 'wulei01', name: '吴磊', unit: 'LJ-BJ', role: 'agent' },
  { username: 'xujing01', name: '徐静', unit: 'LJ-BJ', role: 'supervisor' },
  // 青山中心营业厅
  { username: 'machao01', name: '马超', unit: 'QS-ZX', role: 'agent' },
  { username: 'zhulin01', name: '朱琳', unit: 'QS-ZX', role: 'agent' },
  { username: 'hujun01', name: '胡军', unit: 'QS-ZX', role: 'agent' },
  { username: 'guoxia01', name: '郭霞', unit: 'QS-ZX', role: 'supervisor' },
  // 10000号客服中心
  { username: 'heqing01', name: '何晴', unit: 'CC', role: 'agent' },
  { username: 'gaoxiang01', name: '高翔', unit: 'CC', role: 'agent' },
  { username: 'luodan01', name: '罗丹', unit: 'CC', role: 'agent' },
  { username: 'liangyan01', name: '梁燕', unit: 'CC', role: 'agent' },
  { username: 'songjia01', name: '宋佳', unit: 'CC', role: 'agent' },
  { username: 'tanglei01', name: '唐磊', unit: 'CC', role: 'agent' },
  { username: 'xuming01', name: '许明', unit: 'CC', role: 'supervisor' },
  { username: 'hanxue01', name: '韩雪', unit: 'CC', role: 'supervisor' },
  { username: 'fengli01', name: '冯丽', unit: 'CC', role: 'qa_inspector', scope: 'ROOT' },
  { username: 'dengjie01', name: '邓洁', unit: 'CC', role: 'qa_inspector', scope: 'ROOT' },
  { username: 'caoyang01', name: '曹阳', unit: 'CC', role: 'workforce_planner' },
  { username: 'pengjing01', name: '彭静', unit: 'CC', role: 'trainer' },
  // 投诉处理班 handles complaints from the whole province
  { username: 'zengqiang01', name: '曾强', unit: 'CC-TS', role: 'agent', scope: 'ROOT' },
  { username: 'xiaohong01', name: '肖红', unit: 'CC-TS', role: 'agent', scope: 'ROOT' },
  { username: 'tiantian01', name: '田甜', unit: 'CC-TS', role: 'supervisor', scope: 'ROOT' },
  // field technicians see the cases of their city
  { username: 'tech', name: '董建国', unit: 'LJ-ZW', role: 'technician', scope: 'LJ' },
  { username: 'yuanhai01', name: '袁海', unit: 'LJ-ZW', role: 'technician', scope: 'LJ' },
  { username: 'panyong01', name: '潘勇', unit: 'LJ-ZW', role: 'technician', scope: 'LJ' },
  { username: 'yubo01', name: '余波', unit: 'QS-ZW', role: 'technician', scope: 'QS' },
  { username: 'duxin01', name: '杜鑫', unit: 'QS-ZW', role: 'technician', scope: 'QS' },
  { username: 'yefeng01', name: '叶峰', unit: 'QS-ZW', role: 'technician', scope: 'QS' },
  { username: 'jiangtao01', name: '蒋涛', unit: 'WY', role: 'technician', scope: 'ROOT' },
  { username: 'caipeng01', name: '蔡鹏', unit: 'WY', role: 'technician', scope: 'ROOT' },
];

/** The well-known demo logins shown in the README and the start-up log. */
export const DEMO_LOGINS = [
  { username: 'agent', what: '营业员 · 临江人民路营业厅' },
  { username: 'supervisor', what: '值班经理 · 临江人民路营业厅' },
  { username: 'tech', what: '装维师傅 · 临江宽带装维班' },
  { username: 'quality', what: '服务质量经理 · 省公司' },
];

export interface DemoUser { id: string; username: string; name: string; unitKey: UnitKey | 'ROOT'; role: Role }
export interface DemoSite { id: string; key: UnitKey; name: string; kind: 'hall' | 'call_centre'; city: 'LJ' | 'QS'; agents: DemoUser[]; supervisors: DemoUser[] }
export interface DemoGroup { id: string; key: UnitKey; name: string; members: DemoUser[]; supervisors: DemoUser[] }

export interface DemoOrg {
  rootId: string;
  units: Record<UnitKey, string>;
  halls: DemoSite[];
  callCentre: DemoSite;
  /** 宽带装维班 per city. */
  broadband: Record<'LJ' | 'QS', DemoGroup>;
  network: DemoGroup;
  complaints: DemoGroup;
  users: DemoUser[];
  created: boolean;
}

/** Create the demo province under the root unit unless it is there already; then load it. */
export async function ensureDemoOrg(db: Db, opts: { renameRoot?: boolean } = {}): Promise<DemoOrg> {
  const created = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
    const [root] = await tx.select().from(orgUnits).where(isNull(orgUnits.parentId)).limit(1);
    if (!root) throw new Error('no root org unit: run ensureAdmin first');
    const have = await tx.select().from(orgUnits).where(like(orgUnits.code, 'JN-%'));
    const byCode = new Map(have.map((u) => [u.code, u]));
    const paths = new Map<string, { id: string; path: string }>([['ROOT', root]]);
    for (const u of have) paths.set(u.code.slice(3), u);
    let createdAny = false;
    for (const spec of UNITS) {
      if (byCode.has(code(spec.key))) continue;
      const parent = paths.get(spec.parent)!;
      const id = crypto.randomUUID();
      const path = `${parent.path}${id}/`;
      await tx.insert(orgUnits).values({
        id, parentId: parent.id, kind: spec.kind, code: code(spec.key), name: spec.name, path,
        isResolverGroup: spec.resolver ?? false, rural: spec.rural ?? false,
      });
      paths.set(spec.key, { id, path });
      createdAny = true;
    }
    if (createdAny && opts.renameRoot !== false && root.name === '省公司') {
      await tx.update(orgUnits).set({ name: DEMO_PROVINCE_NAME, updatedAt: new Date() }).where(sql`${orgUnits.id} = ${root.id}`);
    }
    const existing = await tx
      .select({ username: users.username })
      .from(users)
      .where(inArray(sql`lower(${users.username})`, DEMO_STAFF.map((s) => s.username)));
    const taken = new Set(existing.map((u) => u.username.toLowerCase()));
    const missing = DEMO_STAFF.filter((s) => !taken.has(s.username));
    if (missing.length > 0) {
      // One argon2id hash (~50 ms) shared by every demo login.
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      let n = 0;
      for (const s of missing) {
        const id = crypto.randomUUID();
        n += 1;
        await tx.insert(users).values({
          id, username: s.username, name: s.name, passwordHash, orgUnitId: paths.get(s.unit)!.id,
          phone: `1890576${String(1000 + n).padStart(4, '0')}`,
        });
        await tx.insert(userRoles).values({ userId: id, role: s.role, scopeOrgUnitId: paths.get(s.scope ?? s.unit)!.id });
      }
    }
    return createdAny || missing.length > 0;
  });
  return loadDemoOrg(db, created);
}

async function loadDemoOrg(db: Db, created: boolean): Promise<DemoOrg> {
  const [root] = await db.select().from(orgUnits).where(isNull(orgUnits.parentId)).limit(1);
  const units = await db.select().from(orgUnits).where(like(orgUnits.code, 'JN-%'));
  const unitIds = {} as Record<UnitKey, string>;
  const unitNames = {} as Record<UnitKey, string>;
  for (const u of units) {
    unitIds[u.code.slice(3) as UnitKey] = u.id;
    unitNames[u.code.slice(3) as UnitKey] = u.name;
  }
  const keyOfUnit = new Map<string, UnitKey | 'ROOT'>([[root.id, 'ROOT']]);
  for (const [k, id] of Object.entries(unitIds)) keyOfUnit.set(id, k as UnitKey);
  const rows = await db
    .select({ id: users.id, username: users.username, name: users.name, orgUnitId: users.orgUnitId, role: userRoles.role })
    .from(users)
    .innerJoin(userRoles, sql`${userRoles.userId} = ${users.id}`)
    .where(inArray(sql`lower(${users.username})`, DEMO_STAFF.map((s) => s.username)));
  const demoUsers: DemoUser[] = rows
    .filter((r) => keyOfUnit.has(r.orgUnitId))
    .map((r) => ({ id: r.id, username: r.username, name: r.name, unitKey: keyOfUnit.get(r.orgUnitId)!, role: r.role as Role }));
  const inUnit = (k: UnitKey, role: Role) => demoUsers.filter((u) => u.unitKey === k && u.role === role);
  const site = (key: UnitKey, kind: DemoSite['kind'], city: 'LJ' | 'QS'): DemoSite => ({
    id: unitIds[key], key, name: unitNames[key], kind, city, agents: inUnit(key, 'agent'), supervisors: inUnit(key, 'supervisor'),
  });
  const group = (key: UnitKey, role: Role): DemoGroup => ({
    id: unitIds[key], key, name: unitNames[key], members: inUnit(key, role), supervisors: inUnit(key, 'supervisor'),
  });
  const org: DemoOrg = {
    rootId: root.id,
    units: unitIds,
    halls: [site('LJ-RMR', 'hall', 'LJ'), site('LJ-BJ', 'hall', 'LJ'), site('QS-ZX', 'hall', 'QS')],
    callCentre: site('CC', 'call_centre', 'LJ'),
    broadband: { LJ: group('LJ-ZW', 'technician'), QS: group('QS-ZW', 'technician') },
    network: group('WY', 'technician'),
    complaints: group('CC-TS', 'agent'),
    users: demoUsers,
    created,
  };
  for (const s of [...org.halls, org.callCentre]) {
    if (!s.id || s.agents.length === 0) throw new Error(`demo site ${s.key} is missing or has no agents`);
    // A site without its own supervisor borrows the call centre's.
    if (s.supervisors.length === 0) s.supervisors = inUnit('CC', 'supervisor');
  }
  return org;
}
