import { describe, expect, it } from 'vitest';
import { emptySource, emptyStory } from '../src/model/types';
import { storySections } from '../src/print/sections';

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
