/**
 * Briefing text is untrusted: escape sequences could clear the screen, set the window title,
 * write the clipboard or hide text. Everything a file says passes through here first.
 */
const ESCAPE_SEQUENCES = new RegExp(
  [
    '\\x1b\\[[0-?]*[ -/]*[@-~]', // CSI
    '\\x9b[0-?]*[ -/]*[@-~]', // 8-bit CSI
    '(?:\\x1b\\]|\\x9d)[^\\x07\\x1b\\x9c\\n]*(?:\\x07|\\x1b\\\\|\\x9c)?', // OSC: titles, links, clipboard
    '(?:\\x1b[PX^_]|[\\x90\\x98\\x9e\\x9f])[^\\x1b\\x9c\\n]*(?:\\x1b\\\\|\\x9c)?', // DCS, SOS, PM, APC
    '\\x1b[ -/]*[0-~]?', // any other escape
  ].join('|'),
  'g',
);
// C0 and C1 controls except tab and newline, DEL, and the bidi embeddings, overrides and isolates.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

// One scan for anything either pattern could match; most text has none, and is left as it is.
const SUSPECT = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

export function stripControls(text: string): string {
  return SUSPECT.test(text) ? text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '') : text;
}

/** Normalises a whole file: BOM, CRLF and CR line ends, tabs, and anything that could steer a terminal. */
export function cleanText(raw: string): string {
  let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  // Each pass only where it has work: these run over every byte of every briefing.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  text = stripControls(text);
  if (text.includes('\t')) text = text.replace(/\t/g, '    ');
  // Line by line, not /[ ]+$/gm: on a long run of spaces that does not end a line, that pattern
  // rescans the run from each of its spaces (quadratic: 64,000 spaces took seconds).
  if (text.includes(' \n') || text.endsWith(' ')) text = text.split('\n').map(trimSpacesEnd).join('\n');
  return text;
}

function trimSpacesEnd(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 32) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** Removes any of `chars` from the end of `text`, in one backward pass (a `[…]+$` pattern rescans runs). */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}
