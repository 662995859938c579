// Bundles src/ into dist/:
// - digest.js, the command (src/launch.ts): runs the program with V8's cache of its compiled code;
// - digest.cjs, the program (src/bin.ts): CommonJS, the only kind of module whose compiled code
//   Node 20 can cache;
// - reader.js: Ink, React and `open`, which the reader loads when it opens (scripts/reader-vendor.mjs),
//   so the scriptable commands start without them;
// - chunks/worker.js: a thread of the pool (src/worker.ts).
// `node scripts/build.mjs --hello` bundles the Ink baselines (hello-world, a bare list) for the bench.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { sep } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const hello = process.argv.includes('--hello');
if (!hello) rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: !process.env.DIGEST_DEBUG_BUILD,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
};
const esm = {
  ...common,
  format: 'esm',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};

// Ink imports the React devtools only when DEV is set; never ship it. The rest are digest's own
// ways round Ink's costs, each checked against the library it stands in for (tests/width.test.ts,
// tests/ansi-tokenize.test.ts): string-width measured by length for plain text, lines cut by code
// unit, and the libraries that make an Intl.Segmenter or an emoji regular expression as they
// load, loaded only when first needed. The hello-world baselines are plain Ink: what digest saves
// on Ink counts for digest.
const alias = {
  'react-devtools-core': './scripts/devtools-stub.mjs',
  'string-width': './src/print/string-width.ts',
  'slice-ansi': './src/print/slice-ansi.ts',
  '@alcalzone/ansi-tokenize': './src/ui/ansi-tokenize.ts',
};
// Yoga's wasm is inlined as base64, but its loader fetch()es it as a data: URL whenever fetch
// exists, which loads Node's whole HTTP client first: 45 ms of every start. Without a fetch it
// decodes the same bytes directly. Nothing else in the bundle uses fetch.
const define = {
  fetch: 'undefined',
  'process.env.DEV': '"false"',
  'process.env.NODE_ENV': '"production"',
  DIGEST_VERSION: JSON.stringify(pkg.version),
};

if (hello) {
  await build({
    ...esm,
    entryPoints: { hello: 'scripts/hello.tsx', 'hello-list': 'scripts/hello-list.tsx' },
    outdir: '.bench/hello',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    alias: { 'react-devtools-core': alias['react-devtools-core'] },
    define,
  });
  process.exit(0);
}

/**
 * Packages the program takes from dist/reader.js: Ink, React (one copy for Ink and the reader's
 * components) and `open`; and in the reader's modules, chalk, which has to be Ink's own to turn
 * Ink's colours off (NO_COLOR, ui/run.tsx).
 */
const fromReaderFile = {
  name: 'reader-file',
  setup(build) {
    build.onResolve({ filter: /^(?:ink|react|react\/jsx-runtime|open|chalk)$/ }, ({ path, importer }) =>
      path !== 'chalk' || importer.includes(`${sep}src${sep}ui${sep}`) ? { path, namespace: 'reader-file' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'reader-file' }, ({ path }) => ({
      contents: `module.exports = globalThis[Symbol.for('digest.reader')][${JSON.stringify(path)}];`,
      loader: 'js',
    }));
  },
};

await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/digest.cjs',
  format: 'cjs',
  // better-sqlite3 finds its compiled addon next to its own files: left in node_modules.
  external: ['better-sqlite3'],
  alias,
  plugins: [fromReaderFile],
  define: {
    ...define,
    'import.meta.url': '__digestUrl',
    DIGEST_LOAD_READER: '__digestLoadReader',
  },
  banner: {
    js: [
      "var __digestUrl = require('node:url').pathToFileURL(__filename).href;",
      "var __digestLoadReader = () => globalThis[Symbol.for('digest.import')](new URL('./reader.js', __digestUrl).href);",
    ].join('\n'),
  },
});
const program = readFileSync(new URL('../dist/digest.cjs', import.meta.url), 'utf8');
// Code compiled through vm cannot import() on Node 20; the launcher imports for it (src/launch.ts).
if (/\bimport\(/.test(program)) throw new Error('dist/digest.cjs has an import(): import ES modules through the launcher');

await build({
  ...esm,
  entryPoints: { digest: 'src/launch.ts' },
  outdir: 'dist',
  define: { DIGEST_BUILD: JSON.stringify(createHash('sha256').update(program).digest('hex').slice(0, 16)) },
  banner: { js: `#!/usr/bin/env node\n${esm.banner.js}` },
});

await build({
  ...esm,
  entryPoints: { reader: 'scripts/reader-vendor.mjs' },
  outdir: 'dist',
  // `open` finds its bundled xdg-open script next to its own files: left in node_modules.
  external: ['open'],
  alias,
  define,
});

await build({
  ...esm,
  entryPoints: { 'chunks/worker': 'src/worker.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['better-sqlite3'],
  alias,
  define,
});

// The man page, from the same command table as --help: bundled into a scratch module, run, and
// written beside the bundle (package.json's "man" field installs it with the package).
{
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { fileURLToPath, pathToFileURL } = await import('node:url');
  // Inside node_modules, so the packages left external (better-sqlite3) resolve from it.
  const scratch = mkdtempSync(join(fileURLToPath(new URL('../node_modules/', import.meta.url)), '.digest-man-'));
  await build({
    stdin: { contents: "export { manPage } from './src/cli/table';", resolveDir: '.', loader: 'ts' },
    outfile: join(scratch, 'man.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['open', 'better-sqlite3'],
    alias: { 'react-devtools-core': './scripts/devtools-stub.mjs' },
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const { manPage } = await import(pathToFileURL(join(scratch, 'man.mjs')).href);
  writeFileSync(new URL('../dist/digest.1', import.meta.url), manPage(pkg.version));
  rmSync(scratch, { recursive: true, force: true });
}
