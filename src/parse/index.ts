import type { ParsedBriefing } from '../model/types';
import { cleanText, stripControls } from './clean';
import { dailyDigest } from './digest';
import { discussion } from './discussion';
import { readLaterHighlights } from './highlights';
import { linkRoundup } from './roundup';
import { smartBrevity } from './brevity';
import { outlineDocument } from './outline';
import { markdown } from './markdown';
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
  markdown,
  plain,
];

export function toDoc(raw: string, name: string): Doc {
  const text = cleanText(raw);
  // File names are as untrusted as contents: one may stand in for a missing title.
  return { text, lines: text.split('\n'), name: stripControls(name) };
}

/** The shape that claims the document most surely; plain when none does. */
export function detectShape(doc: Doc): Shape {
  let best: Shape = plain;
  let bestScore = 0.2;
  for (const shape of SHAPES) {
    const score = safely(() => shape.detect(doc), 0);
    if (score > bestScore) [best, bestScore] = [shape, score];
  }
  return best;
}

/** Parses any text into a briefing. Never throws: a parser that fails hands over to plain. */
export function parseText(raw: string, name: string): ParsedBriefing {
  const doc = toDoc(raw, name);
  const shape = detectShape(doc);
  const parsed = safely(() => shape.parse(doc), null) ?? safely(() => plain.parse(doc), null);
  const result = parsed ?? { format: 'plain', title: doc.name, publisher: null, date: null, highlights: [], stories: [], extras: [] };
  if (result.stories.length === 0) {
    const fallback = plain.parse(doc);
    result.stories = fallback.stories;
  }
  return shareEmpty(result);
}

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
