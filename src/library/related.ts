import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Briefing, BriefingHead } from '../model/types';
import { PARSER_VERSION } from '../parse/index';
import { cacheDir } from '../state/paths';
import { libraryKey } from './cache';
import { Coverage, type Edge } from './coverage';
import { storyFeatures, type StoryFeatures } from './features';
import { storyIds } from './full';
import type { Library } from './load';

/** Bump when features or scoring change: links worked out the old way are not kept. */
const COVERAGE_VERSION = 1;

type FeatureRow = [terms: string[], weights: number[], links: string[], words: number, names: string[]];
type Entry = [path: string, mtimeMs: number, briefing: string, stories: string[], features: FeatureRow[]];

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isNumbers = (value: unknown): value is number[] => Array.isArray(value) && value.every((item) => typeof item === 'number');

function isEntry(entry: unknown): entry is Entry {
  if (!Array.isArray(entry) || entry.length !== 5) return false;
  const [path, mtimeMs, briefing, stories, features] = entry as unknown[];
  if (typeof path !== 'string' || typeof mtimeMs !== 'number' || typeof briefing !== 'string' || !isStrings(stories)) return false;
  if (!Array.isArray(features) || features.length !== stories.length) return false;
  return features.every(
    (row: unknown) =>
      Array.isArray(row) &&
      row.length === 5 &&
      isStrings(row[0]) &&
      isNumbers(row[1]) &&
      isStrings(row[2]) &&
      typeof row[3] === 'number' &&
      isStrings(row[4]),
  );
}

const isEdge = (edge: unknown): edge is Edge =>
  Array.isArray(edge) && edge.length === 3 && typeof edge[0] === 'string' && typeof edge[1] === 'string' && typeof edge[2] === 'number';

/**
 * Related coverage kept between runs: each file's story features (by path, modification time
 * and ids) and the links between stories. Like the parse cache, one file per library, replaced
 * atomically, ignored when damaged; nothing in it is ever shown (titles come from the library),
 * so a forged entry can at worst link two stories wrongly.
 */
export class CoverageCache {
  readonly file: string;
  entries = new Map<string, Entry>();
  edges: Edge[] = [];

  constructor(roots: readonly string[], dir = cacheDir()) {
    this.file = join(dir, `related-v${PARSER_VERSION}.${COVERAGE_VERSION}-${libraryKey(roots)}.bin`);
  }

  load(): void {
    try {
      const data = deserialize(readFileSync(this.file)) as { entries?: unknown[]; edges?: unknown[] };
      for (const entry of Array.isArray(data?.entries) ? data.entries : []) if (isEntry(entry)) this.entries.set(entry[0], entry);
      this.edges = Array.isArray(data?.edges) ? data.edges.filter(isEdge) : [];
    } catch {
      this.entries = new Map();
      this.edges = [];
    }
  }

  forget(): void {
    this.entries = new Map();
    this.edges = [];
  }

  save(entries: Entry[], edges: Edge[]): void {
    try {
      mkdirSync(join(this.file, '..'), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, serialize({ entries, edges }));
      renameSync(temporary, this.file);
    } catch {
      /* a cache that cannot be written only costs the next start the work again */
    }
  }
}

const toRow = (f: StoryFeatures): FeatureRow => [f.terms, f.weights, f.links, f.words, f.names];
const fromRow = ([terms, weights, links, words, names]: FeatureRow): StoryFeatures => ({ terms, weights, links, words, names });

/**
 * The library's related coverage, built a slice at a time (`step`) so the reader never waits
 * for it: features of unchanged files and their links come from the cache; a new or changed
 * briefing is read from its file and compared with everything else (through the index, not
 * pair by pair). Printing commands run it to the end (`complete`).
 */
export class RelatedIndex {
  readonly coverage = new Coverage();
  /** Briefings still to add: first those the cache knows unchanged (no file read), then the rest, compared. */
  private readonly restoring: { head: BriefingHead; entry: Entry }[] = [];
  private readonly pending: { head: BriefingHead; mtimeMs: number }[] = [];
  private readonly kept: Entry[] = [];
  private readonly briefingOf = new Map<string, BriefingHead>();
  private edges: Edge[] = [];
  private readonly toCompare: number[] = [];
  private readonly compared = new Set<number>();
  private started = false;
  private total = 0;
  private changed = false;
  private saved = false;

