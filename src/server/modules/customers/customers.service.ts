import { and, desc, eq, inArray, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  type Customer, CustomerCreateInput, type CustomerListQuery, type CustomerRevealInput, type CustomerUpdateInput,
} from '../../../shared/customers';
import type { Db, DbOrTx } from '../../db/client';
import { customerServices, customers, orgUnits } from '../../db/schema';
import { type Actor, assertAllowed, assertVisible, requirePermission, scopeCondition } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { decodeCursor, page } from '../../platform/cursor';
import { AppError } from '../../platform/errors';
import { maskAddress, maskEmail, maskIdNumber, maskPhone } from '../../platform/pii';
import { digitsOf, indexTokens, matchTokens } from '../../platform/search';

// Customer files (客户档案): create, edit, search, view, reveal. Personal data
// leaves this module masked unless the caller revealed it, and never enters
// the audit log unmasked.

type CustomerRow = typeof customers.$inferSelect;
type ServiceRow = typeof customerServices.$inferSelect;
/** What callers may pass to `createCustomer`: the parsed contract, or the raw one (defaults applied here). */
export type CustomerCreateLike = z.input<typeof CustomerCreateInput>;
type ListQuery = z.infer<typeof CustomerListQuery>;
type UpdateInput = z.infer<typeof CustomerUpdateInput>;
type RevealInput = z.infer<typeof CustomerRevealInput>;

// ---------------------------------------------------------------- derived columns

const CJK = /[\p{Script=Han}]/u;

/**
 * Search tokens of a name: jieba cut-for-search words, plus every Han
 * character and character pair, so a counter agent typing 王小 or 小明 still
 * finds 王小明 (jieba keeps a personal name as one word).
 */
export function nameTokens(name: string): string {
  const words = new Set(indexTokens(name).split(' ').filter(Boolean));
  const chars = [...name.toLowerCase()].filter((ch) => CJK.test(ch));
  for (let i = 0; i < chars.length; i++) {
    words.add(chars[i]);
    if (i + 1 < chars.length) words.add(chars[i] + chars[i + 1]);
  }
  return [...words].join(' ');
}

/** Digits of every phone, space-separated, so a fragment never spans two numbers. */
export const phoneDigitsOf = (phones: readonly string[]) => phones.map(digitsOf).filter(Boolean).join(' ');

const normaliseId = (id: string | null | undefined) => (id ? id.toUpperCase() : null);

// ---------------------------------------------------------------- presentation

function presentService(s: ServiceRow, masked: boolean) {
  const phoneLike = s.kind === 'mobile' || s.kind === 'fixed';
  return {
    id: s.id,
    kind: s.kind as Customer['services'][number]['kind'],
    identifier: masked && phoneLike ? maskPhone(s.identifier) : s.identifier,
    name: s.name,
    status: s.status as Customer['services'][number]['status'],
    startedAt: s.startedAt ? s.startedAt.toISOString() : null,
  };
}

