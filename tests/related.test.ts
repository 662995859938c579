import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { Coverage, type CoverageBriefing } from '../src/library/coverage';
import { storyFeatures } from '../src/library/features';
import { ParseCache } from '../src/library/cache';
import { fullBriefing, loadLibrary, type Library } from '../src/library/load';
import { CoverageCache, idsHash, RelatedIndex } from '../src/library/related';
import { linkKey } from '../src/model/links';
import { emptyStory, type Story } from '../src/model/types';
import { FIXTURES, HAVE_SEEDS, ROOT, SEEDS } from './helpers';
import { scorePairs } from './relatedpairs';

const LABELLED = ['a', 'b', 'c'].map((set) => join(ROOT, 'tests', 'fixtures', 'related', set));

describe('related coverage on labelled pairs (same news, near misses, unrelated)', () => {
  const scores = LABELLED.map((dir) => ({ dir, score: scorePairs(dir) }));
  for (const { dir, score } of scores) {
    it(`links no near miss or unrelated story, or very few: ${dir.split('/').slice(-2).join('/')}`, () => {
      // Printed for the record: these are the figures the README quotes.
      console.log(
        `${dir.split('/').at(-1)}: ${score.same} same-news pairs, ${score.linked} linked, precision ${score.precision.toFixed(2)}, recall ${score.recall.toFixed(2)}` +
          (score.topicLinks.length > 0 ? `\n  near misses linked: ${score.topicLinks.join('; ')}` : ''),
      );
      // A wrong "Also in" costs more trust than a missing one: precision first.
      expect(score.precision).toBeGreaterThanOrEqual(0.9);
      expect(score.unrelatedLinks).toEqual([]);
    });
  }

  it('finds most of the same news over all the sets', () => {
    const same = scores.reduce((sum, { score }) => sum + score.same, 0);
    const found = scores.reduce((sum, { score }) => sum + score.truePositives, 0);
    console.log(`all sets: ${found} of ${same} same-news pairs linked (recall ${(found / same).toFixed(2)})`);
    expect(found / same).toBeGreaterThanOrEqual(0.75);
  });

  it.skipIf(!HAVE_SEEDS)('links no different news in the seeds, and reports how much of the same news it finds', () => {
    const library = loadLibrary([SEEDS]);
    const index = new RelatedIndex(library, fullBriefing, null).complete();
    const titled = (title: string) => library.briefings.flatMap((b) => b.stories).find((s) => s.title.includes(title))!.id;
    const linked = (a: string, b: string) => index.related(titled(a)).some((r) => r.story === titled(b));
    // The same news, told twice in one digest or in two briefings.
    const same = [
      ['Embodied AI Data Flywheel', 'Open-Source AI Edge'],
      ['Overfitting Flaw in LLM Memory', 'Problem with LLM Personalization'],
      ['Jevons Paradox in Software', 'AI Triggers an Engineering Boom'],
      ['Demise of Sora', 'ByteDance Bids for Video'],
    ];
    console.log(`seeds: ${same.filter(([a, b]) => linked(a!, b!)).length} of ${same.length} same-news pairs linked`);
    // Different news that shares words (AI, jobs, China, models).
    for (const [a, b] of [
      ['Gas Town', 'Perplexity Computer'],
      ['Open-Source AI Edge', 'Python'],
      ['Robots That Adapt', 'Embodied AI Data Flywheel'],
      ['AI at Work, Quantified', 'No AI Jobpocalypse'],
    ])
      expect(linked(a!, b!), `${a} / ${b}`).toBe(false);
  });

  it('links the bundled samples across briefings', () => {
    const library = loadLibrary([FIXTURES]);
    const index = new RelatedIndex(library, fullBriefing, null).complete();
    const story = library.briefings.flatMap((b) => b.stories).find((s) => s.title === 'Benchmarks Under Audit')!;
    const related = index.related(story.id);
    expect(related.map((r) => r.briefing.path)).toEqual([expect.stringContaining('frontier-weekly')]);
  });
});