  constructor(
    private readonly library: Library,
    private readonly whole: (head: BriefingHead) => Briefing,
    private readonly cache: CoverageCache | null,
  ) {
    this.total = library.briefings.length;
  }

  /** Reads the cache and sorts the library into kept and changed briefings: the first slice's work. */
  private start(): void {
    this.started = true;
    this.cache?.load();
    const mtimes = new Map(this.library.files.map((file) => [file.path, file.mtimeMs]));
    for (const head of this.library.briefings) {
      const ids = storyIds(head);
      for (const id of ids) this.briefingOf.set(id, head);
      const mtimeMs = mtimes.get(head.path) ?? 0;
      const entry = this.cache?.entries.get(head.path);
      const same =
        entry && entry[1] === mtimeMs && entry[2] === head.id && entry[3].length === ids.length && entry[3].every((id, i) => id === ids[i]);
      if (same) this.restoring.push({ head, entry });
      else this.pending.push({ head, mtimeMs });
    }
    this.edges = this.cache?.edges ?? [];
    this.changed = this.restoring.length !== (this.cache?.entries.size ?? 0);
    // What was read is in the queues now; the cache object need not hold it twice.
    this.cache?.forget();
  }

  /** Share of briefings in the index, 0 to 1. */
  get progress(): number {
    if (!this.started) return 0;
    if (this.done || this.total === 0) return 1;
    // Reading and comparing count alike: half each for the briefings not in the cache.
    const left = this.restoring.length + this.pending.length + (this.toCompare.length > 0 ? 0.5 : 0) * this.total;
    return Math.max(0, Math.min(0.99, 1 - left / this.total));
  }

  get done(): boolean {
    return this.started && this.restoring.length === 0 && this.pending.length === 0 && this.toCompare.length === 0;
  }

  /** Builds for about `budgetMs`; returns whether anything is left. */
  step(budgetMs = 15): boolean {
    const until = performance.now() + budgetMs;
    if (!this.started) this.start();
    while (this.restoring.length > 0) {
      const { head, entry } = this.restoring.pop()!;
      this.coverage.add(
        { id: head.id, date: head.date, stories: entry[3].map((id, i) => ({ id, features: fromRow(entry[4][i]!) })) },
        false,
      );
      this.kept.push(entry);
      if (this.restoring.length === 0) {
        // Links between unchanged briefings stand; those to changed or removed ones are dropped,
        // and the changed ones are compared afresh below.
        for (const [a, b, score] of this.edges) this.coverage.link(a, b, score);
        this.edges = [];
      }
      if (performance.now() >= until) return true;
    }
    // New and changed briefings are read first and compared after, all with the same word rarities.
    while (this.pending.length > 0) {
      const { head, mtimeMs } = this.pending.pop()!;
      const briefing = this.whole(head);
      const features = briefing.stories.map(storyFeatures);
      const stories = briefing.stories.map((story, i) => ({ id: story.id, features: features[i]! }));
      this.coverage.add({ id: head.id, date: head.date, stories }, false);
      this.toCompare.push(...this.coverage.storiesOf(head.id));
      this.kept.push([head.path, mtimeMs, head.id, stories.map((story) => story.id), features.map(toRow)]);
      this.changed = true;
      if (performance.now() >= until) return true;
    }
    while (this.toCompare.length > 0) {
      const index = this.toCompare.pop()!;
      this.coverage.compareStory(index, this.compared);
      this.compared.add(index);
      if (this.toCompare.length > 0 && performance.now() >= until) return true;
    }
    this.compared.clear();
    this.save();
    return false;
  }

  /** Builds everything now (for printing commands). */
  complete(): this {
    while (this.step(1000));
    return this;
  }

  private save(): void {
    if (!this.saved && this.changed) this.cache?.save(this.kept, this.coverage.allEdges());
    this.saved = true;
    // The rows were kept only to be written: the index holds what the reader needs.
    this.kept.length = 0;
  }

  /** The briefing holding a story. */
  headOf(story: string): BriefingHead | undefined {
    return this.briefingOf.get(story);
  }

  /** Stories about the same news, each with its briefing, newest briefing first. */
  related(story: string): { briefing: BriefingHead; story: string }[] {
    return this.coverage
      .related(story)
      .flatMap((id) => {
        const briefing = this.briefingOf.get(id);
        return briefing ? [{ briefing, story: id }] : [];
      })
      .sort((a, b) => (b.briefing.date ?? '').localeCompare(a.briefing.date ?? ''));
  }
}
