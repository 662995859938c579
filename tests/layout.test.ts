import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyStory, type Briefing } from '../src/model/types';
import { parseText } from '../src/parse/index';
import { helpPage, layoutStory, libraryColumns, libraryRow } from '../src/ui/layout';
import { widthOf } from '../src/print/width';
import { ROOT } from './helpers';

const now = new Date('2026-11-23T12:00:00Z');
const head = (title: string, publisher: string | null, date: string | null) => ({
  id: title,
  path: `/x/${title}`,
  format: 'newsletter' as const,
  title,
  publisher,
  date,
  stories: [{ id: 's', title: 't', section: null, timestamp: null }],
});
const rows = [
  head('A'.repeat(71), 'Signal & Noise', '2026-11-01'),
  head('Short title', 'The Build Log', '2026-11-22'),
  head('Another one', null, null),
];
const line = (width: number, row = rows[0]!) =>
  libraryRow(row, 1, libraryColumns(width, rows, now), now)
    .map((s) => s.text)
    .join('');

describe('library columns: titles get the room', () => {
  it('a 71-character title is whole at 100 columns (98 after the cursor gutter), the shape and publisher giving way', () => {
    expect(line(98)).toContain('A'.repeat(71));
    expect(line(98)).not.toContain('newsletter');
    expect(line(98)).not.toContain('Signal');
    expect(widthOf(line(98))).toBe(98);
  });

  it('never a title cut while a column could give way; once titles fit, wider screens bring the columns back', () => {
    for (const width of [38, 60, 78, 88, 98, 108, 140, 198]) {
      const columns = libraryColumns(width, rows, now);
      if (columns.title < 71) expect([columns.format, columns.publisher > 0], `${width}`).toEqual([false, false]);
      if (width >= 98) expect(columns.title, `${width}`).toBeGreaterThanOrEqual(71);
      expect(widthOf(line(width)), `${width}`).toBe(width);
    }
    // At 200 columns there is room for everything.
    expect(line(198)).toContain('newsletter');
    expect(line(198)).toContain('Signal & Noise');
    expect(line(198)).toContain('Sun 1 Nov 2026');
  });

  it('the weekday goes before the title is cut; on a very narrow screen the date goes too', () => {
    const columns = libraryColumns(88, rows, now);
    expect(columns.weekday).toBe(false);
    expect(line(88)).toContain('1 Nov 2026');
    expect(libraryColumns(38, rows, now).when).toBe(0);
    expect(libraryColumns(38, rows, now).title).toBe(38 - 2 - 7);
  });
});

describe('the help page', () => {
  it('wraps a long description under its column instead of cutting it', () => {
    const rows = helpPage('story', 60).map((row) => row.segments.map((s) => s.text).join(''));
    for (const row of rows) expect(widthOf(row)).toBeLessThanOrEqual(60);
    const text = rows.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('pipe the story to a command; Enter alone reads it in $PAGER (in pick mode: print it and exit)');
  });
});

describe('library columns on a wide terminal', () => {
  it('give a long publisher its whole name when every title fits, and cut it at 14 when they do not', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const rows = [
      { title: 'A short title', publisher: 'Hollis Grant and Amara Singh', date: '2026-11-20' },
      { title: 'Another', publisher: null, date: '2026-11-19' },
    ];
    expect(libraryColumns(198, rows, now).publisher).toBe('Hollis Grant and Amara Singh'.length);
    const long = [
      { ...rows[0]!, title: 'A title long enough that a narrow screen has no room to spare for anything else at all, not one column more' },
    ];
    expect(libraryColumns(120, long, now).publisher).toBeLessThanOrEqual(14);
  });
});

describe('story layout of the new paragraph kinds', () => {
  const storyRows = (file: string, width: number) => {
    const parsed = parseText(readFileSync(join(ROOT, 'tests', 'fixtures', 'kinds', file), 'utf8'), file);
    const briefing = { ...parsed, id: 'b', path: file, stories: parsed.stories.map((s, i) => ({ ...s, id: `s${i}` })) } as Briefing;
    return layoutStory(briefing, briefing.stories[0]!, width).rows.map((row) => row.segments.map((s) => s.text).join(''));
  };

  it('a thread: each comment under its author as written, a quote barred just above the reply text', () => {
    const rows = storyRows('hn-thread.txt', 80);
    const author = rows.indexOf('ornella_p · 5 hours ago');
    expect(author).toBeGreaterThan(0);
    expect(rows.slice(author, author + 6).some((row) => row.startsWith('│ Caching helped less'))).toBe(true);
    expect(rows.join('\n')).not.toMatch(/points by|\| hide \|/);
  });

  it('a quote keeps its bar on every line it wraps to, one bar per level of depth', () => {
    const quote = 'A long quotation that has to wrap over several lines of a narrow screen, every one of them barred.';
    const story = {
      ...emptyStory('Quoted'),
      id: 's',
      quotes: [quote],
      body: ['> > Nested deep, and long enough to need a second row here too.'],
    };
    const briefing = {
      format: 'markdown',
      title: 'B',
      publisher: null,
      date: null,
      highlights: [],
      extras: [],
      id: 'b',
      path: 'x',
      stories: [story],
    } as Briefing;
    const rows = layoutStory(briefing, story, 30).rows.map((row) => row.segments.map((s) => s.text).join(''));
    const quoted = rows.filter((row) => row.includes('quotation') || row.includes('barred') || row.includes('several'));
    expect(quoted.length).toBeGreaterThan(1);
    for (const row of rows.slice(rows.indexOf(quoted[0]!), rows.indexOf(quoted.at(-1)!) + 1)) expect(row).toMatch(/^│ \S/);
    const nested = rows.filter((row) => /Nested|deep|second|row here/.test(row));
    expect(nested.length).toBeGreaterThan(1);
    for (const row of nested) expect(row).toMatch(/^│ │ \S/);
  });

  it('code keeps its lines and case, cut (never wrapped) at the width; a table keeps its columns aligned', () => {
    const all = parseText(readFileSync(join(ROOT, 'tests', 'fixtures', 'kinds', 'md-newsletter-export.md'), 'utf8'), 'x.md');
    const briefing = { ...all, id: 'b', path: 'x', stories: all.stories.map((s, i) => ({ ...s, id: `s${i}` })) } as Briefing;
    const laid = briefing.stories.flatMap((story) =>
      layoutStory(briefing, story, 60).rows.map((row) => row.segments.map((s) => s.text).join('')),
    );
    expect(laid).toContain('  # install the eval harness');
    const table = laid.filter((row) => row.startsWith('| '));
    expect(table.length).toBeGreaterThanOrEqual(4);
    expect(new Set(table.map((row) => row.length)).size).toBe(1);
    for (const row of laid) expect(widthOf(row)).toBeLessThanOrEqual(60);
  });
});
