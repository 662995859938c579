import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PathError } from '../library/find';
import { stripControls, visibleName } from '../parse/clean';
import { ParseCache } from '../library/cache';
import { fullBriefing, fullStory, loadLibrary, type Library } from '../library/load';
import type { BriefingHead } from '../model/types';
import { allStories, findStories, resolveBriefing, resolveRef, type Located } from '../library/refs';
import { listLines, writeList } from '../print/list';
import { briefingMarkdown, briefingText, storyMarkdown, storyText } from '../print/story';
import { makeChalk } from '../print/style';
import { wrapWords } from '../print/width';
import { MarkStore } from '../state/marks';
import { markSources } from '../state/paths';
import { readSettings, type SettingsShape } from '../state/saved';
import type { Settings } from '../state/settings';
import { libraryPaths } from './library';
import { relatedEntries, relatedIndex, relatedText } from './related';
import { skimOf } from './today';
import { skimJson, skimMarkdown, skimText } from '../print/skim';
import type { RelatedIndex } from '../library/related';

declare const DIGEST_VERSION: string | undefined;
export const VERSION = typeof DIGEST_VERSION === 'string' ? DIGEST_VERSION : '0.0.0-dev';

export const HELP = `digest: read your news briefings in the terminal

Examples
  digest                          open the reader on your library (or the samples)
  digest ~/briefings              open the reader on a folder
  digest list --unread            unread stories, with their refs and short ids
  digest list --json | jq '.briefings[0].title'
  digest show 1.2 | less          the 2nd story of the newest briefing
  digest show 1                   the whole newest briefing: highlights, then every story
  digest show 3f2a9c1 --format markdown > story.md
  digest next                     print the next unread story and mark it read
  digest related 1.2              the same news in your other briefings
  digest today                    the morning skim: what arrived since your last visit, by news
  digest mark read 1.1 1.2        mark stories read (unread, star, unstar too)
  digest config library ~/briefings
  digest config read-delay 3      a story counts as read after 3 s open
  digest config sync-folder ~/Sync/digest   read marks follow you through your file sync
  digest config skip-covered on   n and Space pass over news you read elsewhere
  digest > story.md               pick a story in the reader; it goes to the file

Usage
  digest [PATH...]                the interactive reader
  digest list [PATH...] [--unread] [--starred] [--json] [--width N]
  digest show REF|B [PATH...] [--format text|markdown|json] [--width N]
  digest next [PATH...] [--format text|markdown|json]
  digest related REF [PATH...] [--json]
  digest today [PATH...] [--format text|markdown|json] [--json]
  digest mark read|unread|star|unstar REF... [PATH...]
  digest mark read|unread --all [PATH...]
  digest config [library [DIR] | read-delay [SECONDS] | sync-folder [DIR|off] | skip-covered [on|off]]

REF is a short id (3f2a9c1), B.S (briefing and story number in list order) or a
piece of a story's title that matches one story; B alone is a whole briefing. PATH is a briefing file or a folder
(.txt, .md, .markdown, searched recursively). With no PATH: $DIGEST_DIR, else the
folder saved with \`digest config library\`, else the bundled samples.

Options
  -h, --help        this help
  -v, --version     the version
  --json            JSON output (list, related, today)
  --format F        text (default), markdown or json (show, next, today)
  --unread          only unread stories (list)
  --starred         only starred stories (list)
  --all             every story in the library (mark)
  --width N         wrap (show) or cut (list) at N columns; 0 for neither. Default:
                    the terminal's width (show: at most 100); to a pipe, show wraps
                    at 80 and list cuts nothing

Exit status: 0 ok, 1 failure (nothing unread for next), 2 usage error.
Read marks live in $XDG_STATE_HOME/digest, settings in $XDG_CONFIG_HOME/digest.
NO_COLOR turns colour off.
`;

export class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  stdout: NodeJS.WriteStream;
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  unread: { type: 'boolean' },
  starred: { type: 'boolean' },
  all: { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  width: { type: 'string', short: 'w' },
} as const;

const COMMANDS = new Set(['list', 'show', 'next', 'today', 'related', 'mark', 'config', 'help']);

export interface Parsed {
  command: string | null;
  positionals: string[];
  values: {
    help?: boolean;
    version?: boolean;
    json?: boolean;
    unread?: boolean;
    starred?: boolean;
    all?: boolean;
    format?: string;
    width?: string;
  };
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, '').split('\n')[0]);
  }
  const [first, ...rest] = parsed.positionals;
  // A folder or file named like a command still opens: `digest list` is the command unless ./list exists and more follows.
  const command = first !== undefined && COMMANDS.has(first) ? first : null;
  return { command, positionals: command ? rest : parsed.positionals, values: parsed.values };
}

