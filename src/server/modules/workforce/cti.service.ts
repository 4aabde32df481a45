import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { type CtiInput, SCREEN_POP_TOPIC, WALLBOARD_TOPIC } from '../../../shared/contacts';
import type { Db, Tx } from '../../db/client';
import { contactAgents, contactLiveCalls, contactQueues } from '../../db/schema';
import { type Actor, requirePermission } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { publish } from '../../platform/live';
import { maskPhone } from '../../platform/pii';
import { listCustomers } from '../customers/customers.service';
import { refreshStateStats } from './contacts-rollup';
import { agentsByLogin, queuesByCode, recordAgentState, unitFor, writeContacts } from './contacts.service';

// Live CTI events by webhook (issue 4, item 1): an integration user (bearer token, cti:ingest) posts
// what the switch sees. Calls in progress live in contact_live_calls (the wallboard's "waiting");
// an ended or abandoned call becomes a contact record with its rollup; agent states are stored for
// occupancy and adherence; on ringing / answered the agent's browser gets a screen-pop event
// (ids only — the browser fetches the masked customer through GET /contacts/calls/{callId}/pop).

const secondsBetween = (a: Date, b: Date) => Math.max(0, Math.round((b.getTime() - a.getTime()) / 1000));

/** POST /cti/events: apply a batch of events in order, in one transaction. */
export async function ingestCtiEvents(db: Db, actor: Actor, input: z.infer<typeof CtiInput>) {
  requirePermission(actor, 'cti:ingest');
  const pops: { userId: string; callId: string; event: 'ringing' | 'answered'; at: string }[] = [];
  const touchedQueues = new Set<string>();
  const stateAgents = new Map<string, Date>();
  const touchState = (agentId: string, at: Date) => {
    const seen = stateAgents.get(agentId);
    if (!seen || at < seen) stateAgents.set(agentId, at);
  };
  await db.transaction(async (tx) => {
    const unit = await unitFor(tx, actor, input.orgUnitId ?? actor.orgUnitId, 'cti:ingest');
    const queues = await queuesByCode(tx, unit.id, input.events.flatMap((e) => ('queue' in e && e.queue ? [e.queue] : [])));
    const agents = await agentsByLogin(tx, unit.id, input.events.flatMap((e) => ('agent' in e ? [e.agent] : [])));
    const queueOf = (code: string) => {
      const q = queues.get(code);
      if (!q) throw new AppError('validation_failed', {}, [{ path: 'queue', code: 'unknown_queue', message: `unknown queue "${code}"` }]);
      return q;
    };
    const liveCall = async (callId: string) => {
      const [c] = await tx.select().from(contactLiveCalls).where(eq(contactLiveCalls.callId, callId)).for('update');
      if (!c) throw new AppError('conflict', { reason: 'cti_unknown_call' });
      return c;
    };
    for (const e of input.events) {
      const at = new Date(e.at);
      switch (e.type) {
        case 'queued': {
          const q = queueOf(e.queue);
          await tx.insert(contactLiveCalls).values({ callId: e.callId, orgUnitId: q.orgUnitId, queueId: q.id, callerNumber: e.callerNumber ?? null, offeredAt: at }).onConflictDoNothing();
          touchedQueues.add(q.id);
          break;
        }
        case 'ringing':
        case 'answered': {
          const agent = agents.get(e.agent)!;
          const [existing] = await tx.select().from(contactLiveCalls).where(eq(contactLiveCalls.callId, e.callId)).for('update');
          if (!existing) {
            if (!e.queue) throw new AppError('conflict', { reason: 'cti_unknown_call' });
            const q = queueOf(e.queue);
            await tx.insert(contactLiveCalls).values({ callId: e.callId, orgUnitId: q.orgUnitId, queueId: q.id, agentId: agent.id, callerNumber: e.callerNumber ?? null, offeredAt: at,
              ringingAt: e.type === 'ringing' ? at : null, answeredAt: e.type === 'answered' ? at : null });
            touchedQueues.add(q.id);
          } else {
            await tx.update(contactLiveCalls).set({
              agentId: agent.id, callerNumber: existing.callerNumber ?? e.callerNumber ?? null,
              ...(e.type === 'ringing' ? { ringingAt: at } : { answeredAt: at }),
            }).where(eq(contactLiveCalls.callId, e.callId));
            touchedQueues.add(existing.queueId);
          }
          if (e.type === 'answered') {
            await recordAgentState(tx, agent, 'on_call', null, at);
            touchState(agent.id, at);
          }
          if (agent.userId) pops.push({ userId: agent.userId, callId: e.callId, event: e.type, at: e.at });
          break;
        }
        case 'abandoned':
        case 'ended': {
          const c = await liveCall(e.callId);
          await finishCall(tx, input.source, c, e.type === 'ended' ? e : { at: e.at }, at);
          touchedQueues.add(c.queueId);
          break;
        }
        case 'agent_state': {
          await recordAgentState(tx, agents.get(e.agent)!, e.state, e.state === 'not_ready' ? (e.reason ?? null) : null, at);
          touchState(agents.get(e.agent)!.id, at);
          break;
        }
      }
    }
    // Occupancy seconds of the agents whose state changed, from the earliest change on.
    if (stateAgents.size) await refreshStateStats(tx, [...stateAgents.keys()], new Date(Math.min(...[...stateAgents.values()].map((d) => d.getTime()))));
    await audit(tx, actor, { action: 'cti.events', entityType: 'cti', orgUnitId: unit.id, after: { events: input.events.length } });
    for (const p of pops) await publish(tx, { topic: SCREEN_POP_TOPIC, userIds: [p.userId], payload: { callId: p.callId, event: p.event, at: p.at } });
    if (touchedQueues.size) await publish(tx, { topic: WALLBOARD_TOPIC, payload: { queueIds: [...touchedQueues] } });
  });
  return { accepted: input.events.length, screenPops: pops.length };
}

