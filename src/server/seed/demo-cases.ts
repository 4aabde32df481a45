import crypto from 'node:crypto';
import { CASE_NUMBER_PREFIX, type CaseStatus, type CaseType } from '../../shared/cases';
import { TableRows } from './bulk-insert';
import {
  BOUNCE_REASONS, CANCEL_REASONS, CONFIRM_COMMENTS, ESCALATION_REASONS, INTERNAL_COMMENTS, PUBLIC_COMMENTS, TOPICS,
  TRANSFER_REASONS, UNSATISFIED_COMMENTS, WORK_ORDER_NOTES, fillSlots, type Topic,
} from './chinese-text';
import type { CustomerRef } from './demo-customers';
import type { DemoGroup, DemoOrg, DemoSite, DemoUser } from './demo-org.seed';
import type { Rng } from './rng';

// Demo cases: each case's whole life is planned first (accepted, transferred,
// dispatched, escalated, resolved, confirmed…), then cut at "now" — so young cases
// are naturally still open and old ones closed — and written as rows of cases,
// case_events, case_transfers, case_comments, work_orders, work_order_steps and
// case_remediations.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SHANGHAI_OFFSET = 8 * HOUR; // no daylight saving in China
/** Same customer, same topic within this many days: a repeat complaint. */
export const REPEAT_WINDOW_DAYS = 30;
export const WORK_ORDER_PREFIX = 'PG';

/** yyyymmdd of an instant in Asia/Shanghai. */
export function shanghaiYmd(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}
export const shanghaiHour = (ms: number) => new Date(ms + SHANGHAI_OFFSET).getUTCHours();

/** Sequence number padded to six digits (longer when the sequence passes a million). */
export const padSeq = (n: number) => String(n).padStart(6, '0');

export function caseTables() {
  return {
    cases: new TableRows('cases', {
      id: 'uuid', number: 'text', type: 'text', channel: 'text', status: 'text', priority: 'text', subject: 'text', description: 'text',
      category_id: 'uuid', customer_id: 'uuid', site_id: 'uuid', first_responder_id: 'uuid', owner_id: 'uuid', group_id: 'uuid',
      escalation_level: 'int4', is_repeat: 'bool', repeat_of_id: 'uuid', external_ref: 'text', resolution_code: 'text',
      resolution_summary: 'text', resolved_at: 'timestamptz', confirmed_at: 'timestamptz', confirmation: 'text', closed_at: 'timestamptz',
      reopen_count: 'int4', transfer_count: 'int4', search_tokens: 'text', version: 'int4', created_at: 'timestamptz', updated_at: 'timestamptz',
    }),
    events: new TableRows('case_events', { case_id: 'uuid', at: 'timestamptz', actor_id: 'uuid', kind: 'text', data: 'jsonb' }),
    transfers: new TableRows('case_transfers', {
      case_id: 'uuid', at: 'timestamptz', actor_id: 'uuid', from_user_id: 'uuid', from_group_id: 'uuid', to_user_id: 'uuid',
      to_group_id: 'uuid', reason: 'text', is_bounce: 'bool',
    }),
    comments: new TableRows('case_comments', { id: 'uuid', case_id: 'uuid', author_id: 'uuid', body: 'text', public: 'bool', created_at: 'timestamptz' }),
    workOrders: new TableRows('work_orders', {
      id: 'uuid', number: 'text', case_id: 'uuid', group_id: 'uuid', assignee_id: 'uuid', status: 'text', instructions: 'text',
      created_by: 'uuid', created_at: 'timestamptz', updated_at: 'timestamptz', completed_at: 'timestamptz', version: 'int4',
    }),
    steps: new TableRows('work_order_steps', { work_order_id: 'uuid', step: 'text', note: 'text', actor_id: 'uuid', at: 'timestamptz' }),
    remediations: new TableRows('case_remediations', {
      id: 'uuid', case_id: 'uuid', kind: 'text', amount_cents: 'int8', note: 'text', status: 'text', requested_by: 'uuid',
      decided_by: 'uuid', decided_at: 'timestamptz', decision_note: 'text', created_at: 'timestamptz',
    }),
  };
}
export type CaseTables = ReturnType<typeof caseTables>;

const TYPE_WEIGHTS: readonly (readonly [CaseType, number])[] = [
  ['inquiry', 34], ['complaint', 24], ['fault', 22], ['request', 14], ['suggestion', 3], ['praise', 3],
];