describe('links as coverage compares them', () => {
  it('drop tracking parameters, www, the fragment and a trailing slash; a front page is no story', () => {
    const key = linkKey('https://www.example.com/2026/11/rubin-slips/?utm_source=x&utm_medium=y&id=7#top');
    expect(key).toBe('example.com/2026/11/rubin-slips?id=7');
    expect(linkKey('http://example.com/2026/11/rubin-slips?ref=hn&id=7')).toBe(key);
    expect(linkKey('https://example.com/')).toBeNull();
    expect(linkKey('javascript:alert(1)')).toBeNull();
    expect(linkKey('not a link')).toBeNull();
  });
});

/** A story about one piece of news, in the words of `text`. */
function story(title: string, text: string, url?: string): Story {
  const s = { ...emptyStory(title), id: title } as Story;
  s.summary = text;
  if (url) s.sources.push({ title: 'Source', author: null, date: null, url, excerpt: null });
  return s;
}

function briefing(id: string, date: string, stories: Story[]): CoverageBriefing {
  return { id, date, stories: stories.map((s) => ({ id: `${id}:${s.title}`, features: storyFeatures(s) })) };
}

const FILLER = [
  story('Quiet week for robotics', 'Humanoid makers showed demos at a trade fair in Munich with little new.'),
  story('Browser wars again', 'Mozilla and Opera shipped minor updates to their desktop browsers this week.'),
  story('Space internet pricing', 'Satellite broadband plans dropped in price across Europe and Latin America.'),
  story('Quantum error rates', 'A university lab reported lower error rates on superconducting qubits.'),
];
const RUBIN_A = story(
  'Nvidia delays Rubin GPUs by a quarter',
  'Nvidia told suppliers its Rubin accelerators will ship a quarter late because of HBM4 memory yields at SK Hynix.',
);
const RUBIN_B = story(
  'Rubin slips to the third quarter',
  'Supply chain sources say Nvidia pushed Rubin racks back a quarter while SK Hynix fixes HBM4 yields.',
);
const EARNINGS = story(
  'Nvidia beats on data centre revenue',
  'Nvidia reported record quarterly revenue as data centre sales of Blackwell systems grew, and guided higher.',
);

describe('the coverage index', () => {
  it('links as a batch the same whatever order briefings arrive in, and incrementally when one arrives later', () => {
    const all = [
      briefing('b1', '2026-11-10', [RUBIN_A, ...FILLER.slice(0, 2)]),
      briefing('b2', '2026-11-11', [RUBIN_B, EARNINGS, ...FILLER.slice(2)]),
    ];
    const forward = new Coverage();
    for (const b of all) forward.add(b);
    const backward = new Coverage();
    for (const b of [...all].reverse()) backward.add(b);
    expect(forward.related('b1:Nvidia delays Rubin GPUs by a quarter')).toEqual(['b2:Rubin slips to the third quarter']);
    expect(backward.allEdges().map(([a, b]) => [a, b].sort())).toEqual(forward.allEdges().map(([a, b]) => [a, b].sort()));
    // Same company, other news: not linked.
    expect(forward.related('b2:Nvidia beats on data centre revenue')).toEqual([]);
  });

  it('forgets a removed briefing and relinks a changed one', () => {
    const coverage = new Coverage();
    coverage.add(briefing('b1', '2026-11-10', [RUBIN_A, ...FILLER]));
    coverage.add(briefing('b2', '2026-11-11', [RUBIN_B, EARNINGS]));
    expect(coverage.related('b2:Rubin slips to the third quarter')).toHaveLength(1);
    coverage.remove('b1');
    expect(coverage.related('b2:Rubin slips to the third quarter')).toEqual([]);
    // b2 rewritten: its Rubin story now says something else; the link follows the text.
    coverage.add(briefing('b1', '2026-11-10', [RUBIN_A, ...FILLER]));
    coverage.add(briefing('b2', '2026-11-11', [story('Rubin slips to the third quarter', FILLER[3]!.summary!)]));
    expect(coverage.related('b1:Nvidia delays Rubin GPUs by a quarter')).toEqual([]);
  });

  it('links stories citing the same article, tracking parameters aside', () => {
    const coverage = new Coverage();
    coverage.add(
      briefing('b1', '2026-11-10', [story('Chip story', 'A short note on chips.', 'https://news.example/rubin?utm_source=a'), ...FILLER]),
    );
    coverage.add(
      briefing('b2', '2026-11-11', [story('Another note', 'Chip supply note, briefly.', 'https://news.example/rubin?utm_medium=b')]),
    );
    expect(coverage.related('b1:Chip story')).toEqual(['b2:Another note']);
  });
});

