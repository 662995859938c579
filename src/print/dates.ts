import { differenceInCalendarDays, format, parseISO } from 'date-fns';

/** "Fri 8 May 2026" */
export function longDate(iso: string | null): string {
  return iso ? format(parseISO(iso), 'EEE d MMM yyyy') : 'undated';
}

/**
 * Today, as relative dates count from: the clock, or DIGEST_NOW (an ISO day) for output that
 * must not change from day to day (the screen snapshots in the tests, screenshots).
 */
export function today(): Date {
  const fixed = process.env.DIGEST_NOW;
  return fixed && /^\d{4}-\d{2}-\d{2}$/.test(fixed) ? parseISO(`${fixed}T12:00:00`) : new Date();
}

/** "today", "yesterday", "3 days ago" within a week; the date itself beyond ("Fri 8 May 2026"). */
export function relativeDate(iso: string | null, now = today(), weekday = true): string {
  if (!iso) return 'undated';
  const date = parseISO(iso);
  const days = differenceInCalendarDays(now, date);
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days > 1 && days < 7) return `${days} days ago`;
  if (days === -1) return 'tomorrow';
  return weekday ? longDate(iso) : format(date, 'd MMM yyyy');
}
