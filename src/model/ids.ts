import * as crypto from 'node:crypto';
import type { Briefing, BriefingHead, ParsedBriefing, Story, StoryHead } from './types';

export const SHORT_ID_LENGTH = 7;

// crypto.hash (Node 20.12+) is the one-shot form, several times cheaper per call than a Hash object.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

function hash(text: string): string {
  return oneShot ? oneShot('sha1', text) : crypto.createHash('sha1').update(text).digest('hex');
}

function identityText(text: string | null): string {
  return (text ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * A briefing's identity is what it says about itself (shape, publisher, date, title), never its
 * path, so read marks survive moving or renaming the file. `occurrence` separates briefings
 * that claim the same identity.
 */
export function briefingId(parsed: Pick<ParsedBriefing, 'format' | 'publisher' | 'date' | 'title'>, occurrence = 0): string {
  const key = [parsed.format, parsed.publisher, parsed.date, parsed.title].map(identityText).join('|');
  return hash(occurrence === 0 ? key : `${key}#${occurrence}`);
}

export function storyId(briefing: string, title: string, occurrence = 0): string {
  return hash(`${briefing}|${identityText(title)}${occurrence === 0 ? '' : `#${occurrence}`}`);
}

/**
 * Ids for a briefing's stories; stories sharing a title are numbered. Candidates for repeats
 * are found by sorting the ids' first 32 bits in a typed array, and only those are counted in a
 * map: a map of every story outlived the parse (13 MB at 200,000 stories), and sorting the id
 * strings themselves took 0.4 s there.
 */
function storyIdList(briefing: string, stories: readonly { title: string }[]): string[] {
  const firsts = stories.map((story) => hash(`${briefing}|${identityText(story.title)}`));
  const prefix = (id: string) => Number.parseInt(id.slice(0, 8), 16);
  const prefixes = Uint32Array.from(firsts, prefix).sort();
  let repeated: Set<number> | undefined;
  for (let i = 1; i < prefixes.length; i++) if (prefixes[i] === prefixes[i - 1]) (repeated ??= new Set()).add(prefixes[i]!);
  if (!repeated) return firsts;
  const seen = new Map<string, number>();
  return firsts.map((first, i) => {
    if (!repeated.has(prefix(first))) return first;
    const n = seen.get(first) ?? 0;
    seen.set(first, n + 1);
    return n === 0 ? first : storyId(briefing, stories[i]!.title, n);
  });
}

export function identifyStories<S extends { title: string }>(briefing: string, stories: readonly S[]): (S & { id: string })[] {
  const ids = storyIdList(briefing, stories);
  // Ids last: an input that already has ids (a cached briefing) gets the new ones.
  return stories.map((story, i) => ({ ...story, id: ids[i]! }));
}

/**
 * Gives ids to a parsed briefing and its stories. The parse is the caller's to give away: its
 * stories get their ids in place, as copies of 200,000 stories cost 100 MB more at the peak.
 */
export function identify(parsed: ParsedBriefing, path: string, occurrence = 0): Briefing {
  const id = briefingId(parsed, occurrence);
  const ids = storyIdList(id, parsed.stories);
  const stories = parsed.stories as Story[];
  stories.forEach((story, i) => (story.id = ids[i]!));
  const { format, title, publisher, date, highlights, extras } = parsed;
  return { id, path, format, title, publisher, date, highlights, stories, extras };
}

/**
 * A parsed briefing with the ids it was given before (`identify`'s, or its library's numbering),
 * the head's then its stories', in order: for a file unchanged since, whose parse is the same.
 * Hashing them again was a tenth of reading a file for list --json.
 */
export function named(parsed: ParsedBriefing, path: string, ids: readonly string[]): Briefing {
  const stories = parsed.stories as Story[];
  stories.forEach((story, i) => (story.id = ids[i + 1]!));
  const { format, title, publisher, date, highlights, extras } = parsed;
  return { id: ids[0]!, path, format, title, publisher, date, highlights, stories, extras };
}

/** A head numbered as the `occurrence`th briefing claiming its identity, with its stories' ids to match. */
export function identifyHead(head: BriefingHead, occurrence: number): { id: string; stories: StoryHead[] } {
  const id = briefingId({ format: head.format, publisher: head.publisher, date: head.date, title: head.title }, occurrence);
  return {
    id,
    stories: identifyStories(
      id,
      head.stories.map(({ title, section, timestamp }) => ({ title, section, timestamp })),
    ),
  };
}

/**
 * Shortest prefixes, at least SHORT_ID_LENGTH long, that tell each id apart from all others,
 * the way git abbreviates commits. Kept as one sorted array searched per lookup, not a map of
 * every id to its prefix: at 200,000 stories the map held 25 MB for the whole run.
 */
export function shortIds(ids: readonly string[], onSorted?: (sorted: readonly string[]) => void): (id: string) => string {
  const sorted = [...new Set(ids)].sort();
  onSorted?.(sorted);
  const common = (a: string, b: string | undefined) => {
    let i = 0;
    if (b === undefined) return 0;
    while (i < a.length && a[i] === b[i]) i++;
    return i;
  };
  return (id) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! < id) low = middle + 1;
      else high = middle;
    }
    // An id the library does not hold (a story read back from a changed file) is told apart
    // from its neighbours all the same.
    const at = sorted[low] === id;
    const before = common(id, sorted[low - 1]);
    const after = common(id, sorted[at ? low + 1 : low]);
    return id.slice(0, Math.max(SHORT_ID_LENGTH, before + 1, after + 1));
  };
}