/** A live call ends (answered and hung up) or is abandoned: write its contact record, drop it from the live list. */
async function finishCall(tx: Tx, source: string, c: typeof contactLiveCalls.$inferSelect, e: { at: string; holdSeconds?: number; acwSeconds?: number; disposition?: string }, at: Date) {
  const [queue] = await tx.select().from(contactQueues).where(eq(contactQueues.id, c.queueId));
  const [agent] = c.agentId ? await tx.select().from(contactAgents).where(eq(contactAgents.id, c.agentId)) : [];
  const answered = c.answeredAt;
  const hold = e.holdSeconds ?? 0;
  await writeContacts(tx, {
    source, unitId: queue.orgUnitId,
    rows: [{
      line: 1,
      contact: {
        callId: c.callId, queue: queue.code, agent: answered && agent ? agent.loginId : null, offeredAt: c.offeredAt, answeredAt: answered,
        abandonedAt: answered ? null : at, waitSeconds: secondsBetween(c.offeredAt, answered ?? at),
        talkSeconds: answered ? Math.max(0, secondsBetween(answered, at) - hold) : 0, holdSeconds: answered ? hold : 0, acwSeconds: answered ? (e.acwSeconds ?? 0) : 0,
        disposition: e.disposition ?? null, callerNumber: c.callerNumber,
      },
    }],
  });
  await tx.delete(contactLiveCalls).where(eq(contactLiveCalls.callId, c.callId));
}

/**
 * GET /contacts/calls/{callId}/pop: what the agent's screen pop shows — the caller's customer files
 * (masked) that the agent may see, found by the caller's number. Only the agent on the call, or a
 * contact:read holder, may ask.
 */
export async function screenPop(db: Db, actor: Actor, callId: string) {
  const [c] = await db.select({ call: contactLiveCalls, queueName: contactQueues.name, agentUserId: contactAgents.userId }).from(contactLiveCalls)
    .innerJoin(contactQueues, eq(contactQueues.id, contactLiveCalls.queueId))
    .leftJoin(contactAgents, eq(contactAgents.id, contactLiveCalls.agentId))
    .where(eq(contactLiveCalls.callId, callId));
  if (!c) throw new AppError('not_found', { entity: 'record' });
  if (c.agentUserId !== actor.id) requirePermission(actor, 'contact:read');
  const number = c.call.callerNumber;
  const found = number && number.replace(/\D/g, '').length >= 5
    ? await listCustomers(db, actor, { q: number.replace(/\D/g, '').slice(-11), limit: 5 } as Parameters<typeof listCustomers>[2])
    : { items: [] };
  return {
    callId, event: c.call.answeredAt ? 'answered' as const : 'ringing' as const, callerNumber: number ? maskPhone(number) : null, queueName: c.queueName,
    at: (c.call.answeredAt ?? c.call.ringingAt ?? c.call.offeredAt).toISOString(),
    customers: found.items.map((x) => ({ id: x.id, name: x.name, phones: x.phones, valueTier: x.valueTier, lifecycle: x.lifecycle, orgUnitName: x.orgUnitName })),
  };
}
