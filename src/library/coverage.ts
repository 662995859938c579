import { differenceInCalendarDays, parseISO } from 'date-fns';
import type { StoryFeatures } from './features';

/** A briefing as coverage sees it: its date and its stories' features. */
export interface CoverageBriefing {
  id: string;
  date: string | null;
  stories: { id: string; features: StoryFeatures }[];
}

/**
 * A briefing's stories as the cache keeps them: numbers into the index's own lists of terms and
 * links (`Coverage.vocabulary`), in typed arrays. Per story, `shape` holds four numbers: how
 * many terms, names and links it has, and its words.
 */
export interface StoredBriefing {
  id: string;
  date: string | null;
  stories: string[];
  shape: Int32Array;
  terms: Int32Array;
  weights: Uint8Array;
  names: Int32Array;
  links: Int32Array;
}

/** A story in the index: its terms and weights are a range of the shared pools. */
interface Slot {
  id: string;
  briefing: string;
  day: number | null;
  /** Start of its terms (and weights) in the pools, and how many. */
  at: number;
  terms: number;
  /** Its main names (term ids), the most telling first: `names` of them from `namesAt` in the name pool. */
  namesAt: number;
  names: number;
  links: number[];
  words: number;
}

/** Growable typed arrays: one per field for the whole library, not four small arrays per story (which cost 130 bytes each). */
class Pool<T extends Int32Array | Uint8Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(Math.max(1024, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  /** Gives back the room doubling left (up to half the array) once a batch is in. */
  trim(): void {
    if (this.data.length > this.length + 1024) this.data = this.data.slice(0, this.length + 1024) as T;
  }
}

/** Interned strings: each term or link kept once, by number. */
class Vocabulary {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  readonly df: number[] = [];

  intern(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(key, id);
      this.names.push(key);
      this.df.push(0);
    }
    return id;
  }
}

/** Two stories linked, and how strongly. */
export type Edge = [a: string, b: string, score: number];

/**
 * Past this many stories, a group joined through chains of links (A like B, B like C) is more
 * likely a topic than one piece of news: its stories show only their own direct links.
 */
export const MAX_GROUP = 8;

/** How alike two stories must be, all measured on the labelled pairs in tests/fixtures/related. */
const THRESHOLDS = {
  /** Cosine of the stories' weighted terms. */
  cosine: 0.33,
  /** ...with at least this many telling terms in common. */
  shared: 3,
  /** With the same article cited (not one every story cites), far less is needed. */
  withLink: 0.1,
  /** A link cited by more stories than this is a site's, not an article's. */
  linkStories: 4,
  /** Stories more than this many days apart are follow-ups at most, and must agree more. */
  days: 14,
  apart: 0.5,
};

/** Weights are kept in 32nds: a byte each, plenty for weights of 1 to 5. */
const WEIGHT_SCALE = 32;

/**
 * Related coverage: which stories, across briefings and within one, report the same news.
 * Each story is a vector of its terms weighted by how rare they are in the library (TF-IDF);
 * a story is compared only with stories sharing enough rare terms or a link with it (counted
 * through an inverted index), never with every story; linked pairs are kept as edges and
 * joined into coverage groups. Adding or removing one briefing touches only its own edges, so
 * the index follows the library as files arrive and change.
 */
export class Coverage {
  private readonly terms = new Vocabulary();
  private readonly links = new Vocabulary();
  /** Stories holding each term; dropped for a term once it is too common to find news by. */
  private readonly postings: (number[] | null)[] = [];
  private readonly linkPostings: number[][] = [];
  private readonly termPool = new Pool(new Int32Array(1024), (size) => new Int32Array(size));
  private readonly weightPool = new Pool(new Uint8Array(1024), (size) => new Uint8Array(size));
  private readonly namePool = new Pool(new Int32Array(1024), (size) => new Int32Array(size));
  private readonly slots: (Slot | null)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly briefingSlots = new Map<string, number[]>();
  private readonly edges = new Map<number, Map<number, number>>();
  private alive = 0;
  private groups: Map<number, number[]> | null = null;
  /** Inverse document frequencies, worked out once per change of the library (`epoch`). */
  private epoch = 0;
  private idfs: number[] = [];
  private idfEpochs: number[] = [];
  /** Shared telling terms per candidate, while one story is compared (reused: no map per story). */
  private counts = new Int32Array(0);

