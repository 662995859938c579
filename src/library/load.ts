import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fromHeadRow, headRow, ParseCache, type FileStamp, type HeadRow } from './cache';
import { emptied, flatStories, forget, headOf, remember, storyIds, whole } from './full';
import { briefingId, identify, identifyHead, shortIds } from '../model/ids';
import type { Briefing, BriefingHead, Story, StoryHead } from '../model/types';
import { decode, parseText } from '../parse/index';
import { reasonOf } from '../model/errors';
import { findBriefingFiles, type Skipped } from './find';
import { fsPath } from './names';

/** Larger files are read up to this size, with a note, so one file cannot stall the library. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface Library {
  /** Heads (see full.ts), newest first. */
  briefings: BriefingHead[];
  skipped: Skipped[];
  /** The shortest prefix, of at least 7 characters, that tells a story's id from every other. */
  shortId: (id: string) => string;
  /** What the briefings were built from, so a watcher can rebuild after one file changes. */
  files: LoadedFile[];
  /** Every folder walked, for the watcher. */
  folders: string[];
}

export interface LoadedFile {
  /** A head, with the ids it has when no other briefing claims the same identity (the usual case). */
  briefing: BriefingHead;
  path: string;
  mtimeMs: number;
  /** When the file arrived here: its change time, which a sync tool that keeps the modification time still sets. */
  arrivedMs: number;
}

export type FileResult = { briefing: Briefing; file: FileStamp } | { skip: string };

/** Reads and parses one whole file, or says why it is skipped. Never throws. */
export function loadFile(path: string): FileResult {
  let fd: number | undefined;
  try {
    fd = openSync(fsPath(path), 'r');
    const stat = fstatSync(fd);
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
    if ('skip' in decoded) return decoded;
    const briefing = identify(parseText(decoded.text, basename(path)), path);
    if (cut)
      briefing.notice = `this file is ${(stat.size / 1048576).toFixed(1)} MB; only its first ${MAX_FILE_BYTES / 1048576} MB are read, up to the end of a line.`;
    return { briefing, file: { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino } };
  } catch (error) {
    return { skip: reasonOf(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What the library keeps of a parse: a head row (the form the cache stores), or why the file is skipped. */
export type ParsedFile = { row: HeadRow; file: FileStamp } | { skip: string };

export function parseFile(path: string): ParsedFile {
  const result = loadFile(path);
  if ('skip' in result) return result;
  remember(result.briefing);
  // A title cut out of the file's text keeps the whole text alive in V8; a copy lets it go.
  return { row: structuredClone(headRow(result.briefing)), file: result.file };
}

const times = (file: FileStamp) => ({ mtimeMs: file.mtimeMs, arrivedMs: Math.max(file.mtimeMs, file.ctimeMs) });

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
  const { files, folders, skipped } = findBriefingFiles(paths);
  const cache = options.cache ?? undefined;
  const loaded: LoadedFile[] = [];
  const misses: string[] = [];
  for (const path of files) {
    let cached: BriefingHead | null = null;
    let mtimeMs = 0;
    let arrivedMs = 0;
    // A file the cache has never seen is parsed (which reads its size and time) without a stat first.
    if (cache?.has(path)) {
      try {
        const stat = statSync(fsPath(path));
        mtimeMs = stat.mtimeMs;
        arrivedMs = Math.max(stat.mtimeMs, stat.ctimeMs);
        cached = stat.isFile() ? cache.get(path, stat) : null;
      } catch {
        /* parsing it says why it cannot be read */
      }
    }
    if (cached) loaded.push({ briefing: cached, path, mtimeMs, arrivedMs });
    else misses.push(path);
  }
  misses.forEach((path, i) => {
    if (options.onProgress && i % 250 === 0) options.onProgress(i, misses.length);
    const result = parseFile(path);
    if ('skip' in result) return void skipped.push({ path, reason: result.skip });
    cache?.set(path, result.file, result.row);
    loaded.push({ briefing: fromHeadRow(result.row, path), path, ...times(result.file) });
  });
  // Entries for files that are gone are dropped.
  cache?.save();
  return assemble(loaded, skipped, folders);
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
      briefing = headOf({ ...entry.briefing, id: renumbered.id }, flatStories(renumbered.stories));
    }
    claimed.add(briefing.id);
    return { briefing, mtimeMs: entry.mtimeMs, date: briefing.date, title: briefing.title };
  });
  identified.sort(compareBriefings);
  const briefings = identified.map((entry) => entry.briefing);
  // Only listings show short ids: worked out on first use, not on every start.
  let prefix: ((id: string) => string) | undefined;
  const shortId = (id: string) => {
    prefix ??= shortIds(briefings.flatMap((briefing) => storyIds(briefing)));
    return prefix(id);
  };
  return { briefings, skipped, shortId, files: loaded, folders };
}

/** Reads one changed file again (for the watcher), forgetting any whole copy kept of it. */
export function reloadFile(path: string): LoadedFile | { skip: string } {
  forget(path);
  const result = parseFile(path);
  return 'skip' in result ? result : { briefing: fromHeadRow(result.row, path), path, ...times(result.file) };
}

/** The whole briefing, read again from its file. */
export function fullBriefing(briefing: BriefingHead): Briefing {
  return whole(briefing, (path) => {
    const result = loadFile(path);
    return 'briefing' in result ? result.briefing : null;
  });
}

/** One story whole, with its whole briefing, for printing and the reader. */
export function fullStory(head: BriefingHead, story: StoryHead): { briefing: Briefing; story: Story } {
  const briefing = fullBriefing(head);
  return { briefing, story: briefing.stories.find((s) => s.id === story.id) ?? emptied(story) };
}
