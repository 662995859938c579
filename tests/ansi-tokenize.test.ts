import * as library from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NARROW } from '../src/print/narrow';
import * as fast from '../src/ui/ansi-tokenize';
import { MIXED_CHARACTERS } from './helpers';

// What Ink's Output draws: chalk's colours around text, links, and characters of every kind.
const pieces = fc.constantFrom(
  ...MIXED_CHARACTERS,
  'Z',
  '\r',
  '\x07',
  '\x9b',
  '\x1b',
  '\x1b[',
  '\x1b[31m',
  '\x1b[39m',
  '\x1b[1m',
  '\x1b[2m',
  '\x1b[22m',
  '\x1b[7m',
  '\x1b[27m',
  '\x1b[0m',
  '\x1b[m',
  '\x1b[1;31;42m',
  '\x1b[38;5;208m',
  '\x1b[48;2;10;20;30m',
  '\x1b[2K',
  '\x1b]8;;https://example.com\x07',
  '\x1b]8;;\x07',
);
// Any SGR sequence, compound ones and 256- and 24-bit colours cut short among them.
const sgr = fc
  .array(fc.constantFrom('', '0', '1', '2', '3', '22', '31', '38', '39', '48', '5', '2', '208', '10'), { maxLength: 8 })
  .map((parameters) => `\x1b[${parameters.join(';')}m`);
const lines = fc.array(fc.oneof(pieces, sgr), { maxLength: 24 }).map((parts) => parts.join(''));

describe("the bundle's ansi-tokenize (Ink's Output)", () => {
  it('tokenizes as the library does, token for token (fast-check)', () => {
    fc.assert(
      fc.property(lines, (line) => {
        expect(fast.tokenize(line)).toEqual(library.tokenize(line));
        expect(fast.tokenize(line, 3)).toEqual(library.tokenize(line, 3));
      }),
      { numRuns: 1000 },
    );
  });

  it('tokenizes every narrow character as the library does', () => {
    let checked = 0;
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (!NARROW.test(char)) continue;
      const line = `\x1b[31m${char}${char}\x1b[39m${char}`;
      expect(fast.tokenize(line)).toEqual(library.tokenize(line));
      checked++;
    }
    expect(checked).toBeGreaterThan(900);
  });

  it('styles characters and writes them back as the library does (fast-check)', () => {
    fc.assert(
      fc.property(lines, (line) => {
        const tokens = library.tokenize(line);
        const chars = fast.styledCharsFromTokens(tokens);
        expect(chars).toEqual(library.styledCharsFromTokens(tokens));
        expect(fast.styledCharsToString(chars)).toBe(library.styledCharsToString(library.styledCharsFromTokens(tokens)));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes back characters styled by anyone, as Ink mixes them (fast-check)', () => {
    // Ink fills a screen with its own blank characters and splices every line's in.
    const blank = (): library.StyledChar => ({ type: 'char', value: ' ', fullWidth: false, styles: [] });
    fc.assert(
      fc.property(fc.array(fc.tuple(lines, fc.boolean()), { maxLength: 4 }), (parts) => {
        const chars = parts.flatMap(([line, ours]) => [blank(), ...(ours ? fast : library).styledCharsFromTokens(library.tokenize(line))]);
        expect(fast.styledCharsToString(chars)).toBe(library.styledCharsToString(chars));
      }),
      { numRuns: 500 },
    );
  });

  it('takes the quick way for a coloured line of narrow characters', () => {
    // The reader's rows: colours, a gutter, a title and a date. Nothing here may need the segmenter.
    const row = '\x1b[36m› \x1b[39m\x1b[1mOpenAI ships a model — “fast”\x1b[22m · \x1b[2m3d\x1b[22m';
    expect(NARROW.test(row.replace(/\x1b\[[0-9;]*m/g, ''))).toBe(true);
    const segment = Intl.Segmenter.prototype.segment;
    let segmented = 0;
    Intl.Segmenter.prototype.segment = function (this: Intl.Segmenter, text: string) {
      segmented++;
      return segment.call(this, text);
    };
    try {
      fast.tokenize(row); // each sequence's split is the library's, made once and kept
      segmented = 0;
      const tokens = fast.tokenize(row);
      expect(segmented).toBe(0);
      expect(tokens).toEqual(library.tokenize(row));
    } finally {
      Intl.Segmenter.prototype.segment = segment;
    }
  });
});
