import { describe, expect, it } from 'vitest';
import { changesHolder, isBounce } from './case-transfer';

const A = 'user-a', B = 'user-b', C = 'user-c', G = 'group-broadband', H = 'group-billing';
const t = (fromUserId: string | null, fromGroupId: string | null, toUserId: string | null, toGroupId: string | null) => ({ fromUserId, fromGroupId, toUserId, toGroupId });

describe('bounce detection (推诿)', () => {
  const initial = { userId: A, groupId: null };

  it('is no bounce on a first hand-over', () => {
    expect(isBounce(initial, [], { userId: A, groupId: null }, { userId: null, groupId: G })).toBe(false);
  });

  it('catches a case sent back to the first responder', () => {
    const history = [t(A, null, null, G)];
    expect(isBounce(initial, history, { userId: null, groupId: G }, { userId: A, groupId: null })).toBe(true);
  });

  it('catches a case sent back to a group that held it', () => {
    const history = [t(A, null, null, G), t(null, G, null, H)];
    expect(isBounce(initial, history, { userId: null, groupId: H }, { userId: null, groupId: G })).toBe(true);
    expect(isBounce(initial, history, { userId: null, groupId: H }, { userId: C, groupId: null })).toBe(false);
  });

  it('judges by the user when one is named', () => {
    const history = [t(A, null, B, G)];
    expect(isBounce(initial, history, { userId: B, groupId: G }, { userId: C, groupId: G })).toBe(false);
    expect(isBounce(initial, history, { userId: C, groupId: G }, { userId: B, groupId: G })).toBe(true);
  });

  it('requires a change of holder', () => {
    expect(changesHolder({ userId: A, groupId: null }, { userId: A, groupId: null })).toBe(false);
    expect(changesHolder({ userId: A, groupId: null }, { userId: A, groupId: G })).toBe(true);
  });
});
