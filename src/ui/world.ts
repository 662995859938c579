import { stampAt } from '../library/cache';
import { needsRead, storyIds } from '../library/full';
import { fullBriefing, fullStory, readBriefing, type Library } from '../library/load';
import type { RelatedIndex } from '../library/related';
import { buildSkim, type Skim } from '../library/skim';
import { SearchIndex } from '../library/search';
import type { Briefing, BriefingHead, Story } from '../model/types';
import type { Screen } from './keymap';
import {
  helpPage,
  layoutBriefing,
  layoutSkim,
  withAlsoIn,
  type AlsoIn,
  layoutGradually,
  layoutParts,
  layoutStory,
  type Row,
  type StoryLayout,
} from './layout';

/** Past this many characters a story is laid out in slices (an 8 MB story took 0.47 s at once). */
const GRADUAL_CHARS = 200_000;

function textLength(story: Story): number {
  let length = story.summary?.length ?? 0;
  for (const text of story.body) length += text.length;
  for (const part of story.extras) for (const text of part.paragraphs) length += text.length;
  for (const text of story.quotes) length += text.length;
  return length;
}

/** A story by ids: what the reader's state holds instead of indexes, so it cannot drift. */
export interface StoryRef {
  briefing: string;
  story: string;
}

export interface ReadMarks {
  /** Set while changes could not be written and wait in memory. */
  readonly error?: string | null;
  isRead(id: string): boolean;
  isStarred(id: string): boolean;
  ids(key: 'read' | 'starred'): ReadonlySet<string>;
}

/**
 * What the reducer and the screens may ask about the library and its marks. Answers that cost
 * something (layouts, counts, the starred list, search) are kept until the library or the
 * marks change (`version`). Reading a briefing whole goes to its file, once, behind this.
 */
export class World {
  /** Bumped whenever marks change, so kept answers that depend on them are worked out again. */
  version = 0;
  private index: Map<string, number> | undefined;
  private scans = 0;
  private readonly layouts = new Map<string, StoryLayout>();
  private readonly briefingLayouts = new Map<string, Row[]>();
  private readonly alsoInLayouts = new Map<string, { version: string; layout: StoryLayout }>();
  private relatedVersion = 0;
  private kept: { version: number; starred: StoryRef[] } | null = null;
  /**
   * The unread count, once known: from the snapshot's counts at start (see run.tsx), or counted,
   * then kept by each of our own marks' difference. At 100,000 briefings counting reads every
   * head, which the first frame must not wait for; marks from elsewhere make it count again.
   */
  private unread: number | null = null;
  /** Set while the files are still being checked against the snapshot the screen was drawn from. */
  checking = false;
  private searchIndex: SearchIndex | null = null;
  private lastSearch: { query: string; progress: number; hits: StoryRef[] } | null = null;

  constructor(
    readonly library: Library,
    readonly marks: ReadMarks,
    /** Related coverage, built between keystrokes (see `buildRelated`); absent in tests that do not need it. */
    private readonly relatedIndex: RelatedIndex | null = null,
    /** Where the library's text index is kept; null keeps it in memory (tests, DIGEST_NO_CACHE). */
    private readonly searchAt: string | null = null,
  ) {}

  /** Lets go of what the world holds open (the text index), once another world has taken its place. */
  close(): void {
    this.searchIndex?.close();
  }

  /** Builds related coverage for about `budgetMs`; returns whether more is left. */
  buildRelated(budgetMs: number): boolean {
    if (!this.relatedIndex || this.relatedIndex.done) return false;
    const more = this.relatedIndex.step(budgetMs);
    // Links found change the markers and the "Also in" of what is on screen (not the counts).
    this.relatedVersion++;
    this.briefingLayouts.clear();
    return more;
  }

  get relatedPending(): boolean {
    return !!this.relatedIndex && !this.relatedIndex.done;
  }

  /** Stories about the same news as this one (across briefings and within one), newest briefing first. */
  related(story: string): StoryRef[] {
    if (!this.relatedIndex) return [];
    return this.relatedIndex.related(story).map(({ briefing, story: id }) => ({ briefing: briefing.id, story: id }));
  }

  /** The morning skim: what arrived since `since` (ms) or, when nothing did, the newest unread, by news. */
  skim(since: number | null): Skim {
    const related = this.relatedIndex;
    return buildSkim(this.library, since, {
      isRead: (id) => this.marks.isRead(id),
      related: (id) => related?.related(id) ?? [],
      whole: fullBriefing,
    });
  }