  /** A term in more than 2% of stories (and at least 20) finds no news of its own: "model", "AI". */
  private get common(): number {
    return Math.max(20, this.alive * 0.02);
  }

  /**
   * Adds a briefing (replacing one of the same id). With `compare`, its stories are compared
   * with every story that could be related; without, it only joins the index (to be compared
   * with `compareStory`, or its edges restored with `link`).
   */
  add(briefing: CoverageBriefing, compare = true): void {
    const stories = briefing.stories.map(({ id, features: f }) => ({
      id,
      terms: f.terms.map((term) => this.terms.intern(term)),
      weights: f.weights.map((weight) => Math.min(255, Math.round(weight * WEIGHT_SCALE))),
      names: f.names.map((name) => this.terms.intern(name)),
      links: f.links.map((link) => this.links.intern(link)),
      words: f.words,
    }));
    this.insert(briefing.id, briefing.date, stories);
    if (compare) {
      const done = new Set<number>();
      for (const index of this.storiesOf(briefing.id)) {
        this.compare(index, done);
        done.add(index);
      }
    }
  }

  /**
   * Turns the numbers of a cache's term and link lists into this index's own: each string
   * interned once, however many stories use it (2.5 million uses at 10,000 briefings).
   */
  translator(vocabulary: { terms: readonly string[]; links: readonly string[] }): {
    term: (id: number) => number;
    link: (id: number) => number;
  } {
    const terms = new Int32Array(vocabulary.terms.length).fill(-1);
    const links = new Int32Array(vocabulary.links.length).fill(-1);
    return {
      term: (id) => (terms[id] !== -1 ? terms[id]! : (terms[id] = this.terms.intern(vocabulary.terms[id] ?? ''))),
      link: (id) => (links[id] !== -1 ? links[id]! : (links[id] = this.links.intern(vocabulary.links[id] ?? ''))),
    };
  }

  /**
   * A briefing's stories by id alone, without features: enough to answer `related` from links
   * kept in the cache, never to compare (the related index uses it only when nothing is left to compare).
   */
  addLinksOnly(briefing: string, date: string | null, stories: readonly string[]): void {
    this.insert(
      briefing,
      date,
      stories.map((id) => ({ id, terms: [], weights: [], names: [], links: [], words: 0 })),
    );
  }

  /** Adds a briefing as the cache kept it (see `store`), its numbers turned into this index's by `translate`. */
  restore(stored: StoredBriefing, translate: ReturnType<Coverage['translator']>): void {
    const stories: Parameters<Coverage['insert']>[2] = [];
    let t = 0;
    let n = 0;
    let l = 0;
    stored.stories.forEach((id, i) => {
      const [termCount, nameCount, linkCount, words] = stored.shape.subarray(i * 4, i * 4 + 4);
      const story = { id, terms: [] as number[], weights: [] as number[], names: [] as number[], links: [] as number[], words: words! };
      for (let k = 0; k < termCount!; k++, t++) {
        story.terms.push(translate.term(stored.terms[t]!));
        story.weights.push(stored.weights[t]!);
      }
      for (let k = 0; k < nameCount!; k++, n++) story.names.push(translate.term(stored.names[n]!));
      for (let k = 0; k < linkCount!; k++, l++) story.links.push(translate.link(stored.links[l]!));
      stories.push(story);
    });
    this.insert(stored.id, stored.date, stories);
  }

