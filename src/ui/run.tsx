import { spawn, spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { WriteStream } from 'node:tty';
import chalk from 'chalk';
import { render } from 'ink';
import React from 'react';
import { Context, type Io } from '../cli/main';
import type { Library } from '../library/load';
import { watchLibrary } from '../library/watch';
import { App, type ExitResult } from './App';
import type { NavState } from './navigation';

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';

/** The terminal the UI draws on: the process's own, or /dev/tty when stdout is a pipe (pick mode). */
function openTerminal(pick: boolean): { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; close: () => void } {
  if (!pick) return { stdin: process.stdin, stdout: process.stdout, close: () => {} };
  const stdout = new WriteStream(openSync('/dev/tty', 'w')) as unknown as NodeJS.WriteStream;
  return { stdin: process.stdin, stdout, close: () => stdout.destroy() };
}

/** Where the reader was last time, by ids, so it survives files being added or renamed. */
function restore(library: Library, ctx: Context): { nav: Partial<NavState>; note: string | null } {
  const last = ctx.saved().lastPosition;
  if (!last) return { nav: {}, note: null };
  const b = library.briefings.findIndex((briefing) => briefing.id === last.briefing);
  if (b < 0) return { nav: {}, note: null };
  const s = last.story ? library.briefings[b]!.stories.findIndex((story) => story.id === last.story) : -1;
  const title = library.briefings[b]!.title;
  if (s >= 0) return { nav: { screen: 'briefing', b, s }, note: `Back where you left off: ${title}, story ${s + 1}` };
  return { nav: { b }, note: `Back where you left off: ${title}` };
}

/** OSC 52: the terminal puts the text on the clipboard; works over ssh too. */
function copyTo(stdout: NodeJS.WriteStream) {
  return (text: string) => stdout.write(`\x1b]52;c;${Buffer.from(text).toString('base64')}\x07`);
}

async function openUrl(url: string): Promise<void> {
  const command = process.env.DIGEST_OPEN_COMMAND;
  if (command) {
    spawn(command, [url], { stdio: 'ignore', detached: true }).unref();
    return;
  }
  const { default: open } = await import('open');
  await open(url);
}

/**
 * Runs the Ink reader until the user quits; returns the exit code. A `|` pipe leaves the UI,
 * runs the command on the main screen, and comes back to the same place.
 */
export async function runReader(paths: string[], io: Io, pick = false): Promise<number> {
  // Ink's chalk does not read NO_COLOR; the bundled chalk is the one Ink uses.
  if (process.env.NO_COLOR) chalk.level = 0;
  const ctx = new Context(io);
  let note: string | null = null;
  const terminal = openTerminal(pick);
  const { stdout } = terminal;
  // A large library (or a cold cache) takes a moment: say so on the screen while it loads.
  let progressShown = false;
  let library = ctx.library(paths, {
    onNote: (text) => (note = text),
    onProgress: (done, total) => {
      if (total < 1000) return;
      progressShown = true;
      stdout.write(`\r\x1b[2Kdigest: loading ${total} briefings… ${Math.round((done / total) * 100)}%`);
    },
  });
  // The progress line is not left in the shell's scrollback once the reader has come and gone.
  if (progressShown) stdout.write('\r\x1b[2K');
  const marks = ctx.marks();
  const restored = restore(library, ctx);
  let initial: Partial<NavState> = { ...restored.nav, message: restored.note ?? marks.warning ?? note ?? (library.skipped.length > 0 ? `Skipped ${library.skipped.length} file(s) that are not briefings (digest list shows why)` : null) };

  let restoredTerminal = true;
  const enter = () => {
    stdout.write(ENTER_ALT_SCREEN);
    restoredTerminal = false;
  };
  const leave = () => {
    if (restoredTerminal) return;
    restoredTerminal = true;
    if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
    stdout.write(LEAVE_ALT_SCREEN);
  };

  let instance: ReturnType<typeof render> | null = null;
  // Raw mode turns Ctrl-Z into a key, so the shell never sees it: stop ourselves the usual way,
  // with the terminal handed back first, and take it again on SIGCONT (fg).
  const suspend = () => {
    leave();
    process.once('SIGCONT', () => {
      enter();
      terminal.stdin.setRawMode?.(true);
      // The App notes the resume in its status line, which changes the frame and so redraws it.
    });
    process.kill(process.pid, 'SIGTSTP');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    instance?.unmount();
    leave();
    marks.compactIfWorthIt();
    process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143);
  };
  const onCrash = (error: unknown) => {
    instance?.unmount();
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
      let result: ExitResult | null = null;
      enter();
      const startAt = initial;
      const app = (shown: Library, note?: string) => (
        <App library={shown} marks={marks} initial={startAt} pick={pick} onExit={(r) => (result = r)} openUrl={openUrl} copy={copyTo(stdout)} onSuspend={suspend} readDelayMs={(ctx.saved().readDelay ?? 0) * 1000} libraryNote={note} />
      );
      // Ink turns on raw mode in an effect after the first frame is out: a key pressed in that
      // gap arrived in cooked mode, Enter as a newline, and was lost. Raw from before the frame.
      terminal.stdin.setRawMode?.(true);
      instance = render(app(library), { stdin: terminal.stdin, stdout, exitOnCtrlC: false, patchConsole: false, maxFps: 250 });
      // Briefings that arrive while the reader is open appear without a restart.
      const unwatch = watchLibrary(library, (next, added) => {
        library = next;
        instance?.rerender(app(next, added > 0 ? `${added} new briefing${added === 1 ? '' : 's'}` : 'Library updated'));
      });
      instance.waitUntilExit().finally(unwatch);
      await instance.waitUntilExit();
      instance = null;
      leave();
      const done = result as ExitResult | null;
      if (!done) return 1;
      if (done.kind === 'pick') {
        io.out(done.markdown);
        return 0;
      }
      if (done.kind === 'quit') {
        if (done.briefing) (await ctx.settings()).set('lastPosition', { briefing: done.briefing.id, story: done.story?.id ?? null });
        return pick ? 1 : 0;
      }
      // `|`: the story's markdown into a shell command on the main screen, then back.
      const ran = spawnSync(process.env.SHELL || '/bin/sh', ['-c', done.command], { input: done.markdown, stdio: ['pipe', 'inherit', 'inherit'] });
      stdout.write(`\n[digest] ${ran.error ? `could not run: ${ran.error.message}` : `exit ${ran.status ?? ran.signal}`}; press any key to return`);
      await anyKey(terminal.stdin);
      initial = { ...done.nav, message: ran.status === 0 ? `Piped to ${done.command}` : `${done.command} exited ${ran.status ?? ran.signal}` };
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    marks.compactIfWorthIt();
    terminal.close();
  }
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

