import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storyFeatures } from '../src/library/features';
import { parseText } from '../src/parse/index';
import { fixture, runDigest, SHAPE_FIXTURES } from './helpers';
import { KINDS } from './kindchecks';

/** Every token a parser looks for, alone and in the pairs that start a construct. */
const TOKENS = [
  '[',
  '](',
  '**',
  '__',
  '#',
  '# ',
  '>',
  '> ',
  '-',
  '- ',
  '*',
  '`',
  '```',
  '|',
  ':',
  '(',
  ')',
  '"',
  '_',
  '~',
  ' ',
  '[a](',
  '](x',
  '[1]',
  '1. ',
  'http://',
  '(Source)',
  'TLDR:',
  '**a**',
  ' — ',
  '#\n',
];
/** Runs of several tokens, the way a broken export interleaves them. */
const MIXES = [
  ['[', '](', '**'],
  ['[a', '](b', '**c'],
  ['#', ' ', '['],
  ['>', '[', ']('],
  ['-', ' ', ':'],
  ['(', 'source', ')', ' '],
  ['[', 'https://', 'a'],
  ['A', ' | ', '3h'],
];
/** The head of each fixture, so every shape's detector and parser meets the runs (and the shapes no sample has: plain-text emails). */
const PRELUDES = [
  '',
  ...SHAPE_FIXTURES.map((name) => fixture(name).slice(0, 600)),
  ...['email-newsletter-plain.txt', 'brevity-kickers.txt', 'digest-email-folders.txt'].map((name) =>
    readFileSync(join(KINDS, name), 'utf8').slice(0, 900),
  ),
];

const SIZE = Number(process.env.PATHOLOGICAL_KB ?? 48) * 1024;

function* pathological(): Generator<{ name: string; text: string }> {
  for (const [p, prelude] of PRELUDES.entries()) {
    for (const token of TOKENS) {
      for (const layout of ['one line', 'spaced', 'a line each'] as const) {
        const unit = layout === 'one line' ? token : layout === 'spaced' ? `${token} ` : `${token}\n`;
        yield {
          name: `prelude ${p}, ${JSON.stringify(token)} ${layout}`,
          text: `${prelude}\n\n${unit.repeat(Math.ceil(SIZE / unit.length))}`,
        };
      }
    }
    for (const mix of MIXES) {
      const unit = mix.join('');
      yield { name: `prelude ${p}, ${JSON.stringify(mix)}`, text: `${prelude}\n\n${unit.repeat(Math.ceil(SIZE / unit.length))}` };
    }
  }
}

describe('parsing is linear in its input', () => {
  it(`long runs of every token the parsers look for finish quickly (${SIZE / 1024} KB each)`, () => {
    let slowest = { name: '', ms: 0 };
    let count = 0;
    for (const { name, text } of pathological()) {
      const start = performance.now();
      // Parsed, then read for related coverage: both run on every file of the library.
      for (const file of ['x.md', 'x.txt']) parseText(text, file).stories.forEach(storyFeatures);
      const ms = performance.now() - start;
      count++;
      if (ms > slowest.ms) slowest = { name, ms };
      // Generous: the quadratic patterns took seconds at this size; linear parsing takes milliseconds.
      expect(ms, name).toBeLessThan(1500);
    }
    console.log(`${count} pathological inputs; slowest ${slowest.ms.toFixed(0)} ms: ${slowest.name}`);
  });

  it("a feed reader's row of buttons that does not end as one reads quickly (sixteen took a minute)", () => {
    for (const buttons of [' · Save for later', ' | a ', ' ·  ·', ' · x']) {
      const row = `[Read more on The Infra Brief](https://infra.example/p/1)${buttons.repeat(Math.ceil(SIZE / buttons.length))} · [Discuss](u)`;
      const start = performance.now();
      parseText(`# Feed\n\n### [Prices fall](https://infra.example/p/1)\n\nThe text.\n\n${row}\n`, 'feed.md');
      expect(performance.now() - start, JSON.stringify(buttons)).toBeLessThan(1500);
    }
  });

  it('a 1.5 MB file of "[", "](" and "**" goes through list --json (it ran for over 11 minutes)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-linear-'));
    writeFileSync(join(dir, 'brackets.md'), `# Brackets\n\n${'[]('.repeat(180_000)}${'**['.repeat(180_000)}\n`);
    writeFileSync(join(dir, 'line.md'), `# One line\n\n${'['.repeat(64_000)}\n`);
    const started = Date.now();
    const result = runDigest(['list', '--json', dir]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).briefings).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
