import type { Library } from '../library/load';
import type { LibraryCheck } from '../library/check';
import { loadParser, parserLoaded } from '../library/parser';
import type { RelatedIndex } from '../library/related';
import { reduce, type Effect, type ReaderEvent } from './reducer';
import type { ExitResult, MarkChange, ReaderState } from './state';
import { World, type ReadMarks } from './world';

function soon(run: () => void): { cancel(): void } {
  const immediate = setImmediate(run);
  return { cancel: () => clearImmediate(immediate) };
}

/** How long after the last key background work that nobody is waiting for may start. */
const IDLE_MS = 300;
/** How long after the last key the check of the files against the snapshot goes on (see `background`). */
const CHECK_IDLE_MS = 100;

/** What effects need from outside: the marks journal, the browser, the clipboard, the process. */
export interface Services {
  /** The marks; `error` says why changes are waiting unsaved (they are retried on every refresh). */
  marks: ReadMarks & { setMany(changes: MarkChange[]): number; refresh(): boolean; readonly error: string | null };
  openUrl(url: string): Promise<void>;
  copy(text: string): void;
  suspend(): void;
  exit(result: ExitResult): void;
  /** Related coverage for a library, built between keystrokes; none in tests that do not need it. */
  related?: (library: Library) => RelatedIndex;
  /**
   * When the first frame was drawn from the library's snapshot: the files checked against it,
   * a few dozen at a time between keystrokes (load.ts `loading`), ending in the library as it is.
   */
  check?: LibraryCheck;
  /** Told once the check is over (or at once without one), with the library as it now is. */
  checked?: (library: Library) => void;
  /** Where the library's text index is kept (search.ts); none keeps it in memory. */
  searchAt?: string | null;
  /** The unread count the snapshot's library had with the marks as they are now; null when unknown. */
  unread?: (library: Library) => number | null;
}

export interface Snapshot {
  state: ReaderState;
  world: World;
  /** Changes whenever marks or search progress change what is drawn, though the state did not. */
  version: number;
}

/**
 * Holds the reader's state outside React: events go through the reducer one at a time, in
 * order, the moment they arrive, and the effects it returns are run here. React only draws
 * snapshots; nothing is written during a render.
 */
export class ReaderStore {
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Background work waiting to run: how to call it off. */
  private workTimer: { cancel(): void; idle?: true } | null = null;
  private version = 0;
  private exited = false;

  /** `state` may be worked out from the store's own world (a restored position, settled in it). */
  constructor(
    state: ReaderState | ((world: World) => ReaderState),
    library: Library,
    private readonly services: Services,
  ) {
    this.check = services.check ?? null;
    const world = this.worldOf(library);
    this.snapshot = { state: typeof state === 'function' ? state(world) : state, world, version: 0 };
    // A restored position may open a long story: its layout goes on in the background too.
    this.background();
  }

  private worldOf(library: Library): World {
    const world = new World(library, this.services.marks, this.services.related?.(library) ?? null, this.services.searchAt ?? null);
    const unread = this.services.unread?.(library);
    if (unread != null) world.knowUnread(unread);
    world.checking = this.check !== null;
    // Search results drawn from titles wait for their text: read it in the background (called while drawing: it only schedules).
    world.onWork = () => this.background();
    return world;
  }

  private check: LibraryCheck | null;
  /** Whether the library was replaced during this session: an undone mark may be of a story no longer in it. */
  private replaced = false;

  /** Whether the files are still being checked against the snapshot the screen came from. */
  get checking(): boolean {
    return this.check !== null;
  }

  /** The check still to finish, for the next session (after `|`) to go on with. */
  get pendingCheck(): LibraryCheck | null {
    return this.check;
  }