type Channel = 'counter' | 'hotline' | 'web' | 'wechat' | 'weibo' | 'email' | 'sms' | 'letter' | 'regulator';
const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [
  ['counter', 38], ['hotline', 42], ['wechat', 9], ['web', 5], ['sms', 2], ['email', 1], ['weibo', 1], ['letter', 0.5],
];

const byType = new Map<CaseType, { topic: Topic; index: number }[]>();
TOPICS.forEach((topic, index) => {
  const list = byType.get(topic.type) ?? [];
  list.push({ topic, index });
  byType.set(topic.type, list);
});

/** One planned step of a case's life. */
interface Step {
  at: number;
  actor: string;
  kind: string;
  data: Record<string, unknown>;
  /** Parts of the data known only once the batch is numbered (case and work-order numbers). */
  lazy?: () => Record<string, unknown>;
  status?: CaseStatus;
  apply?: (s: CaseState) => void;
  rows?: (s: CaseState) => void;
}

interface CaseState {
  status: CaseStatus;
  owner: string | null;
  group: string | null;
  transferCount: number;
  escalation: number;
  resolvedAt: number | null;
  resolutionCode: string | null;
  resolutionSummary: string | null;
  confirmedAt: number | null;
  confirmation: string | null;
  closedAt: number | null;
  reopenCount: number;
}

export interface CaseFactoryInput {
  rng: Rng;
  org: DemoOrg;
  customers: CustomerRef[];
  /** Category ids per topic index (may be empty: no category). */
  topicCategories: string[][];
  nowMs: number;
  tokens: (subject: string, description: string) => string;
  nameTokens: (name: string) => string;
}

/** Plans and writes demo cases, keeping what repeat complaints need across batches. */
export class CaseFactory {
  private readonly lastComplaint = new Map<string, { caseId: string; ref: NumberRef; at: number }>();
  private readonly recentComplaints: { customer: number; topic: number; at: number }[] = [];

  constructor(private readonly ctx: CaseFactoryInput) {}

