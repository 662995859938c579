import { describe, expect, it } from 'vitest';
import { emptySource, emptyStory } from '../src/model/types';
import { storySections } from '../src/print/sections';
import { inQuotes, storyText } from '../src/print/story';
import type { Briefing } from '../src/model/types';

describe('what a story shows, in order', () => {
  it('summary, paragraphs, takeaways, quotes, parts, sources; empty ones left out', () => {
    const story = {
      ...emptyStory('T'),
      id: 'x',
      summary: 'S',
      body: ['p1', '• p2'],
      takeaways: ['t'],
      quotes: ['q'],
      extras: [{ heading: 'Why it matters', paragraphs: ['w'] }],
      sources: [{ ...emptySource(), title: 'src' }],
    };
    expect(storySections(story).map((s) => s.kind)).toEqual([
      'summary',
      'paragraph',
      'paragraph',
      'takeaways',
      'quotes',
      'part',
      'sources',
    ]);
    expect(storySections({ ...emptyStory('T'), id: 'y', takeaways: ['only'] }).map((s) => s.kind)).toEqual(['takeaways']);
  });
});

describe('a quote as show prints it', () => {
  it('is in curly quotes, with who said it after them', () => {
    expect(inQuotes('"The model is free." — Dr. Keiko Arai')).toBe('“The model is free.” — Dr. Keiko Arai');
    expect(inQuotes('“Already curly.” – Ana')).toBe('“Already curly.” – Ana');
    expect(inQuotes('"Only the words."')).toBe('“Only the words.”');
    expect(inQuotes('No marks at all')).toBe('“No marks at all”');
    // Quotes inside, and an attribution that quotes: the whole is the quote.
    expect(inQuotes('"A" and "B"')).toBe('“A" and "B”');
    expect(inQuotes('He said "no" — twice')).toBe('“He said "no" — twice”');
    // A mark at one end only is still not doubled.
    expect(inQuotes('"It was a brilliant intern." (Hana Okafor, 07:58)')).toBe('“It was a brilliant intern." (Hana Okafor, 07:58)”');
  });

  it('in the story show prints', () => {
    const story = { ...emptyStory('T'), id: 's', quotes: ['"The insurance sign-off takes nine months." — Tomasz Wierzbicki'] };
    const briefing: Briefing = {
      id: 'b',
      path: 'x.md',
      format: 'podcast-briefing',
      title: 'B',
      publisher: null,
      date: null,
      highlights: [],
      extras: [],
      stories: [story],
    };
    const text = storyText(
      briefing,
      story,
      (t) => t,
      (t) => t,
    );
    expect(text).toContain('“The insurance sign-off takes nine months.” — Tomasz Wierzbicki');
  });
});
