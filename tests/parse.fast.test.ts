import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText, stripControls } from '../src/parse/clean';
import { replaceSourceMarks } from '../src/parse/digest';
import { squash } from '../src/parse/text';

// Each pass over every byte of a briefing has a fast path (the commit that made them says what
// each saved). Each must give what the plain pattern it stands for gives, on text made of the
// pieces that pattern turns on.
const pieces = fc.constantFrom(
  'a',
  'word',
  ' ',
  '  ',
  '\n',
  ' \n',
  '\t',
  '\u00a0',
  '\u2028',
  '\r\n',
  '(Source)',
  '(source: https://example.com/a)',
  '(link)',
  '[Source](https://example.com/b)',
  '[link](x)',
  '(sources)',
  '[source]',
  '(',
  ')',
);
const texts = fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join(''));

describe('the fast paths of the parse', () => {
  it('squash is the plain runs-of-white-space pattern, trimmed', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(squash(text)).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 2000 },
    );
  });

  it('the source marks are replaced as the pattern with \\s* before each mark replaces them', () => {
    const slow = /\s*\((?:source|link)(?::\s*([^)\s]+))?\)|\s*\[(?:source|link)\]\(([^)\s]+)\)/gi;
    fc.assert(
      fc.property(texts, (text) => {
        const seen: unknown[] = [];
        const expected = text.replace(slow, (match: string, inner?: string, linked?: string, offset?: number) => {
          seen.push([match, inner, linked, offset]);
          return `<${offset}>`;
        });
        const calls: unknown[] = [];
        const actual = replaceSourceMarks(text, (match, inner, linked, offset) => {
          calls.push([match, inner, linked, offset]);
          return `<${offset}>`;
        });
        expect({ actual, calls }).toEqual({ actual: expected, calls: seen });
      }),
      { numRuns: 2000 },
    );
  });

  it('cleanText trims the spaces that end lines, and only where some line ends in one', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const cleaned = cleanText(text);
        expect(cleaned).toBe(cleaned.replace(/ +$/gm, ''));
        expect(cleaned.replace(/ +$/gm, '')).toBe(cleanText(text.replace(/ +$/gm, '')));
      }),
      { numRuns: 2000 },
    );
  });

  it('cleanLine gives what stripping controls and making line breaks spaces gives', () => {
    const hostile = fc.constantFrom(
      'a',
      ' ',
      '\t',
      '\n',
      '\r',
      '\x1b[31m',
      '\x07',
      '\x9b',
      '\u0085',
      '\u061c',
      '\u200b',
      '\u200d',
      '👩\u200d💻',
      '\u202e',
      '\u2028',
      '\u2029',
      '\u2066',
      '\ufeff',
      '\u{e0041}',
      '\u{e0100}',
      'é',
      '—',
    );
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(cleanLine(text)).toBe(stripControls(text).replace(/[\n\u2028\u2029]+/g, ' '));
      }),
      { numRuns: 3000 },
    );
  });
});
