import { differenceInCalendarDays, parseISO } from 'date-fns';
import type { StoryFeatures } from './features';

/** A briefing as coverage sees it: its date and its stories' features. */
export interface CoverageBriefing {
  id: string;
  date: string | null;
  stories: { id: string; features: StoryFeatures }[];
}

/** A story in the index: its terms, weights, title terms and links are ranges of the shared pools. */
interface Slot {
  id: string;
  briefing: string;
  day: number | null;
  /** Start of its terms (and weights) in the pools; then `terms` of them, the first `title` of which are also in its title. */
  at: number;
  terms: number;
  links: number[];
  /** Its main names, as term ids. */
  names: number[];
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
  /** Stories more than this many days apart are follow-ups at most, and must agree more. */
  days: 14,
  apart: 0.5,
};

/**
 * Related coverage: which stories, across briefings and within one, report the same news.
 * Each story is a vector of its terms weighted by how rare they are in the library (TF-IDF);
 * a new briefing's stories are compared only with stories sharing a rare term or a link
 * (found through an inverted index), never with every story; linked pairs are kept as edges
 * and joined into coverage groups. Adding or removing one briefing touches only its own edges,
 * so the index follows the library as files arrive and change.
 */
export class Coverage {
  private readonly termIds = new Map<string, number>();
  private readonly df: number[] = [];
  /** Stories holding each term; dropped for a term once it is too common to find news by. */
  private readonly postings: (number[] | null)[] = [];
  private readonly linkIds = new Map<string, number>();
  private readonly linkDf: number[] = [];
  private readonly linkPostings: number[][] = [];
  private readonly termPool = new Pool(new Int32Array(1024), (size) => new Int32Array(size));
  /** Weights in 32nds: a byte each, plenty for weights of 1 to 5. */
  private readonly weightPool = new Pool(new Uint8Array(1024), (size) => new Uint8Array(size));
  private readonly slots: (Slot | null)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly briefingSlots = new Map<string, number[]>();
  private readonly edges = new Map<number, Map<number, number>>();
  private alive = 0;
  private groups: Map<number, number[]> | null = null;

  get size(): number {
    return this.alive;
  }

  has(briefing: string): boolean {
    return this.briefingSlots.has(briefing);
  }

  /** A term in more than 2% of stories (and at least 20) finds no news of its own: "model", "AI". */
  private get common(): number {
    return Math.max(20, this.alive * 0.02);
  }

