import cliTruncate from 'cli-truncate';
import stringWidth from './string-width';
import { NARROW } from './narrow';

/**
 * Terminals disagree on the width of emoji sequences (skin tones, ZWJ families, variation
 * selectors) and of invisible format characters, and one disagreement shifts a whole row.
 * Shown without them, every terminal and string-width count the same columns.
 */
// Each of these is meant alone, not as part of a sequence: the combining class is the point.
// eslint-disable-next-line no-misleading-character-class
const UNSTABLE_WIDTH = /[\u{1F3FB}-\u{1F3FF}\u200B-\u200F\u2060-\u2064\uFE00-\uFE0F\uFEFF\u00AD]/gu;

export function displayText(text: string): string {
  return text.replace(UNSTABLE_WIDTH, '');
}

/** Columns `text` takes; plain ASCII and the like skip the costly measure (see string-width.ts; called for every row drawn). */
export function widthOf(text: string): number {
  return stringWidth(text);
}

/** Text cut to `width` columns with an ellipsis; plain ASCII skips the costly width measure. */
export function fitWidth(raw: string, width: number): string {
  if (width <= 0) return '';
  const text = NARROW.test(raw) ? raw : displayText(raw);
  if (NARROW.test(text)) return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
  if (stringWidth(text) <= width) return text;
  // cli-truncate can leave a wide character one column over at an even width ('中文…' at 10
  // is 11): cut a column shorter until it fits.
  let cut = cliTruncate(text, width, { position: 'end' });
  for (let room = width - 1; room > 0 && stringWidth(cut) > width; room--) cut = cliTruncate(text, room, { position: 'end' });
  return stringWidth(cut) <= width ? cut : '';
}

/** `word` cut into pieces of at most `width` columns (a URL longer than the line). */
function cutWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const char of word) {
    const w = widthOf(char);
    if (used + w > width && piece) {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += char;
    used += w;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/**
 * Prose wrapped to `width` columns at spaces, words longer than a line cut, line breaks kept.
 * Linear, and measured a word at a time: wrap-ansi took 12 ms for a 1,760-character paragraph
 * (it walks the text for ANSI codes, which cleaned text has none of), 70 s for an 8 MB story.
 */
export function wrapWords(text: string, width: number): string[] {
  const columns = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const word of paragraph.split(' ')) {
      if (word === '') continue;
      const w = widthOf(word);
      const pieces = w > columns ? cutWord(word, columns) : [word];
      for (const piece of pieces) {
        const pw = pieces.length === 1 ? w : widthOf(piece);
        if (used === 0) {
          line = piece;
          used = pw;
        } else if (used + 1 + pw <= columns) {
          line += ` ${piece}`;
          used += 1 + pw;
        } else {
          lines.push(line);
          line = piece;
          used = pw;
        }
      }
    }
    lines.push(line);
  }
  return lines;
}
