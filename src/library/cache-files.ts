import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes a whole file or leaves the old one: the data goes to a temporary file beside it,
 * renamed over it (folders made as needed). A reader never sees half a file. A cache written
 * under a new version replaces those of other versions (`dropOtherVersions`).
 */
export function writeAtomically(file: string, data: string | NodeJS.ArrayBufferView): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
  dropOtherVersions(file);
}

/** A cache file named by kind, version and library: `library-v5.2-14eb27b7fe52.bin`. */
const VERSIONED = /^([a-z]+(?:-[a-z]+)*)-v\d+(?:\.\d+)*-([0-9a-f]{12})\./;

/** Kinds of cache an older digest wrote that the kind written now took over. */
const TAKEN_OVER: Record<string, string[]> = { library: ['parsed'] };

const dropped = new Set<string>();

/**
 * Removes the caches of the same kind and library that another version wrote (another parser
 * or format version in the name), once a cache of this version is written: each was kept for
 * good, and at 10,000 briefings a parser's caches came to 20 MB. Once a run for each file.
 * Never throws: a cache left behind only takes room.
 */
export function dropOtherVersions(file: string): void {
  if (dropped.has(file)) return;
  dropped.add(file);
  const name = basename(file);
  const [, kind, key] = VERSIONED.exec(name) ?? [];
  if (!kind || !key) return;
  const kinds = [kind, ...(TAKEN_OVER[kind] ?? [])];
  try {
    for (const other of readdirSync(dirname(file))) {
      const [, otherKind, otherKey] = VERSIONED.exec(other) ?? [];
      // The file itself and what goes with it (SQLite's -wal and -shm) stay.
      if (otherKey === key && kinds.includes(otherKind!) && !other.startsWith(name)) rmSync(join(dirname(file), other), { force: true });
    }
  } catch {
    /* the cache folder unreadable: nothing to tidy */
  }
}

/** Names a library (the folders it was opened with) in cache file names. */
export function libraryKey(roots: readonly string[]): string {
  const joined = roots
    .map((root) => resolve(root))
    .sort()
    .join('\0');
  return createHash('sha1').update(joined).digest('hex').slice(0, 12);
}
