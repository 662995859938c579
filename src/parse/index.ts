import type { Format, ParsedBriefing } from '../model/types';
import { cleanText, stripControls } from './clean';
import { dailyDigest } from './digest';
import { discussion } from './discussion';
import { emailNewsletter } from './email';
import { readLaterHighlights } from './highlights';
import { linkRoundup } from './roundup';
import { smartBrevity } from './brevity';
import { outlineDocument } from './outline';
import { markdown } from './markdown';
import { monthDayOf } from './text';
import { newsletter } from './newsletter';
import { plain } from './plain';
import { podcastBriefing } from './podcast';
import { shareEmptyLists, type Doc, type Shape } from './shape';
import { videoSummary } from './video';

export { PARSER_VERSION } from './version';
export { decode } from './decode';

export const SHAPES: readonly Shape[] = [
  newsletter,
  videoSummary,
  podcastBriefing,
  discussion,
  dailyDigest,
  readLaterHighlights,
  linkRoundup,
  smartBrevity,
  outlineDocument,
  emailNewsletter,
  markdown,
  plain,
];

export function toDoc(raw: string, name: string): Doc {
  const text = cleanText(raw);
  // File names are as untrusted as contents: one may stand in for a missing title.
  return { text, lines: text.split('\n'), name: stripControls(name) };
}

const gives = (shape: Shape, format: Format) => shape.format === format || shape.alsoGives?.includes(format) === true;

/**
 * The shape that claims the document most surely; plain when none does. Given the format an
 * earlier parse of the very same text gave, only the shapes that give that format are asked:
 * the one that won then is among them, and the others lost to it. Asking every shape was a
 * third of a parse (5,000 briefings: 0.3 of 0.9 s), paid again at every read of a file whose
 * head is kept. (A shape that fails hands over to plain, so "plain" could have been any shape:
 * plain is what it gave.)
 */
export function detectShape(doc: Doc, format?: Format): Shape {
  const asked = format === undefined ? SHAPES : SHAPES.filter((shape) => gives(shape, format));
  // The only shape that gives it: it won then, no need to ask.
  if (asked.length === 1) return asked[0]!;
  // Told the format, one of its shapes reads it: the best of them, without a threshold to pass.
  let best: Shape = format === undefined ? plain : asked[0]!;
  let bestScore = format === undefined ? 0.2 : -1;
  for (const shape of asked) {
    if (shape.ceiling !== undefined && shape.ceiling <= bestScore) continue;
    const score = safely(() => shape.detect(doc), 0);
    if (score > bestScore) [best, bestScore] = [shape, score];
  }
  return best;
}

/**
 * Parses any text into a briefing. Never throws: a parser that fails hands over to plain.
 * `format`: what an earlier parse of the very same text gave (see detectShape), for the same
 * result sooner. Only the caller can vouch for the text (loadFile: the file's stamp); a result
 * of another format shows the vouching wrong, and the text is parsed again asking every shape.
 */
export function parseText(raw: string, name: string, format?: Format): ParsedBriefing {
  const doc = toDoc(raw, name);
  const parsed = parseDoc(doc, detectShape(doc, format));
  return format === undefined || parsed.format === format ? parsed : parseDoc(doc, detectShape(doc));
}

function parseDoc(doc: Doc, shape: Shape): ParsedBriefing {
  const parsed = safely(() => shape.parse(doc), null) ?? safely(() => plain.parse(doc), null);
  const result = parsed ?? { format: 'plain', title: doc.name, publisher: null, date: null, highlights: [], stories: [], extras: [] };
  if (result.stories.length === 0) {
    const fallback = plain.parse(doc);
    result.stories = fallback.stories;
  }
  // Undated, with a masthead's day and no year ("Friday, November 21") near the top: the day.
  for (let i = 0; !result.date && !result.monthDay && i < Math.min(doc.lines.length, MASTHEAD_LINES); i++) {
    const line = doc.lines[i]!;
    const day = line.length <= 40 && /\d/.test(line) ? monthDayOf(line.replace(/[*_#|]/g, ' ')) : null;
    if (day) result.monthDay = day;
  }
  return shareEmpty(result);
}

/** How far down a masthead's day is looked for. */
const MASTHEAD_LINES = 15;

/** Every empty list of a parse made the one shared frozen list (see shareEmpty in shape.ts). */
function shareEmpty(parsed: ParsedBriefing): ParsedBriefing {
  for (const story of parsed.stories) shareEmptyLists(story);
  return parsed;
}

function safely<T, F>(run: () => T, fallback: F): T | F {
  try {
    return run();
  } catch {
    return fallback;
  }
}
