import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { openSync, readFileSync } from 'node:fs';
import { WriteStream } from 'node:tty';
import chalk from 'chalk';
import { render } from 'ink';
import React from 'react';
import { Context, type Io } from '../cli/context';
import { fullBriefing, fullStory, type Library } from '../library/load';
import type { LibraryCheck } from '../library/check';
import { CoverageCache, RelatedIndex } from '../library/related';
import { saveSnapshot } from '../library/cache';
import { countsFile, readCounts, snapshotFile, writeCounts } from '../library/snapshot';
import { searchFile } from '../library/search';
import { commandWords, openableLink } from '../model/links';
import { watchLibrary } from '../library/watch';
import { loadParser, parserLoaded } from '../library/parser';
import { hyperlinksOn } from '../print/hyperlink';
import { colorChoice } from '../print/style';
import { storyMarkdown } from '../print/story';
import type { MarkStore } from '../state/marks';
import { App } from './App';
import { KeyReader } from './input';
import { applyKeymap, withUserKeys } from './keymap';
import { themeOf, applyTheme } from './theme';
import { reconcile, restore } from './reconcile';
import { settle } from './settle';
import { initialState, type ExitResult, type ReaderState } from './state';
import { ReaderStore } from './store';
import type { StoryRef, World } from './world';

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';
// Bracketed paste: a paste arrives marked, so its text goes into the search box as text,
// never as a burst of commands.
const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';

interface Terminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  close: () => void;
}

/** The terminal the UI draws on: the process's own, or /dev/tty when stdout is a pipe (pick mode). */
function openTerminal(pick: boolean): Terminal {
  if (!pick) return { stdin: process.stdin, stdout: process.stdout, close: () => {} };
  const stdout = new WriteStream(openSync('/dev/tty', 'w')) as unknown as NodeJS.WriteStream;
  return { stdin: process.stdin, stdout, close: () => stdout.destroy() };
}

/** OSC 52: the terminal puts the text on the clipboard; works over ssh too. */
function copyTo(stdout: NodeJS.WriteStream) {
  return (text: string) => void stdout.write(`\x1b]52;c;${Buffer.from(text).toString('base64')}\x07`);
}

/**
 * Hands a web or mail link to the user's opener: DIGEST_OPEN_COMMAND, else $BROWSER (its first
 * entry), else the system's (xdg-open, open, start). A command is split into words like a
 * shell would, but no shell runs; a program that cannot be started is a message, not a crash.
 */
async function openUrl(raw: string): Promise<void> {
  const link = openableLink(raw);
  if ('refused' in link) throw new Error(link.refused);
  const command = process.env.DIGEST_OPEN_COMMAND || process.env.BROWSER?.split(':')[0];
  if (command) {
    const [file, ...args] = commandWords(command);
    if (!file) throw new Error('the open command is empty');
    return started(spawn(file, [...args, link.url], { stdio: 'ignore', detached: true }), file);
  }
  const { default: open } = await import('open');
  return started(await open(link.url), 'the system opener', true);
}

/**
 * Resolves once the program is running (or, for the system opener, which hands the link on and
 * exits, once it has done so); rejects with one line when it cannot start or finds no browser.
 */