  /**
   * Adds a briefing (replacing one of the same id). With `compare`, its stories are compared
   * with every story that could be related; without, it only joins the index (its edges are
   * restored from the cache with `link`).
   */
  add(briefing: CoverageBriefing, compare = true): void {
    if (this.briefingSlots.has(briefing.id)) this.remove(briefing.id);
    const day = briefing.date ? dayNumber(briefing.date) : null;
    const added: number[] = [];
    for (const story of briefing.stories) {
      if (this.slotOf.has(story.id)) continue;
      const f = story.features;
      const index = this.slots.length;
      const names = f.names.map((name) => this.intern(name, this.termIds, this.df, this.postings));
      const slot: Slot = {
        id: story.id,
        briefing: briefing.id,
        day,
        at: this.termPool.length,
        terms: f.terms.length,
        links: [],
        names,
        words: f.words,
      };
      f.terms.forEach((term, k) => {
        const id = this.intern(term, this.termIds, this.df, this.postings);
        this.termPool.push(id);
        this.weightPool.push(Math.min(255, Math.round(f.weights[k]! * 32)));
        this.df[id]!++;
        const list = this.postings[id];
        if (list && this.df[id]! > this.common * 2) this.postings[id] = null;
        else list?.push(index);
      });
      for (const link of f.links) {
        const id = this.intern(link, this.linkIds, this.linkDf, this.linkPostings);
        slot.links.push(id);
        this.linkDf[id]!++;
        this.linkPostings[id]!.push(index);
      }
      this.slots.push(slot);
      this.slotOf.set(story.id, index);
      added.push(index);
      this.alive++;
    }
    this.briefingSlots.set(briefing.id, added);
    if (compare) {
      const done = new Set<number>();
      for (const index of added) {
        this.compare(index, done);
        done.add(index);
      }
    }
    this.groups = null;
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

  remove(briefing: string): void {
    const slots = this.briefingSlots.get(briefing);
    if (!slots) return;
    for (const index of slots) {
      const slot = this.slots[index]!;
      for (let k = slot.at; k < slot.at + slot.terms; k++) {
        const term = this.termPool.data[k]!;
        this.df[term]!--;
        const list = this.postings[term];
        if (list) removeFrom(list, index);
      }
      for (const link of slot.links) {
        this.linkDf[link]!--;
        removeFrom(this.linkPostings[link]!, index);
      }
      for (const other of this.edges.get(index)?.keys() ?? []) this.edges.get(other)?.delete(index);
      this.edges.delete(index);
      this.slotOf.delete(slot.id);
      this.slots[index] = null;
      this.alive--;
    }
    this.briefingSlots.delete(briefing);
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

  /** Words in a story, as its features counted them. */
  words(story: string): number {
    const i = this.slotOf.get(story);
    return i === undefined ? 0 : this.slots[i]!.words;
  }

  private intern<T>(key: string, ids: Map<string, number>, df: number[], postings: T[], empty: () => T = () => [] as T): number {
    let id = ids.get(key);
    if (id === undefined) {
      id = df.length;
      ids.set(key, id);
      df.push(0);
      postings.push(empty());
    }
    return id;
  }

  private idf(term: number): number {
    return Math.log(1 + this.alive / Math.max(1, this.df[term]!));
  }

  /** Compares a story with those sharing a telling term or link with it; `skip` were compared already. */
  private compare(index: number, skip: ReadonlySet<number>): void {
    const slot = this.slots[index]!;
    const candidates = new Set<number>();
    for (let k = slot.at; k < slot.at + slot.terms; k++) {
      const term = this.termPool.data[k]!;
      if (this.df[term]! <= this.common) for (const other of this.postings[term] ?? []) candidates.add(other);
    }
    for (const link of slot.links) for (const other of this.linkPostings[link]!) candidates.add(other);
    for (const other of candidates) {
      if (other === index || skip.has(other)) continue;
      const score = this.score(slot, this.slots[other]!);
      if (score > 0) this.setEdge(index, other, score);
    }
  }

  /** How alike two stories are; 0 when they are not the same news. */
  private score(a: Slot, b: Slot): number {
    const terms = this.termPool.data;
    const weights = this.weightPool.data;
    const common = this.common;
    let dot = 0;
    let normA = 0;
    let normB = 0;
    let shared = 0;
    const weightOf = new Map<number, number>();
    for (let k = a.at; k < a.at + a.terms; k++) {
      const w = (weights[k]! / 32) * this.idf(terms[k]!);
      normA += w * w;
      weightOf.set(terms[k]!, w);
    }
    for (let k = b.at; k < b.at + b.terms; k++) {
      const term = terms[k]!;
      const w = (weights[k]! / 32) * this.idf(term);
      normB += w * w;
      const wa = weightOf.get(term);
      if (wa === undefined) continue;
      dot += wa * w;
      if (this.df[term]! <= common) shared++;
    }
    const cosine = dot / Math.sqrt(normA * normB || 1);
    const apart = a.day !== null && b.day !== null && Math.abs(a.day - b.day) > THRESHOLDS.days;
    const sameLink = a.briefing !== b.briefing && a.links.some((link) => b.links.includes(link) && this.linkDf[link]! <= 4);
    if (sameLink && cosine >= THRESHOLDS.withLink) return Math.max(cosine, 0.5);
    // Different main names (xAI's round and Anthropic's, DeepSeek's model and Moonshot's) are
    // different news however alike the words around them.
    // (The main name of each: neither named by the other, nor among the other's words.)
    const inB = new Set<number>();
    for (let k = b.at; k < b.at + b.terms; k++) inB.add(terms[k]!);
    const otherActors =
      a.names.length > 0 &&
      b.names.length > 0 &&
      !inB.has(a.names[0]!) &&
      !weightOf.has(b.names[0]!) &&
      !b.names.includes(a.names[0]!) &&
      !a.names.includes(b.names[0]!);
    if (otherActors && cosine < THRESHOLDS.apart) return 0;
    if (apart ? cosine < THRESHOLDS.apart : cosine < THRESHOLDS.cosine) return 0;
    return shared >= THRESHOLDS.shared ? cosine : 0;
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

function dayNumber(iso: string): number | null {
  const date = parseISO(iso);
  return Number.isNaN(date.getTime()) ? null : differenceInCalendarDays(date, new Date(0));
}