  /** Add one case created at `createdMs` to `t`. Its number is completed later (see demo.seed.ts). */
  add(t: CaseTables, createdMs: number): void {
    const { rng, org, customers, nowMs } = this.ctx;
    const hour = shanghaiHour(createdMs);
    const hallOpen = hour >= 9 && hour < 18;

    let type = rng.weighted(TYPE_WEIGHTS);
    let choice = rng.weighted(byType.get(type)!.map((c) => [c, c.topic.weight] as const));
    let customerIdx = rng.int(0, customers.length - 1);
    // Some complainants come back about the same thing.
    if (type !== 'complaint' && rng.chance(0.03)) type = 'complaint';
    if (type === 'complaint' && this.recentComplaints.length > 0 && rng.chance(0.12)) {
      const prev = this.recentComplaints[rng.int(0, this.recentComplaints.length - 1)];
      if (createdMs - prev.at < REPEAT_WINDOW_DAYS * DAY) {
        customerIdx = prev.customer;
        choice = { topic: TOPICS[prev.topic], index: prev.topic };
      }
    }
    if (choice.topic.type !== type) type = choice.topic.type;
    const topic = choice.topic;
    const customer = customers[customerIdx];

    let channel: Channel = rng.weighted(CHANNEL_WEIGHTS);
    if (channel === 'counter' && !hallOpen) channel = 'hotline';
    if (type === 'complaint' && rng.chance(0.03)) channel = 'regulator';

    const site: DemoSite = channel === 'counter'
      ? rng.chance(0.85) ? org.halls[customer.hall] : rng.pick(org.halls)
      : org.callCentre;
    const fr = rng.pick(site.agents);
    const supervisor = rng.pick(site.supervisors);
    const caseId = crypto.randomUUID();

    const subject = fillSlots(rng, rng.pick(topic.subjects));
    const description = fillSlots(rng, rng.pick(topic.descriptions));
    const cats = this.ctx.topicCategories[choice.index];
    const categoryId = cats.length > 0 ? rng.pick(cats) : null;
    const priority = channel === 'regulator' ? 'urgent'
      : topic.priority === 'high' ? (rng.chance(0.6) ? 'high' : 'normal')
      : rng.weighted([['normal', 80], ['low', 12], ['high', 8]] as const);

    // Repeat complaint: same customer, same topic, within the window.
    const caseRef: NumberRef = { number: CASE_NUMBER_PREFIX[type] + shanghaiYmd(createdMs) };
    let repeatOf: { caseId: string; ref: NumberRef } | null = null;
    if (type === 'complaint') {
      const key = `${customerIdx}:${choice.index}`;
      const last = this.lastComplaint.get(key);
      if (last && createdMs - last.at < REPEAT_WINDOW_DAYS * DAY) repeatOf = last;
      this.lastComplaint.set(key, { caseId, ref: caseRef, at: createdMs });
      this.recentComplaints.push({ customer: customerIdx, topic: choice.index, at: createdMs });
      if (this.recentComplaints.length > 400) this.recentComplaints.shift();
    }

    // ── plan the case's life ───────────────────────────────────────
    const steps: Step[] = [];
    let at = createdMs;
    const later = (minMs: number, maxMs: number) => (at += minMs + Math.floor(rng.next() * (maxMs - minMs)));
    steps.push({
      at, actor: fr.id, kind: 'created', status: 'new', data: { type, channel, customerId: customer.id, inlineCustomer: false },
      lazy: () => ({ number: caseRef.number }),
    });
    if (repeatOf) {
      const prev = repeatOf;
      steps.push({
        at, actor: fr.id, kind: 'repeat_flagged', data: { repeatOfId: prev.caseId, windowDays: REPEAT_WINDOW_DAYS },
        lazy: () => ({ repeatOfNumber: prev.ref.number }),
      });
    }

    const instant = topic.route === 'none' && type !== 'request' ? rng.chance(0.85) : type === 'request' && topic.route === 'none' && rng.chance(0.6);
    let holder: DemoUser = fr;
    let resolver: string = fr.id;

    const comment = (author: string, pub: boolean) => {
      const id = crypto.randomUUID();
      const body = pub ? rng.pick(PUBLIC_COMMENTS) : rng.pick(INTERNAL_COMMENTS);
      const when = at;
      steps.push({
        at: when, actor: author, kind: 'commented', data: { commentId: id, public: pub, excerpt: body },
        rows: () => t.comments.add(id, caseId, author, body, pub, iso(when)),
      });
    };

    if (instant) {
      later(2 * MIN, 20 * MIN);
    } else {
      later(1 * MIN, 40 * MIN);
      steps.push({ at, actor: fr.id, kind: 'status_changed', status: 'accepted', data: { from: 'new', to: 'accepted' } });
      later(5 * MIN, 3 * HOUR);
      steps.push({ at, actor: fr.id, kind: 'status_changed', status: 'in_progress', data: { from: 'accepted', to: 'in_progress' } });

      if (rng.chance(0.03)) {
        later(30 * MIN, 2 * DAY);
        const reason = rng.pick(CANCEL_REASONS);
        steps.push({ at, actor: supervisor.id, kind: 'cancelled', status: 'cancelled', data: { from: 'in_progress', reason } });
        return this.finish(t, { caseId, type, channel, priority, subject, description, categoryId, customer, site, fr, repeatOf: repeatOf?.caseId ?? null, caseRef, createdMs, steps });
      }

      // Hand-overs: to the right resolver group, sometimes after a bounce (推诿).
      const target = this.targetGroup(topic, customer);
      const transferRate = type === 'complaint' ? 0.55 : type === 'fault' ? 0.45 : type === 'request' ? 0.25 : 0.1;
      if (target && rng.chance(transferRate)) {
        if (rng.chance(0.1)) {
          const wrong = this.wrongGroup(target, customer);
          later(10 * MIN, 2 * HOUR);
          this.transfer(t, steps, caseId, {
            at, actor: holder.id, fromUser: holder.id, fromGroup: null, toUser: null, toGroup: wrong.id, toUserName: null, toGroupName: wrong.name,
            reason: rng.pick(TRANSFER_REASONS[topic.route]), bounce: false,
          });
          later(1 * HOUR, 20 * HOUR);
          const bouncer = wrong.members.length > 0 ? rng.pick(wrong.members) : wrong.supervisors[0] ?? holder;
          this.transfer(t, steps, caseId, {
            at, actor: bouncer.id, fromUser: null, fromGroup: wrong.id, toUser: fr.id, toGroup: null, toUserName: fr.name, toGroupName: null, reason: rng.pick(BOUNCE_REASONS), bounce: true,
          });
          holder = fr;
        }
        later(10 * MIN, 3 * HOUR);
        const member = target.members.length > 0 && rng.chance(0.6) ? rng.pick(target.members) : null;
        this.transfer(t, steps, caseId, {
          at, actor: holder.id, fromUser: holder.id, fromGroup: null, toUser: member?.id ?? null, toGroup: target.id,
          toUserName: member?.name ?? null, toGroupName: target.name, reason: rng.pick(TRANSFER_REASONS[topic.route]), bounce: false,
        });
        if (member) {
          holder = member;
          resolver = member.id;
        } else {
          resolver = target.supervisors[0]?.id ?? target.members[0]?.id ?? fr.id;
        }
      }

      if (rng.chance(0.25)) { later(10 * MIN, 6 * HOUR); comment(resolver, false); }

      // Escalation: angry customers, repeat complaints, regulator referrals.
      const escalate = channel === 'regulator' ? 2 : type === 'complaint' && (repeatOf ? rng.chance(0.5) : rng.chance(0.1)) ? (rng.chance(0.2) ? 2 : 1) : 0;
      if (escalate > 0) {
        later(10 * MIN, 8 * HOUR);
        const reason = channel === 'regulator' ? '工信部转办申诉，按规定升级处理' : repeatOf ? '重复投诉，升级关注' : rng.pick(ESCALATION_REASONS);
        steps.push({ at, actor: supervisor.id, kind: 'escalated', data: { fromLevel: 0, toLevel: escalate, reason }, apply: (s) => { s.escalation = escalate; } });
      }

      // Field work.
      if (topic.workOrderRate && rng.chance(topic.workOrderRate)) {
        const group = topic.route === 'network' ? org.network : org.broadband[customer.city];
        this.workOrder(t, steps, caseId, group, holder.id, () => at, (v) => (at = v));
        resolver = holder.id;
      }

      if (rng.chance(0.15)) {
        later(30 * MIN, 6 * HOUR);
        steps.push({ at, actor: resolver, kind: 'status_changed', status: 'waiting_customer', data: { from: 'in_progress', to: 'waiting_customer' } });
        later(2 * HOUR, 2 * DAY);
        steps.push({ at, actor: resolver, kind: 'status_changed', status: 'in_progress', data: { from: 'waiting_customer', to: 'in_progress' } });
      }
      if (rng.chance(0.15)) { later(5 * MIN, 4 * HOUR); comment(resolver, true); }

      const span = type === 'complaint' ? [2 * HOUR, 4 * DAY] : type === 'fault' ? [30 * MIN, 30 * HOUR] : [20 * MIN, 2 * DAY];
      later(span[0], span[1]);
    }

    // Resolution, with remediation for compensated complaints.
    const resolution = rng.pick(topic.resolutions);
    const summary = fillSlots(rng, resolution.summary);
    if (resolution.code === 'compensated') {
      const remId = crypto.randomUUID();
      const amount = rng.pick([1000, 1000, 2000, 3000, 5000, 10_000]);
      const requestedAt = at - 20 * MIN;
      const decidedAt = at - 5 * MIN;
      let decided = false;
      steps.push({
        at: requestedAt, actor: resolver, kind: 'remediation_requested', data: { remediationId: remId, kind: 'credit', amountCents: amount },
        rows: () => {
          t.remediations.add(remId, caseId, 'credit', amount, '话费补偿致歉', decided ? 'approved' : 'pending', resolver,
            decided ? supervisor.id : null, decided ? iso(decidedAt) : null, decided ? '同意' : null, iso(requestedAt));
        },
      });
      steps.push({ at: decidedAt, actor: supervisor.id, kind: 'remediation_decided', data: { remediationId: remId, approve: true }, apply: () => { decided = true; } });
    }
    const resolvedAt = at;
    steps.push({
      at, actor: resolver, kind: 'resolved', status: 'resolved', data: { from: instant ? 'new' : 'in_progress', resolutionCode: resolution.code, summary },
      apply: (s) => { s.resolvedAt = resolvedAt; s.resolutionCode = resolution.code; s.resolutionSummary = summary; },
    });

    // Customer confirmation: most are satisfied; a few reopen; some never answer.
    const answer = instant ? 'satisfied' : rng.weighted([['satisfied', 80], ['silent', 12], ['unsatisfied', 8]] as const);
    if (answer === 'silent') {
      later(72 * HOUR, 74 * HOUR);
      const closedAt = at;
      steps.push({ at, actor: fr.id, kind: 'status_changed', status: 'closed', data: { from: 'resolved', to: 'closed', reason: '客户超时未评价，自动关闭' }, apply: (s) => { s.closedAt = closedAt; } });
    } else {
      if (answer === 'unsatisfied') {
        later(2 * HOUR, 2 * DAY);
        const reason = rng.pick(UNSATISFIED_COMMENTS);
        steps.push({ at, actor: fr.id, kind: 'confirmed', data: { satisfied: false, comment: reason } });
        steps.push({ at, actor: fr.id, kind: 'reopened', status: 'in_progress', data: { from: 'resolved', cause: 'customer_unsatisfied', reason }, apply: (s) => { s.reopenCount += 1; s.resolvedAt = null; s.resolutionCode = null; s.resolutionSummary = null; } });
        later(3 * HOUR, 3 * DAY);
        const again = '二次处理：' + summary;
        const resolvedAgain = at;
        steps.push({ at, actor: resolver, kind: 'resolved', status: 'resolved', data: { from: 'in_progress', resolutionCode: resolution.code, summary: again }, apply: (s) => { s.resolvedAt = resolvedAgain; s.resolutionCode = resolution.code; s.resolutionSummary = again; } });
      }
      if (instant) later(1 * MIN, 5 * MIN);
      else later(1 * HOUR, 2 * DAY);
      const confirmedAt = at;
      const note = rng.pick(CONFIRM_COMMENTS);
      steps.push({
        at, actor: fr.id, kind: 'confirmed', status: 'closed', data: { satisfied: true, comment: note },
        apply: (s) => { s.confirmedAt = confirmedAt; s.confirmation = 'satisfied'; s.closedAt = confirmedAt; },
      });
    }
    this.finish(t, { caseId, type, channel, priority, subject, description, categoryId, customer, site, fr, repeatOf: repeatOf?.caseId ?? null, caseRef, createdMs, steps });
  }

