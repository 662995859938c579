import { describe, expect, it } from 'vitest';
import { format, isValid, parse } from 'date-fns';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFile } from '../src/library/load';
import { byFormats, dayInYearSaved, findDate, isDateOnly, isoDate, monthDayOf, splitTitleDate } from '../src/parse/text';
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

describe('dates written in briefings', () => {
  it.each([
    ['2026-11-19', '2026-11-19'],
    ['19.11.2026', '2026-11-19'],
    ['11/19/2026', '2026-11-19'],
    ['19/11/2026', '2026-11-19'],
    ['11/05/2026', null], // May or November: not guessed
    ['November 19, 2026', '2026-11-19'],
    ['Thursday, November 19, 2026', '2026-11-19'],
    ['19 Nov 2026', '2026-11-19'],
    ['Nov. 19th, 2026', '2026-11-19'],
    ['NOV 19TH 2026', '2026-11-19'],
    ['19 NOVEMBER 2026', '2026-11-19'],
    ['Decorated 12, 2026', null],
    ['Rates may 1 2026', null],
    ['Top 5 novels 2026 — 19 November 2026', '2026-11-19'],
  ])('%s is %s', (text, iso) => {
    expect(findDate(`Sent ${text} by the editors`)).toBe(iso);
  });

  it.each([
    ['Frontier Notes — 2026-11-07', 'Frontier Notes', '2026-11-07'],
    ['AI Digest — Thursday, November 19, 2026', 'AI Digest', '2026-11-19'],
    ['TLDR AI 2026-11-19', 'TLDR AI', '2026-11-19'],
    ['Daily Brief (Nov 19, 2026)', 'Daily Brief', '2026-11-19'],
    ['What 2026-11-19 taught us', 'What 2026-11-19 taught us', null],
    ['TechRiver — Wednesday, October 28, 2026, 8:15 PM ET', 'TechRiver', '2026-10-28'],
    ['Morning Wire 2026-10-28 at 07:00 UTC', 'Morning Wire', '2026-10-28'],
    ['Market Close — Oct 28, 2026, 16:30', 'Market Close', '2026-10-28'],
    ['Layoffs 2026-10-28, 200 jobs cut', 'Layoffs 2026-10-28, 200 jobs cut', null],
    ['AI Daily — Oct 28, 2026, 2 Deals', 'AI Daily — Oct 28, 2026, 2 Deals', null],
    ['Evening Edition, 28 October 2026 7pm', 'Evening Edition', '2026-10-28'],
    ['WEEKLY AI BRIEFING — NOV 24TH 2026', 'WEEKLY AI BRIEFING', '2026-11-24'],
  ])('the title %j splits into %j and %s', (text, title, date) => {
    expect(splitTitleDate(text)).toEqual({ title, date });
  });
});

describe('a line of only a date', () => {
  it('is a date with its weekday or the edition time, and nothing else', () => {
    for (const line of ['Nov 24th 2026', 'Tuesday, November 3, 2026', '2026-11-24', ' 24 November 2026 ', 'Nov 24, 2026 8:15 PM ET'])
      expect(isDateOnly(line), line).toBe(true);
    for (const line of ['x Nov 24, 2026', 'Nov 24, 2026 was a busy day', 'Published 2026-11-24', 'Issue 58', ''])
      expect(isDateOnly(line), line).toBe(false);
  });
});

describe('numeric dates read without date-fns', () => {
  it('give the day date-fns gives for every day, month and year at the edges, and nothing for impossible ones', () => {
    const viaDateFns = (value: string) => {
      for (const pattern of ['yyyy-MM-dd', 'dd.MM.yyyy']) {
        const date = parse(value, pattern, new Date(2000, 0, 1));
        if (isValid(date) && date.getFullYear() > 1900 && date.getFullYear() < 3000) return format(date, 'yyyy-MM-dd');
      }
      return null;
    };
    let checked = 0;
    for (const year of [1899, 1900, 1901, 2000, 2024, 2026, 2100, 2999, 3000])
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++) {
          const [m, d] = [String(month).padStart(2, '0'), String(day).padStart(2, '0')];
          for (const value of [`${year}-${m}-${d}`, `${d}.${m}.${year}`]) {
            expect(isoDate(value), value).toBe(viaDateFns(value));
            checked++;
          }
        }
    expect(checked).toBe(8316);
  });
});

describe('dates with a month name read without date-fns', () => {
  it('give the day the date-fns formats give, in either order, any case, at the edges of days and years', () => {
    const months = [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ];
    const words = [...months, ...months.map((month) => month.slice(0, 3)), 'Sept', 'Mays', 'Junee', 'Ma', 'Decembers'];
    let checked = 0;
    let named = 0;
    for (const year of [1899, 1900, 1901, 2024, 2999, 3000])
      for (const word of words.flatMap((w) => [w, w.toLowerCase(), w.toUpperCase()]))
        for (let day = 0; day <= 32; day++)
          for (const d of day < 10 ? [String(day), `0${day}`] : [String(day)])
            for (const value of [`${word} ${d} ${year}`, `${d} ${word} ${year}`]) {
              const expected = byFormats(value);
              expect(isoDate(value), value).toBe(expected);
              checked++;
              if (expected) named++;
            }
    expect(checked).toBe(44_892);
    expect(named).toBeGreaterThan(10_000);
  });
});

describe('a masthead day without its year', () => {
  it('is read as a month and day only from a line that is nothing else', () => {
    expect(
      ['Friday, November 21', 'Nov 21st', 'sept 3', 'Thu, Feb 29', 'Friday, November 21, 2026', 'November 21 was busy', 'Feb 30'].map(
        monthDayOf,
      ),
    ).toEqual(['11-21', '11-21', '09-03', '02-29', null, null, null]);
  });

  it('takes the year that puts it on or before the day the file was saved, two days allowed', () => {
    const at = (day: string) => parse(day, 'yyyy-MM-dd HH:mm', new Date()).getTime();
    expect(dayInYearSaved('11-21', at('2026-11-21 08:00'))).toBe('2026-11-21');
    expect(dayInYearSaved('11-21', at('2026-11-20 23:00'))).toBe('2026-11-21');
    expect(dayInYearSaved('12-30', at('2027-01-03 09:00'))).toBe('2026-12-30');
    expect(dayInYearSaved('11-25', at('2026-11-21 08:00'))).toBe('2025-11-25');
    expect(dayInYearSaved('02-29', at('2027-03-01 08:00'))).toBe('2024-02-29');
  });

  it("dates a briefing in the library by its file's time, and leaves its ids as its text gives them", () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-yearless-'));
    const file = join(dir, 'brew.txt');
    writeFileSync(file, 'Tech Brew\n\nFriday, November 21\n\nGPU landlords wobble\n\nThe neoclouds had a rough week as prices fell.\n');
    const loaded = (saved: string) => {
      const time = parse(saved, 'yyyy-MM-dd HH:mm', new Date());
      utimesSync(file, time, time);
      const result = loadFile(file);
      if (!('briefing' in result)) throw new Error(result.skip);
      return result.briefing;
    };
    const first = loaded('2026-11-22 07:30');
    expect(first.date).toBe('2026-11-21');
    const later = loaded('2027-02-01 10:00');
    expect(later.date).toBe('2026-11-21');
    expect(later.id).toBe(first.id);
    expect(loaded('2027-11-22 10:00').id).toBe(first.id);
  });
});
