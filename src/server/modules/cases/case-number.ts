import { CASE_NUMBER_PREFIX, type CaseType } from '../../../shared/cases';

// Human-readable case numbers: prefix by type + the day in Asia/Shanghai + a 6-digit sequence, e.g. TS20261122000123.

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** yyyymmdd of `at` as a clock in Asia/Shanghai shows it (business halls work on Beijing time). */
export function shanghaiDay(at: Date): string {
  return DAY.format(at).replace(/-/g, '');
}

/** The number for the `seq`-th case; beyond 999999 the sequence simply grows wider. */
export function caseNumber(type: CaseType, at: Date, seq: number | bigint): string {
  return `${CASE_NUMBER_PREFIX[type]}${shanghaiDay(at)}${String(seq).padStart(6, '0')}`;
}