describe('related coverage kept in the cache', () => {
  /** A labelled set copied to be changed, and a cache folder of its own. */
  const labelledLibrary = () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-related-'));
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-related-cache-'));
    const library = join(dir, 'library');
    cpSync(LABELLED[1]!, library, { recursive: true });
    rmSync(join(library, 'pairs.json'));
    return { dir, cacheDir, library };
  };

  it('reads no file again for unchanged briefings, and compares a new one with them', () => {
    const { dir, cacheDir, library } = labelledLibrary();
    try {
      const moved = 'weekly-rack-2026-11-23.md';
      cpSync(join(library, moved), join(dir, moved));
      rmSync(join(library, moved));
      const linksOf = (lib: Library, index: RelatedIndex) =>
        lib.briefings.flatMap((b) => b.stories.map((s) => `${s.title} -> ${index.related(s.id).map((r) => r.story)}`));
      const build = () => {
        const lib = loadLibrary([library]);
        let reads = 0;
        const index = new RelatedIndex(lib, (head) => (reads++, fullBriefing(head)), new CoverageCache([library], cacheDir)).complete();
        const links = linksOf(lib, index);
        return { reads, links, lib, index };
      };
      const first = build();
      expect(first.reads).toBe(first.lib.briefings.length);
      const second = build();
      expect(second.reads).toBe(0);
      expect(second.links).toEqual(first.links);
      // Nothing changed: the kept links were enough, and no feature was read.
      expect(second.index.linksOnly).toBe(true);
      expect(first.index.linksOnly).toBe(false);
      // A briefing arrives: only it is read, and it joins the news it shares.
      cpSync(join(dir, moved), join(library, moved));
      const third = build();
      expect(third.reads).toBe(1);
      const outage = third.lib.briefings.flatMap((b) => b.stories).find((s) => s.title.startsWith('AWS explains the November 11 outage'))!;
      expect(third.index.related(outage.id).length).toBeGreaterThanOrEqual(1);
      // A damaged cache file is ignored, not trusted: everything is worked out again, as with no cache.
      writeFileSync(new CoverageCache([library], cacheDir).file, 'not a cache');
      const rebuiltFromText = build();
      expect(rebuiltFromText.reads).toBe(rebuiltFromText.lib.briefings.length);
      // A forged one, well formed but lying: its light part names every briefing as it is (and
      // one more, so it is not taken as it stands), and its features have numbers past their
      // own lists and shapes that do not add up. Every entry is refused, and the links are
      // worked out afresh.
      const lib = rebuiltFromText.lib;
      const mtimeOf = (path: string) => lib.files.find((file) => file.path === path)!.stamp.mtimeMs;
      const forgedStored = lib.briefings.map((b) => ({
        id: b.id,
        date: null,
        stories: b.stories.map((x) => x.id),
        shape: new Int32Array(b.stories.length * 4).fill(1),
        terms: new Int32Array([99]),
        weights: new Uint8Array([1]),
        names: new Int32Array([5]),
        links: new Int32Array([7]),
      }));
      const forged = serialize({
        heads: [
          ...lib.briefings.map((b) => [b.path, mtimeOf(b.path), b.id, b.stories.length, idsHash(b.stories.map((x) => x.id))]),
          ['/nowhere.txt', 0, 'gone', 0, 0],
        ],
        edges: [
          ['x', 'y', 'not a number'],
          [1, 2, 3],
        ],
        features: serialize({ terms: ['a'], links: [], stored: [...forgedStored, forgedStored[0]] }),
      });
      writeFileSync(new CoverageCache([library], cacheDir).file, forged);
      const rebuilt = build();
      expect(rebuilt.reads).toBe(rebuilt.lib.briefings.length);
      expect(rebuilt.links).toEqual(linksOf(rebuilt.lib, new RelatedIndex(rebuilt.lib, fullBriefing, null).complete()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('takes the links alone when they were made from the same snapshot of the library, and never once it changed', () => {
    const { dir, cacheDir, library } = labelledLibrary();
    try {
      const linksOf = (lib: Library, index: RelatedIndex) =>
        lib.briefings.flatMap((b) =>
          b.stories.map((s) => `${s.title} -> ${index.related(s.id).map((r) => `${r.briefing.title}/${r.story}`)}`),
        );
      const truth = (lib: Library) => linksOf(lib, new RelatedIndex(lib, fullBriefing, null).complete());
      const build = () => {
        const lib = loadLibrary([library], { cache: new ParseCache([library], cacheDir) });
        let reads = 0;
        const index = new RelatedIndex(lib, (head) => (reads++, fullBriefing(head)), new CoverageCache([library], cacheDir)).complete();
        return { reads, lib, index, links: linksOf(lib, index) };
      };
      const first = build();
      expect(first.lib.generation).toBeDefined();
      expect(first.reads).toBe(first.lib.briefings.length);
      expect(first.links.some((line) => !line.endsWith('-> '))).toBe(true);
      // The same files: the same snapshot, and its links are the whole index.
      const second = build();
      expect(second.lib.generation).toBe(first.lib.generation);
      expect([second.reads, second.index.sameSnapshot]).toEqual([0, true]);
      expect(second.links).toEqual(first.links);
      expect(second.index.headOf(first.lib.briefings[0]!.stories[0]!.id)?.id ?? null).toBe(
        first.index.headOf(first.lib.briefings[0]!.stories[0]!.id)?.id ?? null,
      );
      // Read from a file of their own: with the whole cache damaged, the same snapshot needs nothing else.
      const cache = new CoverageCache([library], cacheDir);
      const whole = readFileSync(cache.file);
      writeFileSync(cache.file, 'not a cache');
      const fromLinks = build();
      expect([fromLinks.reads, fromLinks.index.sameSnapshot]).toEqual([0, true]);
      expect(fromLinks.links).toEqual(first.links);
      writeFileSync(cache.file, whole);
      // A damaged links file is not trusted: the whole cache answers, and keeps the links apart again.
      writeFileSync(cache.linksFile, 'not links');
      expect(cache.loadLinks()).toBeNull();
      const fromWhole = build();
      expect([fromWhole.reads, fromWhole.index.sameSnapshot]).toEqual([0, true]);
      expect(fromWhole.links).toEqual(first.links);
      expect(cache.loadLinks()?.generation?.of).toBe(first.lib.generation);
      // A file added: another snapshot, whose briefings are compared with the cache's, and the new one read.
      const added = join(library, 'zz-added.md');
      writeFileSync(added, '# Added later\n\n## Something else entirely\n\nA story about gardening tools and soil.\n');
      const third = build();
      expect(third.lib.generation).not.toBe(first.lib.generation);
      expect([third.reads, third.index.sameSnapshot]).toEqual([1, false]);
      expect(third.links).toEqual(truth(third.lib));
      // Removed again: back to links that must be checked (the snapshot is new again), and right.
      rmSync(added);
      const fourth = build();
      expect(fourth.index.sameSnapshot).toBe(false);
      expect(fourth.links).toEqual(truth(fourth.lib));
      // And the start after that, with nothing changed, needs the links alone once more.
      const fifth = build();
      expect([fifth.reads, fifth.index.sameSnapshot]).toEqual([0, true]);
      expect(fifth.links).toEqual(fourth.links);
      // Links made while no snapshot held the library: the next start with one finds every
      // briefing unchanged, keeps the links, and says they are this snapshot's from then on.
      rmSync(cacheDir, { recursive: true, force: true });
      const bare = loadLibrary([library]);
      expect(bare.generation).toBeUndefined();
      new RelatedIndex(bare, fullBriefing, new CoverageCache([library], cacheDir)).complete();
      const kept = build();
      expect([kept.reads, kept.index.linksOnly, kept.index.sameSnapshot]).toEqual([0, true, false]);
      const after = build();
      expect([after.reads, after.index.sameSnapshot]).toEqual([0, true]);
      expect(after.links).toEqual(first.links);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
