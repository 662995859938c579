import type { Briefing, Story } from '../model/types';

/**
 * The library holds *heads*: a briefing's ids, shape, title, publisher and date, and for each
 * story its id, title, section and timestamp. That is all the library screen, the counts and
 * navigation need, and it keeps 10,000 briefings small. Everything else (highlights, summaries,
 * bodies, takeaways, sources, parts) is read again from the file when a briefing is opened,
 * printed or searched: one file parses in well under a millisecond.
 */
const heads = new WeakSet<Briefing>();

export function isHead(briefing: Briefing): boolean {
  return heads.has(briefing);
}

export function markHead(briefing: Briefing): Briefing {
  heads.add(briefing);
  return briefing;
}

/** Shared by every head, so 50,000 stories do not each carry five empty arrays. Never written to. */
const NONE = Object.freeze([]) as unknown as never[];

export function headStory(id: string, title: string, section: string | null, timestamp: string | null): Story {
  return { id, title, section, summary: null, body: NONE, takeaways: NONE, quotes: NONE, sources: NONE, extras: NONE, timestamp };
}

export function headOf(briefing: Pick<Briefing, 'id' | 'path' | 'format' | 'title' | 'publisher' | 'date'>, stories: Story[]): Briefing {
  const { id, path, format, title, publisher, date } = briefing;
  return markHead({ id, path, format, title, publisher, date, highlights: NONE, stories, extras: NONE });
}

export function toHead(briefing: Briefing): Briefing {
  return headOf(briefing, briefing.stories.map((story) => headStory(story.id, story.title, story.section, story.timestamp)));
}

/** Reads a briefing whole again; the library's loader is passed in to keep this module free of I/O. */
export type Reload = (path: string) => Briefing | null;

const recent = new Map<string, Briefing>();
const RECENT = 32;

/** The whole briefing for a head (with the head's ids), or the briefing itself when it is whole. */
export function whole(briefing: Briefing, reload: Reload): Briefing {
  if (!isHead(briefing)) return briefing;
  const key = `${briefing.id}\u0000${briefing.path}`;
  const known = recent.get(key);
  if (known) {
    // Most recently used last, so the oldest is the one dropped.
    recent.delete(key);
    recent.set(key, known);
    return known;
  }
  const loaded = reload(briefing.path);
  // The file vanished or no longer parses: show what the head has rather than nothing.
  if (!loaded) return briefing;
  const byTitle = new Map(loaded.stories.map((story) => [story.title, story]));
  const stories = briefing.stories.map((head, i) => {
    const found = loaded.stories[i]?.title === head.title ? loaded.stories[i] : byTitle.get(head.title);
    return found ? { ...found, id: head.id } : head;
  });
  const result: Briefing = { ...loaded, id: briefing.id, path: briefing.path, stories };
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
  recent.set(key, result);
  return result;
}

/** Forgets the whole briefings kept for `path` (its file changed). */
export function forget(path: string): void {
  for (const key of recent.keys()) if (key.endsWith(`\u0000${path}`)) recent.delete(key);
}
