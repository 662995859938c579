/**
 * `npm run bench`: figures, not pass/fail. Generates synthetic libraries (scripts/generate.ts),
 * then measures in one run: time to first frame in a real pseudo-terminal beside a bundled Ink
 * hello-world, parse throughput, keystroke-to-frame latency, peak RSS, and the cost of read marks.
 */
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import * as pty from 'node-pty';
import { parseText } from '../src/parse/index';
import { MarkStore } from '../src/state/marks';
import { generateBriefing, rng, writeLibrary } from './generate';

const ROOT = join(import.meta.dirname, '..');
const BENCH = join(ROOT, '.bench');
const BIN = join(ROOT, 'dist', 'digest.js');
const HELLO = join(BENCH, 'hello', 'hello.js');
const HELLO_LIST = join(BENCH, 'hello', 'hello-list.js');
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

function library(count: number): string {
  const dir = join(BENCH, `lib-${count}`);
  if (!existsSync(dir) || readdirSync(dir).length !== count) writeLibrary(dir, count);
  return dir;
}

class Pty {
  term = new xterm.Terminal({ cols: 100, rows: 30, allowProposedApi: true });
  proc: pty.IPty;
  constructor(args: string[], env: Record<string, string>) {
    this.proc = pty.spawn(process.execPath, args, {
      cols: 100,
      rows: 30,
      env: { ...env, CI: 'false', TERM: 'xterm-256color' } as Record<string, string>,
    });
    this.proc.onData((data) => this.term.write(data));
  }
  screen(): string {
    const buffer = this.term.buffer.active;
    let text = '';
    for (let i = 0; i < this.term.rows; i++) text += `${buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? ''}\n`;
    return text;
  }
  async until(test: (screen: string) => boolean, timeout = 60_000): Promise<void> {
    const start = performance.now();
    for (;;) {
      await new Promise<void>((resolve) => this.term.write('', resolve));
      if (test(this.screen())) return;
      if (performance.now() - start > timeout) throw new Error(`bench: timed out; screen:\n${this.screen()}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  exited(): Promise<void> {
    return new Promise((resolve) => this.proc.onExit(() => resolve()));
  }
  peakRss(): number {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  }
  close() {
    try {
      this.proc.kill();
    } catch {
      /* gone */
    }
  }
}

function freshEnv(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'digest-bench-'));
  return {
    ...(process.env as Record<string, string>),
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'c'),
    XDG_STATE_HOME: join(home, 's'),
    XDG_CACHE_HOME: join(home, 'k'),
  };
}

async function firstFrame(args: string[], ready: (screen: string) => boolean, env = freshEnv()): Promise<number> {
  const start = performance.now();
  const session = new Pty(args, env);
  await session.until(ready);
  const elapsed = performance.now() - start;
  session.close();
  return elapsed;
}

async function main() {
  const rows: string[][] = [];
  const out = (...cells: string[]) => {
    rows.push(cells);
    console.log(cells.join('  |  '));
  };

  console.log('building the hello-world baseline…');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--hello'], { cwd: ROOT });

  // Time to first frame, digest against the bare Ink program. This machine's speed drifts from
  // minute to minute, so every digest run is paired with a hello-world run just before it and
  // each case is compared with its own hello-world runs.
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const allHello: number[] = [];
  const helloRun = async () => {
    const t = await firstFrame([HELLO], (s) => s.includes('hello, briefing'));
    allHello.push(t);
    return t;
  };
  const ready = (s: string) => /Library · 1\//.test(s);
  // `/` then one key: when the first results are drawn, and when the status line stops saying
  // the text is still being read (the index is complete). Then quits, keeping the index.
  const searchTimes = async (dir: string, env: Record<string, string>, timeout = 300_000): Promise<[number, number]> => {
    const session = new Pty([BIN, dir], env);
    await session.until(ready);
    session.proc.write('/');
    await session.until((s) => s.includes('Search'));
    const typed = performance.now();
    session.proc.write('l');
    await session.until((s) => /\/ l\b/.test(s) && /matches/.test(s));
    const firstKey = performance.now() - typed;
    await session.until((s) => /matches/.test(s) && !/reading \d+%/.test(s), timeout);
    const allRead = performance.now() - typed;
    session.proc.write('\x1b');
    session.proc.write('q');
    await session.exited();
    return [firstKey, allRead];
  };
  const versusHello = async (label: string, count: number, run: () => Promise<number>, goal = '') => {
    const mine: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < count; i++) {
      theirs.push(await helloRun());
      mine.push(await run());
    }
    out(
      'first frame',
      `${label} (median of ${count})`,
      ms(median(mine)),
      `${(median(mine) / median(theirs)).toFixed(2)}x hello (${ms(median(theirs))} beside it)`,
      goal,
    );
  };
  // A warm start as people have it: a first run read the library and was quit, which keeps the
  // snapshot and its unread count (a run killed mid-way keeps them too, but this is the usual way).
  const warmUp = async (dir: string, env: Record<string, string>) => {
    const session = new Pty([BIN, dir], env);
    await session.until(ready, 600_000);
    await session.until((s) => ready(s) && !s.includes('checking files'), 600_000);
    session.proc.write('q');
    await session.exited();
  };
  const cases: [string, string][] = [
    ['the sample library', join(ROOT, 'fixtures')],
    ...SIZES.map((size): [string, string] => [`${size} briefings`, library(size)]),
  ];
  for (const [name, dir] of cases) {
    const big = dir.endsWith('lib-10000');
    // Cold: a fresh cache every run. Warm: one cache, filled by a launch first.
    await versusHello(`digest, ${name}, cold (no cache)`, big ? Math.min(runs, 3) : runs, () => firstFrame([BIN, dir], ready, freshEnv()));
    const env = freshEnv();
    await warmUp(dir, env);
    await versusHello(
      `digest, ${name}, warm`,
      runs,
      () => firstFrame([BIN, dir], ready, env),
      dir.endsWith('lib-10000') ? 'at most 1.3x hello' : '',
    );
  }
  out(
    'first frame',
    `Ink hello-world (bundled), all ${allHello.length} runs above`,
    `median ${ms(median(allHello))}`,
    `p95 ${ms(p95(allHello))}`,
  );

  // Parse throughput over the largest library, in process.
  const biggest = library(Math.max(...SIZES));
  const texts = readdirSync(biggest).map((name) => ({ name, text: readFileSync(join(biggest, name), 'utf8') }));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t.text), 0);
  const parseStart = performance.now();
  for (const { name, text } of texts) parseText(text, name);
  const parseMs = performance.now() - parseStart;
  out(
    'parse',
    `${texts.length} briefings, ${(bytes / 1e6).toFixed(1)} MB`,
    ms(parseMs),
    `${(bytes / 1e6 / (parseMs / 1000)).toFixed(1)} MB/s`,
  );

  // Related coverage over the largest library, in process, on text with names in it (the
  // generator's forty words alone give no word rare enough to find news by, which would make
  // it look free): from cold, then one new briefing compared with all of it.
  {
    const count = Math.max(...SIZES);
    const dir = join(BENCH, `related-${count}`);
    if (!existsSync(dir) || readdirSync(dir).length !== count + 20) {
      mkdirSync(dir, { recursive: true });
      const random = rng(4242);
      const syllables = 'ka ro vin del mar sun tek lo ra zen qui bo ha li nor ves'.split(' ');
      const names = Array.from({ length: 5000 }, () => {
        const name = Array.from({ length: 2 + Math.floor(random() * 2) }, () => syllables[Math.floor(random() * syllables.length)]).join(
          '',
        );
        return name[0]!.toUpperCase() + name.slice(1);
      });
      for (let i = 0; i < count + 20; i++) {
        const { name, text } = generateBriefing(i, 5000, 3);
        writeFileSync(
          join(dir, name),
          text.replace(/\b(model|agent|chip|startup|robot|device)\b/g, () => names[Math.floor(random() * names.length)]!),
        );
      }
    }
    const { fullBriefing, loadLibrary } = await import('../src/library/load');
    const { RelatedIndex } = await import('../src/library/related');
    const { storyFeatures } = await import('../src/library/features');
    const { identify } = await import('../src/model/ids');
    const files = readdirSync(dir).sort();
    const later = files.slice(count);
    const libraryDir = mkdtempSync(join(tmpdir(), 'digest-bench-related-'));
    for (const name of files.slice(0, count)) writeFileSync(join(libraryDir, name), readFileSync(join(dir, name)));
    // The parsers load on first use (parser.ts): without them every file was skipped, and this
    // measured an index of nothing (0.45 ms, 0 links) from dc6a91e on.
    await (await import('../src/library/parser')).loadParser();
    const lib = loadLibrary([libraryDir]);
    if (lib.briefings.length !== count) throw new Error(`bench: the related library loaded ${lib.briefings.length} of ${count} briefings`);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const start = performance.now();
    const index = new RelatedIndex(lib, fullBriefing, null).complete();
    const cold = performance.now() - start;
    gc?.();
    const added = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    const links = index.coverage.allEdges().length;
    out(
      'related',
      `${count} briefings from cold: read, compare, link (${links} links)`,
      ms(cold),
      gc ? `${added.toFixed(1)} MB of heap added (goal: under 30 MB)` : 'run with --expose-gc for memory',
    );
    const perBriefing: number[] = [];
    for (const name of later) {
      const parsed = identify(parseText(readFileSync(join(dir, name), 'utf8'), name), join(dir, name));
      const t = performance.now();
      index.coverage.add({
        id: parsed.id,
        date: parsed.date,
        stories: parsed.stories.map((story) => ({ id: story.id, features: storyFeatures(story) })),
      });
      perBriefing.push(performance.now() - t);
    }
    out(
      'related',
      `one new briefing compared with ${count} (${later.length} briefings)`,
      `median ${ms(median(perBriefing))}`,
      `p95 ${ms(p95(perBriefing))}`,
    );
  }

  // Keystroke to frame: j down the largest library; Space through a long story; beside them the
  // same j in a bare Ink list of the same size, which is the floor this machine and Ink set.
  const presses = Math.min(200, texts.length - 1);
  const pressJ = async (session: Pty, label: (n: number) => string): Promise<number[]> => {
    await session.until((s) => s.includes(label(1)));
    const latencies: number[] = [];
    for (let i = 2; i <= presses + 1; i++) {
      const start = performance.now();
      session.proc.write('j');
      await session.until((s) => s.includes(label(i)));
      latencies.push(performance.now() - start);
    }
    return latencies;
  };
  const bareRss = await (async () => {
    const session = new Pty([HELLO_LIST, String(texts.length)], freshEnv());
    const latencies = await pressJ(session, (n) => `List · ${n}/`);
    out(
      'keystroke',
      `j in a bare Ink list of the same size (bundled; ${presses} presses)`,
      `median ${ms(median(latencies))}`,
      `p95 ${ms(p95(latencies))}`,
    );
    const rss = session.peakRss();
    out('memory', `peak RSS of that bare Ink list (after ${presses} keys)`, `${rss.toFixed(0)} MB`);
    session.close();
    return rss;
  })();
  {
    // Warm, as people run it: a first launch fills the parse cache, and a while of use the
    // related coverage's (here `digest related`, which builds it to the end).
    const env = freshEnv();
    await warmUp(biggest, env);
    execFileSync(process.execPath, [BIN, 'related', '1.1', biggest], { env: { ...env, CI: 'false' }, stdio: 'ignore' });
    const session = new Pty([BIN, biggest], env);
    const latencies = await pressJ(session, (n) => `Library · ${n}/`);
    out(
      'keystroke',
      `j in the ${texts.length}-briefing library (${presses} presses)`,
      `median ${ms(median(latencies))}`,
      `p95 ${ms(p95(latencies))}`,
    );
    out(
      'memory',
      `peak RSS with ${texts.length} briefings open (warm start, after ${presses} keys)`,
      `${session.peakRss().toFixed(0)} MB`,
      '',
      `at most the bare list's + 40 MB (${(bareRss + 40).toFixed(0)} MB)`,
    );
    session.close();

    // Search: first as the first search of a library (its index is built while keys pause;
    // titles answer meanwhile), then as every later one, from the index kept in the cache.
    for (const when of ['its first search, index built meanwhile', 'warm, index kept']) {
      const [firstKey, allRead] = await searchTimes(biggest, env);
      out(
        'keystroke',
        `search in the ${texts.length}-briefing library (${when}): first key / all text searched`,
        ms(firstKey),
        ms(allRead),
      );
    }

    // The same library once everything in it has been read: every count looks its stories up.
    execFileSync(process.execPath, [BIN, 'mark', 'read', '--all', biggest], { env: { ...env, CI: 'false' }, stdio: 'ignore' });
    // The first launch after marking reads the uncompacted journal and compacts it on quit.
    await warmUp(biggest, env);
    await versusHello(`digest, ${texts.length} briefings, warm, every story read`, runs, () => firstFrame([BIN, biggest], ready, env));
  }
  {
    const dir = join(BENCH, 'long-story');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'long.txt'), generateBriefing(3, 400_000, 7).text);
    const session = new Pty([BIN, dir], freshEnv());
    await session.until((s) => /Library · 1\//.test(s));
    session.proc.write('\r');
    await session.until((s) => s.includes('Briefing 1/1'));
    session.proc.write('\r');
    await session.until((s) => /story 1\/1 · 0%/.test(s));
    const latencies: number[] = [];
    let previous = session.screen();
    for (let i = 0; i < 100; i++) {
      const start = performance.now();
      session.proc.write(' ');
      await session.until((s) => s !== previous);
      previous = session.screen();
      latencies.push(performance.now() - start);
    }
    out('keystroke', 'Space through a 400 KB story (100 pages)', `median ${ms(median(latencies))}`, `p95 ${ms(p95(latencies))}`);
    session.close();
  }

