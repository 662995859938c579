import type { BriefingHead, StoryHead } from '../model/types';
import type { Library } from './load';

export interface Located {
  briefing: BriefingHead;
  story: StoryHead;
  /** 1-based numbers in list order, as `B.S`. */
  ref: string;
}

export type Resolution = { found: Located } | { error: string; candidates: Located[] };

export function allStories(library: Library): Located[] {
  return library.briefings.flatMap((briefing, b) => briefing.stories.map((story, s) => ({ briefing, story, ref: `${b + 1}.${s + 1}` })));
}

/** A story by short id (any unique prefix of 4+ hex digits), by `B.S`, or by a title substring. */
export function resolveRef(library: Library, ref: string): Resolution {
  const stories = allStories(library);
  const numbered = /^(\d+)\.(\d+)$/.exec(ref);
  if (numbered) {
    const found = stories.find((entry) => entry.ref === `${Number(numbered[1])}.${Number(numbered[2])}`);
    if (found) return { found };
    return { error: `no story ${ref}: the library has ${library.briefings.length} briefings`, candidates: [] };
  }
  if (/^[0-9a-f]{4,40}$/i.test(ref)) {
    const byId = stories.filter((entry) => entry.story.id.startsWith(ref.toLowerCase()));
    if (byId.length === 1) return { found: byId[0]! };
    if (byId.length > 1) return { error: `${ref} matches ${byId.length} stories`, candidates: byId };
  }
  const needle = ref.toLowerCase();
  const byTitle = stories.filter((entry) => entry.story.title.toLowerCase().includes(needle));
  if (byTitle.length === 1) return { found: byTitle[0]! };
  if (byTitle.length > 1) {
    const exact = byTitle.filter((entry) => entry.story.title.toLowerCase() === needle);
    if (exact.length === 1) return { found: exact[0]! };
    return { error: `"${ref}" matches ${byTitle.length} stories`, candidates: byTitle };
  }
  return { error: `no story matches "${ref}"`, candidates: [] };
}
