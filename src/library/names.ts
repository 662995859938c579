import { join } from 'node:path';

/**
 * File names that are not UTF-8. The program carries every path as a string, where the bytes
 * that do not decode become U+FFFD (which is also how the name is shown); the file system
 * needs the bytes themselves, kept here by that string, so such a file opens like any other.
 */
const bytesOf = new Map<string, Buffer>();

/** What to hand to `fs` for a path: its bytes when its name is not UTF-8, else the path itself. */
export function fsPath(path: string): string | Buffer {
  // Asked for each file's stat: with no such name known, no path is hashed for the map.
  return bytesOf.size === 0 ? path : (bytesOf.get(path) ?? path);
}

/** Tells this thread the bytes of a path whose name is not UTF-8 (a worker thread, sent them by the thread that walked the folders). */
export function knowBytes(path: string, bytes: Uint8Array): void {
  bytesOf.set(path, Buffer.from(bytes));
}

/** The path of `name` (as read from the folder: text, or bytes when they are not UTF-8) inside `dir`. */
export function childPath(dir: string, name: string | Buffer): string {
  const parentBytes = bytesOf.get(dir);
  // The usual case, kept cheap (a walk of 100,000 files makes one each): a UTF-8 name in a folder whose path is text.
  if (typeof name === 'string' && !parentBytes) return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
  if (typeof name === 'string') name = Buffer.from(name, 'utf8');
  const text = name.toString('utf8');
  const path = join(dir, text);
  if (!parentBytes && Buffer.from(text, 'utf8').equals(name)) return path;
  bytesOf.set(path, Buffer.concat([parentBytes ?? Buffer.from(dir, 'utf8'), Buffer.from('/'), name]));
  return path;
}