  private targetGroup(topic: Topic, customer: CustomerRef): DemoGroup | null {
    const { org } = this.ctx;
    if (topic.route === 'broadband') return org.broadband[customer.city];
    if (topic.route === 'network') return org.network;
    if (topic.route === 'complaints') return org.complaints;
    return null;
  }

  private wrongGroup(target: DemoGroup, customer: CustomerRef): DemoGroup {
    const { org } = this.ctx;
    return target === org.complaints ? org.broadband[customer.city] : org.complaints;
  }

  private transfer(t: CaseTables, steps: Step[], caseId: string, x: {
    at: number; actor: string; fromUser: string | null; fromGroup: string | null; toUser: string | null; toGroup: string | null;
    toUserName: string | null; toGroupName: string | null; reason: string; bounce: boolean;
  }): void {
    steps.push({
      at: x.at, actor: x.actor, kind: 'transferred',
      data: {
        fromUserId: x.fromUser, fromGroupId: x.fromGroup, toUserId: x.toUser, toUserName: x.toUserName, toGroupId: x.toGroup, toGroupName: x.toGroupName,
        reason: x.reason, isBounce: x.bounce,
      },
      apply: (s) => { s.owner = x.toUser; s.group = x.toGroup; s.transferCount += 1; },
      rows: () => t.transfers.add(caseId, iso(x.at), x.actor, x.fromUser, x.fromGroup, x.toUser, x.toGroup, x.reason, x.bounce),
    });
  }

