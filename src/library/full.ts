import type { Briefing, Story } from '../model/types';

/**
 * Briefings come in two weights. A *head* (from the parse cache) has everything the library
 * and briefing screens show: titles, dates, sections, summaries or a teaser, ids. Its bodies,
 * takeaways, quotes, sources and parts are read again from the file when a story is opened,
 * printed or searched, so a large library starts without loading them all.
 */
const heads = new WeakSet<Briefing>();

export function isHead(briefing: Briefing): boolean {
  return heads.has(briefing);
}

export function markHead(briefing: Briefing): Briefing {
  heads.add(briefing);
  return briefing;
}

const TEASER = 300;

export function toHead(briefing: Briefing): Briefing {
  const stories: Story[] = briefing.stories.map((story) => {
    const teaser = story.summary ? null : (story.body[0] ?? story.takeaways[0] ?? null);
    return { ...story, body: teaser ? [teaser.slice(0, TEASER)] : [], takeaways: [], quotes: [], sources: [], extras: [] };
  });
  // Parts keep their headings, so the briefing screen can say what else the briefing holds.
  return { ...briefing, stories, extras: briefing.extras.map((part) => ({ heading: part.heading, paragraphs: [] })) };
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
  if (known) return known;
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
