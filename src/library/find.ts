import { opendirSync, realpathSync, statSync, type Dirent } from 'node:fs';
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
  const steps = findingBriefingFiles(paths);
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

/**
 * `findBriefingFiles` a few hundred folder entries at a time: reading a folder of 100,000
 * briefings at once took 0.3 s, which the reader's check after the first frame must not hold
 * the keyboard for. Folders are read entry by entry (opendir), then sorted.
 */
export function* findingBriefingFiles(paths: readonly string[]): Generator<void, Found> {
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
    const entries: Dirent<Buffer>[] = [];
    try {
      // Names as bytes: one that is not UTF-8 still opens (see names.ts).
      const opened = opendirSync(fsPath(dir), { encoding: 'buffer' as BufferEncoding, bufferSize: 128 });
      try {
        for (let entry = opened.readSync(); entry; entry = opened.readSync()) {
          entries.push(entry as unknown as Dirent<Buffer>);
          if (entries.length % STEP_ENTRIES === 0) yield;
        }
      } finally {
        opened.closeSync();
      }
    } catch (error) {
      skipped.push({ path: dir, reason: reasonOf(error) });
      return;
    }
    // In name order, compared as text: the library orders briefings by date and path anyway, and
    // Buffer.compare on 100,000 names took 0.4 s where comparing strings takes a tenth of that.
    const named = entries.map((entry) => ({ entry, name: entry.name.toString('utf8') }));
    yield;
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Buffer.compare(a.entry.name, b.entry.name)));
    for (const [n, { entry, name }] of named.entries()) {
      if (n % STEP_ENTRIES === STEP_ENTRIES - 1) yield;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = childPath(dir, entry.name);
      if (entry.isDirectory()) yield* walk(path);
      else if (entry.isFile()) {
        // A plain file inside a folder walked once cannot be reached twice: no realpath needed.
        if (BRIEFING_EXTENSIONS.test(name)) files.push(path);
      } else if (entry.isSymbolicLink()) {
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
