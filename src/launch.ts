// The command (dist/digest.js): runs the program (dist/digest.cjs, built from bin.ts) with V8's
// cache of its compiled code. Compiling the program's 870 KB took 29 ms of every start; reading
// its cache takes 1.5. Against the ES module build before it (medians of 31 interleaved runs at
// 10,000 briefings): `list --json`'s first briefing 194 -> 178 ms, `show 1.1` 128 -> 111 ms.
// Node 20 caches no ES module's code, so the program is CommonJS and this is ES; Ink, React and
// `open`, which cannot be CommonJS, are dist/reader.js, imported from here when the reader opens
// (scripts/build.mjs).
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { writeAtomically } from './library/cache-files';
import { cacheDir } from './state/paths';

/** The program's build (a hash of dist/digest.cjs), set by scripts/build.mjs. */
declare const DIGEST_BUILD: string;

const program = fileURLToPath(new URL('./digest.cjs', import.meta.url));

// Code compiled through vm cannot import() on Node 20 (not without an experimental flag), so
// the program imports its ES modules through this.
(globalThis as Record<symbol, unknown>)[Symbol.for('digest.import')] = (specifier: string) => import(specifier);

/** Before V8's data in a cache file: this mark, then the CPU milliseconds of the run that made it. */
const MARK = 'dgc1';
const HEADER = 8;
/** How many caches of builds and Nodes are kept: two installs run in turn each keep theirs. */
const KEPT = 3;

try {
  run();
} catch (error) {
  process.stderr.write(`digest: cannot start: ${(error as Error).message}\n`);
  process.exitCode = 1;
}

function run() {
  const source = readFileSync(program, 'utf8');
  const { size, mtimeMs } = statSync(program);
  /**
   * The cache of one build on one Node. V8 rejects a cache made by another V8 or from another
   * source, but tells sources apart by their length only: the build's hash, and the program
   * file's size and time (a file patched in place), are in the name. The cache is the user's
   * own, beside the parse caches, written and read only by this program: as trusted as its
   * files. DIGEST_NO_CACHE leaves it out, as it does them.
   */
  const file = process.env.DIGEST_NO_CACHE
    ? null
    : join(cacheDir(), `code-${DIGEST_BUILD}-${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.bin`);
  let kept: Buffer | null = null;
  try {
    if (file) kept = readFileSync(file);
  } catch {
    /* none yet: this run makes it */
  }
  const valid = kept !== null && kept.length > HEADER && kept.toString('latin1', 0, 4) === MARK;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: program,
    cachedData: valid ? kept!.subarray(HEADER) : undefined,
  });
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(program), module, program, dirname(program));
  if (!file) return;
  // A command keeps every function it compiled, made as it ends (`list --json`'s first briefing
  // came 10 ms sooner than from the program's code as it loaded), and a command that ran twice
  // as long as the one that made the cache makes it again (after `--version` made it, `list
  // --json` took 163 ms against 150). The reader keeps the program as it loaded: with the
  // reader's own functions the cache was twice the size (990 against 440 KB) and its first
  // frame came no sooner. Its first frame at 10,000 briefings: 219 ms against 226 for the ES
  // module build (41 interleaved runs); with no cache at all, 246 against 208. A run ended by a
  // signal leaves it to the next.
  const made = valid && !script.cachedDataRejected ? kept!.readUInt32LE(4) : -1;
  const asLoaded = made < 0 ? script.createCachedData() : null;
  process.once('exit', () => {
    const reader = Symbol.for('digest.reader') in globalThis;
    const cpu = Math.round(process.cpuUsage().user / 1000);
    if (reader ? made >= 0 : made >= 0 && cpu <= 2 * made) return;
    // (The reader's is the least a cache holds: the next command makes it again, whatever its time.)
    keep(file, reader ? 0 : cpu, () => (reader ? asLoaded! : script.createCachedData()));
  });
}

/**
 * Writes the cache whole or not at all (nothing is made when its folder cannot be written), and
 * removes all but the newest few of other builds and Nodes. Never throws: without it, digest
 * only starts slower.
 */
function keep(file: string, cpu: number, data: () => Buffer) {
  const folder = dirname(file);
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
    const header = Buffer.alloc(HEADER);
    header.write(MARK, 0, 'latin1');
    header.writeUInt32LE(Math.min(cpu, 0xffffffff), 4);
    writeAtomically(file, Buffer.concat([header, data()]));
    const others = readdirSync(folder)
      .filter((name) => /^code-.*\.bin$/.test(name) && join(folder, name) !== file)
      .map((name) => ({ path: join(folder, name), time: statSync(join(folder, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { path } of others.slice(KEPT - 1)) rmSync(path, { force: true });
  } catch {
    /* a full disk or a read-only cache folder: the next run compiles again */
  }
}
