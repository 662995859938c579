import type { Briefing } from '../model/types';

/** Every JSON output says which shape it has (`"schema"`): scripts can check before they trust it. */
export const SCHEMA = 1;

/** What `list --json` says of a story beside its own fields, in this order. */
export interface StoryMarks {
  shortId: string;
  read: boolean;
  starred: boolean;
  /** The stories about the same news (ids). */
  related: string[];
}

/**
 * For each of a briefing's stories, in order, its marks, or null for a story left out (`--unread`
 * and the like).
 */
export type ListedMarks = readonly (StoryMarks | null)[];

/**
 * Briefings with more stories than this are written a story at a time (`writeStoryByStory`): one
 * briefing of 200,000 stories as one string was hundreds of MB, 900 MB at the peak. Below it a
 * briefing's JSON is a few MB at most (its file is at most 8 MB).
 */
export const AT_ONCE_STORIES = 2_000;

/**
 * The stories shown, each with its marks after its own fields. A briefing `owned` (parsed for
 * this and for nothing else) has its stories marked in place: a copy of each made by spreading
 * it was 3 times slower to make and to stringify (200,000 stories: 1.1-1.4 s against 0.3-0.5 s).
 */
export function markedStories(briefing: Briefing, marks: ListedMarks, owned = false): Briefing['stories'] {
  const stories = [];
  for (const [i, story] of briefing.stories.entries()) {
    const marked = marks[i];
    if (marked) stories.push(owned ? Object.assign(story, marked) : { ...story, ...marked });
  }
  return stories;
}

// A briefing stands two levels deep in `list --json` ({ "briefings": [ here ] }): stringified
// there, in a wrapper of the same depth, it is indented as in the whole, with no pass over its
// text to indent it again (that pass cost 450 ms of 10,000 briefings' 1.0 s of JSON).
const WRAPPED_BEFORE = '{\n  "b": [\n    ';
const WRAPPED_AFTER = '\n  ]\n}';

/**
 * A briefing as it stands in `list --json`'s "briefings" array, its first line unindented and
 * without a comma: the very text of one JSON.stringify of the whole list, with 2 spaces.
 */
export function listedJson(briefing: Briefing, marks: ListedMarks, owned = false): string {
  const wrapped = JSON.stringify({ b: [{ ...briefing, stories: markedStories(briefing, marks, owned) }] }, null, 2);
  return wrapped.slice(WRAPPED_BEFORE.length, -WRAPPED_AFTER.length);
}

/** A briefing as one line of `list --ndjson` (without its newline). */
export function listedLine(briefing: Briefing, marks: ListedMarks, owned = false): string {
  return JSON.stringify({ schema: SCHEMA, ...briefing, stories: markedStories(briefing, marks, owned) });
}
