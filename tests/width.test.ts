import fc from 'fast-check';
import realSliceAnsi from 'slice-ansi';
import realStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { NARROW } from '../src/print/narrow';
import { MIXED_CHARACTERS } from './helpers';
import sliceAnsi from '../src/print/slice-ansi';
import stringWidth from '../src/print/string-width';

const segmenter = new Intl.Segmenter();

describe('the narrow characters (width by length)', () => {
  it('each takes one column in string-width and stands alone as a grapheme', () => {
    const narrow: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (NARROW.test(char)) narrow.push(char);
    }
    expect(narrow.length).toBeGreaterThan(900);
    const wrong = narrow.filter((char) => realStringWidth(char) !== 1 || [...segmenter.segment(`a${char}${char}b`)].length !== 4);
    expect(wrong.map((char) => `U+${char.charCodeAt(0).toString(16)}`)).toEqual([]);
    // What the set leaves out on purpose: no column, or two.
    for (const char of ['\u00ad', '\u25fd', '\u25fe', '\u200b', '\u0301']) expect(NARROW.test(char)).toBe(false);
  });

  it("the bundle's string-width answers as string-width does (fast-check)", () => {
    const pieces = fc.constantFrom(...MIXED_CHARACTERS, '\x1b[31m', '\x1b[0m');
    const options = fc.constantFrom(
      undefined,
      {},
      { ambiguousIsNarrow: false },
      { countAnsiEscapeCodes: true },
      { ambiguousIsNarrow: true },
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), options, (parts, option) => {
        const text = parts.join('');
        expect(stringWidth(text, option)).toBe(realStringWidth(text, option));
      }),
      { numRuns: 500 },
    );
    // What no caller passes today, answered the same all the same.
    for (const value of [123, null, undefined, {}] as unknown as string[]) expect(stringWidth(value)).toBe(realStringWidth(value));
    for (const option of [{ ambiguousIsNarrow: null }, { ambiguousIsNarrow: 0 }] as unknown as object[])
      expect(stringWidth('· ● …', option)).toBe(realStringWidth('· ● …', option));
  });

  it("the bundle's slice-ansi cuts as slice-ansi does (fast-check)", () => {
    const pieces = fc.constantFrom(...MIXED_CHARACTERS, '\x1b[31m', '\x1b[39m', '\x1b[1m', '\x1b[22m');
    const column = fc.integer({ min: 0, max: 14 });
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), column, fc.option(column), (parts, start, end) => {
        const text = parts.join('');
        expect(sliceAnsi(text, start, end ?? undefined)).toBe(realSliceAnsi(text, start, end ?? undefined));
      }),
      { numRuns: 300 },
    );
  });
});
