import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes a whole file or leaves the old one: the data goes to a temporary file beside it,
 * renamed over it (folders made as needed). A reader never sees half a file.
 */
export function writeAtomically(file: string, data: string | NodeJS.ArrayBufferView): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch (error) {
    // A full disk leaves half a temporary file: not left behind (and the write's error is the one told).
    try {
      rmSync(temporary, { force: true });
    } catch {
      /* it was never made */
    }
    throw error;
  }
}

/** Writes a versioned cache file (`writeAtomically`), which replaces the older versions' (`dropOtherVersions`). */
export function writeCache(file: string, data: string | NodeJS.ArrayBufferView): void {
  writeAtomically(file, data);
  dropOtherVersions(file);
}

/** A cache file named by kind, version and library: `library-v5.2-14eb27b7fe52.bin`. */
const VERSIONED = /^([a-z]+(?:-[a-z]+)*)-v(\d+(?:\.\d+)*)-([0-9a-f]{12})\./;

/** Whether version `a` ("5.2") comes before `b` ("6.2"), part by part. */
function before(a: string, b: string): boolean {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
}

/** Kinds of cache an older digest wrote that the kind written now took over. */
const TAKEN_OVER: Record<string, string[]> = { library: ['parsed'] };

const dropped = new Set<string>();

/**
 * Removes the caches of the same kind and library that an older version wrote (an older parser
 * or format version in the name), once a cache of this version is written: each was kept for
 * good, and at 10,000 briefings a parser's caches came to 20 MB. A newer version's stay: two
 * versions run in turn would otherwise each start cold. Once a run for each file. Never
 * throws: a cache left behind only takes room.
 */
export function dropOtherVersions(file: string): void {
  if (dropped.has(file)) return;
  dropped.add(file);
  const name = basename(file);
  const [, kind, version, key] = VERSIONED.exec(name) ?? [];
  if (!kind || !version || !key) return;
  try {
    for (const other of readdirSync(dirname(file))) {
      const [, otherKind, otherVersion, otherKey] = VERSIONED.exec(other) ?? [];
      if (otherKey !== key || !otherKind || !otherVersion) continue;
      const older = otherKind === kind && before(otherVersion, version);
      if (older || TAKEN_OVER[kind]?.includes(otherKind)) rmSync(join(dirname(file), other), { force: true });
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
