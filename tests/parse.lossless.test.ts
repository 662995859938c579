import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripControls } from '../src/parse/clean';
import { parseText } from '../src/parse/index';
import { isVideoChrome } from '../src/parse/video';
import { isFooterText } from '../src/parse/labels';
import { FIXTURES, HAVE_SEEDS, SEEDS, words } from './helpers';
import { KINDS } from './kindchecks';

/** Site chrome that parsers drop on purpose; every other word must survive parsing. */
const chromeFree = (text: string) =>
  text
    .split(/\r?\n/)
    .filter((line) => !isVideoChrome(line) && !/^\s*sources?\s*$/i.test(line))
    .join('\n');

/** Words that only ever label structure (and section numbers like the 2 of "2. Topics"), which (a "TLDR:" or "Sources (2)" line) and may be dropped. */
const LABELS = new Set([
  'tldr',
  'tl',
  'dr',
  'summary',
  'key',
  'takeaways',
  'positions',
  'sources',
  'in',
  'this',
  'briefing',
  'reply',
  'published',
  'on',
  'signal',
  'source',
  'quotes',
  'notable',
  'concepts',
  'synthesis',
  'and',
  'conclusion',
  'highlights',
  'by',
  'md',
  'link',
  'executive',
  'created',
  'description',
  'published',
  'go',
  'deeper',
  'full',
  'url',
  'author',
  'links',
  'mentioned',
  'guests',
  'chapters',
  'metadata',
  'themes',
  'original',
  'read',
  'more',
]);

const DATE_WORDS = /^(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$/;

function lostWords(raw: string, name: string, whole = raw): string[] {
  const parsed = parseText(whole, name);
  const json = JSON.stringify(parsed);
  // A date written out ("Thursday, November 19, 2026") is kept as the briefing's ISO day.
  const dated = parsed.date !== null;
  const output = words(json);
  // Parsers may split glued text ("Counter ViewPhone-sized" → "Counter View: Phone-sized"): look across word gaps too.
  const joined = [...json.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]).join('');
  return [...words(stripControls(chromeFree(raw)))].filter(
    (word) =>
      !output.has(word) && !LABELS.has(word) && !/^\d{1,2}$/.test(word) && !joined.includes(word) && !(dated && DATE_WORDS.test(word)),
  );
}

/**
 * What a parser leaves out on purpose: a sender's footer (from its first "Unsubscribe"-like
 * line on), a forum's chrome (points lines, nav, "user 5 hours ago | parent | next [–]" words),
 * links a reader app adds to each highlight, an image's address (its alt text stays), the page
 * a wiki link names when it shows another text.
 */
function chromeOf(raw: string): string {
  const lines = raw.split(/\r?\n/);
  let footer = lines.findIndex((line, i) => i > lines.length / 2 && isFooterText(line));
  // A rule just above it starts the footer ("---", then "Thanks to …, Unsubscribe").
  const rule = footer < 0 ? -1 : lines.slice(0, footer).findLastIndex((line) => /^\s*-{3,}\s*$/.test(line));
  if (rule >= 0 && footer - rule <= 6) footer = rule;
  const kept = footer >= 0 ? lines.slice(0, footer) : lines;
  return kept
    .filter((line) => !/\| (?:hide|past|parent|next|prev|root)\b|^\s*(?:guidelines \||search:|hacker news|add comment\s*$)/i.test(line))
    .map((line) =>
      line
        .replace(/\(\[View Highlight\]\([^)]*\)\)/g, '')
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\[\[[^\]|]*\|([^\]]*)\]\]/g, '$1'),
    )
    .join('\n');
}

function checkLossless(dir: string, dropsChrome = false) {
  for (const name of readdirSync(dir).filter((file) => !file.endsWith('.json'))) {
    const text = readFileSync(join(dir, name), 'utf8');
    const raw = dropsChrome ? chromeOf(text) : text;
    expect({ name, lost: lostWords(raw, name, text) }).toEqual({ name, lost: [] });
  }
}

describe('parsing keeps the text', () => {
  it('of every fixture', () => checkLossless(FIXTURES));
  it.skipIf(!HAVE_SEEDS)('of every seed briefing', () => checkLossless(SEEDS));
  it('of every kind of briefing (tests/fixtures/kinds), footers and site chrome aside', () => checkLossless(KINDS, true));

  const fixtureTexts = readdirSync(FIXTURES).map((name) => ({ name, text: readFileSync(join(FIXTURES, name), 'utf8') }));

  it('of arbitrary text, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.constantFrom('a.txt', 'b.md'), (text, name) => {
        const briefing = parseText(text, name);
        expect(briefing.stories.length).toBeGreaterThan(0);
        expect(lostWords(text, name)).toEqual([]);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('of fixtures cut, spliced and re-lined at random, and never throws', () => {
    const mutated = fc
      .record({
        fixture: fc.constantFrom(...fixtureTexts),
        cut: fc.nat(),
        insert: fc.string({ maxLength: 40 }),
        at: fc.nat(),
        crlf: fc.boolean(),
      })
      .map(({ fixture, cut, insert, at, crlf }) => {
        let text = fixture.text.slice(0, cut % (fixture.text.length + 1));
        const where = at % (text.length + 1);
        text = text.slice(0, where) + insert + text.slice(where);
        return { name: fixture.name, text: crlf ? text.replace(/\n/g, '\r\n') : text };
      });
    fc.assert(
      fc.property(mutated, ({ name, text }) => {
        expect(() => parseText(text, name)).not.toThrow();
        expect(lostWords(text, name)).toEqual([]);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
