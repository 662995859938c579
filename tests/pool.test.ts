import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { forget } from '../src/library/full';
import { loadFile, loadLibrary, parseFile } from '../src/library/load';
import { inOrder, loadTask, threadsRunning } from '../src/library/pool';
import { listing } from '../src/cli/listing';
import { FIXTURES, isolatedEnv, ROOT, runDigest } from './helpers';

// The bundled worker (npm test builds first): the pool's threads run the shipped code.
const WORKER = new URL(`file://${join(ROOT, 'dist', 'chunks', 'worker.js')}`);

/** Enough files for the threads to start: every fixture again and again, and some that are skipped or gone. */
let dir: string;
let paths: string[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'digest-pool-'));
  const fixtures = readdirSync(FIXTURES).filter((name) => /\.(md|txt)$/.test(name));
  for (let copy = 0; copy * fixtures.length < 300; copy++) {
    const folder = join(dir, `copy-${copy}`);
    cpSync(FIXTURES, folder, { recursive: true });
  }
  writeFileSync(join(dir, 'copy-0', 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
  // A name that is not UTF-8: only the thread that walked the folder knows its bytes.
  const latin1 = Buffer.concat([Buffer.from(join(dir, 'copy-1', 'caf')), Buffer.from([0xe9]), Buffer.from('.md')]);
  writeFileSync(latin1, '# Café notes\n\n## A story with a body\n\nIts body, which only a read of the file gives.\n');
  paths = loadLibrary([dir]).files.map((file) => file.path);
  paths.splice(7, 0, join(dir, 'binary.txt'), join(dir, 'gone.md'));
  expect(paths.length).toBeGreaterThan(300);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file read and parsed (`loadFile`), in order, on the pool. */
const readingFiles = (paths: readonly string[], script: URL) =>
  inOrder(loadTask, paths.length, (index) => ({ path: paths[index]! }), script);

/** Something to wait on for a millisecond at a time (Atomics.wait), nothing ever wakes it. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

const drain = async (results: AsyncIterable<unknown>) => {
  const out = [];
  for await (const result of results) out.push(result);
  return out;
};

describe('the parse pool', () => {
  it('reads every file on its threads as this thread would, in order', async () => {
    const alone = paths.map((path) => loadFile(path));
    expect(await drain(readingFiles(paths, WORKER))).toEqual(alone);
  });

  it('opens a name that is not UTF-8 on a thread as here', async () => {
    const named = paths.findIndex((path) => path.includes('caf\ufffd.md'));
    expect(named).toBeGreaterThanOrEqual(0);
    const results = await drain(readingFiles(paths, WORKER));
    expect(results[named]).toEqual(loadFile(paths[named]!));
    expect(results[named]).toHaveProperty('briefing');
  });

  /**
   * Reads the paths with a stand-in thread that answers each file with a tag naming its place
   * (`answer` is the body of its message handler), and checks every result is in its place:
   * the tag of that very file, or what a read here gives. Returns, for each file, whether a
   * thread answered it.
   */
  const readWithStandIn = async (name: string, answer: string) => {
    const script = join(dir, `${name}.mjs`);
    const up = `${script}.up`;
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';\nimport { parentPort } from 'node:worker_threads';\nlet n = 0;\nconst tag = (index) => parentPort.postMessage([{ index, result: { skip: \`thread \${index}\` } }]);\nparentPort.on('message', ({ jobs }) => { for (const { index } of jobs) { ${answer} } });\nwriteFileSync(${JSON.stringify(up)}, '');\n`,
    );
    // This thread reads files itself until the thread is up: with three busy loops beside it, it
    // read 70-140 of the 304 before the first answer, and a slower start would leave none to
    // answer. Past the 20th it waits for the thread's script to have run.
    // One deadline for the whole reading: a thread that never starts fails the test, it does not hang it.
    const deadline = Date.now() + 20_000;
    const jobAt = (index: number) => {
      while (index >= 20 && !existsSync(up) && Date.now() < deadline) Atomics.wait(PAUSE, 0, 0, 1);
      return { path: paths[index]! };
    };
    const results = (await drain(inOrder(loadTask, paths.length, jobAt, new URL(`file://${script}`)))) as { skip?: string }[];
    expect(results).toHaveLength(paths.length);
    results.forEach((result, i) => {
      if (result.skip !== `thread ${i}`) expect(result).toEqual(loadFile(paths[i]!));
    });
    return results.map((result, i) => result.skip === `thread ${i}`);
  };
  const answeredBy = async (name: string, answer: string) => (await readWithStandIn(name, answer)).filter(Boolean).length;

  it('puts each answer of its threads in its place, and the threads do answer', async () => {
    expect(await answeredBy('tagging-worker', 'tag(index);')).toBeGreaterThan(0);
  });

  it('reads files no thread was given while it waits for a thread, each in its place', async () => {
    // A thread answers a turn later at the soonest: this one, waiting for a file the thread has,
    // reads one past all it was given. Without that it only ever reads the first few, before the thread is up.
    const byThread = await readWithStandIn('later-worker', 'setImmediate(() => tag(index));');
    const firstByThread = byThread.indexOf(true);
    expect(firstByThread).toBeGreaterThanOrEqual(0);
    expect(byThread.some((thread, i) => !thread && i > firstByThread)).toBe(true);
  });

  it('reads here what a thread that stops half-way was given', async () => {
    expect(await answeredBy('quitting-worker', 'if (++n > 5) process.exit(0); tag(index);')).toBeLessThanOrEqual(5);
  });

  it('reads on this thread when its script is missing (running from the sources)', async () => {
    expect(await drain(readingFiles(paths.slice(0, 300), new URL('file:///nowhere/worker.js')))).toEqual(
      paths.slice(0, 300).map((path) => loadFile(path)),
    );
  });

  it('reads here what a thread that fails was given', async () => {
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('no worker today');\n");
    expect(await drain(readingFiles(paths, new URL(`file://${broken}`)))).toEqual(paths.map((path) => loadFile(path)));
  });

  it('gives the first files as soon as asked, and stops its threads when the one asking stops', async () => {
    const firsts = [];
    for await (const result of readingFiles(paths, WORKER)) {
      firsts.push(result);
      if (firsts.length === 3) break;
    }
    expect(firsts).toEqual(paths.slice(0, 3).map((path) => loadFile(path)));
    await vi.waitFor(() => expect(threadsRunning()).toBe(0));
  });

  it('does not read again the briefing it has just parsed whole', async () => {
    const one = mkdtempSync(join(tmpdir(), 'digest-pool-one-'));
    try {
      const path = join(one, 'newsletter.txt');
      cpSync(join(FIXTURES, 'frontier-weekly-2026-11-20.txt'), path);
      const library = loadLibrary([one]);
      const markOf = () => ({ shortId: 'x', read: false, starred: false, related: [] });
      const bodies = async () => {
        const [listed] = await drain(listing(library.briefings, markOf, () => undefined, true));
        const { stories } = JSON.parse(new TextDecoder().decode((listed as { text: Uint8Array }).text)) as {
          stories: { body: string[] }[];
        };
        return stories.filter((story) => story.body.length > 0).length;
      };
      // Gone from the disk, it is still written whole: the briefing parsed for its head was kept.
      renameSync(path, `${path}.away`);
      expect(await bodies()).toBeGreaterThan(0);
      // Let go since (its file changed, say), and another parsed: it is read again, from the disk.
      forget(path);
      parseFile(join(FIXTURES, 'notes-plain.txt'));
      expect(await bodies()).toBe(0);
      renameSync(`${path}.away`, path);
      expect(await bodies()).toBeGreaterThan(0);
    } finally {
      rmSync(one, { recursive: true, force: true });
    }
  });

  it('list --json writes the same bytes with threads as without', () => {
    const env = isolatedEnv();
    const threaded = runDigest(['list', '--json', dir], { env: { ...env, DIGEST_WORKERS: '2' } });
    const alone = runDigest(['list', '--json', dir], { env: { ...env, DIGEST_WORKERS: '0' } });
    expect([threaded.code, threaded.stderr]).toEqual([0, '']);
    expect(JSON.parse(threaded.stdout).briefings.length).toBeGreaterThan(300);
    expect(threaded.stdout).toBe(alone.stdout);
    const ndjson = runDigest(['list', '--ndjson', dir], { env: { ...env, DIGEST_WORKERS: '2' } });
    expect(ndjson.stdout).toBe(runDigest(['list', '--ndjson', dir], { env: { ...env, DIGEST_WORKERS: '0' } }).stdout);
  });
});