  /** A briefing as the cache keeps it, its numbers into `vocabulary`. */
  store(briefing: string, date: string | null): StoredBriefing | null {
    const slots = this.briefingSlots.get(briefing);
    if (!slots) return null;
    const shape: number[] = [];
    const terms: number[] = [];
    const weights: number[] = [];
    const names: number[] = [];
    const links: number[] = [];
    for (const index of slots) {
      const slot = this.slots[index]!;
      shape.push(slot.terms, slot.names, slot.links.length, slot.words);
      for (let k = slot.at; k < slot.at + slot.terms; k++) {
        terms.push(this.termPool.data[k]!);
        weights.push(this.weightPool.data[k]!);
      }
      for (let k = slot.namesAt; k < slot.namesAt + slot.names; k++) names.push(this.namePool.data[k]!);
      links.push(...slot.links);
    }
    return {
      id: briefing,
      date,
      stories: slots.map((index) => this.slots[index]!.id),
      shape: Int32Array.from(shape),
      terms: Int32Array.from(terms),
      weights: Uint8Array.from(weights),
      names: Int32Array.from(names),
      links: Int32Array.from(links),
    };
  }

  /** The terms and links `store` numbers into. */
  get vocabulary(): { terms: readonly string[]; links: readonly string[] } {
    return { terms: this.terms.names, links: this.links.names };
  }

  private insert(
    briefing: string,
    date: string | null,
    stories: { id: string; terms: number[]; weights: number[]; names: number[]; links: number[]; words: number }[],
  ): void {
    if (this.briefingSlots.has(briefing)) this.remove(briefing);
    const day = date ? dayNumber(date) : null;
    const added: number[] = [];
    for (const story of stories) {
      if (this.slotOf.has(story.id)) continue;
      const index = this.slots.length;
      const slot: Slot = {
        id: story.id,
        briefing,
        day,
        at: this.termPool.length,
        terms: story.terms.length,
        namesAt: this.namePool.length,
        names: story.names.length,
        links: story.links,
        words: story.words,
      };
      for (const name of story.names) this.namePool.push(name);
      story.terms.forEach((term, k) => {
        this.termPool.push(term);
        this.weightPool.push(story.weights[k]!);
        this.terms.df[term]!++;
        while (this.postings.length <= term) this.postings.push([]);
        const list = this.postings[term];
        if (list && this.terms.df[term]! > this.common * 2) this.postings[term] = null;
        else list?.push(index);
      });
      for (const link of story.links) {
        this.links.df[link]!++;
        while (this.linkPostings.length <= link) this.linkPostings.push([]);
        this.linkPostings[link]!.push(index);
      }
      this.slots.push(slot);
      this.slotOf.set(story.id, index);
      added.push(index);
      this.alive++;
    }
    this.briefingSlots.set(briefing, added);
    this.changed();
  }

  remove(briefing: string): void {
    const slots = this.briefingSlots.get(briefing);
    if (!slots) return;
    for (const index of slots) {
      const slot = this.slots[index]!;
      for (let k = slot.at; k < slot.at + slot.terms; k++) {
        const term = this.termPool.data[k]!;
        this.terms.df[term]!--;
        const list = this.postings[term];
        if (list) removeFrom(list, index);
      }
      for (const link of slot.links) {
        this.links.df[link]!--;
        removeFrom(this.linkPostings[link]!, index);
      }
      for (const other of this.edges.get(index)?.keys() ?? []) this.edges.get(other)?.delete(index);
      this.edges.delete(index);
      this.slotOf.delete(slot.id);
      this.slots[index] = null;
      this.alive--;
    }
    this.briefingSlots.delete(briefing);
    this.changed();
  }

  private changed(): void {
    this.groups = null;
    this.epoch++;
  }

  /** The stories of a briefing in the index, by position (for `compareStory`). */
  storiesOf(briefing: string): readonly number[] {
    return this.briefingSlots.get(briefing) ?? [];
  }

  /**
   * Compares one story with every story that could be related, except those in `done` (compared
   * with it already). Adding a batch without comparing and then comparing each of it gives every
   * pair the whole batch's word rarities, so the links do not depend on the order files are read.
   */
  compareStory(index: number, done: ReadonlySet<number>): void {
    if (!this.slots[index]) return;
    this.compare(index, done);
    this.groups = null;
  }

