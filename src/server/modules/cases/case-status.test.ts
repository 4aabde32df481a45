import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus } from '../../../shared/cases';
import { canTransition, isOpen, nextStatus, OPEN_STATUSES, TRANSITIONS } from './case-status';

describe('case lifecycle table', () => {
  it('walks the happy path new → accepted → in_progress → waiting_customer → resolved → closed', () => {
    const path: CaseStatus[] = ['new', 'accepted', 'in_progress', 'waiting_customer', 'resolved', 'closed'];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1], path[i]), `${path[i - 1]} → ${path[i]}`).toBe(true);
  });

  it('reopens resolved and closed cases to in_progress', () => {
    expect(nextStatus('resolved', 'reopen')).toBe('in_progress');
    expect(nextStatus('closed', 'reopen')).toBe('in_progress');
    expect(nextStatus('in_progress', 'reopen')).toBeUndefined();
    expect(nextStatus('cancelled', 'reopen')).toBeUndefined();
  });

  it('cancels any open case, and only open ones', () => {
    for (const s of OPEN_STATUSES) expect(nextStatus(s, 'cancel')).toBe('cancelled');
    for (const s of ['resolved', 'closed', 'cancelled'] as const) expect(nextStatus(s, 'cancel')).toBeUndefined();
  });

  it('closes on confirmation, back to work when the customer is unsatisfied', () => {
    expect(nextStatus('resolved', 'confirm')).toBe('closed');
    expect(nextStatus('resolved', 'reject')).toBe('in_progress');
    expect(nextStatus('in_progress', 'confirm')).toBeUndefined();
    expect(nextStatus('closed', 'reject')).toBeUndefined();
  });

  it('refuses illegal moves', () => {
    expect(canTransition('new', 'waiting_customer')).toBe(false);
    expect(canTransition('new', 'closed')).toBe(false);
    expect(canTransition('waiting_customer', 'accepted')).toBe(false);
    expect(canTransition('closed', 'accepted')).toBe(false);
    expect(canTransition('resolved', 'waiting_customer')).toBe(false);
    expect(nextStatus('closed', 'accept')).toBeUndefined();
    expect(nextStatus('closed', 'resolve')).toBeUndefined();
    expect(nextStatus('new', 'wait')).toBeUndefined();
  });

  it('is a dead end once cancelled, and never loops to the same status', () => {
    for (const s of CASE_STATUSES) {
      expect(canTransition('cancelled', s)).toBe(false);
      expect(canTransition(s, s)).toBe(false);
      for (const to of TRANSITIONS[s]) expect(CASE_STATUSES).toContain(to);
    }
  });

  it('merges open or resolved duplicates into closed, nothing else', () => {
    expect(nextStatus('in_progress', 'merge')).toBe('closed');
    expect(nextStatus('resolved', 'merge')).toBe('closed');
    expect(nextStatus('closed', 'merge')).toBeUndefined();
    expect(nextStatus('cancelled', 'merge')).toBeUndefined();
  });

  it('knows which states are open', () => {
    expect(CASE_STATUSES.filter(isOpen)).toEqual(['new', 'accepted', 'in_progress', 'waiting_customer']);
  });
});
