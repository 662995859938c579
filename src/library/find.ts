import { opendirSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { resolve } from 'node:path';
import { reasonOf } from '../model/errors';
import { visibleName } from '../parse/clean';
import { childPath, fsPath } from './names';

export const BRIEFING_EXTENSIONS = /\.(?:txt|md|markdown)$/i;

export interface Skipped {
  path: string;
  reason: string;
}

/** A PATH argument that is neither a readable folder nor a file: the user's mistake, not the library's. */
export class PathError extends Error {}

/**
 * Briefing files under the given paths: folders recursively (hidden folders and
 * node_modules left out), symlink loops and unreadable entries reported, not thrown.
 */
export function findBriefingFiles(paths: readonly string[]): Found {
  const steps = findingBriefingFiles(paths, true);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export interface Found {
  files: string[];
  folders: string[];
  skipped: Skipped[];
}

/** How many folder entries are read between two yields of `findingBriefingFiles`. */
const STEP_ENTRIES = 256;

interface Entry {
  name: string;
  kind: 'file' | 'folder' | 'link' | 'other';
  /** The name's bytes, only when they are not UTF-8 (see names.ts). */
  bytes?: Buffer;
}

const kindOf = (entry: Dirent<string> | Dirent<Buffer>): Entry['kind'] =>
  entry.isFile() ? 'file' : entry.isDirectory() ? 'folder' : entry.isSymbolicLink() ? 'link' : 'other';

const entryOf = (entry: Dirent<string> | Dirent<Buffer>): Entry => {
  const name = entry.name as string | Buffer;
  return typeof name === 'string' ? { name, kind: kindOf(entry) } : { name: name.toString('utf8'), kind: kindOf(entry), bytes: name };
};

/**
 * A folder's entries: names as text, and as bytes only when a name is not UTF-8 (the folder is
 * then read again in bytes). Keeping a Dirent and a Buffer for each of 100,000 files made the
 * walk most of the check's memory.
 *
 * `whole`, in one call (readdir), for a load nothing waits on; else a few hundred at a time
 * (opendir), for the reader's check between keys, where reading a folder of 100,000 at once
 * took 90-220 ms. readdir hands the names over sorted (opendir in the order the disk keeps),
 * which the walk's sort then finds in order: at 10,000 files, reading and sorting took 9 and
 * 3.5 ms of list --json's first briefing by opendir, 10-11 and 0.5 ms by readdir.
 */
function* readFolder(dir: string, whole: boolean): Generator<void, Entry[]> {
  const read = function* (encoding: 'utf8' | 'buffer'): Generator<void, Entry[]> {
    if (whole) return readdirSync(fsPath(dir), { encoding: encoding as BufferEncoding, withFileTypes: true }).map(entryOf);
    const entries: Entry[] = [];
    const opened = opendirSync(fsPath(dir), { encoding: encoding as BufferEncoding, bufferSize: 128 });
    try {
      for (let entry = opened.readSync(); entry; entry = opened.readSync()) {
        entries.push(entryOf(entry));
        if (entries.length % STEP_ENTRIES === 0) yield;
      }
    } finally {
      opened.closeSync();
    }
    return entries;
  };
  const entries = yield* read('utf8');
  // A name that did not decode: the folder again, in bytes, so that file still opens.
  return entries.some((entry) => entry.name.includes('\uFFFD')) ? yield* read('buffer') : entries;
}

/**
 * `findBriefingFiles` a few hundred folder entries at a time: reading a folder of 100,000
 * briefings at once took 0.3 s, which the reader's check after the first frame must not hold
 * the keyboard for. Folders are read entry by entry (opendir; `whole`, at once), then sorted.
 */
export function* findingBriefingFiles(
  paths: readonly string[],
  /** Each folder read in one call (see `readFolder`): for a load that nothing waits on. */
  whole = false,
): Generator<void, Found> {
  const files: string[] = [];
  const folders: string[] = [];
  const skipped: Skipped[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const addFile = (path: string, named: boolean) => {
    let real: string;
    try {
      real = realpathSync(fsPath(path));
    } catch (error) {
      skipped.push({ path, reason: reasonOf(error) });
      return;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    if (named || BRIEFING_EXTENSIONS.test(path)) files.push(path);
  };

  function* walk(dir: string): Generator<void, void> {
    let real: string;
    try {
      real = realpathSync(fsPath(dir));
    } catch (error) {
      skipped.push({ path: dir, reason: reasonOf(error) });
      return;
    }
    if (seenDirs.has(real)) return; // a symlink loop, or a folder given twice
    seenDirs.add(real);
    folders.push(dir);
    let entries: Entry[];
    try {
      entries = yield* readFolder(dir, whole);
    } catch (error) {
      skipped.push({ path: dir, reason: reasonOf(error) });
      return;
    }
    yield;
    // In name order, compared as text: the library orders briefings by date and path anyway, and
    // Buffer.compare on 100,000 names took 0.4 s where comparing strings takes a tenth of that.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const [n, { name, kind, bytes }] of entries.entries()) {
      if (n % STEP_ENTRIES === STEP_ENTRIES - 1) yield;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = childPath(dir, bytes ?? name);
      if (kind === 'folder') yield* walk(path);
      else if (kind === 'file') {
        // A plain file inside a folder walked once cannot be reached twice: no realpath needed.
        if (BRIEFING_EXTENSIONS.test(name)) files.push(path);
      } else if (kind === 'link') {
        let target;
        try {
          target = statSync(fsPath(path));
        } catch (error) {
          if (BRIEFING_EXTENSIONS.test(name) || (error as NodeJS.ErrnoException).code === 'ELOOP')
            skipped.push({ path, reason: reasonOf(error) });
          continue;
        }
        if (target.isDirectory()) yield* walk(path);
        else if (target.isFile() && BRIEFING_EXTENSIONS.test(name)) addFile(path, false);
      } else if (BRIEFING_EXTENSIONS.test(name)) {
        skipped.push({ path, reason: 'not a regular file' });
      }
    }
  }

  for (const given of paths) {
    const path = resolve(given);
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      throw new PathError(`${visibleName(given)}: ${reasonOf(error)}`);
    }
    if (stat.isDirectory()) yield* walk(path);
    else if (stat.isFile()) addFile(path, true);
    else throw new PathError(`${visibleName(given)}: not a file or folder`);
  }
  return { files, folders, skipped };
}
