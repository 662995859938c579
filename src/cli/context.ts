import { existsSync } from 'node:fs';
import { ParseCache } from '../library/cache';
import { LibraryCheck } from '../library/check';
import { loadParser } from '../library/parser';
import { fullBriefing, loadLibrary, loadLibraryStepped, type Library } from '../library/load';
import { CoverageCache, RelatedIndex } from '../library/related';
import { resolveRef, type Located } from '../library/refs';
import { stripControls } from '../parse/clean';
import { hyperlink, hyperlinksOn } from '../print/hyperlink';
import { wrapWords } from '../print/width';
import { MarkStore } from '../state/marks';
import { markSources } from '../state/paths';
import { readSettings, type SettingsShape } from '../state/saved';
import type { Settings } from '../state/settings';
import { libraryPaths } from './library';

/** A mistake in how digest was called: one line on stderr, exit status 2. */
export class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  stdout: NodeJS.WriteStream;
}

/**
 * Everything the commands (and the reader) share, opened lazily so each pays only for what it
 * uses: the settings, the read marks, the library and its related coverage.
 */
export class Context {
  private settingsCache: Settings | undefined;
  private savedCache: SettingsShape | undefined;
  private marksCache: MarkStore | undefined;
  private relatedCache: { library: Library; index: RelatedIndex } | undefined;

  constructor(readonly io: Io) {}

  /** The saved settings, for reading; cheap. A setting that cannot be used is named once on stderr. */
  saved(): SettingsShape {
    if (!this.savedCache) {
      const { settings, warnings } = readSettings();
      for (const warning of warnings) this.io.err(`digest: ${stripControls(warning)}\n`);
      this.savedCache = settings;
    }
    return this.savedCache;
  }

  /** The settings store, for writing: loads conf, so only commands that write pay for it. */
  async settings(): Promise<Settings> {
    if (!this.settingsCache) {
      const { Settings } = await import('../state/settings');
      this.settingsCache = new Settings();
      // readSettings() said these already when saved() was asked first.
      if (!this.savedCache) for (const warning of this.settingsCache.warnings) this.io.err(`digest: ${stripControls(warning)}\n`);
    }
    return this.settingsCache;
  }

  marks(): MarkStore {
    if (!this.marksCache) {
      this.marksCache = MarkStore.open(markSources(this.saved().syncFolder));
      if (this.marksCache.warning) this.io.err(`digest: ${this.marksCache.warning}\n`);
    }
    return this.marksCache;
  }

  /** The folders and files a command with these PATHs opens. */
  libraryPaths(paths: readonly string[]): string[] {
    return libraryPaths(paths, () => this.saved()).paths;
  }

  /** Loads the library through the parse cache; its note (samples shown) goes to stderr unless `onNote` takes it. */
  library(
    paths: readonly string[],
    options: { onNote?: (note: string) => void; onProgress?: (done: number, total: number) => void } = {},
  ): Library {
    const chosen = libraryPaths(paths, () => this.saved());
    if (chosen.note) (options.onNote ?? ((note) => this.io.err(`digest: ${note}\n`)))(chosen.note);
    return loadLibrary(chosen.paths, {
      cache: process.env.DIGEST_NO_CACHE ? null : new ParseCache(chosen.paths),
      onProgress: options.onProgress,
    });
  }

  /**
   * The library for the reader: from its snapshot when there is one that names this library and
   * parser, with `check` to run after the first frame (it compares every file with the snapshot
   * and ends in the library as it is); else loaded whole, as `library` does, with no check, a
   * slice at a time so that keys are read meanwhile (null when `stopped` said to stop).
   */
  async openLibrary(
    paths: readonly string[],
    options: { onNote?: (note: string) => void; onProgress?: (done: number, total: number) => void; stopped?: () => boolean } = {},
  ): Promise<{ library: Library; check: LibraryCheck | null } | null> {
    const chosen = libraryPaths(paths, () => this.saved());
    if (chosen.note) (options.onNote ?? ((note) => this.io.err(`digest: ${note}\n`)))(chosen.note);
    const cache = process.env.DIGEST_NO_CACHE ? null : new ParseCache(chosen.paths);
    const snapshot = cache?.opened;
    const kept = snapshot && cache.library(snapshot.skipped, snapshot.folders);
    if (kept) return { library: kept, check: new LibraryCheck(chosen.paths, cache, snapshot, kept) };
    // Read from the files, the library needs the parsers first; from its snapshot, not yet (parser.ts).
    await loadParser();
    const library = await loadLibraryStepped(chosen.paths, { cache, onProgress: options.onProgress, stopped: options.stopped });
    return library && { library, check: null };
  }

