import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Briefing, BriefingHead } from '../model/types';
import { PARSER_VERSION } from '../parse/version';
import { cacheDir } from '../state/paths';
import { libraryKey, writeCache } from './cache-files';
import { Coverage, type Edge, type StoredBriefing } from './coverage';
import { storyFeatures } from './features';
import { storyIds } from './full';
import type { Library } from './load';

/** Bump when features or scoring change: links worked out the old way are not kept. */
const COVERAGE_VERSION = 5;

/**
 * Of a briefing, only this many stories are compared: news comes a few dozen stories to a
 * briefing, and a file of 200,000 headings would otherwise add 80 MB to printing it as JSON.
 */
export const MAX_COMPARED_STORIES = 1000;

/**
 * Related coverage covers the newest this many briefings: news is found again among recent
 * briefings, and at 100,000 the rest cost about 300 MB and half a minute of reading to compare
 * (the reader's memory went from 181 MB to 505 MB once it started).
 */
export const MAX_RELATED_BRIEFINGS = 10_000;

/** A briefing in the cache: its file (path and modification time) and its stories' features. */
type Entry = [path: string, mtimeMs: number, stored: StoredBriefing];

interface CacheData {
  terms: string[];
  links: string[];
  entries: Entry[];
  edges: Edge[];
  /** What says the links are still the library's own (see `KeptCoverage.generation`). */
  generation: Generation | null;
}

/**
 * The library snapshot the links were made from (Library.generation), and for each link the
 * places of its two stories' briefings among the briefings compared: with the same snapshot,
 * the links alone place every story, and no briefing need be looked at.
 */
interface Generation {
  of: string;
  ends: Int32Array;
}

/**
 * A briefing as the cache's light part has it: its file, id, and its stories' count and ids
 * hashed; enough to tell that nothing changed without reading any features.
 */
type KeptHead = [path: string, mtimeMs: number, id: string, stories: number, hash: number];

/** What the cache file holds: the light part, links and all, then the features in a blob of their own. */
interface CacheFile {
  heads: KeptHead[];
  edges: Edge[];
  generation: Generation | null;
  /** serialize({ terms, links, stored }), `stored` in the order of `heads`. */
  features: Uint8Array;
}

/** The cache as read: its light part, and the features, deserialised only when asked for. */
export interface KeptCoverage {
  heads: KeptHead[];
  edges: Edge[];
  /** Set when the links were made from this very snapshot of the library, or found still true of it. */
  generation: Generation | null;
  features(): { terms: string[]; links: string[]; stored: StoredBriefing[] } | null;
  /** The features as kept, for writing them back unread. */
  blob: Uint8Array;
}

/** FNV-1a over a briefing's story ids: whether they are the ones the cache has. */
export function idsHash(ids: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 10, 0x01000193);
  }
  return hash >>> 0;
}

const isKeptHead = (value: unknown): value is KeptHead =>
  Array.isArray(value) &&
  value.length === 5 &&
  typeof value[0] === 'string' &&
  typeof value[1] === 'number' &&
  typeof value[2] === 'string' &&
  Number.isSafeInteger(value[3]) &&
  Number.isSafeInteger(value[4]);

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Whether a stored briefing is whole and every number in it points into the lists it came with. */
function isStored(value: unknown, terms: number, links: number): value is StoredBriefing {
  const stored = value as StoredBriefing;
  if (!stored || typeof stored.id !== 'string' || (stored.date !== null && typeof stored.date !== 'string') || !isStrings(stored.stories))
    return false;
  const { shape, names } = stored;
  if (!(shape instanceof Int32Array) || !(stored.terms instanceof Int32Array) || !(stored.weights instanceof Uint8Array)) return false;
  if (!(names instanceof Int32Array) || !(stored.links instanceof Int32Array) || shape.length !== stored.stories.length * 4) return false;
  let termCount = 0;
  let nameCount = 0;
  let linkCount = 0;
  for (let i = 0; i < shape.length; i += 4) {
    if (shape[i]! < 0 || shape[i + 1]! < 0 || shape[i + 2]! < 0 || shape[i + 3]! < 0) return false;
    termCount += shape[i]!;
    nameCount += shape[i + 1]!;
    linkCount += shape[i + 2]!;
  }
  const within = (ids: Int32Array, size: number) => ids.every((id) => id >= 0 && id < size);
  return (
    stored.terms.length === termCount &&
    stored.weights.length === termCount &&
    names.length === nameCount &&
    stored.links.length === linkCount &&
    within(stored.terms, terms) &&
    within(names, terms) &&
    within(stored.links, links)
  );
}

