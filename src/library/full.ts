import type { Briefing, BriefingHead, Format, Story, StoryHead } from '../model/types';

/**
 * The library holds *heads*: a briefing's ids, shape, title, publisher and date, and for each
 * story its id, title, section and timestamp. That is all the library screen, the counts and
 * navigation need, and it keeps 10,000 briefings small. Everything else (highlights, summaries,
 * bodies, takeaways, sources, parts) is read again from the file when a briefing is opened,
 * printed or searched: one file parses in well under a millisecond.
 */

/** (id, title, section, timestamp) for each story, four at a time: the form heads are kept and cached in. */
export type FlatStories = (string | null)[];

/**
 * A head keeps its stories flat and builds Story objects only when something asks for them:
 * the first screen of a 10,000-briefing library touches a few dozen briefings' stories, and
 * the unread count needs only ids (storyIds).
 */
class Head implements BriefingHead {
  private built: StoryHead[] | undefined;
  private ids: string[] | undefined;

  constructor(
    readonly id: string,
    readonly path: string,
    readonly format: Format,
    readonly title: string,
    readonly publisher: string | null,
    readonly date: string | null,
    readonly flat: FlatStories,
  ) {}

  get stories(): StoryHead[] {
    if (!this.built) {
      const flat = this.flat;
      const stories: StoryHead[] = [];
      for (let i = 0; i + 3 < flat.length; i += 4) {
        stories.push({ id: flat[i]!, title: flat[i + 1]!, section: flat[i + 2]!, timestamp: flat[i + 3]! });
      }
      this.built = stories;
    }
    return this.built;
  }

  get storyIds(): string[] {
    if (!this.ids) {
      const ids: string[] = [];
      for (let i = 0; i < this.flat.length; i += 4) ids.push(this.flat[i]!);
      this.ids = ids;
    }
    return this.ids;
  }
}

export interface HeadSource {
  head(index: number): BriefingHead;
  path(index: number): string;
  id(index: number): string;
}

/**
 * A head read from the library snapshot (snapshot.ts) only when something asks for more than its
 * id and path: the first frame of a 100,000-briefing library decodes a screenful of them. The id
 * too is read when first asked for: making 100,000 id strings took 14 ms of that first frame.
 */
export class LazyHead implements BriefingHead {
  private head: Head | undefined;
  constructor(
    /** Where the head is read from when asked: one source serves them all (no closure per head). */
    readonly source: HeadSource,
    readonly index: number,
    private known?: string,
  ) {}
  get id(): string {
    return (this.known ??= this.source.id(this.index));
  }
  get path(): string {
    return this.source.path(this.index);
  }
  private get it(): Head {
    return (this.head ??= this.source.head(this.index) as Head);
  }
  get format(): Format {
    return this.it.format;
  }
  get title(): string {
    return this.it.title;
  }
  get publisher(): string | null {
    return this.it.publisher;
  }
  get date(): string | null {
    return this.it.date;
  }
  get stories(): StoryHead[] {
    return this.it.stories;
  }
  get storyIds(): string[] {
    return this.it.storyIds;
  }
  get flat(): FlatStories {
    return this.it.flat;
  }
  /** Whether it has been read yet (for tests of what the first frame touches). */
  get decoded(): boolean {
    return this.head !== undefined;
  }
}

export function isHead(briefing: BriefingHead): boolean {
  return briefing instanceof Head || briefing instanceof LazyHead;
}

/** The fields that name a briefing, copied out of a head (a lazy head's are getters, which a spread would miss). */
export function headFields(briefing: BriefingHead): Pick<BriefingHead, 'id' | 'path' | 'format' | 'title' | 'publisher' | 'date'> {
  return {
    id: briefing.id,
    path: briefing.path,
    format: briefing.format,
    title: briefing.title,
    publisher: briefing.publisher,
    date: briefing.date,
  };
}

export function flatStories(stories: readonly StoryHead[]): FlatStories {
  const flat: FlatStories = [];
  for (const story of stories) flat.push(story.id, story.title, story.section, story.timestamp);
  return flat;
}

