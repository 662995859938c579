import { describe, expect, it } from 'vitest';
import { fullBriefing, loadLibrary } from '../src/library/load';
import { SearchIndex } from '../src/library/search';
import { FIXTURES } from './helpers';

const library = loadLibrary([FIXTURES]);

describe('search over a library of heads', () => {
  it('finds titles at once and text as the briefings are read, a slice at a time', () => {
    const index = new SearchIndex(library.briefings, fullBriefing);
    const title = library.briefings[0]!.stories[0]!.title;
    // A word from the story's text that is in no title.
    const story = fullBriefing(library.briefings[0]!).stories[0]!;
    const body = [story.summary ?? '', ...story.body, ...story.takeaways].join(' ');
    const word = body
      .split(/\W+/)
      .find((w) => w.length > 6 && !library.briefings.some((b) => b.stories.some((s) => s.title.toLowerCase().includes(w.toLowerCase()))))!;
    expect(word).toBeTruthy();

    expect(index.progress).toBe(0);
    expect(index.search(title)).toContainEqual({ b: 0, s: 0 });
    expect(index.search(word)).toEqual([]);

    index.step(0); // one briefing at least
    expect(index.progress).toBeGreaterThan(0);
    expect(index.search(word)).toContainEqual({ b: 0, s: 0 });

    while (index.step(5));
    expect(index.done).toBe(true);
    expect(index.progress).toBe(1);
  });

  it('puts title matches before text matches and needs every word', () => {
    const index = new SearchIndex(library.briefings, fullBriefing);
    while (index.step(50));
    const hits = index.search('model');
    const titled = hits.filter(({ b, s }) => library.briefings[b]!.stories[s]!.title.toLowerCase().includes('model'));
    expect(hits.slice(0, titled.length)).toEqual(titled);
    expect(hits.length).toBeGreaterThan(titled.length);
    expect(index.search('model zzzznotaword')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
  });
});
