import { statSync } from 'node:fs';
import { reasonOf } from '../model/errors';
import { Journal } from './journal';
import { nextStamp, wins, type Mark, type MarkKey, type Stamp } from './marks-format';

export type { MarkKey } from './marks-format';

export interface MarkChange {
  id: string;
  key: MarkKey;
  value: boolean;
}

export interface MarkSources {
  /** The journal this process appends to (and compacts). */
  own: string;
  /** Journals only read: other devices' in a sync folder, their sync tools' conflict copies, an older local journal. */
  others?: () => string[];
}

/**
 * Read and star marks: the latest change wins per story and key, across every journal read.
 * A mark costs one small append, never a rewrite; two processes append to the same journal and
 * pick up each other's lines; devices that share a sync folder each append to their own file
 * and read all of them, and end with the same marks whatever order the files arrive in.
 *
 * A change that cannot be written (full disk, read-only folder) stays in memory, `error` says
 * why, and every later change and refresh tries again; nothing the user did is dropped.
 */
export class MarkStore {
  private readonly own: Journal;
  private others: Journal[] = [];
  /** Winning stamps of appended lines; compacted marks stay in the journals' sorted blocks. */
  private readonly marks = new Map<string, Partial<Record<MarkKey, Stamp>>>();
  /** What ids() answered, kept current by every change, dropped when the journals are read anew. */
  private marked: Partial<Record<MarkKey, Set<string>>> = {};
  private pending: Mark[] = [];
  /** Set when a journal held lines that could not be read; they were kept aside. */
  warning: string | null = null;
  /** Why the last write failed, while changes wait unsaved; null once they are on disk. */
  error: string | null = null;

  private constructor(private readonly sources: Required<MarkSources>) {
    this.own = new Journal(sources.own);
  }

  /** Opens the journals; a missing file is an empty one, a damaged own journal is backed up and mended. */
  static open(file: string | MarkSources): MarkStore {
    const sources = typeof file === 'string' ? { own: file } : file;
    const store = new MarkStore({ others: () => [], ...sources });
    store.reload(true);
    return store;
  }

  get file(): string {
    return this.own.path;
  }

  /**
   * Names the marks as they are on disk: each journal's size, modification time and inode. A
   * count worked out for these marks holds while this stays the same; any append, compaction
   * or journal from another device changes it.
   */
  fingerprint(): string {
    const journals = this.journals().map((journal) => {
      try {
        const stat = statSync(journal.path);
        return `${journal.path}:${stat.size}:${stat.mtimeMs}:${stat.ino}`;
      } catch {
        return `${journal.path}:none`;
      }
    });
    return `${journals.join('|')}${this.pending.length > 0 ? '|unsaved' : ''}`;
  }

  private journals(): Journal[] {
    return [this.own, ...this.others];
  }

  /** The best stamp among the journals' sorted blocks. */
  private blockStamp(id: string, key: MarkKey): Stamp | undefined {
    let best: Stamp | undefined;
    for (const journal of this.journals()) {
      const stamp = journal.sorted?.stamp(id, key);
      if (stamp && wins(best, stamp)) best = stamp;
    }
    return best;
  }

  private stamp(id: string, key: MarkKey): Stamp | undefined {
    return this.marks.get(id)?.[key] ?? this.blockStamp(id, key);
  }

  get(id: string, key: MarkKey): boolean {
    return this.stamp(id, key)?.value ?? false;
  }

  isRead(id: string): boolean {
    return this.get(id, 'read');
  }

  isStarred(id: string): boolean {
    return this.get(id, 'starred');
  }

  /**
   * Every id marked `key`, as one set: for questions about a whole library (how many unread,
   * which starred), far cheaper than asking story by story once thousands of marks are stored.
   * Built once, then kept current by each change.
   */
  ids(key: MarkKey): ReadonlySet<string> {
    let ids = this.marked[key];
    if (!ids) {
      const blocks = this.journals().filter((journal) => journal.sorted);
      if (blocks.length === 1) ids = new Set(blocks[0]!.sorted!.idsMarked(key));
      else {
        // Several compacted journals (a sync folder): an id counts where its best stamp is set.
        ids = new Set();
        for (const journal of blocks) for (const id of journal.sorted!.idsMarked(key)) if (this.blockStamp(id, key)?.value) ids.add(id);
      }
      // Appended lines beat the blocks (they were applied only when they did).
      for (const [id, entry] of this.marks) {
        const stamp = entry[key];
        if (stamp?.value) ids.add(id);
        else if (stamp) ids.delete(id);
      }
      this.marked[key] = ids;
    }
    return ids;
  }

