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

/** Bump when any parser's output changes, so cached parses are thrown away. */
export const PARSER_VERSION = 3;

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

const MAGIC: [string, number[]][] = [
  ['PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['zip archive', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip archive', [0x1f, 0x8b]],
  ['ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
];

/** The file's text, or why it is not a briefing. */
export function decode(bytes: Uint8Array): { text: string } | { skip: string } {
  for (const [kind, magic] of MAGIC) {
    if (magic.every((byte, i) => bytes[i] === byte)) return { skip: `binary file (${kind})` };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { skip: 'binary file (contains NUL bytes)' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let replaced = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) replaced++;
  if (replaced > 16 && replaced > text.length / 10) return { skip: 'binary file (not UTF-8 text)' };
  if (
    text
      .trim()
      .replace(/^\ufeff/, '')
      .trim() === ''
  )
    return { skip: 'empty file' };
  return { text };
}
