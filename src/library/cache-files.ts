import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';

/**
 * Writes a whole file or leaves the old one: the data goes to a temporary file beside it,
 * renamed over it (folders made as needed). A reader never sees half a file.
 */
export function writeAtomically(file: string, data: string | NodeJS.ArrayBufferView): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

/** Names a library (the folders it was opened with) in cache file names. */
export function libraryKey(roots: readonly string[]): string {
  const joined = roots
    .map((root) => resolve(root))
    .sort()
    .join('\0');
  return createHash('sha1').update(joined).digest('hex').slice(0, 12);
}
