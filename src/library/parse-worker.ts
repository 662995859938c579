// A worker thread of the parse pool (pool.ts): reads and parses the files it is sent, one
// message each way per file, and answers in the order asked.
import { parentPort } from 'node:worker_threads';
import { loadFile } from './load';

parentPort?.on('message', ({ index, path }: { index: number; path: string }) => {
  parentPort!.postMessage({ index, result: loadFile(path) });
});
