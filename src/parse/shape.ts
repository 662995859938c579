import type { Format, ParsedBriefing, ParsedStory } from '../model/types';

/** One briefing file, cleaned and split once for every detector. */
export interface Doc {
  text: string;
  lines: string[];
  /** File name, for the extension and as a last-resort title. */
  name: string;
}

/** A briefing shape: how sure it is that a document has its shape (0..1), and how to read it. */
export interface Shape {
  format: Format;
  /** Formats its parse may give besides its own (a markdown file of comments is a discussion). */
  alsoGives?: readonly Format[];
  detect(doc: Doc): number;
  /** The most `detect` ever answers, when it is less than 1: a shape that cannot beat the best so far is not asked. */
  ceiling?: number;
  parse(doc: Doc): ParsedBriefing;
}

/** Whether a file's name says it is markdown (.md, .markdown): some signs are looked for only there. */
export const isMarkdownName = (name: string): boolean => /\.(?:md|markdown)$/i.test(name);

export function briefing(format: Format, title: string): ParsedBriefing {
  return { format, title, publisher: null, date: null, highlights: [], stories: [], extras: [] };
}

/** One frozen empty list for every empty field: nothing changes a parse once it is made. */
const NONE = Object.freeze([]) as unknown as never[];

/**
 * Gives every empty list of a finished story the same frozen one: a story has five lists and
 * most are empty, which at 200,000 stories (a file of headings) was 30 MB of empty arrays. A
 * parser that makes many stories calls it as each is done, so they never pile up.
 */
export function shareEmptyLists(story: ParsedStory): ParsedStory {
  if (story.body.length === 0) story.body = NONE;
  if (story.takeaways.length === 0) story.takeaways = NONE;
  if (story.quotes.length === 0) story.quotes = NONE;
  if (story.sources.length === 0) story.sources = NONE;
  if (story.extras.length === 0) story.extras = NONE;
  return story;
}
