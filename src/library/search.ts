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

/** Stories holding every word of the query; title matches first, then library order. */
export function searchStories(briefings: readonly Briefing[], query: string, limit = 200): { b: number; s: number }[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  const inTitle: { b: number; s: number }[] = [];
  const inText: { b: number; s: number }[] = [];
  briefings.forEach((briefing, b) =>
    briefing.stories.forEach((story, s) => {
      if (inTitle.length >= limit) return;
      const title = story.title.toLowerCase();
      if (terms.every((term) => title.includes(term))) inTitle.push({ b, s });
      else if (inText.length < limit && terms.every((term) => haystack(story).includes(term))) inText.push({ b, s });
    }),
  );
  return [...inTitle, ...inText].slice(0, limit);
}
