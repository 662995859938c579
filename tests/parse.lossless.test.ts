import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../src/parse/index';
import { FIXTURES, HAVE_SEEDS, SEEDS } from './helpers';
import { KINDS } from './kindchecks';
import { chromeOf, lostWords } from './lossless';

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