const isGeneration = (value: unknown, edges: number): value is Generation =>
  !!value &&
  typeof (value as Generation).of === 'string' &&
  (value as Generation).ends instanceof Int32Array &&
  (value as Generation).ends.length === edges * 2 &&
  (value as Generation).ends.every((end) => end >= 0 && end < MAX_RELATED_BRIEFINGS);

const isEdge = (edge: unknown): edge is Edge =>
  Array.isArray(edge) && edge.length === 3 && typeof edge[0] === 'string' && typeof edge[1] === 'string' && typeof edge[2] === 'number';

/** The links a cache file holds, well formed, and the snapshot they are true of when it says so; null without a list of links. */
function linksOf(data: Partial<CacheFile> | undefined): Pick<KeptCoverage, 'edges' | 'generation'> | null {
  if (!Array.isArray(data?.edges)) return null;
  const edges = data.edges.filter(isEdge);
  return { edges, generation: isGeneration(data.generation, edges.length) ? data.generation : null };
}

/**
 * Related coverage kept between runs: each file's story features (by path, modification time
 * and ids), as numbers into one list of terms and one of links, and the links between stories.
 * Like the parse cache, one file per library, replaced atomically, ignored when damaged; nothing
 * in it is ever shown (titles come from the library), so a forged entry can at worst link two
 * stories wrongly.
 */
export class CoverageCache {
  readonly file: string;
  /**
   * The links alone, and the snapshot they were made from, beside the whole cache: all a start
   * of the same snapshot reads (`loadLinks`). Reading and deserialising the whole (11.7 MB at
   * 10,000 briefings, nearly all features) took 20-28 ms before list --json's first briefing.
   */
  readonly linksFile: string;

  constructor(roots: readonly string[], dir = cacheDir()) {
    this.file = join(dir, `related-v${PARSER_VERSION}.${COVERAGE_VERSION}-${libraryKey(roots)}.bin`);
    this.linksFile = join(dir, `related-links-v${PARSER_VERSION}.${COVERAGE_VERSION}-${libraryKey(roots)}.bin`);
  }

  /** The links kept for one snapshot of the library, or null. Same snapshot, same files, same links: they need nothing else. */
  loadLinks(): Pick<KeptCoverage, 'edges' | 'generation'> | null {
    try {
      const links = linksOf(deserialize(readFileSync(this.linksFile)) as Partial<CacheFile>);
      return links?.generation ? links : null;
    } catch {
      return null;
    }
  }

  /** Keeps the links of a snapshot apart (see `linksFile`). Never throws. */
  saveLinks(edges: Edge[], generation: Generation): void {
    try {
      writeCache(this.linksFile, serialize({ edges, generation }));
    } catch {
      /* the next start reads the whole cache instead */
    }
  }

  /**
   * The light part of the cache (each briefing's file, id and stories, and the links), with the
   * features behind a function: when nothing changed the links are all a start needs, and
   * deserialising every feature took 195 ms of `list --json` at 10,000 briefings.
   */
  load(): KeptCoverage {
    const empty: KeptCoverage = { heads: [], edges: [], generation: null, features: () => null, blob: new Uint8Array() };
    try {
      const data = deserialize(readFileSync(this.file)) as Partial<CacheFile>;
      const links = linksOf(data);
      if (!Array.isArray(data?.heads) || !links || !(data.features instanceof Uint8Array)) return empty;
      const heads = data.heads;
      if (!heads.every(isKeptHead)) return empty;
      const blob = data.features;
      const { edges, generation } = links;
      return {
        heads,
        edges,
        generation,
        blob,
        features: () => {
          try {
            const features = deserialize(blob) as { terms?: unknown; links?: unknown; stored?: unknown };
            const { terms, links, stored } = features;
            if (!isStrings(terms) || !isStrings(links) || !Array.isArray(stored) || stored.length !== heads.length) return null;
            // One that does not check out is compared afresh (see RelatedIndex.start).
            return {
              terms,
              links,
              stored: stored.map((one) => (isStored(one, terms.length, links.length) ? one : null)) as StoredBriefing[],
            };
          } catch {
            return null;
          }
        },
      };
    } catch {
      return empty;
    }
  }