  /** The skim's rows for a width; read news is drawn as read, so they are made again when marks change. */
  skimRows(skim: Skim, width: number): Row[] {
    const key = `${width}:${this.version}`;
    if (this.keptSkim?.skim !== skim || this.keptSkim.key !== key)
      this.keptSkim = { skim, key, rows: layoutSkim(skim, width, (id) => this.marks.isRead(id)) };
    return this.keptSkim.rows;
  }

  private keptSkim: { skim: Skim; key: string; rows: Row[] } | undefined;

  /**
   * Whether a briefing arrived since `since` (ms): "new since your last visit". `at`, its place
   * in the library when the caller knows it, saves looking it up: a first frame's rows looked up
   * one by one made the map of every id, 23 ms of the first frame at 100,000 briefings.
   */
  isNew(briefing: BriefingHead, since: number | null, at = -1): boolean {
    if (since === null) return false;
    const i = this.library.briefings[at] === briefing ? at : this.indexOf(briefing.id);
    return (this.library.arrivals[i] ?? 0) > since;
  }

  private fresh: { since: number | null; count: number } | undefined;

  /** How many briefings arrived since `since`. */
  newCount(since: number | null): number {
    if (this.fresh?.since !== since) {
      let count = 0;
      // Indexed, not for-of: it runs once, in the first frame, before it is ever optimised, and
      // the iterator made the count of 100,000 arrivals take 10 ms there.
      const { arrivals } = this.library;
      if (since !== null) for (let i = 0; i < arrivals.length; i++) if (arrivals[i]! > since) count++;
      this.fresh = { since, count };
    }
    return this.fresh.count;
  }

  /** An unread story whose news was read already, in another story (in another briefing, or another section of this one). */
  covered(story: string): boolean {
    if (!this.relatedIndex || this.marks.isRead(story)) return false;
    return this.relatedIndex.related(story).some(({ story: id }) => this.marks.isRead(id));
  }

  /** The "Also in" list of a story: each related story with its briefing's title and date. */
  alsoIn(story: string): AlsoIn[] {
    return this.related(story).flatMap((ref) => {
      const head = this.head(ref.briefing);
      const title = head?.stories.find((s) => s.id === ref.story)?.title;
      return head && title !== undefined ? [{ ref, title, briefing: head.title, date: head.date, read: this.marks.isRead(ref.story) }] : [];
    });
  }

  get briefings(): readonly BriefingHead[] {
    return this.library.briefings;
  }

  /**
   * The marks changed: markers and the starred list are worked out again, and the unread count
   * moves by `unreadDelta` when the change was ours (and counted), else is counted again.
   */
  touch(unreadDelta?: number): void {
    this.version++;
    this.briefingLayouts.clear();
    this.unread = unreadDelta === undefined || this.unread === null ? null : this.unread + unreadDelta;
  }

  /** Takes the unread count as known (the snapshot's, for the marks it was counted with). */
  knowUnread(count: number): void {
    this.unread = count;
  }

  indexOf(briefing: string | null): number {
    if (briefing === null) return -1;
    // A library read from its snapshot finds its briefings without asking every head for its id.
    if (this.library.indexOf) return this.library.indexOf(briefing);
    if (!this.index) {
      // A first frame looks up a handful of briefings: those lookups scan the ids, and a map is
      // made only after (at 100,000 briefings it takes 20 ms; a scan, well under 1 ms).
      if (this.scans++ < 16) return this.library.briefings.findIndex((head) => head.id === briefing);
      this.index = new Map();
      this.library.briefings.forEach((head, i) => this.index!.set(head.id, i));
    }
    return this.index.get(briefing) ?? -1;
  }

  head(briefing: string | null): BriefingHead | undefined {
    const i = this.indexOf(briefing);
    return i < 0 ? undefined : this.library.briefings[i];
  }

  whole(briefing: string | null): Briefing | undefined {
    const head = this.head(briefing);
    return head && fullBriefing(head);
  }

  /** The story whole, with its whole briefing; undefined when either is not in the library. */
  story(ref: StoryRef | null): { briefing: Briefing; story: Story } | undefined {
    const head = ref ? this.head(ref.briefing) : undefined;
    const story = head?.stories.find((s) => s.id === ref!.story);
    return head && story ? fullStory(head, story) : undefined;
  }

