import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ParseCache } from './cache';
import { isHead, markHead, toHead, whole } from './full';
import { identify, shortIds } from '../model/ids';
import type { Briefing } from '../model/types';
import { decode, parseText } from '../parse/index';
import { findBriefingFiles, reasonOf, type Skipped } from './find';

/** Larger files are read up to this size, with a note, so one file cannot stall the library. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Above this many files the library holds heads only (see full.ts). */
export const HEADS_ONLY_ABOVE = 2000;

export interface Library {
  briefings: Briefing[];
  skipped: Skipped[];
  /** Short id of every story, by full id. */
  shortId: Map<string, string>;
  /** What the briefings were built from, so a watcher can rebuild after one file changes. */
  files: LoadedFile[];
}

export interface LoadedFile {
  /** With the ids it has when no other briefing claims the same identity (the usual case). */
  briefing: Briefing;
  path: string;
  mtimeMs: number;
}

/** Reads and parses one file (or takes it from the cache), or says why it is skipped. Never throws. */
export function loadFile(path: string, cache?: ParseCache): { briefing: Briefing; mtimeMs: number } | { skip: string } {
  let fd: number | undefined;
  try {
    if (cache) {
      const stat = statSync(path);
      const cached = stat.isFile() ? cache.get(path, stat.size, stat.mtimeMs) : null;
      if (cached) return { briefing: markHead(cached), mtimeMs: stat.mtimeMs };
    }
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { skip: 'not a regular file' };
    const size = Math.min(stat.size, MAX_FILE_BYTES);
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    const decoded = decode(bytes.subarray(0, read));
    if ('skip' in decoded) return decoded;
    const parsed = parseText(decoded.text, basename(path));
    if (stat.size > MAX_FILE_BYTES)
      parsed.extras.push({ heading: 'Note', paragraphs: [`This file is ${Math.round(stat.size / 1048576)} MB; only its first ${MAX_FILE_BYTES / 1048576} MB are shown.`] });
    const briefing = identify(parsed, path);
    cache?.set(path, stat.size, stat.mtimeMs, toHead(briefing));
    return { briefing, mtimeMs: stat.mtimeMs };
  } catch (error) {
    return { skip: reasonOf(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Newest first; undated briefings after the dated ones, newest file first. */
export function compareBriefings(a: { date: string | null; mtimeMs: number; title: string }, b: { date: string | null; mtimeMs: number; title: string }): number {
  if (a.date && b.date && a.date !== b.date) return a.date < b.date ? 1 : -1;
  if (a.date && !b.date) return -1;
  if (!a.date && b.date) return 1;
  if (a.mtimeMs !== b.mtimeMs) return b.mtimeMs - a.mtimeMs;
  return a.title.localeCompare(b.title);
}

export interface LoadOptions {
  /** Reuse and update parses kept between runs (off in tests that count parsing). */
  cache?: ParseCache | null;
  /** Called now and then while loading a large library. */
  onProgress?: (done: number, total: number) => void;
}

export function loadLibrary(paths: readonly string[], options: LoadOptions = {}): Library {
  const { files, skipped } = findBriefingFiles(paths);
  const cache = options.cache ?? undefined;
  const loaded: LoadedFile[] = [];
  // A large library keeps only heads in memory, parsed now or not: bodies are read on demand.
  const headsOnly = files.length > HEADS_ONLY_ABOVE;
  files.forEach((path, i) => {
    if (options.onProgress && i % 250 === 0) options.onProgress(i, files.length);
    const result = loadFile(path, cache);
    if ('skip' in result) skipped.push({ path, reason: result.skip });
    else {
      const briefing = headsOnly && !isHead(result.briefing) ? markHead(toHead(result.briefing)) : result.briefing;
      loaded.push({ briefing, path, mtimeMs: result.mtimeMs });
    }
  });
  if (cache) {
    const found = new Set(files);
    const roots = paths.map((p) => resolve(p));
    // Entries under the folders just scanned that no longer exist are dropped.
    cache.save((path) => found.has(path) || roots.some((root) => path.startsWith(`${root}/`)));
  }
  return assemble(loaded, skipped);
}

/** Gives ids (numbering briefings that claim the same identity, in path order) and orders the library. */
export function assemble(loaded: LoadedFile[], skipped: Skipped[]): Library {
  const byPath = [...loaded].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const claimed = new Map<string, number>();
  const identified = byPath.map((entry) => {
    let occurrence = 0;
    let briefing = entry.briefing;
    while (claimed.has(briefing.id)) briefing = identify(entry.briefing, entry.path, ++occurrence);
    if (isHead(entry.briefing)) markHead(briefing);
    claimed.set(briefing.id, 1);
    return { briefing, mtimeMs: entry.mtimeMs, date: briefing.date, title: briefing.title };
  });
  identified.sort(compareBriefings);
  const briefings = identified.map((entry) => entry.briefing);
  const shortId = shortIds(briefings.flatMap((briefing) => briefing.stories.map((story) => story.id)));
  return { briefings, skipped, shortId, files: loaded };
}

/** The whole briefing, reading its file again if the library holds only its head. */
export function fullBriefing(briefing: Briefing): Briefing {
  return whole(briefing, (path) => {
    const result = loadFile(path);
    return 'briefing' in result ? result.briefing : null;
  });
}
