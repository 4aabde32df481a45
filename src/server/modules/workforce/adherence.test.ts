import { describe, expect, it } from 'vitest';
import { adherence } from './adherence';

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 30); // Monday 00:00 (UTC here; the roster passes its own local day starts)
const dayOf = (ms: number) => Math.floor((ms - T0) / (24 * H));

describe('adherence', () => {
  it('counts working-state time inside scheduled working time, breaks excluded', () => {
    // shift 08–17 with a 12–13 break: 8 h scheduled
    const shifts = [{ agentId: 'a', day: 0, startMs: T0 + 8 * H, endMs: T0 + 17 * H, breaks: [{ startMs: T0 + 12 * H, endMs: T0 + 13 * H }] }];
    const changes = [
      { agentId: 'a', state: 'ready', atMs: T0 + 8.5 * H }, // 30 min late
      { agentId: 'a', state: 'not_ready', atMs: T0 + 12 * H }, // break on time
      { agentId: 'a', state: 'on_call', atMs: T0 + 13 * H },
      { agentId: 'a', state: 'acw', atMs: T0 + 16 * H },
      { agentId: 'a', state: 'logged_out', atMs: T0 + 17.5 * H }, // 30 min overtime: outside the schedule
    ];
    const [r] = adherence(shifts, changes, T0, T0 + 24 * H, dayOf);
    expect(r).toMatchObject({ agentId: 'a', day: 0, scheduledMinutes: 480, inAdherenceMinutes: 450, outsideScheduleMinutes: 30 });
    expect(r.adherence).toBeCloseTo(450 / 480, 10);
  });

  it('an agent who never logs in has 0 %, and working on a day off shows as outside the schedule', () => {
    const shifts = [{ agentId: 'a', day: 1, startMs: T0 + 32 * H, endMs: T0 + 40 * H, breaks: [] }];
    const changes = [{ agentId: 'b', state: 'ready', atMs: T0 + 33 * H }, { agentId: 'b', state: 'logged_out', atMs: T0 + 35 * H }];
    const rows = adherence(shifts, changes, T0, T0 + 48 * H, dayOf);
    expect(rows).toEqual([
      { agentId: 'a', day: 1, scheduledMinutes: 480, inAdherenceMinutes: 0, outsideScheduleMinutes: 0, adherence: 0 },
      { agentId: 'b', day: 1, scheduledMinutes: 0, inAdherenceMinutes: 0, outsideScheduleMinutes: 120, adherence: null },
    ]);
  });
});