/** --width N: columns to wrap or cut at, 0 for none; undefined when not given. */
function widthOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value.trim())) throw new UsageError(`--width takes a number of columns (0 for no limit), not "${value}"`);
  const width = Number(value);
  if (width > 0 && width < 20) throw new UsageError(`--width ${width} is too narrow: 20 columns at least, or 0 for no limit`);
  return width;
}

function storyFormat(value: string | undefined): 'text' | 'markdown' | 'json' {
  const format = value ?? 'text';
  if (format === 'md') return 'markdown';
  if (format !== 'text' && format !== 'markdown' && format !== 'json')
    throw new UsageError(`unknown format "${format}": use text, markdown or json`);
  return format;
}

/** Everything the commands share, opened lazily so each command pays only for what it uses. */
export class Context {
  private settingsCache: Settings | undefined;
  private savedCache: SettingsShape | undefined;
  private marksCache: MarkStore | undefined;
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

  /** Loads the library through the parse cache; its note (samples shown) goes to stderr unless `onNote` takes it. */
  /** The folders and files a command with these PATHs opens. */
  libraryPaths(paths: readonly string[]): string[] {
    return libraryPaths(paths, () => this.saved()).paths;
  }

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

  private relatedCache: { library: Library; index: RelatedIndex } | undefined;

  /** Related coverage of a library this context loaded, built to the end (from its cache when it can). */
  related(library: Library, paths: readonly string[]): RelatedIndex {
    if (this.relatedCache?.library !== library) this.relatedCache = { library, index: relatedIndex(library, this.libraryPaths(paths)) };
    return this.relatedCache.index;
  }

  width(): number {
    return this.io.stdout.isTTY ? Math.max(40, this.io.stdout.columns || 80) : 80;
  }
}

/**
 * The columns `show` wraps at: --width if given (0: none), else the terminal's (at most 100,
 * a comfortable measure), else 80 for a pipe, so `digest show 1.2 | less` never breaks words.
 */
function showWidth(ctx: Context, asked: number | undefined): number {
  if (asked !== undefined) return asked;
  return ctx.io.stdout.isTTY ? Math.min(ctx.width(), 100) : 80;
}

function wrapper(width: number): (text: string, indent?: string) => string {
  return (text, indent = '') => (width > 0 ? wrapWords(text, Math.max(10, width - indent.length)).join(`\n${indent}`) : text);
}

export function renderStory(
  ctx: Context,
  located: Located,
  format: 'text' | 'markdown' | 'json',
  asked?: number,
  related?: () => ReturnType<typeof relatedEntries>,
): string {
  const { briefing, story } = fullStory(located.briefing, located.story);
  // A cut file says so on stderr too, where a pipe into another tool does not swallow it.
  if (briefing.notice) ctx.io.err(`digest: ${visibleName(located.briefing.path)}: ${briefing.notice}\n`);
  if (format === 'markdown') return storyMarkdown(briefing, story);
  if (format === 'json') {
    const { stories: _stories, ...rest } = briefing;
    const marks = ctx.marks();
    const marked = { ...story, read: marks.isRead(story.id), starred: marks.isStarred(story.id), related: related?.() ?? [] };
    return `${JSON.stringify({ briefing: rest, story: marked }, null, 2)}\n`;
  }
  const chalk = makeChalk(ctx.io.stdout);
  return storyText(briefing, story, wrapper(showWidth(ctx, asked)), (text) => chalk.bold(text));
}

/** A whole briefing (`show B`): its highlights and parts, then every story. */
export function renderBriefing(ctx: Context, head: BriefingHead, format: 'text' | 'markdown' | 'json', asked?: number): string {
  const briefing = fullBriefing(head);
  if (briefing.notice) ctx.io.err(`digest: ${visibleName(head.path)}: ${briefing.notice}\n`);
  if (format === 'markdown') return briefingMarkdown(briefing);
  if (format === 'json') {
    const marks = ctx.marks();
    const stories = briefing.stories.map((story) => ({ ...story, read: marks.isRead(story.id), starred: marks.isStarred(story.id) }));
    return `${JSON.stringify({ briefing: { ...briefing, stories } }, null, 2)}\n`;
  }
  const chalk = makeChalk(ctx.io.stdout);
  return briefingText(briefing, wrapper(showWidth(ctx, asked)), (text) => chalk.bold(text));
}

