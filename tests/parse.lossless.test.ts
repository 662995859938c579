import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripControls } from '../src/parse/clean';
import { parseText } from '../src/parse/index';
import { isVideoChrome } from '../src/parse/video';
import { FIXTURES, HAVE_SEEDS, SEEDS, words } from './helpers';

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
]);

function lostWords(raw: string, name: string): string[] {
  const json = JSON.stringify(parseText(raw, name));
  const output = words(json);
  // Parsers may split glued text ("Counter ViewPhone-sized" → "Counter View: Phone-sized"): look across word gaps too.
  const joined = [...json.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]).join('');
  return [...words(stripControls(chromeFree(raw)))].filter(
    (word) => !output.has(word) && !LABELS.has(word) && !/^\d{1,2}$/.test(word) && !joined.includes(word),
  );
}

function checkLossless(dir: string) {
  for (const name of readdirSync(dir)) {
    const raw = readFileSync(join(dir, name), 'utf8');
    expect({ name, lost: lostWords(raw, name) }).toEqual({ name, lost: [] });
  }
}

describe('parsing keeps the text', () => {
  it('of every fixture', () => checkLossless(FIXTURES));
  it.skipIf(!HAVE_SEEDS)('of every seed briefing', () => checkLossless(SEEDS));

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
