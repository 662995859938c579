import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { widthOf, wrapWords } from '../src/print/width';

describe('wrapping prose', () => {
  it('breaks at spaces, cuts words longer than a line, keeps line breaks', () => {
    expect(wrapWords('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapWords('see https://example.com/a/very/long/path now', 12)).toEqual([
      'see',
      'https://exam',
      'ple.com/a/ve',
      'ry/long/path',
      'now',
    ]);
    expect(wrapWords('one\ntwo three', 20)).toEqual(['one', 'two three']);
    expect(wrapWords('', 10)).toEqual(['']);
    expect(wrapWords('漢字漢字漢字 かな', 6)).toEqual(['漢字漢', '字漢字', 'かな']);
  });

  it('never makes a line wider than asked, and loses no word', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'word', 'longerword', 'x'.repeat(30), '漢字', '😀', 'é'), { maxLength: 60 }),
        fc.integer({ min: 4, max: 40 }),
        (words, width) => {
          const lines = wrapWords(words.join(' '), width);
          for (const line of lines) expect(widthOf(line)).toBeLessThanOrEqual(width);
          expect(lines.join('').replace(/ /g, '')).toBe(words.join(''));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finishes: an 8 MB story wraps in seconds at most (wrap-ansi took 70 s)', () => {
    const paragraph = 'A long line of briefing text that goes on. '.repeat(40);
    const text = Array(4700).fill(paragraph).join('\n');
    const start = performance.now();
    const lines = wrapWords(text, 98);
    expect(lines.length).toBeGreaterThan(80_000);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
