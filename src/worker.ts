// A worker thread of the pool (library/pool.ts): does the tasks it is sent, one message each
// way per job, and answers in the order asked.
import { parentPort } from 'node:worker_threads';
import { listTask } from './cli/listing';
import { loadTask, type Task } from './library/pool';
import { knowBytes } from './library/names';
import { loadParser } from './library/parser';

const TASKS: Record<string, Task<{ path: string }, unknown>> = {
  [loadTask.name]: loadTask,
  [listTask.name]: listTask as Task<{ path: string }, unknown>,
};

const ready = loadParser();

parentPort?.on(
  'message',
  async ({ index, task, job, bytes }: { index: number; task: string; job: { path: string }; bytes?: Uint8Array }) => {
    // Answers stay in order: once loaded, each waits on the same settled promise.
    await ready;
    // A name that is not UTF-8 comes with its bytes: only the thread that walked the folders knew them.
    if (bytes) knowBytes(job.path, bytes);
    // An unknown task throws: the thread stops, and the asking thread does its jobs itself.
    const { run, transfer } = TASKS[task]!;
    const result = run(job);
    parentPort!.postMessage({ index, result }, transfer?.(result));
  },
);