  has(ref: StoryRef | null): boolean {
    const head = ref ? this.head(ref.briefing) : undefined;
    return !!head && storyIds(head).includes(ref!.story);
  }

  isRead(id: string): boolean {
    return this.marks.isRead(id);
  }

  isStarred(id: string): boolean {
    return this.marks.isStarred(id);
  }

  unreadTotal(): number {
    if (this.unread === null) {
      // Whole-library questions take the marks as one set: at 10,000 briefings, asking story
      // by story cost 100 ms at start and on every mark.
      const read = this.marks.ids('read');
      let unread = 0;
      for (const briefing of this.library.briefings) for (const id of storyIds(briefing)) if (!read.has(id)) unread++;
      this.unread = unread;
    }
    return this.unread;
  }

  /** The unread count if it is known without counting (for the counts written at quit). */
  get knownUnread(): number | null {
    return this.unread;
  }

  unreadIn(briefing: BriefingHead): number {
    let unread = 0;
    for (const id of storyIds(briefing)) if (!this.marks.isRead(id)) unread++;
    return unread;
  }

  starred(): readonly StoryRef[] {
    if (this.kept?.version !== this.version) {
      const starredIds = this.marks.ids('starred');
      const starred: StoryRef[] = [];
      if (starredIds.size > 0)
        for (const briefing of this.library.briefings)
          for (const id of storyIds(briefing)) if (starredIds.has(id)) starred.push({ briefing: briefing.id, story: id });
      this.kept = { version: this.version, starred };
    }
    return this.kept.starred;
  }

  /** A story laid out for a width; laid out once per width (a 400 KB story takes a while). */
  storyLayout(ref: StoryRef | null, width: number): StoryLayout {
    const base = this.baseLayout(ref, width);
    if (!ref || !this.relatedIndex || base.progress < 1) return base;
    // "Also in" goes under the story once it is laid out whole; it changes as links are found and stories read.
    const key = `${ref.briefing}:${ref.story}:${width}`;
    const version = `${this.relatedVersion}:${this.version}`;
    const kept = this.alsoInLayouts.get(key);
    if (kept?.version === version) return kept.layout;
    if (this.alsoInLayouts.size > 16) this.alsoInLayouts.clear();
    const layout = withAlsoIn(base, this.alsoIn(ref.story), width);
    this.alsoInLayouts.set(key, { version, layout });
    return layout;
  }

  private baseLayout(ref: StoryRef | null, width: number): StoryLayout {
    const empty: StoryLayout = { rows: [], anchors: [], sourceRows: [], sourceIndex: [], progress: 1 };
    if (!ref) return empty;
    const key = `${ref.briefing}:${ref.story}:${width}`;
    let layout = this.layouts.get(key);
    if (!layout) {
      const found = this.story(ref);
      if (!found) return empty;
      if (this.layouts.size > 64) {
        this.layouts.clear();
        this.laying.clear();
      }
      // A story of megabytes is laid out a slice at a time (see layOut): its first screen at
      // once, the rest between keystrokes, so Esc and Ctrl-C are never kept waiting.
      if (textLength(found.story) > GRADUAL_CHARS) {
        const gradual = layoutGradually(found.briefing, found.story, width);
        if (gradual.step(20)) this.laying.set(key, gradual);
        layout = gradual.layout;
      } else layout = layoutStory(found.briefing, found.story, width);
      this.layouts.set(key, layout);
    }
    return layout;
  }

  private readonly laying = new Map<string, { step(budgetMs: number): boolean }>();

  /** Whether a long story is still being laid out. */
  get layingOut(): boolean {
    return this.laying.size > 0;
  }

  /** Lays out long stories for about `budgetMs`; returns whether more is left. */
  layOut(budgetMs: number): boolean {
    for (const [key, gradual] of this.laying) {
      if (!gradual.step(budgetMs)) this.laying.delete(key);
      break;
    }
    return this.laying.size > 0;
  }

  /** The briefing screen's rows: highlights, then the stories shown (all, or those in `only`). */
  briefingRows(briefing: string | null, width: number, only: ReadonlySet<string> | null): Row[] {
    const whole = this.whole(briefing);
    if (!whole) return [];
    const key = `${whole.id}:${width}:${only ? 'some' : 'all'}`;
    let rows = this.briefingLayouts.get(key);
    if (!rows) {
      if (this.briefingLayouts.size > 16) this.briefingLayouts.clear();
      rows = layoutBriefing(
        whole,
        width,
        (id) => this.marks.isRead(id),
        (id) => this.marks.isStarred(id),
        only ? (story) => only.has(story.id) : undefined,
        (id) => this.covered(id),
      );
      this.briefingLayouts.set(key, rows);
    }
    return rows;
  }

