// A worker thread of the parse pool (pool.ts): reads and parses the files it is sent, one
// message each way per file, and answers in the order asked.
import { parentPort } from 'node:worker_threads';
import { loadFile } from './load';
import { knowBytes } from './names';

parentPort?.on('message', ({ index, path, bytes }: { index: number; path: string; bytes?: Uint8Array }) => {
  // A name that is not UTF-8 comes with its bytes: only the thread that walked the folders knew them.
  if (bytes) knowBytes(path, bytes);
  parentPort!.postMessage({ index, result: loadFile(path) });
});
