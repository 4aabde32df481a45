import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';

// Dates on screen are always in the business halls' time zone, whatever the browser's.
dayjs.extend(utc);
dayjs.extend(timezone);

export const BUSINESS_TZ = 'Asia/Shanghai';

/** `2025-03-08 14:05` in Asia/Shanghai; '' for empty input. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(BUSINESS_TZ).format('YYYY-MM-DD HH:mm') : '';
}

/** `2025-03-08` in Asia/Shanghai. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(BUSINESS_TZ).format('YYYY-MM-DD') : '';
}

/** The instant a calendar day (as picked in a date picker) starts or ends in Asia/Shanghai, as ISO 8601 UTC. */
export function dayBoundary(day: dayjs.Dayjs, edge: 'start' | 'end'): string {
  const local = dayjs.tz(day.format('YYYY-MM-DD'), BUSINESS_TZ);
  return (edge === 'start' ? local.startOf('day') : local.endOf('day')).toISOString();
}

/** A calendar day (for a date picker) from an ISO instant, read in Asia/Shanghai. */
export function dayOf(iso: string): dayjs.Dayjs {
  return dayjs(dayjs(iso).tz(BUSINESS_TZ).format('YYYY-MM-DD'));
}

/** dayjs's own locale names for the UI locales (month names in date pickers, relative times). */
export function dayjsLocale(locale: string): string {
  return locale === 'zh-TW' ? 'zh-tw' : locale === 'en' ? 'en' : 'zh-cn';
}

export { dayjs };
