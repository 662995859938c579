import type { Briefing, Story } from '../model/types';

const haystacks = new WeakMap<Story, string>();

function haystack(story: Story): string {
  let text = haystacks.get(story);
  if (text === undefined) {
    text = [story.title, story.section, story.summary, ...story.body, ...story.takeaways, ...story.quotes, ...story.extras.flatMap((p) => [p.heading, ...p.paragraphs]), ...story.sources.map((s) => `${s.title ?? ''} ${s.author ?? ''}`)]
      .filter(Boolean)
      .join('\n')
      .toLowerCase();
    haystacks.set(story, text);
  }
  return text;
}

/** A story's searchable text, from its whole briefing when the library holds only the head. */
function textOf(briefing: Briefing, index: number, whole: (briefing: Briefing) => Briefing): string {
  const story = briefing.stories[index]!;
  let text = haystacks.get(story);
  if (text === undefined) {
    const full = whole(briefing);
    full.stories.forEach((fullStory, i) => {
      const head = briefing.stories[i];
      if (head) haystacks.set(head, full === briefing ? haystack(head) : haystack(fullStory));
    });
    text = haystacks.get(story) ?? haystack(story);
  }
  return text;
}

/**
 * Stories holding every word of the query; title matches first, then library order. `whole`
 * gives a briefing's full text when the library holds only its head (read once, then kept).
 */
export function searchStories(briefings: readonly Briefing[], query: string, limit = 200, whole: (briefing: Briefing) => Briefing = (b) => b): { b: number; s: number }[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  const inTitle: { b: number; s: number }[] = [];
  const inText: { b: number; s: number }[] = [];
  briefings.forEach((briefing, b) =>
    briefing.stories.forEach((story, s) => {
      if (inTitle.length >= limit) return;
      const title = story.title.toLowerCase();
      if (terms.every((term) => title.includes(term))) inTitle.push({ b, s });
      else if (inText.length < limit && terms.every((term) => textOf(briefing, s, whole).includes(term))) inText.push({ b, s });
    }),
  );
  return [...inTitle, ...inText].slice(0, limit);
}
