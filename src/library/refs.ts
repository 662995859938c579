import type { BriefingHead, StoryHead } from '../model/types';
import type { Library } from './load';

export interface Located {
  briefing: BriefingHead;
  story: StoryHead;
  /** 1-based numbers in list order, as `B.S`. */
  ref: string;
}

export type Resolution = { found: Located } | { error: string; candidates: Located[] };

/** The stories that `wanted` accepts, in list order, each with its ref; nothing is built for the others. */
export function findStories(library: Library, wanted: (story: StoryHead) => boolean = () => true, limit = Infinity): Located[] {
  const found: Located[] = [];
  library.briefings.forEach((briefing, b) => {
    if (found.length >= limit) return;
    briefing.stories.forEach((story, s) => {
      if (found.length < limit && wanted(story)) found.push({ briefing, story, ref: `${b + 1}.${s + 1}` });
    });
  });
  return found;
}

export function allStories(library: Library): Located[] {
  return findStories(library);
}

/**
 * A whole briefing by its number in list order ("3"): a number that is not also a story's short
 * id (those have four hex digits or more), or null.
 */
export function resolveBriefing(library: Library, ref: string): BriefingHead | null {
  if (!/^\d{1,7}$/.test(ref)) return null;
  const briefing = library.briefings[Number(ref) - 1];
  if (!briefing) return null;
  if (ref.length >= 4 && findStories(library, (story) => story.id.startsWith(ref), 1).length > 0) return null;
  return briefing;
}

/** A story by short id (any unique prefix of 4+ hex digits), by `B.S`, or by a title substring. */
export function resolveRef(library: Library, ref: string): Resolution {
  const numbered = /^(\d+)\.(\d+)$/.exec(ref);
  if (numbered) {
    const b = Number(numbered[1]) - 1;
    const s = Number(numbered[2]) - 1;
    const briefing = library.briefings[b];
    const story = briefing?.stories[s];
    if (briefing && story) return { found: { briefing, story, ref: `${b + 1}.${s + 1}` } };
    return {
      error: `no story ${ref}: the library has ${library.briefings.length} briefing${library.briefings.length === 1 ? '' : 's'}`,
      candidates: [],
    };
  }
  if (/^[0-9a-f]{4,40}$/i.test(ref)) {
    const prefix = ref.toLowerCase();
    const byId = findStories(library, (story) => story.id.startsWith(prefix));
    if (byId.length === 1) return { found: byId[0]! };
    if (byId.length > 1) return { error: `${ref} matches ${byId.length} stories`, candidates: byId };
  }
  // A number alone ("12", "1.") names a briefing, never a piece of a title: `mark read 12`
  // must not mark a story that happens to say "12" in its title.
  if (/^\d+\.?$/.test(ref))
    return { error: `no story ${ref}: a number alone is a briefing (B); a story is B.S, a short id or part of its title`, candidates: [] };
  const needle = ref.toLowerCase();
  const byTitle = findStories(library, (story) => story.title.toLowerCase().includes(needle));
  if (byTitle.length === 1) return { found: byTitle[0]! };
  if (byTitle.length > 1) {
    const exact = byTitle.filter((entry) => entry.story.title.toLowerCase() === needle);
    if (exact.length === 1) return { found: exact[0]! };
    return { error: `"${ref}" matches ${byTitle.length} stories`, candidates: byTitle };
  }
  return { error: `no story matches "${ref}"`, candidates: [] };
}
