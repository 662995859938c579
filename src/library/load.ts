import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ParseCache } from './cache';
import { fromHeadRow, headRow, sameStamp, type FileStamp, type HeadRow } from './rows';
import { emptied, flatStories, forget, headFields, headOf, remember, storyIds, whole } from './full';
import { briefingId, identify, identifyHead, named, shortIds } from '../model/ids';
import type { Briefing, BriefingHead, Format, Story, StoryHead } from '../model/types';
import { decode } from '../parse/decode';
import { dayInYearSaved } from '../parse/text';
import { parse } from './parser';
import { reasonOf } from '../model/errors';
import { findingBriefingFiles, type Skipped } from './find';
import { fsPath } from './names';

/** Larger files are read up to this size, with a note, so one file cannot stall the library. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface Library {
  /** Heads (see full.ts), newest first. */
  briefings: BriefingHead[];
  skipped: Skipped[];
  /** The shortest prefix, of at least 7 characters, that tells a story's id from every other. */
  shortId: (id: string) => string;
  /** What the briefings were built from, in the same order, so a watcher can rebuild after one file changes. */
  files: LoadedFile[];
  /** Every folder walked, for the watcher. */
  folders: string[];
  /** When each briefing's file arrived (`arrivedAt`), in the order of `briefings`: what "new since your last visit" needs, without a map of every file. */
  arrivals: Float64Array;
  /** Names the snapshot that holds this very library (snapshot.ts); unset while none does. */
  generation?: string;
  /** Where a briefing is, when the library can say without asking every head for its id (the snapshot's). */
  indexOf?: (id: string) => number;
  /** The stamps of skipped files that could be looked at, by path: kept in the snapshot, so a file still skipped is no change. */
  skippedStamps?: Map<string, FileStamp>;
}

export interface LoadedFile {
  /** A head, with the ids it has when no other briefing claims the same identity (the usual case). */
  briefing: BriefingHead;
  path: string;
  /** What says the file is unchanged (cache.ts); its times order the library and say when it arrived (`arrivedAt`). */
  stamp: FileStamp;
}

/** When a file arrived here: its change time, which a sync tool that keeps the modification time still sets. */
export const arrivedAt = (stamp: FileStamp): number => Math.max(stamp.mtimeMs, stamp.ctimeMs);

/** A skipped file's stamp is there when the file could be looked at (a binary file, say): the snapshot keeps it, so the check knows it is skipped still. */
export type FileResult = { briefing: Briefing; file: FileStamp } | { skip: string; file?: FileStamp };

/** What the library knows of a file it has a head for: its stamp then, the format it parsed to, and maybe its ids. */
export interface KnownFile {
  stamp: FileStamp;
  format: Format;
  /** The head's id, then its stories' ids. */
  ids?: readonly string[];
}

/**
 * Reads and parses one whole file, or says why it is skipped. Never throws. A file still as
 * `known` has it parses sooner: the shapes that did not claim it then are not asked again, and
 * its known ids are its ids (when it still has as many stories).
 */
