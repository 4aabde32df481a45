import crypto from 'node:crypto';
import { expect } from 'vitest';
import { makeOrgUnit, makeUser, type TestContext } from '../harness';

// A small world in one org subtree ("A"): a city with a hall and a resolver team, a customer with
// personal data, a case with a comment, an attachment, a work order and a remediation, and a member
// of staff. Built through the API as admin. `ids` maps resource names (the path segment before `{id}`)
// and property names (customerId, caseId…) to these records, so generated requests hit them.

export interface SubtreeFixtures {
  city: { id: string }; hall: { id: string }; team: { id: string };
  ids: Record<string, string>;
  /** Strings that exist only in subtree A's records: none may reach a user outside it. */
  markers: string[];
}

export async function buildSubtreeA(t: TestContext, label = 'A'): Promise<SubtreeFixtures> {
  const tag = crypto.randomBytes(4).toString('hex');
  const city = await makeOrgUnit(t, { kind: 'city', name: `${label}市分公司${tag}` });
  const hall = await makeOrgUnit(t, { kind: 'hall', parentId: city.id, name: `${label}营业厅${tag}` });
  const team = await makeOrgUnit(t, { kind: 'team', parentId: city.id, isResolverGroup: true, name: `${label}装维班${tag}` });
  const phone = `139${String(crypto.randomInt(1e8)).padStart(8, '0')}`;
  const ok = <T>(r: { status: number; body: T }, status = 201) => { expect(r.status, JSON.stringify(r.body)).toBe(status); return r.body as any; };

  const customer = ok(await t.admin.post('/api/v1/customers', {
    name: `秘密客户${tag}`, phones: [phone], idNumber: '110101199003071234', address: `北京市朝阳区秘密路${tag}号`, orgUnitId: hall.id,
  }));
  const kase = ok(await t.admin.post('/api/v1/cases', { type: 'complaint', channel: 'counter', subject: `秘密工单${tag}`, description: `秘密描述${tag}`, customerId: customer.id, siteId: hall.id }));
  const comment = ok(await t.admin.post(`/api/v1/cases/${kase.id}/comments`, { body: `秘密备注${tag}` }));
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])]), `秘密附件${tag}.png`);
  const attachment = ok(await t.admin.request('POST', `/api/v1/cases/${kase.id}/attachments`, fd));
  const workOrder = ok(await t.admin.post(`/api/v1/cases/${kase.id}/dispatch`, { groupId: team.id, instructions: `秘密派工${tag}` }));
  const remediation = ok(await t.admin.post(`/api/v1/cases/${kase.id}/remediations`, { kind: 'credit', amountCents: 100, note: `秘密补救${tag}` }));
  const member = await makeUser(t, { roles: ['agent'], orgUnitId: hall.id, name: `秘密员工${tag}` });

  const ids: Record<string, string> = {
    customers: customer.id, customerId: customer.id, cases: kase.id, caseId: kase.id, comments: comment.id,
    attachments: attachment.id, 'work-orders': workOrder.id ?? workOrder.workOrder?.id, remediations: remediation.id,
    users: member.user.id, userId: member.user.id, 'org-units': hall.id, orgUnitId: hall.id, siteId: hall.id, groupId: team.id,
  };
  return {
    city, hall, team, ids,
    markers: [customer.id, kase.id, kase.number, attachment.id, remediation.id, member.user.id, member.username, phone,
      `秘密客户${tag}`, `秘密工单${tag}`, `秘密描述${tag}`, `秘密备注${tag}`, `秘密附件${tag}`, `秘密派工${tag}`, `秘密补救${tag}`, `秘密员工${tag}`, `秘密路${tag}`]
      .filter((m): m is string => typeof m === 'string' && m.length > 0),
  };
}