  // Large files: a 17 MB briefing (read up to the 8 MB cut) and a file of 200,000 headings.
  {
    const dir = join(BENCH, 'large');
    mkdirSync(dir, { recursive: true });
    const paragraph = `${'A long line of briefing text that goes on. '.repeat(40)}\n\n`;
    writeFileSync(
      join(dir, 'huge.md'),
      `# Huge briefing\n\n## One story\n\n${paragraph.repeat(Math.ceil((17 * 1048576) / paragraph.length))}`,
    );
    const opens: number[] = [];
    const wholes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const session = new Pty([BIN, dir], freshEnv());
      await session.until((s) => /Library · 1\//.test(s));
      session.proc.write('\r');
      await session.until((s) => s.includes('Briefing 1/1'));
      const start = performance.now();
      session.proc.write('\r');
      await session.until((s) => /story 1\/1/.test(s) && s.includes('this file is 17.0 MB'));
      opens.push(performance.now() - start);
      await session.until((s) => /story 1\/1/.test(s) && !/laying out/.test(s), 60_000);
      wholes.push(performance.now() - start);
      session.close();
    }
    out(
      'large file',
      "Enter on a 17 MB briefing's story: first frame / whole story laid out (median of 3)",
      ms(median(opens)),
      ms(median(wholes)),
    );
    // Its own folder: inside `large` it would join the 17 MB briefing's library.
    const headings = join(BENCH, 'large-headings');
    mkdirSync(headings, { recursive: true });
    const lines = ['# Headings', ''];
    for (let i = 0; i < 200_000; i++) lines.push(`## Heading ${i}`);
    writeFileSync(join(headings, 'headings.md'), `${lines.join('\n')}\n`);
    for (const args of [['list'], ['show', '1.5'], ['list', '--json']]) {
      // GNU time's %M: the process's peak resident memory, in KB, as its last line on stderr.
      const timed = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args, headings], {
        env: freshEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const peak = Number(timed.stderr.toString().trim().split('\n').at(-1));
      out('large file', `peak RSS of digest ${args.join(' ')} on 200,000 headings (3.5 MB)`, `${Math.round(peak / 1024)} MB`);
    }
  }

