import crypto from 'node:crypto';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import {
  auditLog, caseAttachments, caseComments, caseEvents, caseRemediations, cases, customerServices, customers, orgUnits, workOrders,
} from '../../db/schema';
import { type Actor, assertAllowed, assertVisible, requirePermission } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { redactText } from '../../platform/log';
import { caseTokens } from '../cases/cases.service';

// Personal data requests under PIPL (个人信息保护法): a customer's copy of everything we hold about
// them (art. 45), and erasure by anonymisation (art. 47) that keeps the cases and their statistics
// (type, category, channel, dates, statuses, counts) while nothing identifying the person remains.

const ANON_NAME = '已匿名客户';
const ERASED = '***';

async function loadForRequest(db: DbOrTx, actor: Actor, id: string, permission: 'customer:export' | 'customer:erase', lock = false) {
  requirePermission(actor, permission);
  const q = db.select({ c: customers, path: orgUnits.path, orgUnitName: orgUnits.name }).from(customers)
    .innerJoin(orgUnits, eq(orgUnits.id, customers.orgUnitId)).where(eq(customers.id, id)).$dynamic();
  const [row] = await (lock ? q.for('update', { of: customers }) : q);
  if (!row) throw new AppError('not_found', { entity: 'customer' });
  assertVisible(actor, 'customer:read', row.path, 'customer');
  assertAllowed(actor, permission, row.path);
  return row;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * Everything held about one customer, unmasked — it is their own data, handed over on their
 * request: the file, phones, services, and every case with its comments, attachments (the list;
 * the files are downloaded one by one), remediations and timeline. Audited (counts only).
 */
export async function exportCustomer(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const { c, orgUnitName } = await loadForRequest(tx, actor, id, 'customer:export');
    const services = await tx.select().from(customerServices).where(eq(customerServices.customerId, id)).orderBy(asc(customerServices.createdAt));
    const caseRows = await tx.select().from(cases).where(eq(cases.customerId, id)).orderBy(asc(cases.createdAt));
    const caseIds = caseRows.map((k) => k.id);
    const [comments, attachments, remediations, events] = await Promise.all([
      caseIds.length ? tx.select().from(caseComments).where(inArray(caseComments.caseId, caseIds)).orderBy(asc(caseComments.createdAt)) : [],
      caseIds.length ? tx.select().from(caseAttachments).where(inArray(caseAttachments.caseId, caseIds)).orderBy(asc(caseAttachments.createdAt)) : [],
      caseIds.length ? tx.select().from(caseRemediations).where(inArray(caseRemediations.caseId, caseIds)).orderBy(asc(caseRemediations.createdAt)) : [],
      caseIds.length ? tx.select().from(caseEvents).where(inArray(caseEvents.caseId, caseIds)).orderBy(asc(caseEvents.at), asc(caseEvents.id)) : [],
    ]);
    const byCase = <T extends { caseId: string }>(rows: T[], caseId: string) => rows.filter((r) => r.caseId === caseId);
    const out = {
      exportedAt: new Date().toISOString(),
      format: 'manyi.customer-export.v1',
      customer: {
        id: c.id, name: c.name, type: c.type, valueTier: c.valueTier, lifecycle: c.lifecycle, phones: c.phones, idNumber: c.idNumber,
        address: c.address, email: c.email, notes: c.notes, orgUnitId: c.orgUnitId, orgUnitName, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt),
      },
      services: services.map((s) => ({ id: s.id, kind: s.kind, identifier: s.identifier, name: s.name, status: s.status, startedAt: iso(s.startedAt) })),
      cases: caseRows.map((k) => ({
        id: k.id, number: k.number, type: k.type, channel: k.channel, status: k.status, priority: k.priority, subject: k.subject, description: k.description,
        categoryId: k.categoryId, siteId: k.siteId, externalRef: k.externalRef, resolutionCode: k.resolutionCode, resolutionSummary: k.resolutionSummary,
        confirmation: k.confirmation, createdAt: iso(k.createdAt), resolvedAt: iso(k.resolvedAt), closedAt: iso(k.closedAt),
        comments: byCase(comments, k.id).map((m) => ({ id: m.id, body: m.body, public: m.public, createdAt: iso(m.createdAt) })),
        attachments: byCase(attachments, k.id).map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, sha256: a.sha256, createdAt: iso(a.createdAt) })),
        remediations: byCase(remediations, k.id).map((r) => ({ id: r.id, kind: r.kind, amountCents: r.amountCents, note: r.note, status: r.status, createdAt: iso(r.createdAt) })),
        timeline: byCase(events, k.id).map((e) => ({ at: iso(e.at), kind: e.kind, data: e.data })),
      })),
    };
    await audit(tx, actor, {
      action: 'customer.export', entityType: 'customer', entityId: id, orgUnitId: c.orgUnitId,
      after: { cases: out.cases.length, comments: comments.length, attachments: attachments.length, services: services.length },
    });
    return out;
  });
}

/** Replace every occurrence of the customer's own identifiers in free text, then mask any other phone or ID number. Pure. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s.length >= 2) out = out.split(s).join(ERASED);
  return redactText(out);
}

/** Apply `scrubText` to every string inside a JSON value. Pure. */
export function scrubJson(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, secrets));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, secrets)]));
  return value;
}

