import type { TFunction } from 'i18next';

// Small helpers shared by the callback pages.

/** "2天3小时", "45分钟": the two largest units of a duration. */
export function formatSpan(ms: number, t: TFunction): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (d) parts.push(t('callbacks:due.d', { n: d }));
  if (h && parts.length < 2) parts.push(t('callbacks:due.h', { n: h }));
  if (!d && (m || parts.length === 0)) parts.push(t('callbacks:due.m', { n: m }));
  return parts.join(' ');
}

export const STATUS_COLOR: Record<string, string> = {
  pending: 'processing', completed: 'success', unreachable: 'warning', refused: 'default', cancelled: 'default',
};