  // #16: a library where 1,111 briefings claim one identity (saved threads whose first line is
  // the same), numbered in path order; the numbering used to be quadratic (3.6 s to open).
  {
    const dir = join(BENCH, 'same-identity-10000');
    if (!existsSync(dir) || readdirSync(dir).length !== 10_000) {
      writeLibrary(dir, 8_889);
      for (let i = 0; i < 1_111; i++)
        writeFileSync(
          join(dir, `saved-thread-${String(i).padStart(4, '0')}.txt`),
          `Saved thread\n\nReply number ${i} in a saved thread.\n`,
        );
    }
    const { loadLibrary, assemble } = await import('../src/library/load');
    // As every entry point does before it parses (src/library/parser.ts).
    await (await import('../src/library/parser')).loadParser();
    for (const [label, lib] of [
      ['10,000 briefings', library(10_000)],
      ['10,000 with 1,111 of one identity', dir],
    ] as const) {
      const loaded = loadLibrary([lib]);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        assemble(loaded.files, [], []);
        times.push(performance.now() - start);
      }
      out(
        'numbering',
        `ids and order for ${label} (median of 5)`,
        ms(median(times)),
        '',
        label.includes('identity') ? 'as fast as without' : '',
      );
    }
    const env = freshEnv();
    await warmUp(dir, env);
    await versusHello(
      'digest, 10,000 with 1,111 of one identity, warm',
      runs,
      () => firstFrame([BIN, dir], ready, env),
      'as fast as without',
    );
  }

  // #16: `list --json` streams: when the first briefing reaches stdout, and the whole of it.
  {
    const env = freshEnv();
    await warmUp(biggest, env);
    execFileSync(process.execPath, [BIN, 'related', '1.1', biggest], { env: { ...env, CI: 'false' }, stdio: 'ignore' });
    const firsts: number[] = [];
    const wholes: number[] = [];
    // As many runs as the first-frame cases: three left one slow run (2.3-2.7 s here) deciding the median.
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const child = spawn(process.execPath, [BIN, 'list', '--json', biggest], {
        env: { ...env, CI: 'false' },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let seen = '';
      let first = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        if (first) return;
        seen += chunk.toString();
        if (/"title":/.test(seen)) first = performance.now() - start;
      });
      await new Promise((resolve) => child.on('close', resolve));
      firsts.push(first);
      wholes.push(performance.now() - start);
    }
    out(
      'list --json',
      `${texts.length} briefings, warm: first briefing on stdout (median of ${runs})`,
      ms(median(firsts)),
      '',
      'within 200 ms',
    );
    out('list --json', `${texts.length} briefings, warm: the whole output (median of ${runs})`, ms(median(wholes)), '', 'at most 2.5 s');
  }

  // #16: 100,000 briefings (generated once into .bench/, about 600 MB): cold with its progress
  // line, warm against the hello-world, keys and memory against a bare Ink list of 100,000.
  if (!process.env.BENCH_SKIP_100K) {
    const huge = library(100_000);
    {
      const env = freshEnv();
      const start = performance.now();
      const session = new Pty([BIN, huge], env);
      await session.until((s) => s.includes('loading 100000 briefings'), 600_000);
      const progress = performance.now() - start;
      await session.until(ready, 1_200_000);
      out(
        'first frame',
        'digest, 100000 briefings, cold (no cache): progress line / first frame',
        ms(progress),
        ms(performance.now() - start),
        'report',
      );
      session.close();
    }
    const env = freshEnv();
    await warmUp(huge, env);
    await versusHello('digest, 100000 briefings, warm', runs, () => firstFrame([BIN, huge], ready, env), 'at most 1.5x hello');
    const bare = new Pty([HELLO_LIST, '100000'], freshEnv());
    const bareKeys = await pressJ(bare, (n) => `List · ${n}/`);
    out('keystroke', `j in a bare Ink list of 100000 (${presses} presses)`, `median ${ms(median(bareKeys))}`, `p95 ${ms(p95(bareKeys))}`);
    out('memory', 'peak RSS of that bare Ink list', `${bare.peakRss().toFixed(0)} MB`);
    bare.close();
    const session = new Pty([BIN, huge], env);
    const keys = await pressJ(session, (n) => `Library · ${n}/`);
    out(
      'keystroke',
      `j in the 100000-briefing library (${presses} presses)`,
      `median ${ms(median(keys))}`,
      `p95 ${ms(p95(keys))}`,
      `p95 within 5 ms of the bare list's (${ms(p95(bareKeys) + 5)})`,
    );
    out(
      'memory',
      `peak RSS with 100000 briefings open (warm start, after ${presses} keys)`,
      `${session.peakRss().toFixed(0)} MB`,
      '',
      'at most 300 MB',
    );
    session.close();
    for (const when of ['its first search, index built meanwhile', 'warm, index kept']) {
      const [firstKey, allRead] = await searchTimes(huge, env, 1_800_000);
      out(
        'keystroke',
        `search in the 100000-briefing library (${when}): first key / all text searched`,
        ms(firstKey),
        ms(allRead),
        when.startsWith('warm') ? 'within 150 ms / 2 s' : '',
      );
    }
  }

  // #16: 100,000 tiny files (a few lines each).
  if (!process.env.BENCH_SKIP_100K) {
    const dir = join(BENCH, 'tiny-100000');
    if (!existsSync(dir) || readdirSync(dir).length !== 100_000) writeLibrary(dir, 100_000, 200, 5);
    const env = freshEnv();
    await warmUp(dir, env);
    const session = new Pty([BIN, dir], env);
    await pressJ(session, (n) => `Library · ${n}/`);
    out(
      'memory',
      `peak RSS with 100,000 tiny files open (warm start, after ${presses} keys)`,
      `${session.peakRss().toFixed(0)} MB`,
      '',
      'at most 300 MB',
    );
    session.close();
    const timed = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'list', dir], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const peak = Number(timed.stderr.toString().trim().split('\n').at(-1));
    out('memory', 'peak RSS of digest list on 100,000 tiny files, warm', `${Math.round(peak / 1024)} MB`, '', 'at most 300 MB');
  }

  // Read marks: a mark on the keypress path, and loading, with 100,000 stored marks.
  {
    const file = join(mkdtempSync(join(tmpdir(), 'digest-bench-marks-')), 'marks.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++)
      lines.push(JSON.stringify({ i: `${i.toString(16).padStart(8, '0')}${'0'.repeat(32)}`, k: 'r', v: 1, t: 1_700_000_000_000 + i }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const loads: number[] = [];
    let store!: MarkStore;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      store = MarkStore.open(file);
      loads.push(performance.now() - start);
    }
    out('read marks', 'load 100,000 marks, journal never compacted (median of 5)', ms(median(loads)));
    // As a quit leaves it: compacted into a sorted block, searched in place.
    store.compactIfWorthIt();
    const compactedLoads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      store = MarkStore.open(file);
      compactedLoads.push(performance.now() - start);
    }
    out('read marks', 'load 100,000 marks, compacted (median of 5)', ms(median(compactedLoads)));
    const marks: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const start = performance.now();
      store.set(`new${i}`, 'read', true);
      marks.push(performance.now() - start);
    }
    out('read marks', 'one mark with 100,000 stored (1,000 marks)', `median ${ms(median(marks))}`, `p95 ${ms(p95(marks))}`);
    const lookups: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const id = `${(i * 97).toString(16).padStart(8, '0')}${'0'.repeat(32)}`;
      const start = performance.now();
      store.isRead(id);
      lookups.push(performance.now() - start);
    }
    out('read marks', 'one lookup in the sorted block (1,000 lookups)', `median ${ms(median(lookups))}`, `p95 ${ms(p95(lookups))}`);
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const table = [
    '| what | case | figure | | goal |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${[...r, '', '', '', '', ''].slice(0, 5).join(' | ')} |`),
  ].join('\n');
  writeFileSync(join(BENCH, 'results.md'), `Machine: ${machine}\n\n${table}\n`);
  console.log(`\n${machine}\n\n${table}\n\n(written to .bench/results.md)`);
  process.exit(0);
}

// Every temporary folder of the run (its own, and each digest's it starts) in one, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), 'digest-bench-run-'));
process.env.TMPDIR = scratch;
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
