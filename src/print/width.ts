import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';

// One column each: ASCII, Latin letters, dashes and quotes, bullets, arrows, box drawing, ●, ★.
const NARROW = /^[\x20-\x7e\u00a0-\u024f\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u25ff\u2605]*$/;

/** Text cut to `width` columns with an ellipsis; plain ASCII skips the costly width measure. */
export function fitWidth(text: string, width: number): string {
  if (width <= 0) return '';
  if (NARROW.test(text)) return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
  return stringWidth(text) <= width ? text : cliTruncate(text, width, { position: 'end' });
}
