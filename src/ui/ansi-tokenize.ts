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
import * as library from '../../node_modules/@alcalzone/ansi-tokenize/build/index.js';
import type { AnsiCode, StyledChar, Token } from '../../node_modules/@alcalzone/ansi-tokenize/build/index.js';
import { NARROW_CLASS } from '../print/narrow';

export * from '../../node_modules/@alcalzone/ansi-tokenize/build/index.js';

/** What the library's tokenize takes as one SGR sequence: ESC [ digits and semicolons m. */
const SGR = /\x1b\[[0-9;]*m/y;
/** A line of such sequences and narrow characters only. */
const PLAIN = new RegExp(String.raw`^(?:\x1b\[[0-9;]*m|${NARROW_CLASS})*$`);
/** Each SGR sequence as the library splits it: a screen has only a handful of distinct ones. */
const sequences = new Map<string, AnsiCode[]>();

function sequence(code: string): AnsiCode[] {
  let tokens = sequences.get(code);
  if (!tokens) {
    tokens = library.tokenize(code) as AnsiCode[];
    if (sequences.size < 256) sequences.set(code, tokens);
  }
  return tokens;
}

export function tokenize(text: string, endChar?: number): Token[] {
  if (endChar !== undefined || !PLAIN.test(text)) return library.tokenize(text, endChar);
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
    if (token.type === 'ansi') codes = library.reduceAnsiCodesIncremental(codes, [token]);
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
    if (i === 0) text += library.ansiCodesToString(char.styles);
    else {
      const before = chars[i - 1]!.styles;
      if (!sameStyles(before, char.styles)) text += library.ansiCodesToString(library.diffAnsiCodes(before, char.styles));
    }
    text += char.value;
    if (i === chars.length - 1) text += library.ansiCodesToString(library.diffAnsiCodes(char.styles, []));
  }
  return text;
}