  save(data: CacheData): void {
    const heads = data.entries.map(([path, mtimeMs, stored]): KeptHead => [
      path,
      mtimeMs,
      stored.id,
      stored.stories.length,
      idsHash(stored.stories),
    ]);
    this.write(() => ({
      heads,
      edges: data.edges,
      generation: data.generation,
      features: serialize({ terms: data.terms, links: data.links, stored: data.entries.map((entry) => entry[2]) }),
    }));
  }

  /** Writes back what was read, its links now known true of another snapshot of the same library; the features are not read. */
  restamp(kept: KeptCoverage, edges: Edge[], generation: Generation): void {
    this.write(() => ({ heads: kept.heads, edges, generation, features: kept.blob }));
  }

  private write(file: () => CacheFile): void {
    try {
      const data = file();
      writeCache(this.file, serialize(data));
      if (data.generation) this.saveLinks(data.edges, data.generation);
    } catch {
      /* a cache that cannot be written only costs the next start the work again */
    }
  }
}

/**
 * The library's related coverage, built a slice at a time (`step`) so the reader never waits
 * for it: features of unchanged files and their links come from the cache; a new or changed
 * briefing is read from its file and compared with everything else (through the index, not
 * pair by pair). Printing commands run it to the end (`complete`).
 */
export class RelatedIndex {
  readonly coverage = new Coverage();
  /** Briefings still to add: first those the cache knows unchanged (no file read), then the rest, compared. */
  private restoring: StoredBriefing[] = [];
  private readonly pending: BriefingHead[] = [];
  private readonly toCompare: number[] = [];
  private readonly compared = new Set<number>();
  /** Briefings by id (a map by story would cost 6 MB at 10,000 briefings; the index knows each story's briefing). */
  private readonly heads = new Map<string, BriefingHead>();
  private mtimes = new Map<string, number>();
  private translate: ReturnType<Coverage['translator']> | null = null;
  private edges: Edge[] = [];
  private started = false;
  private changed = false;
  private saved = false;

  constructor(
    private readonly library: Library,
    private readonly whole: (head: BriefingHead) => Briefing,
    private readonly cache: CoverageCache | null,
  ) {}

  /** The briefings compared: the newest MAX_RELATED_BRIEFINGS. */
  private get covered(): readonly BriefingHead[] {
    const { briefings } = this.library;
    return briefings.length > MAX_RELATED_BRIEFINGS ? briefings.slice(0, MAX_RELATED_BRIEFINGS) : briefings;
  }