  /** A related-coverage index for a library (its cache unless DIGEST_NO_CACHE), not yet built. */
  relatedFor(library: Library, paths: readonly string[]): RelatedIndex {
    return new RelatedIndex(library, fullBriefing, process.env.DIGEST_NO_CACHE ? null : new CoverageCache(this.libraryPaths(paths)));
  }

  /** Related coverage of a library this context loaded, built to the end (from its cache when it can). */
  related(library: Library, paths: readonly string[]): RelatedIndex {
    if (this.relatedCache?.library !== library) this.relatedCache = { library, index: this.relatedFor(library, paths).complete() };
    return this.relatedCache.index;
  }

  /** How sources become links on this output: OSC 8 where the `hyperlinks` setting and the terminal allow, else not at all. */
  link(): ((text: string, url: string) => string) | undefined {
    return hyperlinksOn(this.saved().hyperlinks, this.io.stdout) ? hyperlink : undefined;
  }

  width(): number {
    return this.io.stdout.isTTY ? Math.max(40, this.io.stdout.columns || 80) : 80;
  }
}

/** --width N: columns to wrap or cut at, 0 for none; undefined when not given. */
export function widthOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value.trim())) throw new UsageError(`--width takes a number of columns (0 for no limit), not "${value}"`);
  const width = Number(value);
  if (width > 0 && width < 20) throw new UsageError(`--width ${width} is too narrow: 20 columns at least, or 0 for no limit`);
  return width;
}

/** What `list` and `today` cut lines at: --width, else the terminal's; into a pipe, nothing is cut. */
export function cutWidth(ctx: Context, value: string | undefined): number {
  const asked = widthOption(value);
  return asked === 0 ? Infinity : (asked ?? (ctx.io.stdout.isTTY ? ctx.width() : Infinity));
}

export type Format = 'text' | 'markdown' | 'json';

/** --format (text, markdown or json); --json is the same as --format json. */
export function formatOption(values: { format?: string; json?: boolean }): Format {
  if (values.json) {
    if (values.format && values.format !== 'json') throw new UsageError(`--json and --format ${values.format} disagree: give one`);
    return 'json';
  }
  const format = values.format ?? 'text';
  if (format === 'md') return 'markdown';
  if (format !== 'text' && format !== 'markdown' && format !== 'json')
    throw new UsageError(`unknown format "${format}": use text, markdown or json`);
  return format;
}

/**
 * The columns `show` wraps at: --width if given (0: none), else the terminal's (at most 100,
 * a comfortable measure), else 80 for a pipe, so `digest show 1.2 | less` never breaks words.
 */
export function showWidth(ctx: Context, asked: number | undefined): number {
  if (asked !== undefined) return asked;
  return ctx.io.stdout.isTTY ? Math.min(ctx.width(), 100) : 80;
}

export function wrapper(width: number): (text: string, indent?: string) => string {
  return (text, indent = '') => (width > 0 ? wrapWords(text, Math.max(10, width - indent.length)).join(`\n${indent}`) : text);
}

/** The story a REF names, or a usage error listing the candidates on stderr. */
export function resolveOrThrow(library: Library, ref: string, ctx: Context): Located {
  const result = resolveRef(library, ref);
  if ('found' in result) return result.found;
  const lines = result.candidates.slice(0, 10).map((c) => `  ${c.ref.padEnd(6)} ${library.shortId(c.story.id)}  ${c.story.title}\n`);
  if (result.candidates.length > 10) lines.push(`  … and ${result.candidates.length - 10} more\n`);
  ctx.io.err(lines.join(''));
  throw new UsageError(result.error);
}

/** Splits arguments into REFs and PATHs: existing files and folders (or anything with a slash) are PATHs. */
export function refsAndPaths(positionals: readonly string[]): { refs: string[]; paths: string[] } {
  const refs: string[] = [];
  const paths: string[] = [];
  for (const arg of positionals) (/[/\\]/.test(arg) || (existsSync(arg) && !/^\d+\.\d+$/.test(arg)) ? paths : refs).push(arg);
  return { refs, paths };
}
