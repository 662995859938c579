import { readdirSync, realpathSync, statSync } from 'node:fs';
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
export function findBriefingFiles(paths: readonly string[]): { files: string[]; folders: string[]; skipped: Skipped[] } {
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

  const walk = (dir: string) => {
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
    let entries;
    try {
      // Names as bytes: one that is not UTF-8 still opens (see names.ts).
      entries = readdirSync(fsPath(dir), { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      skipped.push({ path: dir, reason: reasonOf(error) });
      return;
    }
    // Code-unit order: cheap, and the library orders briefings by date anyway.
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const name = entry.name.toString('utf8');
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = childPath(dir, entry.name);
      if (entry.isDirectory()) walk(path);
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
        if (target.isDirectory()) walk(path);
        else if (target.isFile() && BRIEFING_EXTENSIONS.test(name)) addFile(path, false);
      } else if (BRIEFING_EXTENSIONS.test(name)) {
        skipped.push({ path, reason: 'not a regular file' });
      }
    }
  };

  for (const given of paths) {
    const path = resolve(given);
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      throw new PathError(`${visibleName(given)}: ${reasonOf(error)}`);
    }
    if (stat.isDirectory()) walk(path);
    else if (stat.isFile()) addFile(path, true);
    else throw new PathError(`${visibleName(given)}: not a file or folder`);
  }
  return { files, folders, skipped };
}
