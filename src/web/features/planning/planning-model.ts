import type {
  AdherenceOutput, ForecastOutput, ForecastSummary, RequirementOutput, RosterOutput, RosterSummary, ShiftTemplateOutput,
} from '../../../shared/planning';
import { ApiError } from '../../lib/api';

// Shapes and small helpers shared by the planning tabs.

export type { AdherenceOutput, ForecastOutput, ForecastSummary, RequirementOutput, RosterOutput, RosterSummary, ShiftTemplateOutput };
export type RequirementSummary = Omit<RequirementOutput, 'intervals'>;
export type Violation = RosterOutput['violations'][number];
export type Shift = RosterOutput['shifts'][number];

const parts = (iso: string, timeZone: string) => {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { md: `${p.month}-${p.day}`, hm: `${p.hour}:${p.minute}` };
};
/** "03-30 08:00" in the centre's zone. */
export const localStamp = (iso: string, tz: string) => { const p = parts(iso, tz); return `${p.md} ${p.hm}`; };
/** "08:00" in the centre's zone. */
export const localTime = (iso: string, tz: string) => parts(iso, tz).hm;
export const pct = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)} %`);
export const round1 = (v: number) => Math.round(v * 10) / 10;

/** The first detail of an API error, with its numbers (history_too_short: needed, got; agents_too_few: …). */
export function detailOf(err: unknown): Record<string, unknown> | undefined {
  if (err instanceof ApiError && Array.isArray(err.details) && err.details.length) return err.details[0] as Record<string, unknown>;
  return undefined;
}