  /** A page over the screen: the help for `screen`, or the briefing's own parts. */
  pageRows(what: 'help' | 'parts', screen: Screen, briefing: string | null, columns: number): Row[] {
    if (what === 'help') return helpPage(screen, columns - 4);
    const whole = this.whole(briefing);
    return whole ? layoutParts(whole, columns - 4) : [];
  }

  private get search(): SearchIndex {
    this.searchIndex ??= new SearchIndex(
      this.library.briefings,
      (b) => stampAt(this.library, b),
      readBriefing,
      this.searchAt,
      this.library.generation,
    );
    return this.searchIndex;
  }

  /** Stories matching a query, from what has been read so far (see `readForSearch`). */
  searchHits(query: string): readonly StoryRef[] {
    const progress = this.search.progress;
    if (this.lastSearch?.query !== query || this.lastSearch.progress !== progress) {
      const hits = this.search.search(query, 200).map((hit) => {
        const briefing = this.library.briefings[hit.b]!;
        return { briefing: briefing.id, story: briefing.stories[hit.s]!.id };
      });
      this.lastSearch = { query, progress, hits };
    }
    return this.lastSearch.hits;
  }

  /** Briefings whose text search results wait for, read in the background (see the store). */
  private readonly resultReads = new Set<string>();
  /** Those read so: not waited for again (a screen of results from more briefings than are kept whole). */
  private readonly resultsRead = new Set<string>();
  /** Told when results start waiting for a read: the store then does it. */
  onWork: (() => void) | null = null;

  /**
   * Whether a result's text is not read yet, and is to be read in the background: the first
   * results are drawn from titles at once, and their text comes in the next frames. Reading and
   * parsing a screenful of briefings for their snippets was most of a search's first key.
   */
  private waitsForRead(ref: StoryRef): boolean {
    if (this.resultsRead.has(ref.briefing)) return false;
    const head = this.head(ref.briefing);
    if (!head || !needsRead(head)) return false;
    this.resultReads.add(ref.briefing);
    this.onWork?.();
    return true;
  }

  get readingForResults(): boolean {
    return this.resultReads.size > 0;
  }

  /** Reads what search results wait for, for about `budgetMs`; returns whether more is left. */
  readForResults(budgetMs: number): boolean {
    const until = performance.now() + budgetMs;
    for (const briefing of this.resultReads) {
      this.resultReads.delete(briefing);
      this.resultsRead.add(briefing);
      const head = this.head(briefing);
      if (head) fullBriefing(head);
      if (performance.now() >= until) break;
    }
    return this.resultReads.size > 0;
  }

  /**
   * Where a story matches a query: the text around the first match of its first word, as
   * (before, match, after), from the summary, body, takeaways, quotes and parts, in that order.
   * Null when only the title matches; undefined while its text is still to be read.
   */
  snippet(ref: StoryRef, query: string, width: number): { before: string; match: string; after: string } | null | undefined {
    if (this.waitsForRead(ref)) return undefined;
    const term = query.trim().split(/\s+/)[0]?.toLowerCase();
    const story = this.story(ref)?.story;
    if (!term || !story) return null;
    const texts = [
      story.summary ?? '',
      ...story.body,
      ...story.takeaways,
      ...story.quotes,
      ...story.extras.flatMap((part) => part.paragraphs),
    ];
    for (const text of texts) {
      const at = text.toLowerCase().indexOf(term);
      if (at < 0) continue;
      // Some words of context before the match, the rest of the line after it.
      const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, at - Math.floor(width / 3))) + 1);
      return {
        before: `${from > 0 ? '…' : ''}${text.slice(from, at)}`,
        match: text.slice(at, at + term.length),
        after: text.slice(at + term.length, at + term.length + width),
      };
    }
    return null;
  }

  /** Reads the library's text for search for about `budgetMs`; returns whether more is left. */
  readForSearch(budgetMs: number): boolean {
    return this.search.step(budgetMs);
  }

  /** Whether some of the library's text is not in the search index yet (true until search has looked). */
  get searchPending(): boolean {
    return !this.searchIndex || !this.searchIndex.done;
  }

  get searchProgress(): number {
    return this.searchIndex?.progress ?? 0;
  }
}
