import { storyTeaser } from '../model/paragraph';
import { wordCount } from './features';
import type { Briefing, BriefingHead, Story } from '../model/types';
import type { Library } from './load';

/** One piece of news in the morning skim: its unread stories, and every briefing that covers it. */
export interface SkimGroup {
  /** Its unread stories in the skim, the one shown first. */
  stories: { briefing: BriefingHead; story: Story }[];
  /** Every briefing covering this news, read or not (titles, newest first). */
  briefings: string[];
  summary: string | null;
  takeaway: string | null;
  words: number;
}

export interface Skim {
  /** True when the skim holds what arrived since the last visit; false when nothing did and it holds the newest unread instead. */
  fresh: boolean;
  groups: SkimGroup[];
  stories: number;
  /** Minutes of reading left in it, at 230 words a minute. */
  minutes: number;
}

export interface SkimSources {
  isRead: (id: string) => boolean;
  /** Stories about the same news as this one (itself left out). */
  related: (id: string) => { briefing: BriefingHead; story: string }[];
  whole: (head: BriefingHead) => Briefing;
}

/** At most this many briefings are read for a skim: a first visit to 10,000 unread ones shows the newest. */
const MAX_BRIEFINGS = 40;
const WORDS_PER_MINUTE = 230;

/** The story's line, on one line: its summary or first paragraph (its first takeaway is shown apart). */
function oneLine(story: Story): string | null {
  return (
    storyTeaser({ ...story, takeaways: [] })
      ?.replace(/\s+/g, ' ')
      .trim() || null
  );
}

/**
 * Everything unread that arrived since `since` (ms; null for a first visit), grouped by news:
 * the most-covered news first (covered by the most briefings), then newest first. When nothing
 * arrived, the newest unread stories instead (`fresh` false), so the skim is never empty while
 * anything is unread.
 */
export function buildSkim(library: Library, since: number | null, sources: SkimSources): Skim {
  const unreadIn = (head: BriefingHead) => head.stories.some((story) => !sources.isRead(story.id));
  // Arrival times are in the library's order: no map of every file (at 100,000, a list of them made first).
  const fresh = since === null ? [] : library.briefings.filter((head, i) => (library.arrivals[i] ?? 0) > since && unreadIn(head));
  const chosen = (fresh.length > 0 ? fresh : library.briefings.filter(unreadIn)).slice(0, MAX_BRIEFINGS);
  const order = new Map(library.briefings.map((head, i) => [head.id, i]));

  const unread: { briefing: BriefingHead; story: Story }[] = [];
  for (const head of chosen) {
    const whole = sources.whole(head);
    for (const story of whole.stories) if (!sources.isRead(story.id)) unread.push({ briefing: head, story });
  }
  const byId = new Map(unread.map((entry) => [entry.story.id, entry]));
  const placed = new Set<string>();
  const groups: (SkimGroup & { covering: number; first: number })[] = [];
  for (const entry of unread) {
    if (placed.has(entry.story.id)) continue;
    const related = sources.related(entry.story.id);
    const members = [entry, ...related.flatMap((r) => (byId.has(r.story) && !placed.has(r.story) ? [byId.get(r.story)!] : []))];
    for (const member of members) placed.add(member.story.id);
    const covering = [...new Set([entry.briefing, ...related.map((r) => r.briefing)])].sort(
      (a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0),
    );
    // The fullest telling first: the story with the longest summary.
    members.sort((a, b) => (oneLine(b.story)?.length ?? 0) - (oneLine(a.story)?.length ?? 0));
    groups.push({
      stories: members,
      // Two briefings of one title (a daily digest, two days) are told apart by their dates.
      briefings: covering.map((head) =>
        covering.some((other) => other !== head && other.title === head.title) && head.date ? `${head.title} (${head.date})` : head.title,
      ),
      summary: oneLine(members[0]!.story),
      takeaway: members.flatMap((member) => member.story.takeaways)[0] ?? null,
      words: members.reduce((sum, member) => sum + wordCount(member.story), 0),
      covering: covering.length,
      first: order.get(entry.briefing.id) ?? 0,
    });
  }
  groups.sort((a, b) => b.covering - a.covering || a.first - b.first);
  const total = groups.reduce((sum, group) => sum + group.words, 0);
  return {
    fresh: fresh.length > 0,
    groups: groups.map(({ covering: _covering, first: _first, ...group }) => group),
    stories: unread.length,
    minutes: Math.max(unread.length > 0 ? 1 : 0, Math.round(total / WORDS_PER_MINUTE)),
  };
}
