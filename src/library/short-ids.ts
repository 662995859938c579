import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { shortIds, SHORT_ID_LENGTH } from '../model/ids';
import { cacheDir } from '../state/paths';
import { libraryKey, writeAtomically } from './cache-files';

const MAGIC = 'digest short ids 1\n';
/** Hex digits of each id kept: 64 bits, two u32s. */
const KEPT = 16;
const HEX = /^[0-9a-f]{16}/;

export function shortIdsFile(roots: readonly string[], dir = cacheDir()): string {
  return join(dir, `short-ids-${libraryKey(roots)}.bin`);
}

/**
 * Short ids (the shortest prefix of at least 7 that tells a story's id from every other) need
 * every story id of the library in order: at 10,000 briefings working that out took 128 ms
 * before `list` or `list --json` could write its first line, at 100,000 1.4 s, reading every
 * head in the snapshot. So the first 16 hex digits of every id, sorted, are kept beside the
 * snapshot they were made from (`generation`), 8 bytes a story, and a later start with that
 * snapshot looks a short id up in them.
 *
 * A prefix no longer than 16 is the same whether worked out from the kept digits or the whole
 * ids; a story whose neighbour shares all 16 is worked out from the whole ids, as is
 * everything when the file is missing, damaged or of another snapshot. Not told apart: an id
 * the library does not hold (a story read back from a changed file) that shares all 16 digits
 * with one it does, a chance of about one in 2^64 per id, is given that one's short id. A
 * forged file can at worst print a short id that names two stories, which `show` then says is
 * ambiguous.
 */
export function keptShortIds(file: string, generation: () => string | undefined, ids: () => string[]): (id: string) => string {
  let kept: Uint32Array | null | undefined;
  let exact: ((id: string) => string) | undefined;
  return (id) => {
    const of = generation();
    if (kept === undefined) kept = of ? readPrefixes(file, of) : null;
    const quick = kept && shortIdFrom(kept, id);
    if (quick) return quick;
    exact ??= shortIds(ids(), (sorted) => {
      if (!kept && of) writePrefixes(file, of, sorted);
    });
    return exact(id);
  };
}

/** The short id from the kept prefixes (sorted pairs of u32), or null when they cannot tell. */
export function shortIdFrom(prefixes: Uint32Array, id: string): string | null {
  if (!HEX.test(id)) return null;
  const hi = Number.parseInt(id.slice(0, 8), 16) >>> 0;
  const lo = Number.parseInt(id.slice(8, KEPT), 16) >>> 0;
  const count = prefixes.length / 2;
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const h = prefixes[middle * 2]!;
    if (h < hi || (h === hi && prefixes[middle * 2 + 1]! < lo)) low = middle + 1;
    else high = middle;
  }
  const at = low < count && prefixes[low * 2] === hi && prefixes[low * 2 + 1] === lo;
  const shared = (i: number) => {
    if (i < 0 || i >= count) return 0;
    const h = prefixes[i * 2]!;
    const l = prefixes[i * 2 + 1]!;
    if (h !== hi) return Math.clz32(h ^ hi) >>> 2;
    return l !== lo ? 8 + (Math.clz32(l ^ lo) >>> 2) : KEPT;
  };
  const before = shared(low - 1);
  const after = shared(at ? low + 1 : low);
  if (before >= KEPT || after >= KEPT) return null;
  return id.slice(0, Math.max(SHORT_ID_LENGTH, before + 1, after + 1));
}

/** The kept prefixes, checked: the right snapshot, whole, and in order. */
function readPrefixes(file: string, generation: string): Uint32Array | null {
  try {
    const bytes = readFileSync(file);
    const head = `${MAGIC}${generation}\n`;
    if (bytes.length < head.length + 4 || bytes.toString('latin1', 0, head.length) !== head) return null;
    const count = bytes.readUInt32LE(head.length);
    const at = head.length + 4;
    if (bytes.length !== at + count * 8) return null;
    // One copy where the machine is little-endian, as the file is (and as every machine Node runs
    // on here is); the checks below without an array per pair. Reading 41,000 pairs a number at
    // a time, and checking them through a destructured array each, took 8-15 ms of list --json's
    // first briefing at 10,000 briefings.
    const prefixes =
      endianness() === 'LE'
        ? new Uint32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + count * 8))
        : Uint32Array.from({ length: count * 2 }, (_, i) => bytes.readUInt32LE(at + i * 4));
    for (let i = 1; i < count; i++) {
      const h = prefixes[i * 2]!;
      const before = prefixes[i * 2 - 2]!;
      if (h < before || (h === before && prefixes[i * 2 + 1]! < prefixes[i * 2 - 1]!)) return null;
    }
    return prefixes;
  } catch {
    return null;
  }
}

/** The first 16 hex digits of each sorted id as pairs of u32, or null when an id has not 16 to keep. */
export function prefixesOf(sorted: readonly string[]): Uint32Array | null {
  if (!sorted.every((id) => HEX.test(id))) return null;
  const prefixes = new Uint32Array(sorted.length * 2);
  sorted.forEach((id, i) => {
    prefixes[i * 2] = Number.parseInt(id.slice(0, 8), 16) >>> 0;
    prefixes[i * 2 + 1] = Number.parseInt(id.slice(8, KEPT), 16) >>> 0;
  });
  return prefixes;
}

/** Keeps the prefixes of the library's sorted ids beside its snapshot. Never throws. */
function writePrefixes(file: string, generation: string, sorted: readonly string[]): void {
  const prefixes = prefixesOf(sorted);
  if (!prefixes) return;
  const head = Buffer.from(`${MAGIC}${generation}\n`, 'latin1');
  const bytes = Buffer.alloc(head.length + 4 + prefixes.length * 4);
  head.copy(bytes);
  bytes.writeUInt32LE(sorted.length, head.length);
  prefixes.forEach((value, i) => bytes.writeUInt32LE(value, head.length + 4 + i * 4));
  try {
    writeAtomically(file, bytes);
  } catch {
    /* a cache that cannot be written only costs the next start the work again */
  }
}
