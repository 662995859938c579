// Bundles src/bin.ts into dist/: one entry file plus a lazily loaded chunk for the Ink reader,
// so the scriptable commands start without Ink or React.
// `node scripts/build.mjs --hello` bundles the Ink baselines (hello-world, a bare list) the same way, for the bench.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const hello = process.argv.includes('--hello');
if (!hello) rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: hello
    ? { hello: 'scripts/hello.tsx', 'hello-list': 'scripts/hello-list.tsx' }
    : { digest: 'src/bin.ts', 'chunks/worker': 'src/worker.ts' },
  outdir: hello ? '.bench/hello' : 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: !process.env.DIGEST_DEBUG_BUILD,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // `open` finds its bundled xdg-open script next to its own files, and better-sqlite3 its
  // compiled addon next to its own: both are left in node_modules.
  external: ['open', 'better-sqlite3'],
  // Ink imports the React devtools only when DEV is set; never ship it. The rest are digest's
  // own ways round Ink's costs, each checked against the library it stands in for
  // (tests/width.test.ts, tests/ansi-tokenize.test.ts): string-width measured by length for
  // plain text, lines cut by code unit, and the libraries that make an Intl.Segmenter or an
  // emoji regular expression as they load, loaded only when first needed. The hello-world
  // baselines are plain Ink: what digest saves on Ink counts for digest.
  alias: {
    'react-devtools-core': './scripts/devtools-stub.mjs',
    ...(hello
      ? {}
      : {
          'string-width': './src/print/string-width.ts',
          'slice-ansi': './src/print/slice-ansi.ts',
          '@alcalzone/ansi-tokenize': './src/ui/ansi-tokenize.ts',
        }),
  },
  // Yoga's wasm is inlined as base64, but its loader fetch()es it as a data: URL whenever fetch
  // exists, which loads Node's whole HTTP client first: 45 ms of every start. Without a fetch
  // it decodes the same bytes directly. Nothing else in the bundle uses fetch.
  define: {
    fetch: 'undefined',
    'process.env.DEV': '"false"',
    'process.env.NODE_ENV': '"production"',
    DIGEST_VERSION: JSON.stringify(pkg.version),
  },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The man page, from the same command table as --help: bundled into a scratch module, run, and
// written beside the bundle (package.json's "man" field installs it with the package).
if (!hello) {
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
