import type { Format, ParsedBriefing } from '../model/types';

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
  detect(doc: Doc): number;
  parse(doc: Doc): ParsedBriefing;
}

export function briefing(format: Format, title: string): ParsedBriefing {
  return { format, title, publisher: null, date: null, highlights: [], stories: [], extras: [] };
}