  /** How many stories have a mark (counts every sorted line: for tests and figures, not for keypresses). */
  get size(): number {
    const ids = new Set(this.marks.keys());
    for (const journal of this.journals()) for (const entry of journal.sorted?.entries() ?? []) ids.add(entry.id);
    return ids.size;
  }

  /** Records a change; returns false when nothing changed. */
  set(id: string, key: MarkKey, value: boolean, now = Date.now()): boolean {
    return this.setMany([{ id, key, value }], now) > 0;
  }

  /**
   * Records changes that differ from the marks as they are; returns how many did. Each is
   * stamped after the mark it changes, then appended; when the append fails, `error` says why
   * and the changes wait in memory for the next try.
   */
  setMany(changes: readonly MarkChange[], now = Date.now()): number {
    const marks: Mark[] = [];
    for (const change of changes) {
      const current = this.stamp(change.id, change.key);
      if ((current?.value ?? false) === change.value) continue;
      const mark = { ...change, time: nextStamp(current, now) };
      this.apply(mark);
      marks.push(mark);
    }
    if (marks.length > 0) {
      this.pending.push(...marks);
      this.flush();
    }
    return marks.length;
  }

  /** Writes changes that are waiting; true when nothing is left unsaved. */
  flush(): boolean {
    if (this.pending.length === 0) return true;
    try {
      this.own.append(this.pending);
      this.pending = [];
      this.error = null;
      return true;
    } catch (error) {
      this.error = reasonOf(error);
      return false;
    }
  }

  /** How many changes are in memory only, waiting to be written. */
  get unsaved(): number {
    return this.pending.length;
  }

  /** Takes in what other processes and devices wrote since we last looked (and retries unsaved changes). Returns true when anything changed. */
  refresh(): boolean {
    this.flush();
    const before = this.snapshot();
    const known = new Set(this.others.map((journal) => journal.path));
    const found = this.sources.others();
    if (found.length !== known.size || found.some((path) => !known.has(path))) {
      this.reload(false);
      return before !== this.snapshot();
    }
    let changed = false;
    for (const journal of this.journals()) {
      const result = journal.read((mark) => (changed = this.apply(mark) || changed));
      if (result.replaced) {
        this.reload(false);
        return before !== this.snapshot();
      }
    }
    return changed;
  }

  /** Rewrites the own journal as one line per mark when it has grown mostly redundant. Never throws. */
  compactIfWorthIt(): void {
    // Our own appends count too: reading them back is what counts them.
    this.refresh();
    if (this.own.lines <= 1000 || this.pending.length > 0) return;
    try {
      if (this.own.compact()) this.reload(false);
    } catch {
      /* left as it was: still a valid journal */
    }
  }

  private snapshot(): string {
    const blocks = this.journals().map((journal) => journal.sorted?.count ?? 0);
    return `${blocks.join(',')}:${JSON.stringify([...this.marks])}`;
  }

  /** Applies a mark when it beats what is known; returns whether it did. */
  private apply(mark: Mark): boolean {
    const entry = this.marks.get(mark.id) ?? {};
    if (!wins(entry[mark.key] ?? this.blockStamp(mark.id, mark.key), mark)) return false;
    entry[mark.key] = { value: mark.value, time: mark.time };
    this.marks.set(mark.id, entry);
    if (mark.value) this.marked[mark.key]?.add(mark.id);
    else this.marked[mark.key]?.delete(mark.id);
    return true;
  }

  /** Reads every journal from the start; changes not yet written stay applied. */
  private reload(mend: boolean): void {
    this.marks.clear();
    this.marked = {};
    this.others = this.sources.others().map((path) => new Journal(path));
    // Blocks first, so appended lines are weighed against every block.
    const lines: Mark[] = [];
    let bad = 0;
    for (const journal of this.journals()) {
      journal.reset();
      const result = journal.read((mark) => lines.push(mark));
      if (journal === this.own) bad = result.bad;
    }
    for (const mark of lines) this.apply(mark);
    for (const mark of this.pending) this.apply(mark);
    if (mend && bad > 0) this.mend(bad);
  }

  private mend(bad: number): void {
    try {
      const backup = this.own.mend();
      this.warning = `${bad} unreadable line${bad === 1 ? '' : 's'} in ${this.own.path}; kept a copy at ${backup} and carried on with the rest`;
      this.reload(false);
    } catch (error) {
      this.warning = `read marks file ${this.own.path} is damaged and could not be mended (${reasonOf(error)})`;
    }
  }
}