  /** Restores a link worked out before (from the cache), between stories both in the index. */
  link(a: string, b: string, score: number): void {
    const i = this.slotOf.get(a);
    const j = this.slotOf.get(b);
    if (i === undefined || j === undefined || i === j) return;
    this.setEdge(i, j, score);
    this.groups = null;
  }

  /** Every link, each once, by story id: what the cache keeps. */
  allEdges(): Edge[] {
    const out: Edge[] = [];
    for (const [i, others] of this.edges)
      for (const [j, score] of others) if (i < j) out.push([this.slots[i]!.id, this.slots[j]!.id, score]);
    return out;
  }

  /** Stories linked to this one directly, strongest first. */
  neighbours(story: string): string[] {
    const i = this.slotOf.get(story);
    const others = i === undefined ? undefined : this.edges.get(i);
    if (!others) return [];
    return [...others].sort((a, b) => b[1] - a[1]).map(([j]) => this.slots[j]!.id);
  }

  /**
   * The story's coverage group: every story joined to it through links, itself included; or,
   * for a group past MAX_GROUP (a chain that drifted into a topic), itself and its direct links.
   */
  group(story: string): string[] {
    const i = this.slotOf.get(story);
    if (i === undefined) return [];
    const members = this.components().get(this.root(i)) ?? [i];
    if (members.length > MAX_GROUP) return [story, ...this.neighbours(story)];
    return members.map((j) => this.slots[j]!.id);
  }

  /** Stories about the same news as this one, itself left out. */
  related(story: string): string[] {
    return this.group(story).filter((id) => id !== story);
  }

  /** The briefing a story is in. */
  briefingOf(story: string): string | undefined {
    const i = this.slotOf.get(story);
    return i === undefined ? undefined : this.slots[i]!.briefing;
  }

  private idf(term: number): number {
    if (this.idfEpochs[term] !== this.epoch) {
      this.idfs[term] = Math.log(1 + this.alive / Math.max(1, this.terms.df[term]!));
      this.idfEpochs[term] = this.epoch;
    }
    return this.idfs[term]!;
  }

  /**
   * Compares a story with those that could be the same news: sharing at least THRESHOLDS.shared
   * telling terms (counted through the postings, in one typed array), or a link. `skip` were
   * compared with it already. At 10,000 briefings this is what keeps a cold build from comparing
   * thousands of pairs per story.
   */
  private compare(index: number, skip: ReadonlySet<number>): void {
    const slot = this.slots[index]!;
    const common = this.common;
    if (this.counts.length < this.slots.length) this.counts = new Int32Array(this.slots.length * 2);
    const counts = this.counts;
    const touched: number[] = [];
    for (let k = slot.at; k < slot.at + slot.terms; k++) {
      const term = this.termPool.data[k]!;
      if (this.terms.df[term]! > common) continue;
      for (const other of this.postings[term] ?? []) if (counts[other]!++ === 0) touched.push(other);
    }
    const candidates = new Set<number>();
    for (const other of touched) {
      if (counts[other]! >= THRESHOLDS.shared) candidates.add(other);
      counts[other] = 0;
    }
    for (const link of slot.links) for (const other of this.linkPostings[link]!) candidates.add(other);
    candidates.delete(index);
    if (candidates.size === 0) return;
    // The story's own weights, once for all its candidates.
    const weightOf = new Map<number, number>();
    let norm = 0;
    for (let k = slot.at; k < slot.at + slot.terms; k++) {
      const w = (this.weightPool.data[k]! / WEIGHT_SCALE) * this.idf(this.termPool.data[k]!);
      norm += w * w;
      weightOf.set(this.termPool.data[k]!, w);
    }
    for (const other of candidates) {
      if (skip.has(other)) continue;
      const score = this.score(slot, weightOf, norm, this.slots[other]!);
      if (score > 0) this.setEdge(index, other, score);
    }
  }