function started(child: ChildProcess, name: string, waitForExit = false): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? `${name} is not installed (or not on PATH)` : `${name} failed: ${error.message}`)),
    );
    if (waitForExit) {
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${name} found nothing to open it with (y copies the URL)`)),
      );
      return;
    }
    child.unref();
    if (child.pid !== undefined) resolve();
    else child.once('spawn', () => resolve());
  });
}

/**
 * The terminal as Ink sees it: the same output, minus the resize events. Ink redraws its last
 * frame on a resize, before React has drawn the frame for the new size; a stale frame taller
 * than the shrunken terminal scrolled it, and the screen was left a row or more off (1 run in 8
 * of the resize-storm test). The reader clears the screen and redraws once, from the new size.
 */
class InkOutput extends EventEmitter {
  readonly isTTY = true;
  constructor(private readonly real: NodeJS.WriteStream) {
    super();
  }
  get columns(): number {
    return this.real.columns;
  }
  get rows(): number {
    return this.real.rows;
  }
  get writableLength(): number {
    return this.real.writableLength;
  }
  write(data: string, callback?: () => void): boolean {
    return this.real.write(data, callback);
  }
}

function markdownOf(library: Library, at: StoryRef): string | null {
  const head = library.briefings.find((b) => b.id === at.briefing);
  const story = head?.stories.find((s) => s.id === at.story);
  if (!head || !story) return null;
  const whole = fullStory(head, story);
  return storyMarkdown(whole.briefing, whole.story);
}

interface SessionOptions {
  terminal: Terminal;
  marks: MarkStore;
  /** Ctrl-Z: hand the terminal back until `fg`. */
  suspend: (resumed: () => void) => void;
  related: (library: Library) => RelatedIndex;
  /** Told of the session's store, so a signal can still keep what the next start needs. */
  live?: (store: ReaderStore) => void;
  /** The check of a library drawn from its snapshot (see ReaderStore), for the first session only. */
  check?: LibraryCheck | null;
  unread?: (library: Library) => number | null;
  searchAt?: string | null;
  /** Keys typed before the session began (while the library loaded), read first. */
  early?: string;
}

interface SessionEnd {
  result: ExitResult;
  library: Library;
  /** A check of the snapshot that had not finished, for the next session to go on with. */
  check: LibraryCheck | null;
  /** The unread count, when known without counting: kept for the next start's first frame. */
  unread: number | null;
}

/**
 * One run of the Ink reader from `state` until an exit effect: the input layer feeds the
 * store, the store feeds the screen. Returns why it ended and the library as it then was.
 */
function session(state: ReaderState | ((world: World) => ReaderState), library: Library, options: SessionOptions): Promise<SessionEnd> {
  const { terminal, marks } = options;
  const { stdin, stdout } = terminal;
  return new Promise((resolve) => {
    let current = library;
    let finish: (result: ExitResult) => void = () => {};
    let checkedLibrary: (library: Library) => void = () => {};
    const store = new ReaderStore(state, library, {
      marks,
      openUrl,
      copy: copyTo(stdout),
      suspend: () => options.suspend(() => store.dispatch({ type: 'resumed', at: new Date().toLocaleTimeString() })),
      exit: (result) => finish(result),
      related: options.related,
      check: options.check ?? undefined,
      unread: options.unread,
      searchAt: options.searchAt,
      checked: (checked) => {
        current = checked;
        checkedLibrary(checked);
      },
    });
    options.live?.(store);
    const keys = new KeyReader(store.dispatch);
    // Keys wait, in order, for the parsers (loading right after the first frame): the first may
    // open a story, which is read from its file. None is lost.
    let held: string[] | null = parserLoaded() ? null : [];
    if (held)
      void loadParser().then(() => {
        const chunks = held ?? [];
        held = null;
        for (const chunk of chunks) keys.feed(chunk);
      });
    const onData = (chunk: string | Buffer) => (held ? held.push(String(chunk)) : keys.feed(String(chunk)));
    const onResize = () => {
      const size = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
      if (size.columns === store.state.size.columns && size.rows === store.state.size.rows) return;
      // Whatever is on the screen was laid out for the old size: clear it, and Ink draws the new frame from the top.
      stdout.write('\x1b[2J\x1b[H');
      store.dispatch({ type: 'resize', ...size });
    };
    // Raw mode before the first frame: a key pressed in between would arrive in line mode
    // (Enter as a newline, which the input layer also takes as Enter).
    stdin.setRawMode?.(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    if (options.early) onData(options.early);
    stdin.resume();
    stdout.on('resize', onResize);
    const refresh = setInterval(() => store.refreshMarks(), 2000);
    const output = new InkOutput(stdout) as unknown as NodeJS.WriteStream;
    const instance = render(<App store={store} />, { stdin, stdout: output, exitOnCtrlC: false, patchConsole: false, maxFps: 250 });
    // Briefings that arrive while the reader is open appear without a restart; while the files
    // are checked against the snapshot the first frame came from, what the watch sees waits for it.
    const checked = store.checking ? new Promise<Library>((resolve) => (checkedLibrary = resolve)) : undefined;
    const unwatch = watchLibrary(
      library,
      (next, added) => {
        current = next;
        // Only arrivals are news worth a message; a change or removal the reader explains itself when it touches what is open.
        store.replaceLibrary(next, added > 0 ? `${added} new briefing${added === 1 ? '' : 's'}` : null);
      },
      300,
      checked,
    );

    finish = (result) => {
      keys.dispose();
      stdin.off('data', onData);
      stdin.pause();
      stdout.off('resize', onResize);
      clearInterval(refresh);
      unwatch();
      store.dispose();
      instance.unmount();
      resolve({
        result,
        library: current,
        check: store.pendingCheck,
        unread: store.world.library === current ? store.world.knownUnread : null,
      });
    };
  });
}

/**
 * Runs the Ink reader until the user quits; returns the exit code. A `|` pipe leaves the UI,
 * runs the command on the main screen, and comes back to the same place.
 */
export async function runReader(paths: string[], io: Io, pick = false): Promise<number> {
  // Ink's chalk does not read NO_COLOR; the bundled chalk is the one Ink uses.
  if (process.env.NO_COLOR || colorChoice() === 'never') chalk.level = 0;
  const ctx = new Context(io);
  let note: string | null = null;
  const terminal = openTerminal(pick);
  const { stdin, stdout } = terminal;
  // A large library (or a cold cache) takes a moment: say so on the screen while it loads.
  let progressShown = false;
  // Keys typed while it loads are the reader's: raw mode from the start, so the terminal does
  // not echo them over the progress line, and they wait here for the first session. Ctrl-C
  // still stops the load (raw mode makes it a key, not a signal).
  const early: string[] = [];
  let interrupted = false;
  const onEarlyData = (chunk: string | Buffer) => {
    const text = String(chunk);
    if (text.includes('\x03')) interrupted = true;
    else early.push(text);
  };
  if (stdin.isTTY) {
    stdin.setRawMode?.(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onEarlyData);
    stdin.resume();
  }
  const stopEarlyKeys = () => {
    stdin.off('data', onEarlyData);
    // Paused until the session reads: a key in between waits in the stream, not lost.
    stdin.pause();
  };
  // The last run's snapshot draws the first frame when there is one; else the library is read
  // (a cold cache at 100,000 briefings takes a while, said on the screen while it loads).
  let loaded;
  try {
    loaded = await ctx.openLibrary(paths, {
      onNote: (text) => (note = text),
      onProgress: (done, total) => {
        if (total < 1000) return;
        progressShown = true;
        stdout.write(`\r\x1b[2Kdigest: loading ${total} briefings… ${Math.round((done / total) * 100)}%`);
      },
      stopped: () => interrupted,
    });
  } finally {
    stopEarlyKeys();
    // The progress line is not left in the shell's scrollback once the reader has come and gone.
    if (progressShown) stdout.write('\r\x1b[2K');
    if ((!loaded || interrupted) && stdin.isTTY) stdin.setRawMode?.(false);
  }
  // Ctrl-C before the reader was up: the start is abandoned, as the signal would have it.
  if (!loaded || interrupted) return 130;
  const opened = loaded;
  let library = opened.library;
  const marks = ctx.marks();
  // The unread count kept at the last quit holds for the same snapshot and the same marks on disk.
  const countsAt = process.env.DIGEST_NO_CACHE ? null : countsFile(ctx.libraryPaths(paths));
  const kept = countsAt ? readCounts(countsAt) : null;
  const keptMarks = kept ? marks.fingerprint() : null;
  // For the first session only: later ones (after `|` or `e`) carry the count the last one ended with.
  let unread = (shown: Library) => (kept && shown.generation === kept.generation && keptMarks === kept.marks ? kept.unread : null);
  let lastUnread: number | null = null;
  let live: ReaderStore | null = null;
  const skipped =
    library.skipped.length > 0 ? `Skipped ${library.skipped.length} file(s) that are not briefings (digest list shows why)` : null;
  const start = initialState({
    size: { columns: stdout.columns || 80, rows: stdout.rows || 24 },
    pick,
    readDelayMs: (ctx.saved().readDelay ?? 0) * 1000,
    skipCovered: ctx.saved().skipCovered ?? false,
    lastVisit: ctx.saved().lastVisit ?? null,
    hyperlinks: hyperlinksOn(ctx.saved().hyperlinks, stdout),
  });
  const roots = ctx.libraryPaths(paths);
  const related = (library: Library) =>
    new RelatedIndex(library, fullBriefing, process.env.DIGEST_NO_CACHE ? null : new CoverageCache(roots));
  // The user's keys and colours, when they check out; otherwise the built-in ones and a line saying why.
  const keys = withUserKeys(ctx.saved().keys);
  if ('keymap' in keys) applyKeymap(keys.keymap);
  const theme = themeOf(ctx.saved().theme);
  if ('tones' in theme) applyTheme(theme);
  const setup = 'error' in keys ? keys.error : 'error' in theme ? theme.error : null;
  const position = pick ? undefined : ctx.saved().lastPosition;
  // The library screen draws from heads alone, and the parsers load once it is out; a briefing
  // or a story to return to is drawn from its whole text, so they are loaded first.
  if (position && position.screen !== 'library') await loadParser();
  // The first session settles the restored position in its own world; a return from `|` resumes a state.
  let state: ReaderState | ((world: World) => ReaderState) = (world) => {
    const restored = restore(start, position, world);
    return { ...restored, message: setup ?? restored.message ?? marks.warning ?? note ?? skipped };
  };

  let restoredTerminal = true;
  const enter = () => {
    stdout.write(ENTER_ALT_SCREEN + PASTE_ON);
    restoredTerminal = false;
  };
  const leave = () => {
    if (restoredTerminal) return;
    restoredTerminal = true;
    if (stdin.isTTY) stdin.setRawMode?.(false);
    stdout.write(PASTE_OFF + LEAVE_ALT_SCREEN);
  };

  // Raw mode turns Ctrl-Z into a key, so the shell never sees it: stop ourselves the usual way,
  // with the terminal handed back first, and take it again on SIGCONT (fg).
  const suspend = (resumed: () => void) => {
    leave();
    process.once('SIGCONT', () => {
      enter();
      stdin.setRawMode?.(true);
      // A changed frame (the status line says so) is what makes Ink draw the blank screen again.
      resumed();
    });
    process.kill(process.pid, 'SIGTSTP');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    leave();
    const stale = marks.refresh();
    marks.compactIfWorthIt();
    // A closed terminal or a kill is how many sessions end: the next start still draws from the snapshot.
    if (live) keepForNextStart(ctx.libraryPaths(paths), live.world.library, stale ? null : live.world.knownUnread, marks);
    process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143);
  };
  const onCrash = (error: unknown) => {
    leave();
    process.stderr.write(`digest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('exit', leave);

  try {
    for (;;) {
      enter();
      const ended = await session(state, library, {
        terminal,
        marks,
        suspend,
        related,
        check: opened.check,
        unread,
        searchAt: process.env.DIGEST_NO_CACHE ? null : searchFile(ctx.libraryPaths(paths)),
        live: (store) => (live = store),
        early: early.splice(0).join(''),
      });
      opened.check = ended.check;
      library = ended.library;
      lastUnread = ended.unread;
      const carried = { library: ended.library, unread: ended.unread };
      unread = (shown) => (shown === carried.library ? carried.unread : null);
      leave();
      const result = ended.result;
      if (result.kind === 'pick') {
        const markdown = markdownOf(library, result.at);
        if (markdown === null) return 1;
        io.out(markdown);
        return 0;
      }
      if (result.kind === 'quit') {
        try {
          const settings = await ctx.settings();
          if (result.position) settings.set('lastPosition', result.position);
          // What arrives from now on is "new since your last visit" next time (pick mode is not a visit).
          if (!pick) settings.set('lastVisit', Date.now());
        } catch (error) {
          io.err(`digest: could not save where you left off: ${(error as Error).message.split('\n')[0]}\n`);
        }
        // The last try: what still cannot be written is lost, and the exit status says so.
        if (!marks.flush()) {
          io.err(`digest: ${marks.unsaved} read-mark change${marks.unsaved === 1 ? '' : 's'} could not be saved: ${marks.error}\n`);
          return 1;
        }
        // fzf's convention: a pick cancelled is 130, so `digest > story.md || …` can tell it from a failure.
        return pick ? 130 : 0;
      }
      if (result.kind === 'edit') {
        const message = edit(library, result.path, result.at);
        // The file may have changed: the library is read again (unchanged files from the cache),
        // and the reader finds its place in it as it does when the watcher sees a change.
        const before = library.briefings;
        // Read whole now: a check of the snapshot still going on has nothing left to check.
        opened.check?.dispose();
        opened.check = null;
        library = ctx.library(paths, { onNote: () => {} });
        const resume = result.resume;
        state = (world) => settle(reconcile({ ...resume, message }, before, null, world), world);
        continue;
      }
      // `|`: the story's markdown into a shell command on the main screen, then back. With no
      // command, into the pager, which waits for the user itself.
      const pager = !result.command;
      const command = result.command || process.env.PAGER || 'less';
      const markdown = markdownOf(library, result.at) ?? '';
      const ran = spawnSync(process.env.SHELL || '/bin/sh', ['-c', command], {
        input: markdown,
        stdio: ['pipe', 'inherit', 'inherit'],
      });
      if (!pager || ran.error || ran.status !== 0) {
        stdout.write(
          `\n[digest] ${ran.error ? `could not run: ${ran.error.message}` : `exit ${ran.status ?? ran.signal}`}; press any key to return`,
        );
        await anyKey(stdin);
      }
      state = {
        ...result.resume,
        message: ran.status === 0 ? `${pager ? 'Read in' : 'Piped to'} ${command}` : `${command} exited ${ran.status ?? ran.signal}`,
      };
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    // Marks another reader wrote since this one last looked make its count stale.
    const stale = marks.refresh();
    marks.compactIfWorthIt();
    terminal.close();
    keepForNextStart(ctx.libraryPaths(paths), library, stale ? null : lastUnread, marks);
  }
}

/**
 * What the next start draws its first frame from: the library's snapshot (written again only
 * when the library changed while open), and its unread count with the marks as they are on
 * disk now. Never throws: at worst the next start reads the library itself.
 */
function keepForNextStart(roots: string[], library: Library, unread: number | null, marks: MarkStore): void {
  if (process.env.DIGEST_NO_CACHE) return;
  if (!library.generation) saveSnapshot(snapshotFile(roots), roots, library);
  if (!library.generation || unread === null || marks.unsaved > 0) return;
  const fingerprint = marks.fingerprint();
  // Written by another reader after the count was made but before its stamps were taken: not kept.
  if (marks.refresh()) return;
  writeCounts(countsFile(roots), { generation: library.generation, marks: fingerprint, unread });
}

/** Editors that take `+N` before the file, to open at line N. */
const LINE_FIRST = new Set(['vi', 'vim', 'nvim', 'nano', 'emacs', 'emacsclient', 'micro', 'kak', 'ne', 'joe', 'mg', 'jed']);

/** The line of a story in its file: where its title first appears (1 when it cannot be found). */
function lineOf(path: string, title: string): number {
  try {
    const needle = title.toLowerCase().slice(0, 40);
    const at = readFileSync(path, 'utf8')
      .split('\n')
      .findIndex((line) => line.toLowerCase().includes(needle));
    return at < 0 ? 1 : at + 1;
  } catch {
    return 1;
  }
}

/**
 * `e`: the briefing's file in $VISUAL or $EDITOR (vi when neither is set), at the story's line
 * where the editor takes +N; returns what the status line says when the reader comes back.
 */
function edit(library: Library, path: string, at: StoryRef): string {
  const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
  const [program, ...args] = commandWords(editor);
  if (!program) return 'No editor: set $VISUAL or $EDITOR';
  const title = library.briefings.find((b) => b.id === at.briefing)?.stories.find((s) => s.id === at.story)?.title ?? '';
  const name = program.split('/').at(-1) ?? program;
  const ran = spawnSync(program, [...args, ...(LINE_FIRST.has(name) ? [`+${lineOf(path, title)}`] : []), path], { stdio: 'inherit' });
  if (ran.error) {
    const missing = (ran.error as NodeJS.ErrnoException).code === 'ENOENT';
    return missing ? `${program} is not installed (set $VISUAL or $EDITOR)` : `${program} failed: ${ran.error.message}`;
  }
  return ran.status === 0 ? `Back from ${name}` : `${name} exited ${ran.status ?? ran.signal}`;
}

function anyKey(stdin: NodeJS.ReadStream): Promise<void> {
  return new Promise((resolve) => {
    if (!stdin.isTTY) return resolve();
    stdin.setRawMode(true);
    // Ink unrefs stdin when it unmounts; without a ref the process would end here.
    stdin.ref();
    stdin.resume();
    stdin.once('data', () => {
      stdin.setRawMode(false);
      stdin.pause();
      resolve();
    });
  });
}
