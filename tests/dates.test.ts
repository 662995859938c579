import { describe, expect, it } from 'vitest';
import { longDate, relativeDate } from '../src/print/dates';

describe('dates', () => {
  const now = new Date(2026, 10, 23, 9, 0);
  it('are relative within a week and absolute beyond', () => {
    expect(relativeDate('2026-11-23', now)).toBe('today');
    expect(relativeDate('2026-11-22', now)).toBe('yesterday');
    expect(relativeDate('2026-11-20', now)).toBe('3 days ago');
    expect(relativeDate('2026-11-16', now)).toBe('Mon 16 Nov 2026');
    expect(relativeDate(null, now)).toBe('undated');
    expect(longDate('2026-05-08')).toBe('Fri 8 May 2026');
  });
});