/** The strings that identify a customer: name, phones (as typed and as digits), ID number, address, email, service numbers. */
export function secretsOf(c: { name: string; phones: string[]; idNumber: string | null; address: string | null; email: string | null }, serviceIds: string[]): string[] {
  const phones = c.phones.flatMap((p) => [p, p.replace(/\D/g, '')]);
  return [c.name, ...phones, c.idNumber ?? '', c.address ?? '', c.email ?? '', ...serviceIds].filter((s) => s && s.length >= 2);
}

/**
 * Anonymise a customer irreversibly: the file's personal data is replaced, the customer's own
 * identifiers are cut out of the free text of their cases, comments, remediations, work orders and
 * timelines and out of earlier audit rows, and search tokens are rebuilt. The cases stay, with their
 * type, category, channel, site, dates, statuses and counts, so statistics do not change. The audit
 * row says who, when, why (the reason scrubbed too) and how much — never what was erased.
 */
export async function anonymiseCustomer(db: Db, actor: Actor, id: string, input: { reason: string }) {
  return db.transaction(async (tx) => {
    const { c } = await loadForRequest(tx, actor, id, 'customer:erase', true);
    const services = await tx.select().from(customerServices).where(eq(customerServices.customerId, id));
    const secrets = secretsOf(c, services.map((s) => s.identifier));
    const scrub = (s: string) => scrubText(s, secrets);
    const alias = `${ANON_NAME}-${crypto.createHash('sha256').update(`${id}:${crypto.randomBytes(16).toString('hex')}`).digest('hex').slice(0, 8)}`;
    const now = new Date();

    await tx.update(customers).set({
      name: alias, phones: [], phoneDigits: '', idNumber: null, address: null, email: null, notes: null, searchTokens: '',
      updatedAt: now, version: sql`${customers.version} + 1`,
    }).where(eq(customers.id, id));
    await tx.update(customerServices).set({ identifier: ERASED, name: null }).where(eq(customerServices.customerId, id));

    const caseRows = await tx.select().from(cases).where(eq(cases.customerId, id));
    const caseIds = caseRows.map((k) => k.id);
    let texts = 0;
    if (caseIds.length) {
      const comments = await tx.select().from(caseComments).where(inArray(caseComments.caseId, caseIds));
      for (const m of comments) {
        const body = scrub(m.body);
        if (body !== m.body) { texts++; await tx.update(caseComments).set({ body }).where(eq(caseComments.id, m.id)); }
      }
      for (const k of caseRows) {
        const subject = scrub(k.subject);
        const description = scrub(k.description);
        const resolutionSummary = k.resolutionSummary === null ? null : scrub(k.resolutionSummary);
        const bodies = comments.filter((m) => m.caseId === k.id).map((m) => scrub(m.body));
        texts += Number(subject !== k.subject) + Number(description !== k.description);
        await tx.update(cases).set({
          subject, description, resolutionSummary, searchTokens: caseTokens(k.number, subject, description, alias, bodies),
        }).where(eq(cases.id, k.id));
      }
      for (const r of await tx.select().from(caseRemediations).where(inArray(caseRemediations.caseId, caseIds))) {
        const note = scrub(r.note);
        if (note !== r.note) await tx.update(caseRemediations).set({ note }).where(eq(caseRemediations.id, r.id));
      }
      for (const w of await tx.select().from(workOrders).where(inArray(workOrders.caseId, caseIds))) {
        const instructions = scrub(w.instructions);
        if (instructions !== w.instructions) await tx.update(workOrders).set({ instructions }).where(eq(workOrders.id, w.id));
      }
      for (const a of await tx.select().from(caseAttachments).where(inArray(caseAttachments.caseId, caseIds))) {
        const filename = scrub(a.filename);
        if (filename !== a.filename) await tx.update(caseAttachments).set({ filename }).where(eq(caseAttachments.id, a.id));
      }
      for (const e of await tx.select().from(caseEvents).where(inArray(caseEvents.caseId, caseIds))) {
        const data = scrubJson(e.data, secrets);
        if (JSON.stringify(data) !== JSON.stringify(e.data)) await tx.update(caseEvents).set({ data }).where(eq(caseEvents.id, e.id));
      }
    }
    // Earlier audit rows about the customer or their cases: their before/after lose the identifiers too.
    const entityIds = [id, ...caseIds];
    const rows = await tx.select({ id: auditLog.id, before: auditLog.before, after: auditLog.after }).from(auditLog)
      .where(or(and(eq(auditLog.entityType, 'customer'), eq(auditLog.entityId, id)), inArray(auditLog.entityId, entityIds)));
    for (const r of rows) {
      const before = scrubJson(r.before, secrets);
      const after = scrubJson(r.after, secrets);
      if (JSON.stringify(before) !== JSON.stringify(r.before) || JSON.stringify(after) !== JSON.stringify(r.after)) {
        await tx.update(auditLog).set({ before, after }).where(eq(auditLog.id, r.id));
      }
    }
    await audit(tx, actor, {
      action: 'customer.anonymise', entityType: 'customer', entityId: id, orgUnitId: c.orgUnitId,
      after: { reason: scrub(input.reason), cases: caseIds.length, textsScrubbed: texts, auditRowsScrubbed: rows.length },
    });
    return { id, name: alias, cases: caseIds.length };
  });
}
