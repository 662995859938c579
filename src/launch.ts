// The command (dist/digest.js): runs the program (dist/digest.cjs, built from bin.ts) with V8's
// cache of its compiled code. Compiling the program's 870 KB took 29 ms of every start; reading
// its cache takes 1.5. Against the ES module build before it (medians of 31 interleaved runs at
// 10,000 briefings): `list --json`'s first briefing 194 -> 178 ms, `show 1.1` 128 -> 111 ms.
// Node 20 caches no ES module's code, so the program is CommonJS and this is ES; Ink, React and
// `open`, which cannot be CommonJS, are dist/reader.js, imported from here when the reader opens
// (scripts/build.mjs).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { cacheDir } from './state/paths';

/** The program's build (a hash of dist/digest.cjs), set by scripts/build.mjs. */
declare const DIGEST_BUILD: string;

const program = fileURLToPath(new URL('./digest.cjs', import.meta.url));

// Code compiled through vm cannot import() on Node 20 (not without an experimental flag), so
// the program imports its ES modules through this.
(globalThis as Record<symbol, unknown>)[Symbol.for('digest.import')] = (specifier: string) => import(specifier);

/**
 * The cache of one build on one Node: V8 rejects a cache made by another V8 or from another
 * source, but tells sources apart by their length only, so the build's hash is in the name.
 * The cache is the user's own, beside the parse caches: written by this program and read only
 * by it, it is as trusted as the program's files. DIGEST_NO_CACHE leaves it out, as it does them.
 */
const cacheFile = process.env.DIGEST_NO_CACHE ? null : join(cacheDir(), `code-${DIGEST_BUILD}-${process.version}-${process.arch}.bin`);

let cached: Buffer | undefined;
try {
  if (cacheFile) cached = readFileSync(cacheFile);
} catch {
  /* none yet: this run makes it */
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(program, 'utf8')}\n})`, {
  filename: program,
  cachedData: cached,
});
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(program), module, program, dirname(program));

if (cacheFile && (!cached || script.cachedDataRejected)) {
  // A command keeps every function it compiled, made as it ends (`list --json`'s first briefing
  // came 10 ms sooner than from the program's code as it loaded). The reader keeps the program
  // as it loaded: with the reader's own functions the cache was twice the size (990 against 440
  // KB) and its first frame came no sooner. Its first frame at 10,000 briefings: 219 ms against
  // 226 for the ES module build (41 interleaved runs); with no cache at all, 246 against 208.
  // A run ended by a signal leaves it to the next.
  const asLoaded = script.createCachedData();
  process.once('exit', () => keep(cacheFile, Symbol.for('digest.reader') in globalThis ? asLoaded : script.createCachedData()));
}

/** Writes the cache whole or not at all, and removes those of other builds and Nodes. Never throws: without it, digest only starts slower. */
function keep(file: string, data: Buffer) {
  const folder = dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, file);
    for (const name of readdirSync(folder))
      if (/^code-.*\.bin$/.test(name) && join(folder, name) !== file) rmSync(join(folder, name), { force: true });
  } catch {
    // A full disk or a read-only cache folder: the next run compiles again.
    try {
      rmSync(temporary, { force: true });
    } catch {
      /* it was never made */
    }
  }
}