  private workOrder(t: CaseTables, steps: Step[], caseId: string, group: DemoGroup, dispatcher: string, now: () => number, set: (v: number) => void): void {
    const { rng } = this.ctx;
    const woId = crypto.randomUUID();
    const assignee = group.members.length > 0 ? rng.pick(group.members).id : null;
    const instructions = rng.pick(WORK_ORDER_NOTES.dispatched);
    let at = now() + rng.int(5 * MIN, 2 * HOUR);
    const createdAt = at;
    const wo = { status: 'dispatched', updatedAt: at, completedAt: null as number | null, version: 1 };
    const stepRows: [string, string, string, number][] = [['dispatched', instructions, dispatcher, at]];
    const numberRef: NumberRef = { number: WORK_ORDER_PREFIX + shanghaiYmd(createdAt) };
    const lazy = () => ({ number: numberRef.number });
    steps.push({
      at, actor: dispatcher, kind: 'dispatched', lazy,
      data: { workOrderId: woId, groupId: group.id, groupName: group.name, assigneeId: assignee, instructions },
      rows: () => {
        t.workOrders.add(woId, numberRef, caseId, group.id, assignee, wo.status, instructions, dispatcher, iso(createdAt), iso(wo.updatedAt),
          wo.completedAt ? iso(wo.completedAt) : null, wo.version);
        for (const [step, note, actor, when] of stepRows) t.steps.add(woId, step, note, actor, iso(when));
      },
    });
    const tech = assignee ?? dispatcher;
    const plan: [string, number, number][] = [['accepted', 10 * MIN, 2 * HOUR], ['on_site', 1 * HOUR, 20 * HOUR], ['done', 30 * MIN, 3 * HOUR]];
    for (const [step, lo, hi] of plan) {
      at += lo + Math.floor(rng.next() * (hi - lo));
      const when = at;
      const note = rng.pick(WORK_ORDER_NOTES[step as 'accepted' | 'on_site' | 'done']);
      steps.push({
        at: when, actor: tech, kind: 'work_order_step', lazy, data: { workOrderId: woId, step, note, status: step },
        apply: () => {
          wo.status = step; wo.updatedAt = when; wo.version += 1;
          if (step === 'done') wo.completedAt = when;
          stepRows.push([step, note, tech, when]);
        },
      });
    }
    set(at);
  }

