import { join } from 'node:path';

/**
 * File names that are not UTF-8. The program carries every path as a string, where the bytes
 * that do not decode become U+FFFD (which is also how the name is shown); the file system
 * needs the bytes themselves, kept here by that string, so such a file opens like any other.
 */
const bytesOf = new Map<string, Buffer>();

/** What to hand to `fs` for a path: its bytes when its name is not UTF-8, else the path itself. */
export function fsPath(path: string): string | Buffer {
  return bytesOf.get(path) ?? path;
}

/** The path of `name` (as read from the folder, in bytes) inside `dir`. */
export function childPath(dir: string, name: Buffer): string {
  const text = name.toString('utf8');
  const path = join(dir, text);
  const parent = bytesOf.get(dir);
  if (!parent && Buffer.from(text, 'utf8').equals(name)) return path;
  bytesOf.set(path, Buffer.concat([parent ?? Buffer.from(dir, 'utf8'), Buffer.from('/'), name]));
  return path;
}
