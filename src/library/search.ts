import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Briefing, BriefingHead, Story } from '../model/types';
import { PARSER_VERSION } from '../parse/index';
import { cacheDir } from '../state/paths';
import { libraryKey } from './cache-files';
import type { LoadedFile } from './load';
import type { FileStamp } from './rows';

/** How long a search looks through titles not indexed yet. */
const TITLE_SCAN_MS = 40;

/** Bump when what the index holds changes. */
const INDEX_FORMAT = 1;

/** Where a library's text index lives: one file per library (the folders it was opened with) and parser version. */
export function searchFile(roots: readonly string[], dir = cacheDir()): string {
  return join(dir, `search-v${PARSER_VERSION}.${INDEX_FORMAT}-${libraryKey(roots)}.sqlite`);
}

/** Everything of a story that search looks in, but its title. */
function storyText(story: Story): string {
  return [
    story.section,
    story.summary,
    ...story.body,
    ...story.takeaways,
    ...story.quotes,
    ...story.extras.flatMap((p) => [p.heading, ...p.paragraphs]),
    ...story.sources.map((s) => `${s.title ?? ''} ${s.author ?? ''}`),
  ]
    .filter(Boolean)
    .join('\n');
}

/** A query as FTS5 wants it: every word, as the start of a word (quoted, so nothing in it is syntax). */
function matchExpression(query: string): string | null {
  const words = query.split(/\s+/).filter(Boolean);
  return words.length === 0 ? null : words.map((word) => `"${word.replace(/"/g, '""')}"*`).join(' AND ');
}

export interface Hit {
  b: number;
  s: number;
}

const same = (a: FileStamp, row: IndexedFile) => a.size === row[2] && a.mtimeMs === row[3] && a.ctimeMs === row[4] && a.ino === row[5];

/** A row of the files table: id, path, size, mtime, ctime, inode, first story rowid, story count. */
type IndexedFile = [id: number, path: string, size: number, mtime: number, ctime: number, ino: number, first: number, count: number];

/**
 * Full-text search over a library, on SQLite's FTS5 (better-sqlite3): each story's title and
 * text, by word and word start, ranked with titles first. The index is kept in the cache (one
 * file per library) and follows the library file by file: a file whose stamp changed has its
 * stories taken out and put in again, so a warm start searches everything at once, in
 * milliseconds at 100,000 briefings, with SQLite's own few MB of memory. Reading what is not
 * indexed yet is done a slice at a time (`step`) between keystrokes; until then titles are
 * found from the library's heads. Nothing in the index is ever shown: a hit is only a story's
 * place in its file.
 */
export class SearchIndex {
  private db: Database.Database | null = null;
  /** Briefings still to index, by their place in the library. */
  private pending: number[] = [];
  private total = 0;
  private started = false;
  /** Indexed files by first rowid, for turning hits into stories. */
  private firsts: number[] = [];
  private filePaths: string[] = [];
  private byPath: Map<string, number> | undefined;
  private titles: Map<number, string[]> | undefined;
  /** While another reader holds the index for writing: not tried again before this time. */
  private busyUntil = 0;

  constructor(
    private readonly briefings: readonly BriefingHead[],
    private readonly files: () => readonly LoadedFile[],
    /** A file's briefing, parsed (its stories in the order its head has them), or null. */
    private readonly read: (path: string) => Briefing | null,
    /** The index file; null keeps it in memory for this run only. */
    private file: string | null,
  ) {}

  get done(): boolean {
    return this.started && this.pending.length === 0;
  }

  /** Share of briefings indexed, 0 to 1. */
  get progress(): number {
    if (!this.started) return this.briefings.length === 0 ? 1 : 0;
    return this.total === 0 ? 1 : 1 - this.pending.length / this.total;
  }

