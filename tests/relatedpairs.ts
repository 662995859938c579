/**
 * Scores related coverage on a labelled folder: briefings plus a pairs.json of
 * {"same": [[fileA, titleA, fileB, titleB], ...], "topic": [...]} (any pair not listed is
 * unrelated). Used by tests/related.test.ts; run on any folder with
 * `npx tsx tests/relatedpairs.ts DIR [-v]`.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fullBriefing, loadLibrary } from '../src/library/load';
import { RelatedIndex } from '../src/library/related';

export interface PairScore {
  same: number;
  linked: number;
  truePositives: number;
  /** Links between near misses (same topic or company, other news): the costly mistake. */
  topicLinks: string[];
  unrelatedLinks: string[];
  missed: string[];
  precision: number;
  recall: number;
}

export function scorePairs(dir: string): PairScore {
  const library = loadLibrary([dir]);
  const index = new RelatedIndex(library, fullBriefing, null).complete();
  const idOf = new Map<string, string>();
  const nameOf = new Map<string, string>();
  for (const head of library.briefings)
    for (const story of head.stories) {
      idOf.set(`${basename(head.path)}#${story.title}`, story.id);
      nameOf.set(story.id, `${basename(head.path)}#${story.title}`);
    }
  const key = (a: string, b: string) => [a, b].sort().join('|');
  const labelled = JSON.parse(readFileSync(join(dir, 'pairs.json'), 'utf8')) as Record<'same' | 'topic', string[][]>;
  const pairsOf = (list: string[][]) =>
    new Set(
      list.map(([fa, ta, fb, tb]) => {
        const a = idOf.get(`${fa}#${ta}`);
        const b = idOf.get(`${fb}#${tb}`);
        if (!a || !b) throw new Error(`pairs.json names a story the library does not have: ${!a ? `${fa}#${ta}` : `${fb}#${tb}`}`);
        return key(a, b);
      }),
    );
  const same = pairsOf(labelled.same);
  const topic = pairsOf(labelled.topic);
  const linked = new Set<string>();
  for (const id of nameOf.keys()) for (const other of index.related(id)) linked.add(key(id, other.story));
  const show = (k: string) =>
    k
      .split('|')
      .map((id) => nameOf.get(id))
      .join('  <->  ');
  const truePositives = [...linked].filter((k) => same.has(k)).length;
  return {
    same: same.size,
    linked: linked.size,
    truePositives,
    topicLinks: [...linked].filter((k) => topic.has(k)).map(show),
    unrelatedLinks: [...linked].filter((k) => !same.has(k) && !topic.has(k)).map(show),
    missed: [...same].filter((k) => !linked.has(k)).map(show),
    precision: linked.size === 0 ? 1 : truePositives / linked.size,
    recall: same.size === 0 ? 1 : truePositives / same.size,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const score = scorePairs(process.argv[2]!);
  const { topicLinks, unrelatedLinks, missed, ...figures } = score;
  console.log(figures);
  if (process.argv.includes('-v')) {
    for (const link of topicLinks) console.log('near miss linked:', link);
    for (const link of unrelatedLinks) console.log('unrelated linked:', link);
    for (const miss of missed) console.log('missed:', miss);
  }
}