  /** Reads the cache and sorts the library into kept and changed briefings: the first slice's work. */
  private start(): void {
    this.started = true;
    // Here, not in the constructor: the list of files is made when first asked for (cache.ts), never for the first frame.
    // Files are in the order of the briefings (load.ts).
    const links = this.cache?.loadLinks();
    if (links && this.fromLinksAlone(links)) return;
    const data = this.cache?.load();
    if (data && this.fromLinksAlone(data)) {
      // Kept apart for the next start (a cache written before the links had a file of their own).
      this.cache?.saveLinks(data.edges, data.generation!);
      return;
    }
    const files = this.library.files;
    this.covered.forEach((head, i) => this.mtimes.set(head.path, files[i]?.stamp.mtimeMs ?? 0));
    const cached = new Map((data?.heads ?? []).map((kept, k) => [kept[0], k]));
    const kept: { head: BriefingHead; ids: string[]; k: number }[] = [];
    for (const head of this.covered) {
      const ids = storyIds(head).slice(0, MAX_COMPARED_STORIES) as string[];
      this.heads.set(head.id, head);
      const k = cached.get(head.path);
      const entry = k === undefined ? undefined : data!.heads[k]!;
      const same =
        entry &&
        entry[1] === (this.mtimes.get(head.path) ?? 0) &&
        entry[2] === head.id &&
        entry[3] === ids.length &&
        entry[4] === idsHash(ids);
      if (same) kept.push({ head, ids, k: k! });
      else this.pending.push(head);
    }
    this.edges = data?.edges ?? [];
    // Anything to read, or anything in the cache no longer in the library: the cache is written again.
    this.changed = this.pending.length > 0 || kept.length !== (data?.heads.length ?? 0);
    if (!this.changed) {
      // Nothing to compare: the kept links are all the index needs, and no feature is read.
      for (const { head, ids } of kept) this.coverage.addLinksOnly(head.id, head.date, ids);
      for (const [a, b, score] of this.edges) this.coverage.link(a, b, score);
      this.edges = [];
      this.linksOnly = true;
      // Said of this snapshot, so that the next start with it need not look at any briefing.
      const edges = this.coverage.allEdges();
      const generation = this.generation(edges);
      if (generation && data) this.cache?.restamp(data, edges, generation);
      return;
    }
    const features = data?.features() ?? null;
    for (const { head, ids, k } of kept) {
      const stored = features?.stored[k];
      // The head's own id strings, not the cache's copies of them: 80,000 ids are 4.5 MB.
      if (stored && stored.stories.length === ids.length) this.restoring.push({ ...stored, date: head.date, stories: ids });
      else this.pending.push(head);
    }
    this.translate = this.coverage.translator({ terms: features?.terms ?? [], links: features?.links ?? [] });
    if (!features) this.edges = [];
  }

  /**
   * When the cache's links were made from the very snapshot the library came from, they are the
   * whole index: only the briefings they join are placed (their story ids read), none compared.
   * At 10,000 briefings this is what `list --json` waits for before its first line; comparing
   * every briefing's ids with the cache took 227 ms of a 465 ms wait there.
   */
  private fromLinksAlone(data: Pick<KeptCoverage, 'edges' | 'generation'>): boolean {
    const { generation } = data;
    if (!generation || generation.of !== this.library.generation) return false;
    const covered = this.covered;
    if (!generation.ends.every((end) => end < covered.length)) return false;
    for (const place of new Set(generation.ends)) {
      const head = covered[place]!;
      this.heads.set(head.id, head);
      this.coverage.addLinksOnly(head.id, head.date, storyIds(head).slice(0, MAX_COMPARED_STORIES));
    }
    for (const [a, b, score] of data.edges) this.coverage.link(a, b, score);
    this.linksOnly = true;
    this.sameSnapshot = true;
    return true;
  }

  /** Whether the links were the cache's for this very snapshot of the library (no briefing compared with the cache). */
  sameSnapshot = false;

  /** The links as kept for this snapshot of the library (see Generation), or null when no snapshot holds it. */
  private generation(edges: readonly Edge[]): Generation | null {
    const of = this.library.generation;
    if (!of) return null;
    const places = new Map(this.covered.map((head, i) => [head.id, i]));
    const ends = new Int32Array(edges.length * 2);
    for (const [e, [a, b]] of edges.entries()) {
      const first = places.get(this.coverage.briefingOf(a) ?? '');
      const second = places.get(this.coverage.briefingOf(b) ?? '');
      if (first === undefined || second === undefined) return null;
      ends[e * 2] = first;
      ends[e * 2 + 1] = second;
    }
    return { of, ends };
  }

  /** Whether the index came from the cache's links alone (nothing had changed). */
  linksOnly = false;

  get done(): boolean {
    return this.started && this.restoring.length === 0 && this.pending.length === 0 && this.toCompare.length === 0;
  }