export function loadFile(path: string, known?: KnownFile): FileResult {
  let fd: number | undefined;
  try {
    fd = openSync(fsPath(path), 'r');
    const stat = fstatSync(fd);
    const file = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
    if (!stat.isFile()) return { skip: 'not a regular file' };
    const size = Math.min(stat.size, MAX_FILE_BYTES);
    const bytes = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    const cut = stat.size > MAX_FILE_BYTES;
    // A cut file ends at its last whole line, never mid-word (or mid-character).
    const end = cut ? bytes.lastIndexOf(10, read - 1) + 1 || read : read;
    const decoded = decode(bytes.subarray(0, end));
    if ('skip' in decoded) return { skip: decoded.skip, file };
    const unchanged = known && sameStamp(known.stamp, file) ? known : undefined;
    const parsed = parse(decoded.text, basename(path), unchanged?.format);
    const ids = unchanged?.ids;
    // The same format, as many stories: the same parse (a parse the hint did not hold for is identified afresh).
    const same = unchanged && ids && parsed.format === unchanged.format && ids.length === parsed.stories.length + 1;
    const briefing = same ? named(parsed, path, ids) : identify(parsed, path);
    // A masthead's day without its year takes the year the file was saved in. After the ids:
    // they stay those of the text alone, whenever the file is touched.
    if (!briefing.date && parsed.monthDay) briefing.date = dayInYearSaved(parsed.monthDay, stat.mtimeMs);
    if (cut)
      briefing.notice = `this file is ${(stat.size / 1048576).toFixed(1)} MB; only its first ${MAX_FILE_BYTES / 1048576} MB are read, up to the end of a line.`;
    return { briefing, file };
  } catch (error) {
    return { skip: reasonOf(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What the library keeps of a parse: a head row (the form the cache stores), or why the file is skipped. */
export type ParsedFile = { row: HeadRow; file: FileStamp } | { skip: string; file?: FileStamp };

export function parseFile(path: string): ParsedFile {
  // Whole copies kept of an older version of the file are stale now.
  forget(path);
  const result = loadFile(path);
  if ('skip' in result) return result;
  remember(result.briefing);
  // A title cut out of the file's text keeps the whole text alive in V8; a copy lets it go.
  return { row: structuredClone(headRow(result.briefing)), file: result.file };
}

/** Newest first; undated briefings after the dated ones, newest file first. */
export function compareBriefings(
  a: { date: string | null; mtimeMs: number; title: string },
  b: { date: string | null; mtimeMs: number; title: string },
): number {
  if (a.date && b.date && a.date !== b.date) return a.date < b.date ? 1 : -1;
  if (a.date && !b.date) return -1;
  if (!a.date && b.date) return 1;
  if (a.mtimeMs !== b.mtimeMs) return b.mtimeMs - a.mtimeMs;
  return a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
}

export interface LoadOptions {
  /** Reuse and update parses kept between runs (off in tests that count parsing). */
  cache?: ParseCache | null;
  /** Called now and then while parsing a large library. */
  onProgress?: (done: number, total: number) => void;
}

export function loadLibrary(paths: readonly string[], options: LoadOptions = {}): Library {
  const steps = loading(paths, options, true);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * `loadLibrary` with a turn of the event loop every few milliseconds, so that keys are read
 * (and Ctrl-C noticed) while a cold library loads; null once `stopped` says so.
 */
export async function loadLibraryStepped(
  paths: readonly string[],
  options: LoadOptions & { stopped?: () => boolean } = {},
): Promise<Library | null> {
  const steps = loading(paths, options);
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart < 16) continue;
    await new Promise((resolve) => setImmediate(resolve));
    if (options.stopped?.()) return null;
    sliceStart = performance.now();
  }
}

/** How many files are looked at between two yields of `loading`. */
const STEP_FILES = 64;

/**
 * Loads a library a few files at a time: `loadLibrary` runs it through, and the reader runs it
 * between keystrokes to check the snapshot it drew its first frame from (it yields every few
 * dozen files, and after each file it parses). When every file is as the cache has it, the
 * library is the cache's own snapshot, whose heads stay unread until something asks.
 */
export function* loading(
  paths: readonly string[],
  options: LoadOptions = {},
  /** Nothing waits on the load: each folder is read in one call (find.ts `readFolder`). */
  whole = false,
): Generator<void, Library> {
  const { files, folders, skipped } = yield* findingBriefingFiles(paths, whole);
  const cache = options.cache ?? undefined;
  // Files the cache has as they are, by their place in it: nothing is made for them unless the
  // library has to be assembled again (at 100,000 tiny files that was 20 MB of the peak).
  const hits: number[] = [];
  const misses: string[] = [];
  for (const [n, path] of files.entries()) {
    if (n % STEP_FILES === STEP_FILES - 1) yield;
    let hit = false;
    // A file the cache has never seen is parsed (which reads its size and time) without a stat first.
    const place = cache?.placeOf(path);
    if (place !== undefined) {
      try {
        const stat = statSync(fsPath(path));
        hit = stat.isFile() && cache!.hit(place, stat);
      } catch {
        /* parsing it says why it cannot be read */
      }
    }
    if (hit) hits.push(place!);
    else misses.push(path);
  }
  const loaded: LoadedFile[] = [];
  const skippedStamps = new Map<string, FileStamp>();
  for (const [i, path] of misses.entries()) {
    if (options.onProgress && i % 250 === 0) options.onProgress(i, misses.length);
    const result = parseFile(path);
    yield;
    if ('skip' in result) {
      skipped.push({ path, reason: result.skip });
      if (result.file) skippedStamps.set(path, result.file);
      continue;
    }
    const briefing = cache ? cache.set(path, result.file, result.row) : fromHeadRow(result.row, path);
    loaded.push({ briefing, path, stamp: result.file });
  }
  const kept = cache?.unchanged ? cache.library(skipped, folders) : null;
  if (kept) {
    kept.skippedStamps = skippedStamps;
    return kept;
  }
  if (cache) for (const i of hits) loaded.push(cache.loadedFile(i));
  const library = assemble(loaded, skipped, folders);
  library.skippedStamps = skippedStamps;
  // Entries for files that are gone are dropped.
  cache?.save(library);
  return library;
}

/** Gives ids (numbering briefings that claim the same identity, in path order) and orders the library. */
export function assemble(loaded: LoadedFile[], skipped: Skipped[], folders: string[]): Library {
  const byPath = [...loaded].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const claimed = new Set<string>();
  // Per identity, the first occurrence number not yet tried. Each copy used to count up from 0
  // (hashing every story each time): 1,111 same-identity briefings took 3.6 s to number. The
  // numbers are the same: every number below this one is already claimed.
  const next = new Map<string, number>();
  const identified = byPath.map((entry) => {
    const base = entry.briefing.id;
    let occurrence = next.get(base) ?? 0;
    while (claimed.has(occurrence === 0 ? base : briefingId(entry.briefing, occurrence))) occurrence++;
    next.set(base, occurrence + 1);
    let briefing = entry.briefing;
    if (occurrence > 0) {
      const renumbered = identifyHead(entry.briefing, occurrence);
      briefing = headOf({ ...headFields(entry.briefing), id: renumbered.id }, flatStories(renumbered.stories));
    }
    claimed.add(briefing.id);
    return { briefing, file: entry, mtimeMs: entry.stamp.mtimeMs, date: briefing.date, title: briefing.title };
  });
  identified.sort(compareBriefings);
  const briefings = identified.map((entry) => entry.briefing);
  return {
    briefings,
    files: identified.map((entry) => entry.file),
    arrivals: Float64Array.from(identified, (entry) => arrivedAt(entry.file.stamp)),
    skipped,
    folders,
    shortId: shortIdsOf(briefings),
  };
}

/** Every story id of a library, for short ids. */
export const allStoryIds = (briefings: readonly BriefingHead[]): string[] => briefings.flatMap((briefing) => storyIds(briefing));

/** Only listings show short ids: worked out on first use, not on every start (a library from its snapshot keeps them, see short-ids.ts). */
export function shortIdsOf(briefings: readonly BriefingHead[]): (id: string) => string {
  let prefix: ((id: string) => string) | undefined;
  return (id: string) => {
    prefix ??= shortIds(allStoryIds(briefings));
    return prefix(id);
  };
}

/** Reads one changed file again (for the watcher), forgetting any whole copy kept of it. */
export function reloadFile(path: string): LoadedFile | { skip: string } {
  const result = parseFile(path);
  return 'skip' in result ? result : { briefing: fromHeadRow(result.row, path), path, stamp: result.file };
}

/** A file's briefing as it parses now (ids as its file alone gives them), or null when it cannot be read. */
export function readBriefing(path: string): Briefing | null {
  const result = loadFile(path);
  return 'briefing' in result ? result.briefing : null;
}

/** The whole briefing, read again from its file. */
export function fullBriefing(briefing: BriefingHead): Briefing {
  return whole(briefing, readBriefing);
}

/** One story whole, with its whole briefing, for printing and the reader. */
export function fullStory(head: BriefingHead, story: StoryHead): { briefing: Briefing; story: Story } {
  const briefing = fullBriefing(head);
  return { briefing, story: briefing.stories.find((s) => s.id === story.id) ?? emptied(story) };
}
