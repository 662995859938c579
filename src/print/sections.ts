import type { Source, Story } from '../model/types';

/**
 * What a story shows, in the order every renderer shows it: the markdown and text printers and
 * the reader's layout each format these, so a new kind of section is added here once.
 */
export type StorySection =
  | { kind: 'notice'; text: string }
  | { kind: 'summary'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'takeaways'; heading: string; items: string[] }
  | { kind: 'quotes'; heading: string; items: string[] }
  | { kind: 'part'; heading: string; paragraphs: string[]; byline?: true }
  | { kind: 'sources'; heading: string; sources: Source[] };

export function storySections(story: Story, briefing?: { notice?: string }): StorySection[] {
  const sections: StorySection[] = [];
  if (briefing?.notice) sections.push({ kind: 'notice', text: briefing.notice });
  if (story.summary) sections.push({ kind: 'summary', text: story.summary });
  for (const text of story.body) sections.push({ kind: 'paragraph', text });
  if (story.takeaways.length > 0) sections.push({ kind: 'takeaways', heading: 'Key takeaways', items: story.takeaways });
  if (story.quotes.length > 0) sections.push({ kind: 'quotes', heading: 'Quotes', items: story.quotes });
  for (const part of story.extras) sections.push({ kind: 'part', heading: part.heading, paragraphs: part.paragraphs, byline: part.byline });
  if (story.sources.length > 0) sections.push({ kind: 'sources', heading: 'Sources', sources: story.sources });
  return sections;
}
