import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Briefing, BriefingHead } from '../model/types';
import { needsRead, whole } from './full';
import { loadFile, readBriefing, type FileResult } from './load';
import { fsPath } from './names';

/**
 * Below this many files the threads are not started: a worker takes about 60 ms of a core to
 * start, more than reading a few hundred files costs.
 */
const FEW_FILES = 256;

/**
 * What is read ahead of the one asking, at most: files given to each thread and not yet
 * answered, files ahead in all (given or answered, not yet taken), and the bytes of the files
 * answered and not taken. A slow reader (`| less`) holds no more than that; without the bytes'
 * limit, 64 files of 8 MB each, parsed, could be held.
 */
const IN_FLIGHT = 32;
const AHEAD = 64;
const AHEAD_BYTES = 32 * 1024 * 1024;

/**
 * Default threads at most. Each costs about 14 MB and 60 ms of a core to start, and on the
 * two-core machine this was measured on a second one added nothing (3.4-3.9 s either way at
 * 10,000 briefings): more cores may help, but not without limit.
 */
const MAX_DEFAULT_THREADS = 4;

/**
 * The worker's script, beside this module's chunk in the bundle. Running from the sources (the
 * tests) there is none, and files are read on this thread: the same reads, in the same order.
 */
const WORKER = new URL('./parse-worker.js', import.meta.url);

/** How many threads read beside this one: DIGEST_WORKERS (at most 16), else one per core past the first, between one and four. */
function threadCount(): number {
  const asked = Number.parseInt(process.env.DIGEST_WORKERS ?? '', 10);
  if (Number.isSafeInteger(asked) && asked >= 0) return Math.min(asked, 16);
  return Math.min(MAX_DEFAULT_THREADS, Math.max(1, availableParallelism() - 1));
}

interface Thread {
  worker: Worker;
  ready: boolean;
  busy: number;
}

let running = 0;

/** Worker threads of the pool alive now (for tests: none is left once a reading ends). */
export const threadsRunning = (): number => running;

/**
 * Every file read and parsed (`loadFile`), in order, by worker threads ahead of the one asking,
 * while this thread works on what it was given. At 10,000 briefings `list --json` spent 2.4 s of
 * its 4.4 s parsing on the one thread that also wrote the JSON.
 *
 * Until a thread is up, and for any file no thread has been given, this thread reads the file
 * itself: the first result never waits for a thread to start. A thread that fails or stops
 * hands its files back to this one.
 */
export async function* readingFiles(paths: readonly string[], script: URL = WORKER): AsyncGenerator<FileResult> {
  const count = paths.length < FEW_FILES ? 0 : threadCount();
  if (count === 0 || !existsSync(fileURLToPath(script))) {
    for (const path of paths) yield loadFile(path);
    return;
  }
  const results = new Map<number, FileResult>();
  /** Files given to a thread and not yet answered, by index, with the thread. */
  const given = new Map<number, Thread>();
  let heldBytes = 0;
  let next = 0;
  let wanted = 0;
  let wake: (() => void) | null = null;
  const threads: Thread[] = [];

  const feed = (thread: Thread) => {
    while (thread.ready && thread.busy < IN_FLIGHT && next < paths.length && next < wanted + AHEAD && heldBytes < AHEAD_BYTES) {
      const path = paths[next]!;
      const bytes = fsPath(path);
      given.set(next, thread);
      thread.worker.postMessage({ index: next, path, bytes: typeof bytes === 'string' ? undefined : bytes });
      thread.busy++;
      next++;
    }
  };
  const settle = () => {
    wake?.();
    wake = null;
  };
  const lose = (thread: Thread) => {
    if (thread.busy < 0) return;
    thread.ready = false;
    thread.busy = -1;
    // Its files are read here instead (see below).
    for (const [index, owner] of given) if (owner === thread) given.delete(index);
    settle();
  };
  for (let t = 0; t < count; t++) {
    const worker = new Worker(script);
    running++;
    const thread: Thread = { worker, ready: false, busy: 0 };
    threads.push(thread);
    worker.on('online', () => {
      if (thread.busy < 0) return;
      thread.ready = true;
      feed(thread);
    });
    worker.on('message', ({ index, result }: { index: number; result: FileResult }) => {
      // A thread given up on may still answer: its files are this thread's now.
      if (thread.busy < 0) return;
      results.set(index, result);
      heldBytes += result.file?.size ?? 0;
      given.delete(index);
      thread.busy--;
      feed(thread);
      settle();
    });
    worker.on('error', () => lose(thread));
    worker.on('messageerror', () => lose(thread));
    worker.on('exit', () => {
      running--;
      lose(thread);
    });
  }
  const starting = () => threads.some((thread) => !thread.ready && thread.busy >= 0);
  try {
    while (wanted < paths.length) {
      for (const thread of threads) feed(thread);
      while (!results.has(wanted) && given.has(wanted)) {
        // Rather than wait for a thread, this one reads a file no thread has been given yet (kept
        // for its turn), one at a time, with a turn of the event loop between for the threads'
        // answers. Waiting, it was idle 2.6 s of list --json's 3.8 at 10,000 briefings.
        if (next < paths.length && next < wanted + AHEAD && heldBytes < AHEAD_BYTES) {
          const result = loadFile(paths[next]!);
          results.set(next++, result);
          heldBytes += result.file?.size ?? 0;
          await new Promise((resolve) => setImmediate(resolve));
        } else await new Promise<void>((resolve) => (wake = resolve));
      }
      const result = results.get(wanted);
      if (!result && starting()) {
        // A thread's start is an event: without a turn of the event loop here, one asking without
        // waiting for anything (a fast pipe) would have every file read on this thread.
        await new Promise((resolve) => setImmediate(resolve));
        if (results.has(wanted) || given.has(wanted)) continue;
      }
      results.delete(wanted);
      if (result) heldBytes -= result.file?.size ?? 0;
      // Nobody has it: not given out yet (no thread up), or its thread failed.
      else if (wanted >= next) next = wanted + 1;
      wanted++;
      yield result ?? loadFile(paths[wanted - 1]!);
    }
  } finally {
    // Stopped whether the reading ended or was left (`| head`): an idle thread would keep the process alive.
    for (const { worker } of threads) void worker.terminate();
  }
}

/**
 * The whole briefing of each head (see `whole`), the files read ahead by the threads of
 * `readingFiles`. A briefing kept whole already is not read again: the one file of 200,000
 * headings that `list --json` had just parsed for its head cost 90 MB more read twice.
 */
export async function* readingWholes(
  heads: readonly BriefingHead[],
  read: (paths: readonly string[]) => AsyncGenerator<FileResult> = readingFiles,
): AsyncGenerator<Briefing> {
  const reads = heads.map(needsRead);
  const reading = read(heads.filter((_, i) => reads[i]).map((head) => head.path));
  try {
    for (const [i, head] of heads.entries()) {
      const result = reads[i] ? (await reading.next()).value : undefined;
      // A result in hand is the file as read; without one (kept, or let go since) it is read here.
      yield whole(head, (path) => (result ? ('briefing' in result ? result.briefing : null) : readBriefing(path)));
    }
  } finally {
    await reading.return(undefined);
  }
}
