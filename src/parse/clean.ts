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
// C0 and C1 controls except tab and newline, DEL; the bidi embeddings, overrides, isolates and
// marks (LRM, RLM, ALM); zero-width characters that hide or join text (U+200B, U+200C, U+2060-4,
// U+FEFF); and tag characters, which are invisible. A zero-width joiner stays inside an emoji
// sequence (👩‍💻), where it is what makes one picture of two.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff\u{e0000}-\u{e007f}]/gu;
const STRAY_JOINER = /(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

// One scan for anything the patterns could match; most text has none, and is left as it is.
const SUSPECT = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u{e0000}-\u{e007f}]/u;

export function stripControls(text: string): string {
  if (!SUSPECT.test(text)) return text;
  const stripped = text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '');
  return stripped.includes('\u200d') ? stripped.replace(STRAY_JOINER, '') : stripped;
}

/**
 * Anything cleanLine could change, and a little more (U+E0000-E03FF, not only the tags among
 * them): one test without the unicode flag, where stripControls and the line breaks took two,
 * one with it. A head from the cache has 80 strings for 20 stories, each cleaned as it is read.
 */
const LINE_SUSPECT = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\udb40]/;

/** One line of untrusted text (a title, a name): cleaned, and any line break made a space. */
export function cleanLine(text: string): string {
  if (!LINE_SUSPECT.test(text)) return text;
  const clean = stripControls(text);
  return /[\n\u2028\u2029]/.test(clean) ? clean.replace(/[\n\u2028\u2029]+/g, ' ') : clean;
}

/** Normalises a whole file: BOM, CRLF and CR line ends, tabs, and anything that could steer a terminal. */
export function cleanText(raw: string): string {
  let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  // Each pass only where it has work: these run over every byte of every briefing.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  // Unicode's own line and paragraph separators are line breaks like any other.
  if (text.includes('\u2028') || text.includes('\u2029')) text = text.replace(/\u2029/g, '\n\n').replace(/\u2028/g, '\n');
  text = stripControls(text);
  if (text.includes('\t')) text = text.replace(/\t/g, '    ');
  // Line by line, not /[ ]+$/gm: on a long run of spaces that does not end a line, that pattern
  // rescans the run from each of its spaces (quadratic: 64,000 spaces took seconds).
  if (endsLineWithSpace(text)) text = text.split('\n').map(trimSpacesEnd).join('\n');
  return text;
}

/** Whether a line ends in a space: found from the line ends (13 ms for 10,000 briefings; `includes(' \n')`, 58). */
function endsLineWithSpace(text: string): boolean {
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', end + 1)) if (text.charCodeAt(end - 1) === 32) return true;
  return text.endsWith(' ');
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

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x1b': '\\x1b' };

/**
 * A file name as shown: control and invisible characters made visible as escapes (a newline
 * in a name would otherwise forge a line of `digest list`; ESC would steer the terminal).
 */
export function visibleName(name: string): string {
  return name.replace(/[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, (char) => {
    const code = char.charCodeAt(0);
    return NAMED[char] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`);
  });
}
