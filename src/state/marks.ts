import {
  closeSync,
  copyFileSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { dirname } from 'node:path';

export type MarkKey = 'read' | 'starred';
const CODE: Record<MarkKey, string> = { read: 'r', starred: 's' };
const KEY: Record<string, MarkKey> = { r: 'read', s: 'starred' };

import { SORTED_HEADER, SortedMarks, sortedHeader, type Stamp } from './sorted-marks';

/**
 * Read and star marks, persisted as an append-only journal of JSON lines
 * ({"i":id,"k":"r","v":1,"t":ms}). A mark costs one small append, never a rewrite; a kill -9
 * loses nothing the kernel already has; two instances append to the same file and pick up
 * each other's lines, the latest change winning per story and key. Compaction rewrites the
 * journal as a sorted block (searched in place, see SortedMarks) followed by new appends,
 * which alone are held in a Map.
 */
export class MarkStore {
  private marks = new Map<string, Partial<Record<MarkKey, Stamp>>>();
  private sorted: SortedMarks | null = null;
  /** What ids() answered, kept up to date by every change, dropped when the journal is read anew. */
  private marked: Partial<Record<MarkKey, Set<string>>> = {};
  private offset = 0;
  private inode = -1;
  private lines = 0;
  /** Set when the journal held lines that could not be read; they were kept aside. */
  warning: string | null = null;

  constructor(readonly file: string) {}

  /** Opens the journal; a missing file is an empty one, a damaged one is backed up and mended. */
  static open(file: string): MarkStore {
    const store = new MarkStore(file);
    store.reload();
    return store;
  }

  private stamp(id: string, key: MarkKey): Stamp | undefined {
    return this.marks.get(id)?.[key] ?? this.sorted?.stamp(id, key);
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
   * Built once, then kept current by each change, so a keypress that marks a story does not
   * rebuild it.
   */
  ids(key: MarkKey): ReadonlySet<string> {
    let ids = this.marked[key];
    if (!ids) {
      ids = new Set(this.sorted?.idsMarked(key));
      for (const [id, entry] of this.marks) {
        const stamp = entry[key];
        if (stamp) {
          if (stamp.value) ids.add(id);
          else ids.delete(id);
        }
      }
      this.marked[key] = ids;
    }
    return ids;
  }

  /** How many stories have a mark (counts every sorted line: for tests and figures, not for keypresses). */
  get size(): number {
    const ids = new Set(this.marks.keys());
    for (const entry of this.sorted?.entries() ?? []) ids.add(entry.id);
    return ids.size;
  }

  /** Records a change; returns false when nothing changed (no line written). */
  set(id: string, key: MarkKey, value: boolean, time = Date.now()): boolean {
    if (this.get(id, key) === value) return false;
    this.apply(id, key, value, time);
    this.append([{ id, key, value, time }]);
    return true;
  }

  setMany(changes: { id: string; key: MarkKey; value: boolean }[], time = Date.now()): number {
    const real = changes.filter((change) => this.get(change.id, change.key) !== change.value);
    for (const change of real) this.apply(change.id, change.key, change.value, time);
    if (real.length > 0) this.append(real.map((change) => ({ ...change, time })));
    return real.length;
  }

  /** Takes in what other instances appended since we last looked. Returns true when anything changed. */
  refresh(): boolean {
    let stat;
    try {
      stat = statSync(this.file);
    } catch {
      return false;
    }
    if (stat.ino !== this.inode || stat.size < this.offset) {
      const before = this.snapshot();
      this.reload();
      return before !== this.snapshot();
    }
    if (stat.size === this.offset) return false;
    return this.readFrom(this.offset) > 0;
  }

  /** Rewrites the journal as one line per mark when it has grown mostly redundant. */
  compactIfWorthIt(): void {
    if (this.lines > 1000) this.compact();
  }

  private snapshot(): string {
    return `${this.sorted?.count ?? 0}:${JSON.stringify([...this.marks])}`;
  }

  private apply(id: string, key: MarkKey, value: boolean, time: number): boolean {
    const entry = this.marks.get(id) ?? {};
    const current = entry[key] ?? this.sorted?.stamp(id, key);
    if (current && current.time > time) return false;
    entry[key] = { value, time };
    this.marks.set(id, entry);
    if (value) this.marked[key]?.add(id);
    else this.marked[key]?.delete(id);
    return true;
  }

  private append(changes: { id: string; key: MarkKey; value: boolean; time: number }[]): void {
    const text = changes.map((c) => `${JSON.stringify({ i: c.id, k: CODE[c.key], v: c.value ? 1 : 0, t: c.time })}\n`).join('');
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, text);
    this.lines += changes.length;
    // Our own lines are already applied; step over them unless another instance wrote in between.
    try {
      const stat = statSync(this.file);
      if (stat.ino === this.inode && stat.size === this.offset + Buffer.byteLength(text)) this.offset = stat.size;
      else if (this.inode === -1) {
        this.inode = stat.ino;
        this.offset = stat.size;
      }
    } catch {
      /* the next refresh rereads */
    }
  }

  private reload(): void {
    this.marks.clear();
    this.sorted = null;
    this.marked = {};
    this.offset = 0;
    this.lines = 0;
    this.inode = -1;
    const bad = this.readFrom(0, true);
    if (bad > 0) this.mend(bad);
  }

  /** Reads whole lines from `start`; returns lines applied, or (when counting) bad lines seen. */
  private readFrom(start: number, countBad = false): number {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return 0;
    }
    let applied = 0;
    let bad = 0;
    try {
      const stat = fstatSync(fd);
      this.inode = stat.ino;
      const size = stat.size - start;
      if (size <= 0) return 0;
      const buffer = Buffer.allocUnsafe(size);
      let read = 0;
      while (read < size) {
        const n = readSync(fd, buffer, read, size - read, start + read);
        if (n === 0) break;
        read += n;
      }
      // A line still being written by another instance has no newline yet: leave it for later.
      const end = buffer.lastIndexOf(10, read - 1);
      if (end < 0) return 0;
      // A compacted journal starts with its sorted block: it stays bytes, searched in place.
      let from = 0;
      const firstEnd = start === 0 ? buffer.indexOf(10) : -1;
      const header = firstEnd >= 0 && firstEnd < 80 ? SORTED_HEADER.exec(buffer.toString('latin1', 0, firstEnd)) : null;
      if (header) {
        this.sorted = new SortedMarks(
          buffer.subarray(firstEnd + 1, end + 1),
          Number(header[1]),
          header[2] === undefined ? undefined : Number(header[2]),
        );
        from = firstEnd + 1 + this.sorted.end;
      }
      const text = from < end ? buffer.toString('utf8', from, end) : '';
      this.offset = start + end + 1;
      for (const line of text.split('\n')) {
        if (line === '') continue;
        this.lines++;
        const mark = parseLine(line);
        if (!mark) bad++;
        else if (this.apply(mark.id, mark.key, mark.value, mark.time)) applied++;
      }
    } finally {
      closeSync(fd);
    }
    return countBad ? bad : applied;
  }

  /** Keeps the damaged journal aside and writes back what could be read. */
  private mend(bad: number): void {
    const backup = `${this.file}.corrupt-${Date.now()}`;
    try {
      copyFileSync(this.file, backup);
      this.compact();
      this.warning = `${bad} unreadable line${bad === 1 ? '' : 's'} in ${this.file}; kept a copy at ${backup} and carried on with the rest`;
    } catch (error) {
      this.warning = `read marks file ${this.file} is damaged and could not be mended (${(error as Error).message})`;
    }
  }

  private compact(): void {
    const lock = `${this.file}.lock`;
    let lockFd: number;
    try {
      lockFd = openSync(lock, 'wx');
    } catch {
      try {
        // A lock older than ten seconds belongs to an instance that died mid-compaction.
        if (Date.now() - statSync(lock).mtimeMs < 10_000) return;
        unlinkSync(lock);
        lockFd = openSync(lock, 'wx');
      } catch {
        return;
      }
    }
    try {
      this.readFrom(this.offset);
      // Every mark's latest stamp, sorted by id (read before starred), under a header.
      const latest = new Map<string, Partial<Record<MarkKey, Stamp>>>();
      for (const { id, key, stamp } of this.sorted?.entries() ?? []) latest.set(id, { ...latest.get(id), [key]: stamp });
      for (const [id, entry] of this.marks) {
        const merged = { ...latest.get(id) };
        for (const key of ['read', 'starred'] as const) {
          const stamp = entry[key];
          if (stamp && (!merged[key] || merged[key]!.time <= stamp.time)) merged[key] = stamp;
        }
        latest.set(id, merged);
      }
      const lines: string[] = [];
      for (const id of [...latest.keys()].sort()) {
        for (const key of ['read', 'starred'] as const) {
          const stamp = latest.get(id)![key];
          if (stamp) lines.push(JSON.stringify({ i: id, k: CODE[key], v: stamp.value ? 1 : 0, t: stamp.time }));
        }
      }
      const temporary = `${this.file}.${process.pid}.tmp`;
      const block = lines.map((line) => `${line}\n`).join('');
      writeFileSync(temporary, `${sortedHeader(lines.length, block.length)}\n${block}`);
      const old = openSync(this.file, 'r');
      try {
        renameSync(temporary, this.file);
        // Lines another instance appended between our last read and the rename: carry them over.
        const size = fstatSync(old).size;
        if (size > this.offset) {
          const rest = Buffer.alloc(size - this.offset);
          readSync(old, rest, 0, rest.length, this.offset);
          const whole = rest.subarray(0, rest.lastIndexOf(10) + 1);
          if (whole.length > 0) appendFileSync(this.file, whole);
        }
      } finally {
        closeSync(old);
      }
      this.marks.clear();
      this.sorted = null;
      this.marked = {};
      this.offset = 0;
      this.lines = 0;
      this.readFrom(0);
    } finally {
      closeSync(lockFd);
      try {
        unlinkSync(lock);
      } catch {
        /* already gone */
      }
    }
  }
}

function parseLine(line: string): { id: string; key: MarkKey; value: boolean; time: number } | null {
  try {
    const data = JSON.parse(line) as { i?: unknown; k?: unknown; v?: unknown; t?: unknown };
    const key = typeof data.k === 'string' ? KEY[data.k] : undefined;
    if (typeof data.i !== 'string' || !key || (data.v !== 0 && data.v !== 1) || typeof data.t !== 'number') return null;
    return { id: data.i, key, value: data.v === 1, time: data.t };
  } catch {
    return null;
  }
}
