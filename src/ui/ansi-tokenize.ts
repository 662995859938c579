// The bundle's `@alcalzone/ansi-tokenize` (an esbuild alias, scripts/build.mjs), which Ink's
// Output uses on every frame: each line drawn is cut into graphemes by Intl.Segmenter, each
// grapheme becomes an object with a copy of its styles, and the screen is put back together
// comparing every character's styles with the last one's through Sets. A full screen is about
// 3,000 characters, so this was the largest part of the reader's first frame: 17 ms of CPU in a
// 10,000-briefing start's profile, against 1 ms for the hello-world's one line.
//
// Lines made only of SGR colour codes and characters that stand alone and take one column
// (print/narrow.ts) are cut here by code unit instead. Everything else goes to the library.
// tests/ansi-tokenize.test.ts checks that the answers are the library's, token for token.
import { ansiCodesToString, getEndCode } from '../../node_modules/@alcalzone/ansi-tokenize/build/ansiCodes.js';
import { diffAnsiCodes } from '../../node_modules/@alcalzone/ansi-tokenize/build/diff.js';
import { reduceAnsiCodesIncremental } from '../../node_modules/@alcalzone/ansi-tokenize/build/reduce.js';
import type { StyledChar } from '../../node_modules/@alcalzone/ansi-tokenize/build/styledChars.js';
import type * as Tokenize from '../../node_modules/@alcalzone/ansi-tokenize/build/tokenize.js';
import type { AnsiCode, Token } from '../../node_modules/@alcalzone/ansi-tokenize/build/tokenize.js';
import { lazily } from '../print/lazily';
import { NARROW_CLASS } from '../print/narrow';

/**
 * The library's tokenize, loaded the first time a line needs it: its module makes an
 * Intl.Segmenter, and the first one a process makes costs 7-12 ms (see print/slice-ansi.ts).
 */
const tokenizeLibrary = lazily<typeof Tokenize>(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy start (see lazily)
  () => require('../../node_modules/@alcalzone/ansi-tokenize/build/tokenize.js'),
  '../../node_modules/@alcalzone/ansi-tokenize/build/tokenize.js',
  import.meta.url,
);

/** What the library's tokenize takes as one SGR sequence: ESC [ digits and semicolons m. */
const SGR = /\x1b\[[0-9;]*m/y;
/** A line of such sequences and narrow characters only. */
const PLAIN = new RegExp(String.raw`^(?:\x1b\[[0-9;]*m|${NARROW_CLASS})*$`);
/** Each SGR sequence as the library splits it: a screen has only a handful of distinct ones. */
const sequences = new Map<string, AnsiCode[]>();

/**
 * The library's split of a sequence into one code each (its splitCompoundSGRSequences, which
 * it does not export): 256- and 24-bit colours keep their parameters.
 */
function sequence(code: string): AnsiCode[] {
  let tokens = sequences.get(code);
  if (tokens) return tokens;
  const parts = code.includes(';') ? code.slice(2, -1).split(';') : null;
  const codes: string[] = [];
  for (let i = 0; parts && i < parts.length; i++) {
    const colour = parts[i] === '38' || parts[i] === '48';
    const length = colour && parts[i + 1] === '5' ? 3 : colour && parts[i + 1] === '2' ? 5 : 1;
    const whole = length > 1 && i + length - 1 < parts.length;
    codes.push(`\x1b[${parts.slice(i, whole ? i + length : i + 1).join(';')}m`);
    if (whole) i += length - 1;
  }
  tokens = (parts ? codes : [code]).map((one) => ({ type: 'ansi' as const, code: one, endCode: getEndCode(one) }));
  if (sequences.size < 256) sequences.set(code, tokens);
  return tokens;
}

export function tokenize(text: string, endChar?: number): Token[] {
  if (endChar !== undefined || !PLAIN.test(text)) return tokenizeLibrary().tokenize(text, endChar);
  const tokens: Token[] = [];
  for (let i = 0; i < text.length;) {
    if (text.charCodeAt(i) === 0x1b) {
      SGR.lastIndex = i;
      const found = SGR.exec(text)!;
      for (const token of sequence(found[0])) tokens.push({ type: 'ansi', code: token.code, endCode: token.endCode });
      i += found[0].length;
      continue;
    }
    tokens.push({ type: 'char', value: text[i]!, fullWidth: false });
    i++;
  }
  return tokens;
}

/**
 * As the library's, but the characters of one run share its styles array (the library copies
 * it for each): the arrays are never changed once made (reduceAnsiCodesIncremental returns a
 * new one), and sharing lets styledCharsToString see a run at a glance.
 */
export function styledCharsFromTokens(tokens: Token[]): StyledChar[] {
  let codes: AnsiCode[] = [];
  const chars: StyledChar[] = [];
  for (const token of tokens) {
    if (token.type === 'ansi') codes = reduceAnsiCodesIncremental(codes, [token]);
    else if (token.type === 'char') chars.push({ type: 'char', value: token.value, fullWidth: token.fullWidth, styles: codes });
  }
  return chars;
}

function sameStyles(a: AnsiCode[], b: AnsiCode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.code !== b[i]!.code || a[i]!.endCode !== b[i]!.endCode) return false;
  return true;
}

/** As the library's: between two characters of the same styles there is nothing to write. */
export function styledCharsToString(chars: StyledChar[]): string {
  let text = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (i === 0) text += ansiCodesToString(char.styles);
    else {
      const before = chars[i - 1]!.styles;
      if (!sameStyles(before, char.styles)) text += ansiCodesToString(diffAnsiCodes(before, char.styles));
    }
    text += char.value;
    if (i === chars.length - 1) text += ansiCodesToString(diffAnsiCodes(char.styles, []));
  }
  return text;
}
