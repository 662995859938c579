// A worker thread of the pool (library/pool.ts): does the tasks it is sent, a batch of jobs a
// message each way, and answers in the order asked.
import { parentPort } from 'node:worker_threads';
import { listTask } from './cli/listing';
import { loadTask, type Answer, type Given, type Task } from './library/pool';
import { knowBytes } from './library/names';
import { loadParser } from './library/parser';

const TASKS: Record<string, Task<{ path: string }, unknown>> = {
  [loadTask.name]: loadTask,
  [listTask.name]: listTask as Task<{ path: string }, unknown>,
};

const ready = loadParser();

parentPort?.on('message', async ({ task, jobs }: { task: string; jobs: Given<{ path: string }>[] }) => {
  // Answers stay in order: once loaded, each waits on the same settled promise.
  await ready;
  // An unknown task throws: the thread stops, and the asking thread does its jobs itself.
  const { run, transfer } = TASKS[task]!;
  const answers: Answer<unknown>[] = [];
  const moved: ArrayBuffer[] = [];
  for (const { index, job, bytes } of jobs) {
    // A name that is not UTF-8 comes with its bytes: only the thread that walked the folders knew them.
    if (bytes) knowBytes(job.path, bytes);
    const result = run(job);
    answers.push({ index, result });
    if (transfer) moved.push(...transfer(result));
  }
  parentPort!.postMessage(answers, moved);
});