  /** Builds for about `budgetMs`; returns whether anything is left. */
  step(budgetMs = 15): boolean {
    // Date.now, not performance.now: Node makes the global `performance` (perf_hooks) on first
    // use, 1.8 ms of list --json's first briefing, and a budget of milliseconds needs no finer clock.
    const until = Date.now() + budgetMs;
    if (!this.started) this.start();
    while (this.restoring.length > 0) {
      this.coverage.restore(this.restoring.pop()!, this.translate!);
      if (this.restoring.length === 0) {
        // Links between unchanged briefings stand; those to changed or removed ones are dropped,
        // and the changed ones are compared afresh below.
        for (const [a, b, score] of this.edges) this.coverage.link(a, b, score);
        this.edges = [];
        this.translate = null;
      }
      if (Date.now() >= until) return true;
    }
    // New and changed briefings are read first and compared after, all with the same word rarities.
    while (this.pending.length > 0) {
      const head = this.pending.pop()!;
      const briefing = this.whole(head);
      const ids = storyIds(head);
      const stories = briefing.stories.slice(0, MAX_COMPARED_STORIES).map((story, i) => ({
        id: ids[i] === story.id ? ids[i]! : story.id,
        features: storyFeatures(story),
      }));
      this.coverage.add({ id: head.id, date: head.date, stories }, false);
      this.toCompare.push(...this.coverage.storiesOf(head.id));
      if (Date.now() >= until) return true;
    }
    while (this.toCompare.length > 0) {
      const index = this.toCompare.pop()!;
      this.coverage.compareStory(index, this.compared);
      this.compared.add(index);
      if (this.toCompare.length > 0 && Date.now() >= until) return true;
    }
    this.compared.clear();
    this.coverage.trim();
    this.save();
    return false;
  }

  /** Builds everything now (for printing commands). */
  complete(): this {
    while (this.step(1000));
    return this;
  }

  private save(): void {
    if (this.saved || !this.changed || !this.cache) return;
    this.saved = true;
    const entries: Entry[] = [];
    for (const head of this.covered) {
      const stored = this.coverage.store(head.id, head.date);
      if (stored) entries.push([head.path, this.mtimes.get(head.path) ?? 0, stored]);
    }
    const { terms, links } = this.coverage.vocabulary;
    const edges = this.coverage.allEdges();
    this.cache.save({ terms: [...terms], links: [...links], entries, edges, generation: this.generation(edges) });
  }

  /** The briefing holding a story. */
  headOf(story: string): BriefingHead | undefined {
    const briefing = this.coverage.briefingOf(story);
    return briefing === undefined ? undefined : this.heads.get(briefing);
  }

  /**
   * Stories about the same news, each with its briefing, in the library's order (newest briefing
   * first), each briefing's in its own. By date alone, briefings of one day came in the order the
   * index had met their stories: compared afresh in one order, restored from the cache in
   * another, so `list --json` changed between its first run and the next.
   */
  related(story: string): { briefing: BriefingHead; story: string }[] {
    const found = this.coverage.related(story).flatMap((id) => {
      const briefing = this.headOf(id);
      return briefing ? [{ briefing, story: id }] : [];
    });
    if (found.length < 2) return found;
    const order = new Map(
      found.map(({ briefing, story: id }) => [id, [this.placeOf(briefing.id), storyIds(briefing).indexOf(id)] as const]),
    );
    return found.sort((a, b) => {
      const [atA, withinA] = order.get(a.story)!;
      const [atB, withinB] = order.get(b.story)!;
      return atA - atB || withinA - withinB;
    });
  }

  /**
   * A briefing's place in the library: from the snapshot's table of ids where there is one (a map
   * of every head's id made 10,000 heads, 4.5 ms of list --json's first briefing), else a map.
   */
  private placeOf(briefing: string): number {
    const place = this.library.indexOf
      ? this.library.indexOf(briefing)
      : (this.places ??= new Map(this.library.briefings.map((head, i) => [head.id, i]))).get(briefing);
    return place === undefined || place < 0 ? Infinity : place;
  }

  private places: Map<string, number> | null = null;
}