  /** Checks files for about `budgetMs`; at the end a library that changed replaces the one drawn. Returns whether more is left. */
  private stepCheck(budgetMs: number): boolean {
    if (!this.check) return false;
    const found = this.check.step(budgetMs);
    if (!found) return true;
    this.check = null;
    const shown = this.world.library;
    this.world.checking = false;
    if (found.briefings === shown.briefings) {
      // Nothing changed but what the walk found beside the briefings (folders made since, files it skipped).
      shown.folders = found.folders;
      shown.skipped = found.skipped;
      this.services.checked?.(shown);
      this.publish(true);
      return false;
    }
    // New files, not changed ones (a retitled briefing has a new id, but is no arrival).
    const known = new Set(shown.briefings.map((briefing) => briefing.path));
    const added = found.briefings.filter((briefing) => !known.has(briefing.path)).length;
    this.services.checked?.(found);
    this.replaceLibrary(found, added > 0 ? `${added} new briefing${added === 1 ? '' : 's'} since the last start` : null);
    return false;
  }

  get state(): ReaderState {
    return this.snapshot.state;
  }

  get world(): World {
    return this.snapshot.world;
  }

  getSnapshot = (): Snapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch = (event: ReaderEvent): void => {
    if (event.type === 'key' || event.type === 'paste') {
      this.lastKey = performance.now();
      // Work waiting for the keys to stop is looked at again: the key may have started a search.
      if (this.workTimer?.idle) {
        this.workTimer.cancel();
        this.workTimer = null;
      }
    }
    this.apply(event);
    this.background();
  };

  /** When the last key came: related coverage waits while keys keep coming. */
  private lastKey = -Infinity;

  private apply(event: ReaderEvent): void {
    // After an exit, keys still in the same chunk are not judged against a reader that has gone.
    if (this.exited) return;
    const { state, effects } = reduce(this.snapshot.state, event, this.snapshot.world);
    this.snapshot = { ...this.snapshot, state };
    for (const effect of effects) this.run(effect);
    this.publish();
  }

  /** The library was read again: a new world, and the reader finds its place in it. */
  replaceLibrary(library: Library, note: string | null): void {
    this.replaced = true;
    const before = this.world.briefings;
    this.world.close();
    this.snapshot = { ...this.snapshot, world: this.worldOf(library) };
    this.dispatch({ type: 'library', before, note });
  }

  /** Picks up marks other instances wrote; redraws when there were any. */
  refreshMarks(): void {
    if (this.services.marks.refresh()) this.marksChanged();
    this.noteSaving();
  }

  private unsaved: string | null = null;

  /** Says once when marks could not be written (they stay in memory and are retried), and once when they are saved after all. */
  private noteSaving(): void {
    const error = this.services.marks.error;
    if (error === this.unsaved) return;
    const was = this.unsaved;
    this.unsaved = error;
    // The reason, without the path, fits a status line; the path is said on stderr at exit if it still fails.
    if (error) this.apply({ type: 'say', message: `Marks not saved (${error.slice(error.lastIndexOf(': ') + 2)}); kept, retrying` });
    else if (was) this.apply({ type: 'say', message: 'Marks saved' });
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.workTimer?.cancel();
    this.workTimer = null;
    this.world.close();
  }

  private marksChanged(): void {
    this.world.touch();
    this.publish(true);
  }

  private publish(redraw = false): void {
    if (redraw) this.snapshot = { ...this.snapshot, version: ++this.version };
    for (const listener of this.listeners) listener();
  }

  private run(effect: Effect): void {
    switch (effect.kind) {
      case 'mark': {
        // Our own changes move the unread count by their difference: counting again reads every head.
        let delta = 0;
        const now = new Map<string, boolean>();
        for (const change of effect.changes) {
          if (change.key !== 'read') continue;
          const was = now.get(change.id) ?? this.services.marks.isRead(change.id);
          if (was !== change.value) delta += change.value ? -1 : 1;
          now.set(change.id, change.value);
        }
        this.services.marks.setMany(effect.changes);
        // An undo may restore a mark made before the library changed, of a story it no longer has: counted afresh.
        this.world.touch(effect.undo && this.replaced ? undefined : delta);
        this.snapshot = { ...this.snapshot, version: ++this.version };
        this.noteSaving();
        return;
      }
      case 'open':
        this.services
          .openUrl(effect.url)
          .catch((error: Error) => this.dispatch({ type: 'say', message: `Could not open the URL: ${error.message}` }));
        return;
      case 'copy':
        this.services.copy(effect.text);
        return;
      case 'suspend':
        this.services.suspend();
        return;
      case 'exit':
        this.exited = true;
        this.dispose();
        this.services.exit(effect.result);
        return;
      case 'later': {
        const key = effect.event.type;
        const waiting = this.timers.get(key);
        if (waiting) clearTimeout(waiting);
        this.timers.set(
          key,
          setTimeout(() => {
            this.timers.delete(key);
            this.dispatch(effect.event);
          }, effect.ms),
        );
        return;
      }
    }
  }

