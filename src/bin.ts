import { closeSync, openSync } from 'node:fs';
import { parseCommandLine, runCli, UsageError, type Io } from './cli/main';

/** In the bundle, loads Ink, React and `open` (dist/reader.js) for the reader's modules (scripts/build.mjs). */
declare const DIGEST_LOAD_READER: (() => Promise<unknown>) | undefined;

function hasTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'w'));
    return true;
  } catch {
    return false;
  }
}

// A reader that closed the pipe (`digest list | head -1`) is not an error. Any other failure to
// write (stdout or stderr closed: `digest mark read 1.1 2>&-`) loses the text, never the work
// or the exit status: that was marked and exited 1.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});
process.stderr.on('error', () => {});

const io: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  stdout: process.stdout,
};

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`digest: ${error.message} (see digest --help)\n`);
      return 2;
    }
    throw error;
  }
  const interactive = parsed.command === null && !parsed.values.help && !parsed.values.version && !parsed.values.json;
  // The reader needs a keyboard. With stdout piped (`digest > story.md`) it draws on /dev/tty
  // and prints only the picked story; with no terminal at all it lists, as `digest list` does.
  if (interactive && process.stdin.isTTY && process.env.TERM === 'dumb') {
    // No cursor movement, no alternate screen: the reader cannot draw here. The list can.
    io.err('digest: TERM=dumb: this terminal cannot show the reader, so here is the list (digest list)\n');
    return runCli({ ...parsed, command: 'list' }, io);
  }
  if (interactive && process.stdin.isTTY && (process.stdout.isTTY || hasTerminal())) {
    // Only the reader loads Ink and React; the scriptable commands never do.
    if (typeof DIGEST_LOAD_READER === 'function') await DIGEST_LOAD_READER();
    const { runReader } = await import('./ui/run');
    return runReader(parsed.positionals, io, !process.stdout.isTTY);
  }
  return runCli(parsed, io);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`digest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
