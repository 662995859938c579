import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadFile, type FileResult } from './load';
import { fsPath } from './names';

/**
 * Work for the pool: done on a thread, or on this one (before a thread is up, or for a file no
 * thread was given) with the very same `run`. A thread finds `run` by `name` in its table
 * (src/worker.ts), as functions cannot be sent to it.
 */
export interface Task<Job extends { path: string }, Result> {
  readonly name: string;
  run(job: Job): Result;
  /** What a result holds, in bytes, for the read-ahead limit. */
  size(result: Result): number;
  /** Buffers of a result that a thread hands over rather than copies. */
  transfer?(result: Result): ArrayBuffer[];
}

/** Read and parse one file (`loadFile`): the pool's plainest task, which its tests run. */
export const loadTask: Task<{ path: string }, FileResult> = {
  name: 'load',
  run: ({ path }) => loadFile(path),
  size: (result) => result.file?.size ?? 0,
};

/**
 * Below this many files the threads are not started: a worker takes about 60 ms of a core to
 * start, more than reading a few hundred files costs.
 */
const FEW_FILES = 256;

/**
 * What is read ahead of the one asking, at most: files given to each thread and not yet
 * answered, files ahead in all (given or answered, not yet taken), and the bytes of the files
 * answered and not taken. A slow reader (`| less`) holds no more than that; without the bytes'
 * limit, 512 files of 8 MB each, parsed, could be held. With 64 files ahead, this thread had
 * done its share of them and waited for a thread's (1 file in 30 at 10,000 briefings, 200-300
 * ms of list --json's 2.6-3.0 s); with 512, it hardly waits (2.45-2.55 s).
 */
const IN_FLIGHT = 32;
const AHEAD = 512;
const AHEAD_BYTES = 32 * 1024 * 1024;

/**
 * Jobs sent in one message, and answered in one: a message each way per briefing cost 380 ms
 * of CPU for 10,000 (both threads), 210 ms in eights (measured apart, with list jobs' size).
 */
const BATCH = 8;

/**
 * Default threads at most. Each costs about 14 MB and 60 ms of a core to start, and on the
 * two-core machine this was measured on a second one added nothing (3.4-3.9 s either way at
 * 10,000 briefings): more cores may help, but not without limit.
 */
const MAX_DEFAULT_THREADS = 4;

/**
 * The worker's script, in the bundle's chunks folder. Running from the sources (the
 * tests) there is none, and files are read on this thread: the same reads, in the same order.
 */
const WORKER = new URL('./chunks/worker.js', import.meta.url);

/** How many threads read beside this one: DIGEST_WORKERS (at most 16), else one per core past the first, between one and four. */
function threadCount(): number {
  const asked = Number.parseInt(process.env.DIGEST_WORKERS ?? '', 10);
  if (Number.isSafeInteger(asked) && asked >= 0) return Math.min(asked, 16);
  return Math.min(MAX_DEFAULT_THREADS, Math.max(1, availableParallelism() - 1));
}

/** A job as sent to a thread, with its place, and its path's bytes when they are not UTF-8. */
export interface Given<Job> {
  index: number;
  job: Job;
  bytes?: Uint8Array;
}

/** A job's result as a thread sends it back. */
export interface Answer<Result> {
  index: number;
  result: Result;
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
 * The results of `count` jobs (made by `jobAt`, when they are handed out), in order, done by
 * worker threads ahead of the one asking, while this thread works on what it was given. At
 * 10,000 briefings `list --json` spent 2.4 s of its 4.4 s parsing on the one thread that also
 * wrote the JSON.
 *
 * Until a thread is up, and for any job no thread has been given, this thread does the job
 * itself: the first result never waits for a thread to start. A thread that fails or stops
 * hands its jobs back to this one.
 */
export async function* inOrder<Job extends { path: string }, Result>(
  task: Task<Job, Result>,
  count: number,
  jobAt: (index: number) => Job,
  script: URL = WORKER,
): AsyncGenerator<Result> {
  const threadsWanted = count < FEW_FILES ? 0 : threadCount();
  if (threadsWanted === 0 || !existsSync(fileURLToPath(script))) {
    for (let index = 0; index < count; index++) yield task.run(jobAt(index));
    return;
  }
  // The first result is made here before any thread starts: a thread's start (its code and the
  // parsers, about 60 ms of a core) made list --json's first briefing at 10,000 briefings 40-80
  // ms later on two cores. The threads start when the one asking comes back for the second.
  yield task.run(jobAt(0));
  const results = new Map<number, Result>();
  /** Files given to a thread and not yet answered, by index, with the thread. */
  const given = new Map<number, Thread>();
  let heldBytes = 0;
  let next = 1;
  let wanted = 1;
  let wake: (() => void) | null = null;
  const threads: Thread[] = [];

  const more = () => next < count && next < wanted + AHEAD && heldBytes < AHEAD_BYTES;
  const feed = (thread: Thread) => {
    while (thread.ready && thread.busy < IN_FLIGHT && more()) {
      const jobs: Given<Job>[] = [];
      for (; jobs.length < BATCH && thread.busy < IN_FLIGHT && more(); next++, thread.busy++) {
        const job = jobAt(next);
        const bytes = fsPath(job.path);
        given.set(next, thread);
        jobs.push({ index: next, job, bytes: typeof bytes === 'string' ? undefined : bytes });
      }
      thread.worker.postMessage({ task: task.name, jobs });
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
  for (let t = 0; t < threadsWanted; t++) {
    const worker = new Worker(script);
    running++;
    const thread: Thread = { worker, ready: false, busy: 0 };
    threads.push(thread);
    worker.on('online', () => {
      if (thread.busy < 0) return;
      thread.ready = true;
      feed(thread);
    });
    worker.on('message', (answers: Answer<Result>[]) => {
      // A thread given up on may still answer: its files are this thread's now.
      if (thread.busy < 0) return;
      for (const { index, result } of answers) {
        results.set(index, result);
        heldBytes += task.size(result);
        given.delete(index);
        thread.busy--;
      }
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
    while (wanted < count) {
      for (const thread of threads) feed(thread);
      while (!results.has(wanted) && given.has(wanted)) {
        // Rather than wait for a thread, this one reads a file no thread has been given yet (kept
        // for its turn), one at a time, with a turn of the event loop between for the threads'
        // answers. Waiting, it was idle 2.6 s of list --json's 3.8 at 10,000 briefings.
        if (next < count && next < wanted + AHEAD && heldBytes < AHEAD_BYTES) {
          const result = task.run(jobAt(next));
          results.set(next++, result);
          heldBytes += task.size(result);
          await new Promise((resolve) => setImmediate(resolve));
        } else await new Promise<void>((resolve) => (wake = resolve));
      }
      const result = results.get(wanted);
      if (result === undefined && starting()) {
        // A thread's start is an event: without a turn of the event loop here, one asking without
        // waiting for anything (a fast pipe) would have every file read on this thread.
        await new Promise((resolve) => setImmediate(resolve));
        if (results.has(wanted) || given.has(wanted)) continue;
      }
      results.delete(wanted);
      if (result !== undefined) heldBytes -= task.size(result);
      // Nobody has it: not given out yet (no thread up), or its thread failed.
      else if (wanted >= next) next = wanted + 1;
      wanted++;
      yield result ?? task.run(jobAt(wanted - 1));
    }
  } finally {
    // Stopped whether the reading ended or was left (`| head`): an idle thread would keep the process alive.
    for (const { worker } of threads) void worker.terminate();
  }
}