export function headOf(
  briefing: Pick<Briefing, 'id' | 'path' | 'format' | 'title' | 'publisher' | 'date'>,
  stories: FlatStories,
): BriefingHead {
  return new Head(briefing.id, briefing.path, briefing.format, briefing.title, briefing.publisher, briefing.date, stories);
}

/** Every story's id, without building the stories of a head. */
export function storyIds(briefing: BriefingHead): readonly string[] {
  return briefing instanceof Head || briefing instanceof LazyHead ? briefing.storyIds : briefing.stories.map((story) => story.id);
}

/** Reads a briefing whole again; the library's loader is passed in to keep this module free of I/O. */
export type Reload = (path: string) => Briefing | null;

const recent = new Map<string, Briefing>();
const RECENT = 32;

/** Whether a briefing is whole already (parsed, not a head). */
export function isWhole(briefing: BriefingHead): briefing is Briefing {
  return !isHead(briefing) && 'highlights' in briefing;
}

/** Stands in for a story the file no longer has: its head, with nothing more to say. */
export function emptied(head: StoryHead): Story {
  return { ...head, summary: null, body: [], takeaways: [], quotes: [], sources: [], extras: [] };
}

const keyOf = (briefing: BriefingHead) => `${briefing.id}\u0000${briefing.path}`;

/** Whether `whole` would read the briefing's file: it is not whole already, nor kept. */
export function needsRead(briefing: BriefingHead): boolean {
  // No key is made while nothing is kept (the usual case): 10,000 of them held list --json's first briefing up 8 ms.
  return (
    !isWhole(briefing) && !(recent.size > 0 && recent.has(keyOf(briefing))) && !(last?.id === briefing.id && last.path === briefing.path)
  );
}

/** Whether a file parsed to the very ids its head has (the usual case): its stories are the head's, in order. */
export function parsedAs(loaded: Briefing, id: string, ids: readonly string[]): boolean {
  return loaded.id === id && loaded.stories.length === ids.length && loaded.stories.every((story, i) => story.id === ids[i]);
}

/** The whole briefing for a head (with the head's ids), or the briefing itself when it is whole. */
export function whole(briefing: BriefingHead, reload: Reload): Briefing {
  if (isWhole(briefing)) return briefing;
  const key = keyOf(briefing);
  const known = recent.get(key);
  if (known) {
    // Most recently used last, so the oldest is the one dropped.
    recent.delete(key);
    recent.set(key, known);
    return known;
  }
  const loaded = last?.id === briefing.id && last.path === briefing.path ? last : reload(briefing.path);
  // The file vanished or no longer parses: show what the head has rather than nothing.
  if (!loaded) return { ...headFields(briefing), highlights: [], extras: [], stories: briefing.stories.map(emptied) };
  let stories = loaded.stories;
  // Anything but the usual case (the file changed since the head was made, or the briefing was
  // renumbered) is matched by title.
  if (!parsedAs(loaded, briefing.id, storyIds(briefing))) {
    let byTitle: Map<string, Story> | undefined;
    stories = briefing.stories.map((head, i) => {
      const found =
        loaded.stories[i]?.title === head.title
          ? loaded.stories[i]
          : (byTitle ??= new Map(loaded.stories.map((s) => [s.title, s]))).get(head.title);
      return found ? { ...found, id: head.id } : emptied(head);
    });
  }
  const result: Briefing = { ...loaded, id: briefing.id, path: briefing.path, stories };
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
  recent.set(key, result);
  return result;
}

/**
 * The briefing parsed last, kept whole, so asking for it again (`show` right after loading, the
 * briefing a watcher just read) does not parse the file a second time: at 200,000 stories the
 * second parse cost 90 MB at the peak. One only: its strings keep its file's text alive.
 */
let last: Briefing | null = null;

export function remember(briefing: Briefing): void {
  last = briefing;
}

/** Forgets the whole briefings kept for `path` (its file changed). */
export function forget(path: string): void {
  if (last?.path === path) last = null;
  for (const key of recent.keys()) if (key.endsWith(`\u0000${path}`)) recent.delete(key);
}
