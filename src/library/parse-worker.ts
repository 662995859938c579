// A worker thread of the parse pool (pool.ts): reads and parses the files it is sent, one
// message each way per file, and answers in the order asked.
import { parentPort } from 'node:worker_threads';
import { loadFile } from './load';
import { knowBytes } from './names';
import { loadParser } from './parser';

const ready = loadParser();

parentPort?.on('message', async ({ index, path, bytes }: { index: number; path: string; bytes?: Uint8Array }) => {
  // Answers stay in order: once loaded, each waits on the same settled promise.
  await ready;
  // A name that is not UTF-8 comes with its bytes: only the thread that walked the folders knew them.
  if (bytes) knowBytes(path, bytes);
  parentPort!.postMessage({ index, result: loadFile(path) });
});
