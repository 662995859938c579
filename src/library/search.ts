import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Briefing, BriefingHead, Story } from '../model/types';
import { PARSER_VERSION } from '../parse/version';
import { cacheDir } from '../state/paths';
import { dropOtherVersions, libraryKey } from './cache-files';
import type { FileStamp } from './rows';

/** How long a search looks through titles not indexed yet. */
const TITLE_SCAN_MS = 40;

/** Bump when what the index holds changes. */
const INDEX_FORMAT = 2;

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

/**
 * A row of the files table: id, path, size, mtime, ctime, inode, first story rowid, story count,
 * and the file's place in the library the index was last brought up to date with (`meta`'s
 * generation): a hit is looked up by rowid, and needs no map of the library.
 */
type IndexedFile = [id: number, path: string, size: number, mtime: number, ctime: number, ino: number, first: number, count: number];

/**
 * Full-text search over a library, on SQLite's FTS5 (better-sqlite3): each story's title and
 * text, by word and word start; title matches first, then text matches, each newest first. The index is kept in the cache (one
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
  private byPath: Map<string, number> | undefined;
  private titles: Map<number, string[]> | undefined;
  /** While another reader holds the index for writing: not tried again before this time. */
  private busyUntil = 0;

  constructor(
    private readonly briefings: readonly BriefingHead[],
    /** The stamp of briefing `b`'s file as the library has it. */
    private readonly stamp: (b: number) => FileStamp | undefined,
    /** A file's briefing, parsed (its stories in the order its head has them), or null. */
    private readonly read: (path: string) => Briefing | null,
    /** The index file; null keeps it in memory for this run only. */
    private file: string | null,
    /** The library's snapshot generation (load.ts): an index brought up to date with it needs no comparing. */
    private readonly generation?: string,
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
      if (file !== ':memory:') dropOtherVersions(file);
      db.pragma('journal_mode = WAL');
      // Another reader writing: wait a moment at most (this runs between keystrokes), then try later.
      db.pragma('busy_timeout = 20');
      db.exec(`CREATE TABLE IF NOT EXISTS files (id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, size REAL, mtime REAL, ctime REAL, ino REAL, first INTEGER, count INTEGER, place INTEGER);
        CREATE INDEX IF NOT EXISTS files_first ON files (first);
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
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

  /**
   * Compares the index with the library: stories of changed and removed files go, and what is
   * not indexed waits. An index brought up to date with this very library (its snapshot's
   * generation) needs nothing; otherwise the files table is read row by row against the
   * library's stamps, and each kept file's place in the library written down.
   */
  private start(): void {
    this.started = true;
    const db = (this.db = this.open());
    this.total = this.briefings.length;
    const synced = db.prepare("SELECT value FROM meta WHERE key = 'generation'").pluck().get();
    if (this.generation && synced === this.generation) return;
    const byPath = this.places();
    const indexed = new Uint8Array(this.briefings.length);
    const keeps: [id: number, place: number][] = [];
    const drops: [id: number, first: number, count: number][] = [];
    const rows = db.prepare('SELECT id, path, size, mtime, ctime, ino, first, count FROM files').raw();
    for (const row of rows.iterate() as IterableIterator<IndexedFile>) {
      const b = byPath.get(row[1]);
      const stamp = b === undefined ? undefined : this.stamp(b);
      if (b !== undefined && stamp && same(stamp, row) && !indexed[b]) {
        indexed[b] = 1;
        keeps.push([row[0], b]);
      } else drops.push([row[0], row[6], row[7]]);
    }
    // Stories of files changed or gone are taken out, by their rowids.
    const drop = db.prepare('DELETE FROM stories WHERE rowid >= ? AND rowid < ?');
    const dropFile = db.prepare('DELETE FROM files WHERE id = ?');
    const place = db.prepare('UPDATE files SET place = ? WHERE id = ?');
    db.transaction(() => {
      db.prepare("DELETE FROM meta WHERE key = 'generation'").run();
      for (const [id, first, count] of drops) {
        drop.run(first, first + count);
        dropFile.run(id);
      }
      for (const [id, b] of keeps) place.run(b, id);
    })();
    // Oldest first, so rowids grow with recency (and newer arrivals come after): "newest first"
    // is then a scan down the rowids. Pending is taken from its end.
    for (let b = 0; b < this.briefings.length; b++) if (!indexed[b]) this.pending.push(b);
    this.noteSynced();
  }

  private places(): Map<string, number> {
    this.byPath ??= new Map(this.briefings.map((briefing, b) => [briefing.path, b]));
    return this.byPath;
  }

  /** Once nothing is pending, the index is up to date with this library: said in `meta`. */
  private noteSynced(): void {
    if (this.pending.length > 0 || !this.generation || !this.db) return;
    this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('generation', ?)").run(this.generation);
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
      'INSERT OR REPLACE INTO files (path, size, mtime, ctime, ino, first, count, place) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertStory = db.prepare('INSERT INTO stories (rowid, title, text) VALUES (?, ?, ?)');
    const previous = db.prepare('SELECT id, first, count FROM files WHERE path = ?').raw();
    const drop = db.prepare('DELETE FROM stories WHERE rowid >= ? AND rowid < ?');
    const dropFile = db.prepare('DELETE FROM files WHERE id = ?');
    // Taken off `pending` only once the transaction is written: a batch that fails is tried again whole.
    let done = 0;
    try {
      db.transaction(() => {
        let next = ((db.prepare('SELECT max(first + count) AS next FROM files').get() as { next: number | null }).next ?? 0) + 1;
        while (done < this.pending.length) {
          const b = this.pending[this.pending.length - 1 - done]!;
          const path = this.briefings[b]!.path;
          const stamp = this.stamp(b);
          // Another reader may have indexed this file meanwhile: its stories go first, never twice.
          const old = previous.get(path) as [number, number, number] | undefined;
          if (old) {
            drop.run(old[1], old[1] + old[2]);
            dropFile.run(old[0]);
          }
          // Read from the file, not through the head: at 100,000 briefings, reading every head
          // on the way kept them all (the reader passed 450 MB while indexing).
          const stories = this.read(path)?.stories ?? [];
          // Stories in the file's order, which is the head's: a hit is a story's place in its briefing.
          stories.forEach((story, s) => insertStory.run(next + s, story.title, storyText(story)));
          if (stamp) insertFile.run(path, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, next, stories.length, b);
          next += stories.length + 1;
          done++;
          if (performance.now() >= until) break;
        }
      })();
    } catch {
      // Written by another reader at this moment: tried again in a second (on the next key or search).
      this.busyUntil = performance.now() + 1000;
      return false;
    }
    for (const b of this.pending.splice(this.pending.length - done, done)) this.titles?.delete(b);
    this.noteSynced();
    return this.pending.length > 0;
  }

  /** The briefing and story a rowid is: its file's row, then its place in the library (checked by path). */
  private hitOf(rowid: number): Hit | null {
    const row = this.db!.prepare('SELECT path, first, count, place FROM files WHERE first <= ? ORDER BY first DESC LIMIT 1')
      .raw()
      .get(rowid) as [string, number, number, number | null] | undefined;
    if (!row || rowid >= row[1] + row[2]) return null;
    const [path, first, , place] = row;
    // Another reader may have written places for its own library: a place is trusted only when the path agrees.
    const b = place !== null && this.briefings[place]?.path === path ? place : this.places().get(path);
    const s = rowid - first;
    return b !== undefined && s < this.briefings[b]!.stories.length ? { b, s } : null;
  }

  /**
   * Stories with every word of the query (as words or word starts): title matches, then text
   * matches, each in library order (newest first). Briefings not indexed yet are found by title.
   */
  search(query: string, limit = 200): Hit[] {
    const expression = matchExpression(query);
    if (!expression) return [];
    const hits: Hit[] = [];
    if (this.db) {
      try {
        // Title matches, then text matches, each newest first. Not ranked by relevance: ranking
        // scores every match, and a word start like "la" matches 400,000 stories of the
        // 100,000-briefing bench (400 ms ranked; 20 to 95 ms like this).
        const matching = (expr: string, count: number) =>
          (
            this.db!.prepare('SELECT rowid FROM stories WHERE stories MATCH ? ORDER BY rowid DESC LIMIT ?').raw().all(expr, count) as [
              number,
            ][]
          ).map(([rowid]) => rowid);
        const titled = matching(`{title}: (${expression})`, limit);
        const inTitle = new Set(titled);
        const texts = titled.length < limit ? matching(expression, limit + titled.length).filter((rowid) => !inTitle.has(rowid)) : [];
        const inOrder = (rowids: number[]) =>
          rowids
            .map((rowid) => this.hitOf(rowid))
            .filter((hit): hit is Hit => hit !== null)
            .sort((x, y) => x.b - y.b || x.s - y.s);
        hits.push(...inOrder(titled), ...inOrder(texts).slice(0, limit - titled.length));
      } catch {
        /* a query FTS5 cannot take: titles below still answer */
      }
    }
    const pending = this.started ? this.pending : this.briefings.map((_, b) => b);
    if (pending.length === 0 || hits.length >= limit) return hits;
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    this.titles ??= new Map();
    // Pending is newest first (and indexed from its end). A cold index at 100,000 briefings would
    // have every head read here: the newest are looked at for a moment, and the index finds the
    // rest as it fills in.
    const until = performance.now() + TITLE_SCAN_MS;
    for (let k = 0; k < pending.length && performance.now() < until; k++) {
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
