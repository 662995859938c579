import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { FORMATS, type BriefingHead, type Format } from '../model/types';
import { cleanLine } from '../parse/clean';
import { PARSER_VERSION } from '../parse/index';
import { cacheDir } from '../state/paths';
import { flatStories, headOf } from './full';

/** Bump when what the cache holds changes shape. */
const CACHE_FORMAT = 4;

/**
 * A head as flat values, the form it is stored and sent between threads in: about a fifth of
 * the objects of a Briefing, which is what makes reading 10,000 of them fast. Stories are
 * (id, title, section, timestamp) four at a time.
 */
export type HeadRow = [
  id: string,
  format: Format,
  title: string,
  publisher: string | null,
  date: string | null,
  stories: (string | null)[],
];

export function headRow(briefing: BriefingHead): HeadRow {
  return [briefing.id, briefing.format, briefing.title, briefing.publisher, briefing.date, flatStories(briefing.stories)];
}

export function fromHeadRow(row: HeadRow, path: string): BriefingHead {
  const [id, format, title, publisher, date, stories] = row;
  return headOf({ id, path, format, title, publisher, date }, stories);
}

const isText = (value: unknown) => typeof value === 'string';
const isTextOrNull = (value: unknown) => value === null || typeof value === 'string';

function isHeadRow(row: unknown): row is HeadRow {
  if (!Array.isArray(row) || row.length !== 6) return false;
  const [id, format, title, publisher, date, stories] = row as unknown[];
  if (!isText(id) || !(FORMATS as readonly unknown[]).includes(format) || !isText(title) || !isTextOrNull(publisher) || !isTextOrNull(date))
    return false;
  if (!Array.isArray(stories) || stories.length % 4 !== 0) return false;
  for (let i = 0; i < stories.length; i += 4) {
    if (!isText(stories[i]) || !isText(stories[i + 1]) || !isTextOrNull(stories[i + 2]) || !isTextOrNull(stories[i + 3])) return false;
  }
  return true;
}

/** What says a file is unchanged: size, modification and change times, and inode. A file
 * rewritten with the same size and a reset modification time still has a new change time. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

type Entry = [path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, row: HeadRow];

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A row as read back from the cache file, cleaned again: the file is as untrusted as any
 * briefing (anyone who can write it could put escape sequences in a title), so nothing in it
 * reaches the terminal without passing the same cleaning as parsed text.
 */
function cleanRow(row: HeadRow): HeadRow {
  const [id, format, title, publisher, date, stories] = row;
  const clean = (text: string | null) => (text === null ? null : cleanLine(text));
  return [id, format, cleanLine(title), clean(publisher), date !== null && ISO_DAY.test(date) ? date : null, stories.map(clean)];
}

/**
 * Writes a whole file or leaves the old one: the data goes to a temporary file beside it,
 * renamed over it (folders made as needed). A reader never sees half a file.
 */
export function writeAtomically(file: string, data: string | NodeJS.ArrayBufferView): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

/** Names a library (the folders it was opened with) in cache file names. */
export function libraryKey(roots: readonly string[]): string {
  const joined = roots
    .map((root) => resolve(root))
    .sort()
    .join('\0');
  return createHash('sha1').update(joined).digest('hex').slice(0, 12);
}

/**
 * Heads of parsed briefings kept between runs, keyed by path, size, modification time and
 * parser version, so a relaunch over unchanged files parses none of them. One file per
 * library (the folders it was opened with), so opening a small folder never reads the cache
 * of a large one: a V8 serialisation of flat rows, replaced atomically. A damaged or foreign
 * file is ignored and rebuilt, and a malformed row is treated as a miss, never trusted.
 */
export class ParseCache {
  private entries = new Map<string, Entry>();
  private used = new Set<string>();
  private dirty = false;
  readonly file: string;

  constructor(roots: readonly string[], dir = cacheDir()) {
    this.file = join(dir, `parsed-v${PARSER_VERSION}.${CACHE_FORMAT}-${libraryKey(roots)}.bin`);
    try {
      const data = deserialize(readFileSync(this.file)) as { version?: number; entries?: Entry[] };
      if (data?.version === PARSER_VERSION && Array.isArray(data.entries))
        for (const entry of data.entries) this.entries.set(entry[0], entry);
    } catch {
      this.entries = new Map();
    }
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  get(path: string, file: FileStamp): BriefingHead | null {
    const entry = this.entries.get(path);
    if (
      !entry ||
      entry[1] !== file.size ||
      entry[2] !== file.mtimeMs ||
      entry[3] !== file.ctimeMs ||
      entry[4] !== file.ino ||
      !isHeadRow(entry[5])
    )
      return null;
    this.used.add(path);
    return fromHeadRow(cleanRow(entry[5]), path);
  }

  set(path: string, file: FileStamp, row: HeadRow): void {
    this.entries.set(path, [path, file.size, file.mtimeMs, file.ctimeMs, file.ino, row]);
    this.used.add(path);
    this.dirty = true;
  }

  /** Writes the cache when anything was parsed or removed. */
  save(): void {
    for (const path of this.entries.keys()) {
      if (!this.used.has(path)) {
        this.entries.delete(path);
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    try {
      writeAtomically(this.file, serialize({ version: PARSER_VERSION, entries: [...this.entries.values()] }));
      this.dirty = false;
    } catch {
      /* a cache that cannot be written only costs the next start its speed */
    }
  }
}
