import { statSync } from 'node:fs';
import { findingBriefingFiles, type Skipped } from './find';
import type { FileStamp } from './rows';
import { fsPath } from './names';

/** Whether every file is as the snapshot has it (and no other file is there), with what the walk found beside. */
export interface Comparison {
  same: boolean;
  folders: string[];
  skipped: Skipped[];
}

/** How many files are compared between two yields. */
const STEP_FILES = 32;

/**
 * Walks the library and compares each file's stamp with the snapshot's (its paths, asked for once
 * the walk is done, and stamps four numbers a file), a few dozen files at a time, stopping at the first difference. Nothing
 * is made per file but its path: at 100,000 briefings the check runs beside the reader's keys.
 */
export function* comparing(
  roots: readonly string[],
  pathsOf: () => readonly string[],
  stamps: Float64Array,
  /** Files the snapshot's library skipped (binary, say), with their stamps: one still so is no change. */
  skippedStamps: ReadonlyMap<string, FileStamp> = new Map(),
): Generator<void, Comparison> {
  const { files, folders, skipped } = yield* findingBriefingFiles(roots);
  const paths = pathsOf();
  let same = files.length >= paths.length;
  let matched = 0;
  // The snapshot is in date order, the walk in name order: where each path is, made a slice at a time.
  const at = new Map<string, number>();
  for (let k = 0; same && k < paths.length; k++) {
    at.set(paths[k]!, k);
    if (k % 4096 === 4095) yield;
  }
  for (let n = 0; same && n < files.length; n++) {
    if (n % STEP_FILES === STEP_FILES - 1) yield;
    const path = files[n]!;
    const i = at.get(path);
    try {
      const stat = statSync(fsPath(path));
      const stamp = i === undefined ? skippedStamps.get(path) : undefined;
      if (i === undefined) {
        same =
          !!stamp && stat.size === stamp.size && stat.mtimeMs === stamp.mtimeMs && stat.ctimeMs === stamp.ctimeMs && stat.ino === stamp.ino;
        continue;
      }
      const s = i * 4;
      same =
        stat.isFile() &&
        stat.size === stamps[s] &&
        stat.mtimeMs === stamps[s + 1] &&
        stat.ctimeMs === stamps[s + 2] &&
        stat.ino === stamps[s + 3];
      matched++;
    } catch {
      same = false;
    }
  }
  // Every briefing of the snapshot found again, and nothing else but files still skipped.
  same &&= matched === paths.length;
  return { same, folders, skipped };
}
