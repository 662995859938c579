import type { Briefing, BriefingHead, Story } from '../model/types';

function haystack(story: Story): string {
  return [
    story.title,
    story.section,
    story.summary,
    ...story.body,
    ...story.takeaways,
    ...story.quotes,
    ...story.extras.flatMap((p) => [p.heading, ...p.paragraphs]),
    ...story.sources.map((s) => `${s.title ?? ''} ${s.author ?? ''}`),
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

export interface Hit {
  b: number;
  s: number;
}

/**
 * Search over a library of heads. Titles are in every head; the rest of a story's text is
 * read from its file, which at 10,000 briefings takes seconds, so it is read a slice at a time
 * (`step`) between keystrokes. Until every briefing is read, text matches come from those read
 * so far and `progress` says how far that is; title matches are always complete.
 */
export class SearchIndex {
  /** Lower-cased text of each story, by briefing, for the briefings read so far. */
  private readonly texts: string[][] = [];
  private titles: string[][] | undefined;

  constructor(
    private readonly briefings: readonly BriefingHead[],
    private readonly whole: (briefing: BriefingHead) => Briefing,
  ) {}

  get done(): boolean {
    return this.texts.length >= this.briefings.length;
  }

  /** Share of briefings read, 0 to 1. */
  get progress(): number {
    return this.briefings.length === 0 ? 1 : this.texts.length / this.briefings.length;
  }

  /** Reads briefings' text for about `budgetMs`; returns whether anything is left. */
  step(budgetMs = 15): boolean {
    const until = performance.now() + budgetMs;
    while (!this.done) {
      const briefing = this.briefings[this.texts.length]!;
      const full = this.whole(briefing);
      this.texts.push(briefing.stories.map((head, i) => (full.stories[i] ? haystack(full.stories[i]) : head.title.toLowerCase())));
      if (performance.now() >= until) break;
    }
    return !this.done;
  }

  /** Stories holding every word of the query: title matches first, then text matches, each in library order. */
  search(query: string, limit = 200): Hit[] {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length === 0) return [];
    const inTitle: Hit[] = [];
    const inText: Hit[] = [];
    this.titles ??= this.briefings.map((briefing) => briefing.stories.map((story) => story.title.toLowerCase()));
    this.titles.forEach((titles, b) => {
      if (inTitle.length >= limit) return;
      const texts = this.texts[b];
      titles.forEach((title, s) => {
        if (terms.every((term) => title.includes(term))) inTitle.push({ b, s });
        else if (texts && inText.length < limit && terms.every((term) => texts[s]!.includes(term))) inText.push({ b, s });
      });
    });
    return [...inTitle, ...inText].slice(0, limit);
  }
}