  /**
   * Work done between keystrokes, in 30 ms slices with the keyboard read between them: the
   * library's text for an open search (so typing never waits for 10,000 files), and the rest of
   * a story of megabytes being laid out. What it adds is drawn a few times a second.
   */
  private background(): void {
    // Every piece of it may parse a file: none before the parsers are in (they load after the first frame).
    if (!parserLoaded()) {
      void loadParser().then(() => this.background());
      return;
    }
    const searching = () => this.state.screen === 'search' && this.world.searchProgress < 1;
    if (
      this.workTimer ||
      (!this.check &&
        !searching() &&
        !this.world.readingForResults &&
        !this.world.layingOut &&
        !this.world.relatedPending &&
        !this.world.searchPending)
    )
      return;
    let shown = performance.now();
    const slice = () => {
      this.workTimer = null;
      if (this.exited) return;
      const sinceKey = performance.now() - this.lastKey;
      let more = false;
      let worked = false;
      // Work that waits for the keys to stop: how much longer, when some is waiting.
      let wait = 0;
      // Search results' text first: the user is looking at them.
      if (this.world.readingForResults) {
        more = this.world.readForResults(20) || more;
        worked = true;
      }
      // The check of the files comes next; until it ends the screen may be out of date. But keys
      // come before it: it runs once they pause (at 100,000 briefings it takes about a second, and
      // in slices between keys it doubled j's median, 11 ms to 20 ms).
      if (this.check) {
        if (sinceKey < CHECK_IDLE_MS) wait = CHECK_IDLE_MS - sinceKey;
        else {
          more = this.stepCheck(8);
          worked = true;
          // A library that changed was put in place, and that scheduled work of its own.
          if (this.workTimer) return;
        }
      }
      if (this.world.layingOut) {
        more = this.world.layOut(30) || more;
        worked = true;
      }
      if (searching()) {
        more = this.world.readForSearch(30) || more;
        worked = true;
      }
      // Related coverage last, in shorter slices, and only once keys have stopped for a moment:
      // what the reader is waiting for (a search, a long story) comes first, and typing never
      // waits for it (with it in 12 ms slices between keys, j's p95 at 10,000 briefings was 33 ms).
      // (Not before the check is over: a library that changed would make it start again.)
      else if (!more && !this.check && this.world.relatedPending) {
        if (sinceKey < IDLE_MS) wait = IDLE_MS - sinceKey;
        else {
          more = this.world.buildRelated(12) || this.world.relatedPending;
          worked = true;
        }
      }
      // Last of all, the same way: the text index, so the first search of the day answers at once.
      else if (!more && !this.check && this.world.searchPending) {
        if (sinceKey < IDLE_MS) wait = IDLE_MS - sinceKey;
        else more = this.world.readForSearch(12);
      }
      if (worked && (!more || performance.now() - shown > 150)) {
        shown = performance.now();
        // New results or rows: the cursor settles on them, and they are drawn.
        this.snapshot = { ...this.snapshot, version: ++this.version };
        this.apply({ type: 'refresh' });
      }
      if (more) this.workTimer = soon(slice);
      else if (wait > 0) {
        const timer = setTimeout(slice, wait);
        this.workTimer = { cancel: () => clearTimeout(timer), idle: true };
      }
    };
    this.workTimer = soon(slice);
  }
}
