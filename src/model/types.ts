/** The shapes a briefing file can have; `markdown` and `plain` are the fallbacks. */
export const FORMATS = [
  'newsletter',
  'video-summary',
  'podcast-briefing',
  'discussion',
  'daily-digest',
  'link-roundup',
  'smart-brevity',
  'highlights',
  'markdown',
  'plain',
] as const;
export type Format = (typeof FORMATS)[number];

/** A labelled block of text that is neither body nor takeaways: "Why do I care", "Signal", a transcript. */
export interface Part {
  heading: string;
  /** The heading names who wrote it (a comment's author and age): shown as written, never re-cased. */
  byline?: true;
  paragraphs: string[];
}

export interface Source {
  title: string | null;
  author: string | null;
  /** ISO day, e.g. 2026-05-08 */
  date: string | null;
  url: string | null;
  excerpt: string | null;
}

/** What lists and navigation need of a story: kept for every story of the library. */
export interface StoryHead {
  id: string;
  title: string;
  section: string | null;
  /** Position in the recording, for podcast and video briefings ("1:45"). */
  timestamp: string | null;
}

/** A story whole: only a briefing read from its file has these (see `Briefing`). */
export interface Story extends StoryHead {
  summary: string | null;
  body: string[];
  takeaways: string[];
  quotes: string[];
  sources: Source[];
  extras: Part[];
}

/**
 * What the library keeps of each briefing (ids, shape, title, date and its stories' heads):
 * enough for lists, counts and navigation. Code that needs bodies takes a `Briefing`, which
 * only `fullBriefing()` (a read of the file) gives, so forgetting to load one does not compile.
 */
export interface BriefingHead {
  id: string;
  path: string;
  format: Format;
  title: string;
  publisher: string | null;
  /** ISO day, or null when the file does not say. */
  date: string | null;
  stories: readonly StoryHead[];
}

export interface Briefing extends BriefingHead {
  highlights: string[];
  stories: Story[];
  extras: Part[];
  /** Said above every story: the file was too large and only its start was read. */
  notice?: string;
}

/** What a parser returns: a briefing before the library gives it a path and ids. */
export type ParsedStory = Omit<Story, 'id'>;
export interface ParsedBriefing extends Omit<Briefing, 'id' | 'path' | 'stories'> {
  stories: ParsedStory[];
  /**
   * The day a masthead names without its year ("11-21" for "Friday, November 21"), when the
   * briefing has no date: the library gives it the year from when its file was saved.
   */
  monthDay?: string;
}

/**
 * A new story, with a place already kept for the id the library gives it: added afterwards,
 * the id moved every story's fields out of the object (200,000 stories: 7.5 MB more).
 */
export function emptyStory(title: string): ParsedStory {
  const story: ParsedStory & { id: string } = {
    title,
    section: null,
    summary: null,
    body: [],
    takeaways: [],
    quotes: [],
    sources: [],
    extras: [],
    timestamp: null,
    id: '',
  };
  return story;
}

export function emptySource(): Source {
  return { title: null, author: null, date: null, url: null, excerpt: null };
}