  private open(): Database.Database {
    // Loaded when search first looks, not at every start (its addon and the module cost the first frame 10 ms).
    const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    const open = (file: string) => {
      const db = new Sqlite(file);
      db.pragma('journal_mode = WAL');
      // Another reader writing: wait a moment at most (this runs between keystrokes), then try later.
      db.pragma('busy_timeout = 20');
      db.exec(`CREATE TABLE IF NOT EXISTS files (id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, size REAL, mtime REAL, ctime REAL, ino REAL, first INTEGER, count INTEGER);
        CREATE VIRTUAL TABLE IF NOT EXISTS stories USING fts5(title, text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');`);
      return db;
    };
    if (this.file) {
      try {
        mkdirSync(dirname(this.file), { recursive: true });
        return open(this.file);
      } catch (error) {
        // A damaged or foreign file is made again; one in use or out of reach is left alone, and
        // this run's index lives in memory.
        const code = (error as { code?: string }).code;
        if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
          try {
            for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.file}${suffix}`, { force: true });
            return open(this.file);
          } catch {
            /* below */
          }
        }
      }
    }
    return open(':memory:');
  }

  /** Compares the index with the library: stories of changed and removed files go, and what is not indexed waits. */
  private start(): void {
    this.started = true;
    this.db = this.open();
    const files = this.files();
    const rows = this.db.prepare('SELECT id, path, size, mtime, ctime, ino, first, count FROM files').raw().all() as IndexedFile[];
    const indexed = new Map(rows.map((row) => [row[1], row]));
    const drop = this.db.prepare('DELETE FROM stories WHERE rowid >= ? AND rowid < ?');
    const dropFile = this.db.prepare('DELETE FROM files WHERE id = ?');
    const kept: IndexedFile[] = [];
    const keptIds = new Set<number>();
    this.db.transaction(() => {
      this.briefings.forEach((briefing, b) => {
        const row = indexed.get(briefing.path);
        const file = files[b];
        if (row && file && file.path === briefing.path && same(file.stamp, row) && !keptIds.has(row[0])) {
          kept.push(row);
          keptIds.add(row[0]);
        } else this.pending.push(b);
      });
      // Stories of files changed or gone are taken out, by their rowids.
      for (const row of rows) {
        if (keptIds.has(row[0])) continue;
        drop.run(row[6], row[6] + row[7]);
        dropFile.run(row[0]);
      }
    })();
    kept.sort((a, b) => a[6] - b[6]);
    this.firsts = kept.map((row) => row[6]);
    this.filePaths = kept.map((row) => row[1]);
    // Newest first, like the library.
    this.pending.reverse();
    this.total = this.briefings.length;
  }

  /** Indexes briefings for about `budgetMs`; returns whether anything is left. */
  step(budgetMs = 15): boolean {
    const until = performance.now() + budgetMs;
    if (!this.started) {
      try {
        this.start();
      } catch {
        // The kept index cannot be used now (held by another reader, say): this run indexes in memory.
        this.db?.close();
        this.pending = [];
        this.file = null;
        this.start();
      }
    }
    if (this.pending.length === 0 || performance.now() < this.busyUntil) return false;
    const db = this.db!;
    const insertFile = db.prepare(
      'INSERT OR REPLACE INTO files (path, size, mtime, ctime, ino, first, count) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertStory = db.prepare('INSERT INTO stories (rowid, title, text) VALUES (?, ?, ?)');
    const files = this.files();
    try {
      db.transaction(() => {
        let next = ((db.prepare('SELECT max(first + count) AS next FROM files').get() as { next: number | null }).next ?? 0) + 1;
        while (this.pending.length > 0) {
          const b = this.pending.at(-1)!;
          const path = this.briefings[b]!.path;
          const stamp = files[b]?.stamp;
          // Read from the file, not through the head: at 100,000 briefings, reading every head
          // on the way kept them all (the reader passed 450 MB while indexing).
          const stories = this.read(path)?.stories ?? [];
          // Stories in the file's order, which is the head's: a hit is a story's place in its briefing.
          stories.forEach((story, s) => insertStory.run(next + s, story.title, storyText(story)));
          if (stamp) insertFile.run(path, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, next, stories.length);
          this.firsts.push(next);
          this.filePaths.push(path);
          next += stories.length + 1;
          this.pending.pop();
          this.titles?.delete(b);
          if (performance.now() >= until) break;
        }
      })();
    } catch {
      // Written by another reader at this moment: tried again in a second (on the next key or search).
      this.busyUntil = performance.now() + 1000;
      return false;
    }
    return this.pending.length > 0;
  }

  /** The briefing and story a rowid is. */
  private hitOf(rowid: number): Hit | null {
    let low = 0;
    let high = this.firsts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.firsts[mid]! <= rowid) low = mid;
      else high = mid - 1;
    }
    if (this.firsts[low] === undefined || this.firsts[low]! > rowid) return null;
    this.byPath ??= new Map(this.briefings.map((briefing, b) => [briefing.path, b]));
    const b = this.byPath.get(this.filePaths[low]!);
    const s = rowid - this.firsts[low]!;
    return b !== undefined && s < this.briefings[b]!.stories.length ? { b, s } : null;
  }

  /**
   * Stories with every word of the query (as words or word starts), best first: title matches
   * ahead of text matches. Briefings not indexed yet are found by title.
   */
  search(query: string, limit = 200): Hit[] {
    const expression = matchExpression(query);
    if (!expression) return [];
    const hits: Hit[] = [];
    if (this.db) {
      try {
        const rows = this.db
          .prepare('SELECT rowid FROM stories WHERE stories MATCH ? ORDER BY bm25(stories, 10.0, 1.0) LIMIT ?')
          .raw()
          .all(expression, limit) as [number][];
        for (const [rowid] of rows) {
          const hit = this.hitOf(rowid);
          if (hit) hits.push(hit);
        }
      } catch {
        /* a query FTS5 cannot take: titles below still answer */
      }
    }
    const pending = this.started ? this.pending : this.briefings.map((_, b) => this.briefings.length - 1 - b);
    if (pending.length === 0 || hits.length >= limit) return hits;
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    this.titles ??= new Map();
    // Pending is newest last. A cold index at 100,000 briefings would have every head read here:
    // the newest are looked at for a moment, and the index finds the rest as it fills in.
    const until = performance.now() + TITLE_SCAN_MS;
    for (let k = pending.length - 1; k >= 0 && performance.now() < until; k--) {
      const b = pending[k]!;
      let titles = this.titles.get(b);
      if (!titles) this.titles.set(b, (titles = this.briefings[b]!.stories.map((story) => story.title.toLowerCase())));
      titles.forEach((title, s) => {
        if (hits.length < limit && terms.every((term) => title.includes(term))) hits.push({ b, s });
      });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}
