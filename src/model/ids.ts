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

/** Ids for a briefing's stories; stories sharing a title are numbered. */
function storyIdList(briefing: string, stories: readonly { title: string }[]): string[] {
  const seen = new Map<string, number>();
  return stories.map((story) => {
    const key = identityText(story.title);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return storyId(briefing, story.title, n);
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
 * the way git abbreviates commits.
 */
export function shortIds(ids: readonly string[]): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  const result = new Map<string, string>();
  const common = (a: string, b: string) => {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return i;
  };
  sorted.forEach((id, i) => {
    const before = i > 0 ? common(id, sorted[i - 1]!) : 0;
    const after = i < sorted.length - 1 ? common(id, sorted[i + 1]!) : 0;
    result.set(id, id.slice(0, Math.max(SHORT_ID_LENGTH, before + 1, after + 1)));
  });
  return result;
}