function present(row: CustomerRow, services: ServiceRow[], orgUnitName: string | undefined, masked: boolean): Customer {
  return {
    id: row.id,
    name: row.name,
    type: row.type as Customer['type'],
    valueTier: row.valueTier as Customer['valueTier'],
    lifecycle: row.lifecycle as Customer['lifecycle'],
    phones: masked ? row.phones.map(maskPhone) : row.phones,
    idNumber: row.idNumber ? (masked ? maskIdNumber(row.idNumber) : row.idNumber) : null,
    address: row.address ? (masked ? maskAddress(row.address) : row.address) : null,
    email: row.email ? (masked ? maskEmail(row.email) : row.email) : null,
    notes: row.notes,
    orgUnitId: row.orgUnitId,
    ...(orgUnitName !== undefined ? { orgUnitName } : {}),
    services: services.map((s) => presentService(s, masked)),
    masked,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A snapshot for the audit log: personal data masked (unless `masked` is false, to compare), so the log itself holds none. */
function auditSnapshot(row: CustomerRow, services: ServiceRow[], masked = true) {
  const c = present(row, services, undefined, masked);
  return {
    name: c.name, type: c.type, valueTier: c.valueTier, lifecycle: c.lifecycle, phones: c.phones, idNumber: c.idNumber,
    address: c.address, email: c.email, notes: c.notes, orgUnitId: c.orgUnitId,
    services: c.services.map(({ kind, identifier, name, status, startedAt }) => ({ kind, identifier, name, status, startedAt })),
  };
}
type Snapshot = ReturnType<typeof auditSnapshot>;

/** Before/after of the fields that changed: compared on the real values, recorded masked. */
function maskedDiff(rawBefore: Snapshot, rawAfter: Snapshot, before: Snapshot, after: Snapshot) {
  const b: Partial<Snapshot> = {};
  const a: Partial<Snapshot> = {};
  for (const key of Object.keys(after) as (keyof Snapshot)[]) {
    if (JSON.stringify(rawBefore[key]) !== JSON.stringify(rawAfter[key])) {
      (b as Record<string, unknown>)[key] = before[key];
      (a as Record<string, unknown>)[key] = after[key];
    }
  }
  return { before: b, after: a };
}

// ---------------------------------------------------------------- loading

async function servicesOf(db: DbOrTx, ids: string[]): Promise<Map<string, ServiceRow[]>> {
  const out = new Map<string, ServiceRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.select().from(customerServices).where(inArray(customerServices.customerId, ids))
    .orderBy(customerServices.createdAt, customerServices.id);
  for (const r of rows) out.get(r.customerId)?.push(r);
  return out;
}

/** The customer as the actor may see it (404 otherwise); 403 when visible but `permission` is not held over its site. */
async function loadCustomer(db: DbOrTx, actor: Actor, id: string, permission: 'customer:read' | 'customer:update' | 'customer:reveal', opts: { lock?: boolean } = {}) {
  requirePermission(actor, 'customer:read');
  const query = db.select({ c: customers, path: orgUnits.path, orgUnitName: orgUnits.name }).from(customers)
    .innerJoin(orgUnits, eq(orgUnits.id, customers.orgUnitId)).where(eq(customers.id, id)).$dynamic();
  const [row] = await (opts.lock ? query.for('update', { of: customers }) : query);
  if (!row) throw new AppError('not_found', { entity: 'customer' });
  assertVisible(actor, 'customer:read', row.path, 'customer');
  if (permission !== 'customer:read') assertAllowed(actor, permission, row.path);
  return row;
}

async function loadOrgUnit(db: DbOrTx, id: string) {
  const [unit] = await db.select({ id: orgUnits.id, path: orgUnits.path, name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, id));
  if (!unit) throw new AppError('validation_failed', {}, [{ path: 'orgUnitId', code: 'not_found', message: 'unknown org unit' }]);
  return unit;
}

function parseCreate(input: CustomerCreateLike) {
  const parsed = CustomerCreateInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation_failed', {}, parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })));
  }
  return parsed.data;
}

function serviceValues(customerId: string, services: z.infer<typeof CustomerCreateInput>['services'], now: Date) {
  // One millisecond apart, so the list keeps the order the caller gave.
  return services.map((s, i) => ({
    customerId, kind: s.kind, identifier: s.identifier, name: s.name ?? null, status: s.status,
    startedAt: s.startedAt ? new Date(s.startedAt) : null, createdAt: new Date(now.getTime() + i),
  }));
}

// ---------------------------------------------------------------- use cases

/**
 * Create a customer file inside the caller's transaction (case intake creates
 * the customer inline with the case). Checks `customer:create` over the
 * target site, maintains the search columns, and audits.
 */
export async function createCustomer(tx: DbOrTx, actor: Actor, input: CustomerCreateLike): Promise<{ id: string; name: string; orgUnitId: string }> {
  requirePermission(actor, 'customer:create');
  const data = parseCreate(input);
  const unit = await loadOrgUnit(tx, data.orgUnitId ?? actor.orgUnitId);
  assertAllowed(actor, 'customer:create', unit.path);
  // Milliseconds only, so the keyset cursor (a JS Date) compares exactly.
  const now = new Date();
  const [row] = await tx.insert(customers).values({
    orgUnitId: unit.id, name: data.name, type: data.type, valueTier: data.valueTier, lifecycle: data.lifecycle,
    phones: data.phones, phoneDigits: phoneDigitsOf(data.phones), idNumber: normaliseId(data.idNumber),
    address: data.address ?? null, email: data.email ?? null, notes: data.notes ?? null, searchTokens: nameTokens(data.name),
    createdAt: now, updatedAt: now,
  }).returning();
  const services = data.services.length ? await tx.insert(customerServices).values(serviceValues(row.id, data.services, now)).returning() : [];
  await audit(tx, actor, { action: 'customer.create', entityType: 'customer', entityId: row.id, orgUnitId: row.orgUnitId, after: auditSnapshot(row, services) });
  return { id: row.id, name: row.name, orgUnitId: row.orgUnitId };
}

/** POST /customers: create in its own transaction and answer with the (masked) file. */
export async function addCustomer(db: Db, actor: Actor, input: CustomerCreateLike): Promise<Customer> {
  const { id } = await db.transaction((tx) => createCustomer(tx, actor, input));
  return getCustomer(db, actor, id);
}

/** One customer file, personal data masked; 404 outside the actor's subtree. */
export async function getCustomer(db: DbOrTx, actor: Actor, id: string): Promise<Customer> {
  const row = await loadCustomer(db, actor, id, 'customer:read');
  const services = await servicesOf(db, [id]);
  return present(row.c, services.get(id) ?? [], row.orgUnitName, true);
}

/** Search and browse: name words, a phone fragment (3+ digits) or an exact ID number; newest first, keyset-paged. */
export async function listCustomers(db: DbOrTx, actor: Actor, query: ListQuery): Promise<{ items: Customer[]; nextCursor: string | null }> {
  requirePermission(actor, 'customer:read');
  const createdMs = sql`date_trunc('milliseconds', ${customers.createdAt})`;
  const where: SQL[] = [scopeCondition(actor, 'customer:read', customers.orgUnitId)];
  if (query.type) where.push(eq(customers.type, query.type));
  if (query.valueTier) where.push(eq(customers.valueTier, query.valueTier));
  if (query.lifecycle) where.push(eq(customers.lifecycle, query.lifecycle));
  if (query.orgUnitId) {
    where.push(sql`${customers.orgUnitId} IN (SELECT id FROM org_units WHERE path LIKE (SELECT path FROM org_units WHERE id = ${query.orgUnitId}) || '%')`);
  }
  const q = query.q?.trim();
  if (q) where.push(searchCondition(q));
  const cursor = decodeCursor(query.cursor);
  if (cursor) where.push(sql`(${createdMs}, ${customers.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);

  const rows = await db.select({ c: customers, orgUnitName: orgUnits.name }).from(customers)
    .innerJoin(orgUnits, eq(orgUnits.id, customers.orgUnitId))
    .where(and(...where))
    .orderBy(desc(createdMs), desc(customers.id))
    .limit(query.limit + 1);
  const result = page(rows, query.limit, (r) => [r.c.createdAt, r.c.id]);
  const services = await servicesOf(db, result.items.map((r) => r.c.id));
  return { items: result.items.map((r) => present(r.c, services.get(r.c.id) ?? [], r.orgUnitName, true)), nextCursor: result.nextCursor };
}

/** `q` as name words, OR a phone fragment when it is all digits (3+), OR an exact ID number. */
function searchCondition(q: string): SQL {
  const alternatives: SQL[] = [matchTokens(customers.searchTokens, q)];
  const digits = digitsOf(q);
  if (/^[\d\s+()-]+$/.test(q) && digits.length >= 3) {
    // Digits only, so no LIKE metacharacters to escape; the trigram index serves it.
    alternatives.push(sql`${customers.phoneDigits} ILIKE ${`%${digits}%`}`);
  }
  if (/^[0-9A-Za-z-]{4,32}$/.test(q)) alternatives.push(eq(customers.idNumber, q.toUpperCase()));
  return sql`(${sql.join(alternatives, sql` OR `)})`;
}

/** PATCH /customers/{id}: optimistic concurrency on `version`; `services` replaces the list when given; audited as a masked diff. */
export async function updateCustomer(db: Db, actor: Actor, id: string, input: UpdateInput): Promise<Customer> {
  await db.transaction(async (tx) => {
    const { c: before } = await loadCustomer(tx, actor, id, 'customer:update', { lock: true });
    if (before.version !== input.version) throw new AppError('stale_write');
    const beforeServices = (await servicesOf(tx, [id])).get(id) ?? [];
    const { version: _version, services: newServices, ...fields } = input;
    const set: Partial<typeof customers.$inferInsert> = {};
    if (fields.name !== undefined) { set.name = fields.name; set.searchTokens = nameTokens(fields.name); }
    if (fields.phones !== undefined) { set.phones = fields.phones; set.phoneDigits = phoneDigitsOf(fields.phones); }
    if (fields.type !== undefined) set.type = fields.type;
    if (fields.valueTier !== undefined) set.valueTier = fields.valueTier;
    if (fields.lifecycle !== undefined) set.lifecycle = fields.lifecycle;
    if (fields.idNumber !== undefined) set.idNumber = normaliseId(fields.idNumber);
    if (fields.address !== undefined) set.address = fields.address;
    if (fields.email !== undefined) set.email = fields.email;
    if (fields.notes !== undefined) set.notes = fields.notes;

    const now = new Date();
    let afterServices = beforeServices;
    if (newServices !== undefined) {
      await tx.delete(customerServices).where(eq(customerServices.customerId, id));
      afterServices = newServices.length ? await tx.insert(customerServices).values(serviceValues(id, newServices, now)).returning() : [];
    }
    const [after] = await tx.update(customers).set({ ...set, updatedAt: now, version: sql`${customers.version} + 1` })
      .where(eq(customers.id, id)).returning();
    const changes = maskedDiff(
      auditSnapshot(before, beforeServices, false), auditSnapshot(after, afterServices, false),
      auditSnapshot(before, beforeServices), auditSnapshot(after, afterServices),
    );
    await audit(tx, actor, {
      action: 'customer.update', entityType: 'customer', entityId: id, orgUnitId: after.orgUnitId,
      before: { ...changes.before, version: before.version }, after: { ...changes.after, version: after.version },
    });
  });
  return getCustomer(db, actor, id);
}

/**
 * Show the unmasked file to someone holding `customer:reveal` over its site.
 * The audit entry records who, why and which fields, never the values.
 */
export async function revealCustomer(db: Db, actor: Actor, id: string, input: RevealInput): Promise<Customer> {
  requirePermission(actor, 'customer:reveal');
  return db.transaction(async (tx) => {
    const row = await loadCustomer(tx, actor, id, 'customer:reveal');
    const services = (await servicesOf(tx, [id])).get(id) ?? [];
    const fields = [
      row.c.phones.length ? 'phones' : null, row.c.idNumber ? 'idNumber' : null, row.c.address ? 'address' : null, row.c.email ? 'email' : null,
      services.some((s) => s.kind === 'mobile' || s.kind === 'fixed') ? 'services' : null,
    ].filter((f): f is string => f !== null);
    await audit(tx, actor, { action: 'customer.reveal', entityType: 'customer', entityId: id, orgUnitId: row.c.orgUnitId, after: { reason: input.reason, fields } });
    return present(row.c, services, row.orgUnitName, false);
  });
}

// ---------------------------------------------------------------- for other modules

/** The customer's name for display (case lists, timelines); null when there is none. No scope check: callers show only what they already may see. */
export async function getCustomerName(db: DbOrTx, id: string): Promise<string | null> {
  const [row] = await db.select({ name: customers.name }).from(customers).where(eq(customers.id, id));
  return row?.name ?? null;
}

/** A customer the actor may see (404 otherwise): what a case needs to reference it. */
export async function getCustomerRef(db: DbOrTx, actor: Actor, id: string): Promise<{ id: string; name: string; orgUnitId: string }> {
  const row = await loadCustomer(db, actor, id, 'customer:read');
  return { id: row.c.id, name: row.c.name, orgUnitId: row.c.orgUnitId };
}

// ---------------------------------------------------------------- intake in one statement

/** The customer reference a case intake needs, as a JSON sub-select, so intake can fold its look-ups into one statement. */
export function customerRefSelect(id: string | Placeholder): SQL {
  return sql`(SELECT json_build_object('id', c.id, 'name', c.name, 'orgUnitId', c.org_unit_id, 'path', o.path, 'valueTier', c.value_tier)
    FROM ${customers} c JOIN ${orgUnits} o ON o.id = c.org_unit_id WHERE c.id = ${id})`;
}

/** Check the result of customerRefSelect like getCustomerRef does: 404 when missing or outside the actor's subtree. */
export function checkCustomerRef(actor: Actor, ref: { id: string; name: string; orgUnitId: string; path: string } | null): { id: string; name: string; orgUnitId: string } {
  requirePermission(actor, 'customer:read');
  if (!ref) throw new AppError('not_found', { entity: 'customer' });
  assertVisible(actor, 'customer:read', ref.path, 'customer');
  return { id: ref.id, name: ref.name, orgUnitId: ref.orgUnitId };
}