  /** Cut the plan at now (or earlier for the few cases stuck in a queue) and write its rows. */
  private finish(t: CaseTables, c: {
    caseId: string; type: CaseType; channel: Channel; priority: string; subject: string; description: string; categoryId: string | null;
    customer: CustomerRef; site: DemoSite; fr: DemoUser; repeatOf: string | null; caseRef: NumberRef; createdMs: number; steps: Step[];
  }): void {
    const { rng, nowMs } = this.ctx;
    let cutoff = nowMs;
    if (c.steps.length > 2 && rng.chance(0.02)) cutoff = c.steps[rng.int(1, c.steps.length - 1)].at - 1;
    const s: CaseState = {
      status: 'new', owner: c.fr.id, group: null, transferCount: 0, escalation: 0, resolvedAt: null, resolutionCode: null,
      resolutionSummary: null, confirmedAt: null, confirmation: null, closedAt: null, reopenCount: 0,
    };
    c.steps.sort((a, b) => a.at - b.at);
    let applied = 0;
    let updatedAt = c.createdMs;
    const deferred: Step[] = [];
    for (const step of c.steps) {
      if (step.at > cutoff) break;
      applied += 1;
      updatedAt = step.at;
      if (step.status) s.status = step.status;
      step.apply?.(s);
      const lazy = step.lazy;
      t.events.add(c.caseId, iso(step.at), step.actor, step.kind, lazy ? () => JSON.stringify({ ...step.data, ...lazy() }) : JSON.stringify(step.data));
      if (step.rows) deferred.push(step);
    }
    for (const step of deferred) step.rows!(s);
    const externalRef = c.channel === 'regulator' ? `GXB${shanghaiYmd(c.createdMs)}${String(rng.int(10000, 99999))}` : null;
    t.cases.add(
      c.caseId, c.caseRef, c.type, c.channel, s.status, c.priority, c.subject, c.description, c.categoryId, c.customer.id, c.site.id, c.fr.id,
      s.owner, s.group, s.escalation, c.repeatOf !== null, c.repeatOf, externalRef, s.resolutionCode, s.resolutionSummary,
      s.resolvedAt ? iso(s.resolvedAt) : null, s.confirmedAt ? iso(s.confirmedAt) : null, s.confirmation, s.closedAt ? iso(s.closedAt) : null,
      s.reopenCount, s.transferCount,
      this.ctx.tokens(c.subject, c.description) + ' ' + this.ctx.nameTokens(c.customer.name),
      applied, iso(c.createdMs), iso(updatedAt),
    );
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A case or work-order number: its prefix and date at first, the sequence appended when the batch is numbered. */
export interface NumberRef { number: string }
