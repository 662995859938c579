import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flatStories, headOf } from '../src/library/full';
import { loadLibrary, type LoadedFile } from '../src/library/load';
import { identify, identifyHead, storyId } from '../src/model/ids';
import { emptyStory, type ParsedBriefing } from '../src/model/types';

/** The numbering as it was before: each copy counts up from 0 until its id is free. */
function numberedTheOldWay(loaded: LoadedFile[]): Map<string, string[]> {
  const byPath = [...loaded].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const claimed = new Set<string>();
  const ids = new Map<string, string[]>();
  for (const entry of byPath) {
    let occurrence = 0;
    let briefing = entry.briefing;
    while (claimed.has(briefing.id)) {
      const renumbered = identifyHead(entry.briefing, ++occurrence);
      briefing = headOf({ ...entry.briefing, id: renumbered.id }, flatStories(renumbered.stories));
    }
    claimed.add(briefing.id);
    ids.set(entry.path, [briefing.id, ...briefing.stories.map((story) => story.id)]);
  }
  return ids;
}

describe('briefings that claim the same identity', () => {
  it('are numbered as before (so their marks are kept), including a title that looks like a number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-same-'));
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `copy-${String(i).padStart(2, '0')}.txt`), 'Saved thread\n\nThe same words.\n');
    // "Saved thread#1" hashes like the second copy of "Saved thread": it must not take that id twice.
    writeFileSync(join(dir, 'copy-05b.txt'), 'Saved thread#1\n\nOther words.\n');
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, `other-${i}.md`), '# Notes\n\n## A\n\ntext\n\n## A\n\nmore\n');
    const library = loadLibrary([dir]);
    const now = new Map(library.briefings.map((b) => [b.path, [b.id, ...b.stories.map((s) => s.id)]]));
    expect(now).toEqual(numberedTheOldWay(library.files));
    expect(new Set(library.briefings.map((b) => b.id)).size).toBe(46);
  });
});

describe('stories that share a title in one briefing', () => {
  it('are numbered in order of appearance, by their identity text', () => {
    const titles = ['Chips', 'Models', 'chips', 'Chips ', 'Models', 'Policy'];
    const parsed: ParsedBriefing = {
      format: 'markdown',
      title: 'T',
      publisher: null,
      date: null,
      highlights: [],
      extras: [],
      stories: titles.map(emptyStory),
    };
    const briefing = identify(parsed, 'x.md');
    const expected = [0, 0, 1, 2, 1, 0].map((n, i) => storyId(briefing.id, titles[i]!, n));
    expect(briefing.stories.map((story) => story.id)).toEqual(expected);
    expect(new Set(expected).size).toBe(titles.length);
  });
});