/**
 * The library as JSON, written a briefing at a time: the same text as one JSON.stringify of
 * the whole, without holding every whole briefing and one giant string at once (at 10,000
 * briefings that was 95 MB of text, 8 s and mostly garbage collection). Written in chunks of
 * 64 KB that wait for the reader (`| jq`) to take them: a pipe takes what it is given, and
 * 200,000 stories written without waiting sat in memory, 900 MB at the peak.
 */
export async function writeListJson(
  library: Library,
  marks: MarkStore,
  stdout: NodeJS.WritableStream,
  related: (story: string) => string[] = () => [],
): Promise<void> {
  let chunk = '';
  const flush = async () => {
    const more = stdout.write(chunk);
    chunk = '';
    // Between chunks a reader that has gone (`| head`) is noticed, and a slow one waited for.
    await new Promise<void>((resolve) => (more ? setImmediate(resolve) : stdout.once('drain', resolve)));
  };
  const out = (text: string) => {
    chunk += text;
    return chunk.length > 65_536 ? flush() : undefined;
  };
  const indent = (json: string) => json.replace(/\n/g, '\n    ');
  out('{\n  "briefings": [');
  for (const [i, head] of library.briefings.entries()) {
    const briefing = fullBriefing(head);
    await out(i === 0 ? '\n    {' : ',\n    {');
    // Field by field, and the stories one at a time: one briefing of 200,000 stories made one
    // string of hundreds of MB (900 MB at the peak); the bytes are the same as stringifying it whole.
    const fields = Object.entries(briefing).filter(([, value]) => value !== undefined);
    for (const [f, [key, value]] of fields.entries()) {
      out(`${f === 0 ? '' : ','}\n      ${JSON.stringify(key)}: `);
      if (key !== 'stories' || briefing.stories.length === 0) {
        await out(indent(JSON.stringify(value, null, 2)).replace(/\n/g, '\n  '));
        continue;
      }
      out('[');
      for (const [s, story] of briefing.stories.entries()) {
        // The marks are spliced into the story's own JSON rather than spread into a copy of it:
        // V8 kept 200,000 spread copies in its old space until a full collection, 70 MB a pass.
        const json = JSON.stringify(story, null, 2);
        const marked = `${json.slice(0, -2)},\n  "shortId": ${JSON.stringify(library.shortId(story.id))},\n  "read": ${marks.isRead(story.id)},\n  "starred": ${marks.isStarred(story.id)},\n  "related": ${JSON.stringify(related(story.id))}\n}`;
        await out(`${s === 0 ? '' : ','}\n        ${marked.replace(/\n/g, '\n        ')}`);
      }
      out('\n      ]');
    }
    await out(fields.length === 0 ? '}' : '\n    }');
  }
  out(library.briefings.length === 0 ? ']' : '\n  ]');
  out(`,\n  "skipped": ${JSON.stringify(library.skipped, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
  await flush();
}

function resolveOrThrow(library: Library, ref: string, ctx: Context): Located {
  const result = resolveRef(library, ref);
  if ('found' in result) return result.found;
  const lines = result.candidates.slice(0, 10).map((c) => `  ${c.ref.padEnd(6)} ${library.shortId(c.story.id)}  ${c.story.title}\n`);
  if (result.candidates.length > 10) lines.push(`  … and ${result.candidates.length - 10} more\n`);
  ctx.io.err(lines.join(''));
  throw new UsageError(result.error);
}

/** `mark star` says "marked … starred". */
const PAST: Record<string, string> = { star: 'starred', unstar: 'unstarred' };

/** Splits `mark` arguments: existing files and folders are PATHs, the rest REFs. */
function refsAndPaths(positionals: string[]): { refs: string[]; paths: string[] } {
  const refs: string[] = [];
  const paths: string[] = [];
  for (const arg of positionals) (/[/\\]/.test(arg) || (existsSync(arg) && !/^\d+\.\d+$/.test(arg)) ? paths : refs).push(arg);
  return { refs, paths };
}

export async function runCommand(parsed: Parsed, ctx: Context): Promise<number> {
  const { command, positionals, values } = parsed;
  const { io } = ctx;
  if (values.help || command === 'help') {
    io.out(HELP);
    return 0;
  }
  if (values.version) {
    io.out(`digest ${VERSION}\n`);
    return 0;
  }
  switch (command) {
    case null:
    case 'list': {
      if (values.format) throw new UsageError('--format goes with show and next; list takes --json');
      const library = ctx.library(positionals);
      const marks = ctx.marks();
      if (library.briefings.length === 0 && !values.json)
        io.err(`digest: no briefings (.txt, .md, .markdown) in ${ctx.libraryPaths(positionals).join(', ')}\n`);
      // To a pipe nothing is cut (`digest list | grep Layoffs` finds the whole title).
      const asked = widthOption(values.width);
      const width = asked === 0 ? Infinity : (asked ?? (io.stdout.isTTY ? ctx.width() : Infinity));
      if (values.json) {
        const index = ctx.related(library, positionals);
        await writeListJson(library, marks, io.stdout, (story) => index.related(story).map((entry) => entry.story));
      } else
        writeList(
          listLines(library, marks, { unread: values.unread, starred: values.starred, width, chalk: makeChalk(io.stdout) }),
          io.out,
        );
      return 0;
    }
    case 'show': {
      const [ref, ...paths] = positionals;
      if (!ref) throw new UsageError('show needs a REF: a short id, B.S, part of a title, or B for a whole briefing');
      const format = storyFormat(values.format);
      const width = widthOption(values.width);
      const library = ctx.library(paths);
      const whole = resolveBriefing(library, ref);
      if (whole) io.out(renderBriefing(ctx, whole, format, width));
      else {
        const at = resolveOrThrow(library, ref, ctx);
        const related = () => relatedEntries(ctx.related(library, paths), library, ctx.marks(), at.story.id);
        io.out(renderStory(ctx, at, format, width, related));
      }
      return 0;
    }
    case 'next': {
      const format = storyFormat(values.format);
      const width = widthOption(values.width);
      const library = ctx.library(positionals);
      const marks = ctx.marks();
      const [next] = findStories(library, (story) => !marks.isRead(story.id), 1);
      if (!next) {
        io.err('digest: no unread stories\n');
        return 1;
      }
      io.out(renderStory(ctx, next, format, width));
      marks.set(next.story.id, 'read', true);
      if (marks.error) {
        io.err(`digest: printed "${stripControls(next.story.title)}" but could not mark it read: ${marks.error}\n`);
        return 1;
      }
      return 0;
    }
    case 'today': {
      const format = values.json ? 'json' : storyFormat(values.format);
      const library = ctx.library(positionals);
      const marks = ctx.marks();
      const skim = skimOf(library, ctx.related(library, positionals), marks, ctx.saved().lastVisit ?? null);
      if (format === 'json') io.out(skimJson(skim, library.shortId));
      else if (format === 'markdown') io.out(skimMarkdown(skim));
      else {
        const chalk = makeChalk(io.stdout);
        const asked = widthOption(values.width);
        const width = asked === 0 ? Infinity : (asked ?? (io.stdout.isTTY ? ctx.width() : Infinity));
        io.out(
          skimText(
            skim,
            width,
            (text) => chalk.bold(text),
            (text) => chalk.dim(text),
          ),
        );
      }
      return 0;
    }
    case 'related': {
      if (values.format) throw new UsageError('related takes --json, not --format');
      const [ref, ...paths] = positionals;
      if (!ref) throw new UsageError('related needs a REF: a short id, B.S or part of a title');
      const library = ctx.library(paths);
      const at = resolveOrThrow(library, ref, ctx);
      const index = ctx.related(library, paths);
      if (values.json) {
        const story = {
          id: at.story.id,
          shortId: library.shortId(at.story.id),
          title: at.story.title,
          briefing: { id: at.briefing.id, title: at.briefing.title, date: at.briefing.date },
        };
        io.out(`${JSON.stringify({ story, related: relatedEntries(index, library, ctx.marks(), at.story.id) }, null, 2)}\n`);
      } else io.out(relatedText(index, library, ctx.marks(), at, io.stdout).text);
      return 0;
    }
    case 'mark': {
      const [action, ...rest] = positionals;
      const actions: Record<string, ['read' | 'starred', boolean]> = {
        read: ['read', true],
        unread: ['read', false],
        star: ['starred', true],
        unstar: ['starred', false],
      };
      const chosen = action ? actions[action] : undefined;
      if (!chosen) throw new UsageError('mark needs read, unread, star or unstar, then REFs (or --all)');
      const [key, value] = chosen;
      const { refs, paths } = values.all ? { refs: [], paths: rest } : refsAndPaths(rest);
      if (!values.all && refs.length === 0) throw new UsageError(`mark ${action} needs at least one REF, or --all`);
      if (values.all && key === 'starred') throw new UsageError('--all goes with mark read and mark unread');
      const library = ctx.library(paths);
      const targets = values.all ? allStories(library) : refs.map((ref) => resolveOrThrow(library, ref, ctx));
      const marks = ctx.marks();
      const changed = marks.setMany(targets.map((t) => ({ id: t.story.id, key, value })));
      if (marks.error) {
        io.err(`digest: could not save the marks: ${marks.error}\n`);
        return 1;
      }
      io.err(
        `digest: marked ${targets.length} ${targets.length === 1 ? 'story' : 'stories'} ${PAST[action!] ?? action}${changed < targets.length ? ` (${targets.length - changed} already ${targets.length - changed === 1 ? 'was' : 'were'})` : ''}\n`,
      );
      return 0;
    }
    case 'config': {
      const [key, value, ...extra] = positionals;
      if (extra.length > 0 || (key !== undefined && !['library', 'read-delay', 'sync-folder', 'skip-covered'].includes(key)))
        throw new UsageError('config takes: library [DIR], read-delay [SECONDS], sync-folder [DIR|off], skip-covered [on|off]');
      const settings = await ctx.settings();
      if (key === undefined) {
        io.out(
          [
            `library      ${settings.get('library') ?? '(not set: the bundled samples)'}`,
            `read-delay   ${settings.get('readDelay') ?? 0}`,
            `sync-folder  ${settings.get('syncFolder') ?? '(not set: marks stay on this machine)'}`,
            `skip-covered ${settings.get('skipCovered') ? 'on' : 'off'}`,
            `marks        ${markSources(settings.get('syncFolder')).own}`,
            `file         ${settings.path}`,
            '',
          ].join('\n'),
        );
      } else if (key === 'sync-folder') {
        if (value === undefined) io.out(`${settings.get('syncFolder') ?? ''}\n`);
        else if (value === 'off') {
          settings.delete('syncFolder');
          io.err(`digest: read marks stay on this machine again (${markSources().own}); the sync folder is left as it is\n`);
        } else {
          const dir = resolve(value);
          if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${value}: not a folder`);
          settings.set('syncFolder', dir);
          // The marks made here before stay in the local journal, which is read beside the folder's.
          io.err(`digest: read marks now sync through ${dir}; this device writes ${markSources(dir).own}\n`);
        }
      } else if (key === 'skip-covered') {
        if (value === undefined) io.out(`${settings.get('skipCovered') ? 'on' : 'off'}\n`);
        else if (value !== 'on' && value !== 'off') throw new UsageError(`${value}: skip-covered takes on or off`);
        else {
          settings.set('skipCovered', value === 'on');
          io.err(
            value === 'on'
              ? 'digest: n and Space now pass over news you have read in another briefing\n'
              : 'digest: n and Space now go to every unread story\n',
          );
        }
      } else if (key === 'read-delay') {
        if (value === undefined) io.out(`${settings.get('readDelay') ?? 0}\n`);
        else {
          const seconds = Number(value);
          if (!/^\d+(?:\.\d+)?$/.test(value) || seconds > 3600) throw new UsageError(`${value}: read-delay takes seconds, 0 to 3600`);
          settings.set('readDelay', seconds);
          io.err(`digest: a story now counts as read after ${seconds} s open\n`);
        }
      } else if (value === undefined) {
        io.out(`${settings.get('library') ?? ''}\n`);
      } else {
        const dir = resolve(value);
        if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${value}: not a folder`);
        settings.set('library', dir);
        io.err(`digest: library set to ${dir}\n`);
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Runs the non-interactive CLI; turns known failures into one-line errors and exit codes. */
export async function runCli(parsed: Parsed, io: Io): Promise<number> {
  try {
    return await runCommand(parsed, new Context(io));
  } catch (error) {
    if (error instanceof UsageError || error instanceof PathError) {
      io.err(
        `digest: ${stripControls(error.message)}${error instanceof UsageError && !/matches|no story/.test(error.message) ? ' (see digest --help)' : ''}\n`,
      );
      return 2;
    }
    io.err(`digest: ${stripControls((error as Error).message ?? String(error))}\n`);
    return 1;
  }
}