  /** How alike two stories are (`a` as its weights by term, and their squared sum); 0 when they are not the same news. */
  private score(a: Slot, weightOf: ReadonlyMap<number, number>, normA: number, b: Slot): number {
    const terms = this.termPool.data;
    const weights = this.weightPool.data;
    const common = this.common;
    let dot = 0;
    let normB = 0;
    let shared = 0;
    for (let k = b.at; k < b.at + b.terms; k++) {
      const term = terms[k]!;
      const w = (weights[k]! / WEIGHT_SCALE) * this.idf(term);
      normB += w * w;
      const wa = weightOf.get(term);
      if (wa === undefined) continue;
      dot += wa * w;
      if (this.terms.df[term]! <= common) shared++;
    }
    const cosine = dot / Math.sqrt(normA * normB || 1);
    const apart = a.day !== null && b.day !== null && Math.abs(a.day - b.day) > THRESHOLDS.days;
    const sameLink =
      a.briefing !== b.briefing && a.links.some((link) => b.links.includes(link) && this.links.df[link]! <= THRESHOLDS.linkStories);
    if (sameLink && cosine >= THRESHOLDS.withLink) return Math.max(cosine, 0.5);
    // Different main names (xAI's round and Anthropic's, DeepSeek's model and Moonshot's) are
    // different news however alike the words around them: the main name of each is neither
    // named by the other nor among its words.
    const otherActors =
      a.names > 0 &&
      b.names > 0 &&
      !this.hasName(b, this.namePool.data[a.namesAt]!) &&
      !this.hasName(a, this.namePool.data[b.namesAt]!) &&
      !weightOf.has(this.namePool.data[b.namesAt]!) &&
      !this.hasTerm(b, this.namePool.data[a.namesAt]!);
    if (otherActors && cosine < THRESHOLDS.apart) return 0;
    if (apart ? cosine < THRESHOLDS.apart : cosine < THRESHOLDS.cosine) return 0;
    return shared >= THRESHOLDS.shared ? cosine : 0;
  }

  private hasName(slot: Slot, term: number): boolean {
    for (let k = slot.namesAt; k < slot.namesAt + slot.names; k++) if (this.namePool.data[k] === term) return true;
    return false;
  }

  /** Gives back the room the pools' doubling left: once a batch is in. */
  trim(): void {
    this.termPool.trim();
    this.weightPool.trim();
    this.namePool.trim();
  }

  private hasTerm(slot: Slot, term: number): boolean {
    for (let k = slot.at; k < slot.at + slot.terms; k++) if (this.termPool.data[k] === term) return true;
    return false;
  }

  private setEdge(i: number, j: number, score: number): void {
    let a = this.edges.get(i);
    if (!a) this.edges.set(i, (a = new Map()));
    let b = this.edges.get(j);
    if (!b) this.edges.set(j, (b = new Map()));
    a.set(j, score);
    b.set(i, score);
  }

  // Union-find over the edges, worked out again after a change.
  private parent: Int32Array = new Int32Array(0);

  private root(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]!]!;
    return i;
  }

  private components(): Map<number, number[]> {
    if (this.groups) return this.groups;
    this.parent = Int32Array.from(this.slots, (_, i) => i);
    for (const [i, others] of this.edges)
      for (const j of others.keys()) {
        const a = this.root(i);
        const b = this.root(j);
        if (a !== b) this.parent[Math.max(a, b)] = Math.min(a, b);
      }
    const groups = new Map<number, number[]>();
    for (const i of this.edges.keys()) {
      const root = this.root(i);
      let members = groups.get(root);
      if (!members) groups.set(root, (members = []));
      members.push(i);
    }
    this.groups = groups;
    return groups;
  }
}

function removeFrom(list: number[], value: number): void {
  const at = list.indexOf(value);
  if (at >= 0) list.splice(at, 1);
}

/** Days since 1970 of each date seen: briefings share few dates, and parsing one took 5 µs (50 ms of 10,000 restored from the cache). */
const days = new Map<string, number | null>();

function dayNumber(iso: string): number | null {
  let day = days.get(iso);
  if (day === undefined) {
    const date = parseISO(iso);
    day = Number.isNaN(date.getTime()) ? null : differenceInCalendarDays(date, new Date(0));
    if (days.size > 10_000) days.clear();
    days.set(iso, day);
  }
  return day;
}
