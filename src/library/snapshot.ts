import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { BriefingHead } from '../model/types';
import { cleanLine } from '../parse/clean';
import { PARSER_VERSION } from '../parse/version';
import { cacheDir } from '../state/paths';
import { libraryKey, writeAtomically, writeCache } from './cache-files';
import { cleanRow, fromHeadRow, headRow, isHeadRow, type FileStamp, type HeadRow } from './rows';
import type { Skipped } from './find';
import { LazyHead, type HeadSource } from './full';

/** Bump when the layout of the file changes. */
const SNAPSHOT_FORMAT = 3;
const MAGIC = 'digest-library';

/** One briefing as the library last had it: its file, its head, and the head its file parses to when it was renumbered. */
export interface SnapshotEntry {
  path: string;
  stamp: FileStamp;
  /** The head as the library shows it (ids numbered among briefings that claim the same identity). */
  head: BriefingHead;
  /** The head as its file alone gives it, when that differs (renumbered); what the parse cache hands back. */
  base: BriefingHead;
}

interface Header {
  magic: string;
  format: number;
  parser: number;
  roots: string[];
  generation: string;
  count: number;
  folders: string[];
  skipped: Skipped[];
  /** Skipped files that could be looked at, with their stamps (size, mtime, ctime, inode): still skipped when unchanged. */
  skippedStamps: [path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number][];
  /** Briefings renumbered among others that claim the same identity: their index and the id their file alone gives. */
  renumbered: [index: number, baseId: string][];
  /** Byte lengths of the sections that follow: ids, paths, stamps, walk order, offsets, records. */
  lengths: number[];
}

/** Where a library's snapshot lives: one file per library (the folders it was opened with) and parser version. */
export function snapshotFile(roots: readonly string[], dir = cacheDir()): string {
  return join(dir, `library-v${PARSER_VERSION}.${SNAPSHOT_FORMAT}-${libraryKey(roots)}.bin`);
}

type Lengths = [ids: number, paths: number, stamps: number, walk: number, offsets: number, records: number];

const STAMP_FIELDS = 4;
/** Paths found by a scan of the section (see `Snapshot.path`) rather than a split of all of it. */
const FEW_PATHS = 256;
/** Scans at most, before the paths are split after all: a screen's heads need a few dozen. */
const FEW_SCANS = 64;
/** How much of the records is read at once (a record is about 1 KB). */
const READ_AHEAD = 64 * 1024;
const NUL = '\u0000';

/**
 * Writes the library as it is shown: its briefings in order, with their files' stamps.
 * Sections the first frame needs (ids, paths, stamps, where each record starts) come first,
 * then one record per briefing, each decoded only when something asks for more than its id.
 * A record of a head still undecoded from the previous snapshot is copied as it was.
 * Returns the snapshot's generation, which names this very content.
 */
export function writeSnapshot(
  file: string,
  roots: readonly string[],
  entries: readonly SnapshotEntry[],
  folders: readonly string[],
  skipped: readonly Skipped[],
  skippedStamps: ReadonlyMap<string, FileStamp> = new Map(),
): string {
  const generation = randomBytes(8).toString('hex');
  const count = entries.length;
  const stamps = new Float64Array(count * STAMP_FIELDS);
  const offsets = new Float64Array(count + 1);
  const records: Uint8Array[] = [];
  let at = 0;
  entries.forEach((entry, i) => {
    const { size, mtimeMs, ctimeMs, ino } = entry.stamp;
    stamps.set([size, mtimeMs, ctimeMs, ino], i * STAMP_FIELDS);
    const head = entry.head;
    // A head nobody has read since the last snapshot is copied as it was stored.
    const kept =
      head === entry.base && head instanceof LazyHead && !head.decoded && head.source instanceof Snapshot && head.source.ordered()
        ? keptRecord(head.source, head.index)
        : null;
    const record = kept ?? serialize([headRow(entry.head), entry.base === entry.head ? null : headRow(entry.base)]);
    records.push(record);
    at += record.length;
    offsets[i + 1] = at;
  });
  const ids = Buffer.from(entries.map((entry) => entry.head.id).join('\n'));
  const paths = Buffer.from(entries.map((entry) => entry.path).join(NUL));
  const walk = walkOrder(entries.map((entry) => entry.path));
  const header: Header = {
    magic: MAGIC,
    format: SNAPSHOT_FORMAT,
    parser: PARSER_VERSION,
    roots: roots.map((root) => resolve(root)).sort(),
    generation,
    count,
    folders: [...folders],
    skipped: [...skipped],
    skippedStamps: [...skippedStamps].map(([path, stamp]) => [path, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino]),
    renumbered: entries.flatMap((entry, i): [number, string][] => (entry.base === entry.head ? [] : [[i, entry.base.id]])),
    lengths: [ids.length, paths.length, stamps.byteLength, walk.byteLength, offsets.byteLength, at],
  };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const sections = [ids, paths, stamps, walk, offsets].map((section) =>
    Buffer.from(section.buffer, section.byteOffset, section.byteLength),
  );
  writeCache(file, Buffer.concat([length, json, ...sections, ...records]));
  return generation;
}

/**
 * The places of `paths` in the order a walk of their folders finds them (find.ts: each folder's
 * names sorted as text, folders entered where they fall): that is the paths' order as text with
 * '/' before every other character. A load that finds the files as they were meets them in
 * this order and checks each against its place, where a map of 10,000 paths took 10-12 ms of
 * `list --json`'s first briefing (a library opened with several folders may be walked in
 * another order: then the map is made after all).
 */
export function walkOrder(paths: readonly string[]): Uint32Array {
  const keys = paths.map((path) => path.replaceAll('/', NUL));
  return Uint32Array.from(keys.keys()).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
}

/** Whether a file's stamp is the one kept at place `i` of a snapshot's stamps: compared in place, where making each place's stamp made 10,000 objects of a load. */
export function keptStamp(stamps: Float64Array, i: number, file: FileStamp): boolean {
  const at = i * STAMP_FIELDS;
  return file.size === stamps[at] && file.mtimeMs === stamps[at + 1] && file.ctimeMs === stamps[at + 2] && file.ino === stamps[at + 3];
}

/** The place of a walk's `walked`th file, when the snapshot's walk order has `path` there; else undefined (then look it up). */
export function placeInWalk(paths: readonly string[], order: Uint32Array, walked: number, path: string): number | undefined {
  const guess = order[walked];
  return guess !== undefined && paths[guess] === path ? guess : undefined;
}

const isSkipped = (value: unknown): value is Skipped =>
  !!value && typeof (value as Skipped).path === 'string' && typeof (value as Skipped).reason === 'string';

function validHeader(header: Header, roots: readonly string[]): boolean {
  const wanted = roots.map((root) => resolve(root)).sort();
  return (
    header?.magic === MAGIC &&
    header.format === SNAPSHOT_FORMAT &&
    header.parser === PARSER_VERSION &&
    Array.isArray(header.roots) &&
    header.roots.length === wanted.length &&
    header.roots.every((root, i) => root === wanted[i]) &&
    typeof header.generation === 'string' &&
    Number.isSafeInteger(header.count) &&
    header.count >= 0 &&
    Array.isArray(header.folders) &&
    header.folders.every((folder) => typeof folder === 'string') &&
    Array.isArray(header.skipped) &&
    header.skipped.every(isSkipped) &&
    Array.isArray(header.skippedStamps) &&
    header.skippedStamps.every(
      (entry) =>
        Array.isArray(entry) && entry.length === 5 && typeof entry[0] === 'string' && entry.slice(1).every((n) => typeof n === 'number'),
    ) &&
    Array.isArray(header.renumbered) &&
    header.renumbered.every(
      (entry) =>
        Array.isArray(entry) && Number.isSafeInteger(entry[0]) && entry[0] >= 0 && entry[0] < header.count && typeof entry[1] === 'string',
    ) &&
    Array.isArray(header.lengths) &&
    header.lengths.length === 6 &&
    header.lengths.every((n) => Number.isSafeInteger(n) && n >= 0)
  );
}

/**
 * A library snapshot opened for reading. Opening reads the ids, paths and stamps (about 120
 * bytes a briefing); a briefing's record is read from the file, and checked, only when its head
 * is first asked for more. Nothing in the file is trusted: a header that does not name this
 * library and parser is no snapshot at all, and a record that does not check out (or names
 * another briefing than its id says) is replaced by parsing its file again.
 */
export class Snapshot implements HeadSource {
  /** The ids section as text, an id (40 hex digits) a line: id i is at i × 41, found without splitting them all. */
  private readonly idText: string;
  /** Whether the ids section is `count` ids of 40 characters; a snapshot whose is not is damaged. */
  private readonly idsWhole: boolean;
  private pathList: string[] | undefined;
  private scans = 0;
  readonly stamps: Float64Array;
  /** Places in the order a walk of the folders finds their files (see `walkOrder`): a hint, checked path by path. */
  readonly walkOrder: Uint32Array;
  private readonly offsets: Float64Array;
  private heads: LazyHead[] | undefined;
  private readonly pathBytes: Buffer;
  private bases: BriefingHead[] | undefined;

  private constructor(
    private readonly fd: number,
    private readonly header: Header,
    private readonly recordsAt: number,
    sections: Buffer,
    private readonly reparse: (path: string) => HeadRow | null,
  ) {
    const [ids, paths, stamps, walk] = header.lengths as Lengths;
    // Ids are hex (ASCII: Latin-1 decodes them as UTF-8 would, and took 8 ms at 100,000 where
    // UTF-8 took 18). They are not split either (14 ms more): the first frame reads a screenful.
    const idBytes = sections.subarray(0, ids);
    this.idText = idBytes.toString('latin1');
    this.idsWhole = isAscii(idBytes) && idsAtFixedPlaces(this.idText, header.count);
    // Paths are split when first asked for: the first frame needs none (at 100,000, 10 ms).
    this.pathBytes = sections.subarray(ids, ids + paths);
    const copy = (from: number, bytes: number) => new Float64Array(new Uint8Array(sections.subarray(from, from + bytes)).buffer);
    this.stamps = copy(ids + paths, stamps);
    const walkAt = ids + paths + stamps;
    this.walkOrder = new Uint32Array(new Uint8Array(sections.subarray(walkAt, walkAt + walk)).buffer);
    this.offsets = copy(walkAt + walk, sections.length - walkAt - walk);
  }

  /** The snapshot of this library, or null when there is none that can be trusted to match it. */
  static open(file: string, roots: readonly string[], reparse: (path: string) => HeadRow | null): Snapshot | null {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const size = fstatSync(fd).size;
      const length = Buffer.alloc(4);
      if (readSync(fd, length, 0, 4, 0) !== 4) return close(fd);
      const headerLength = length.readUInt32LE();
      if (headerLength > size - 4) return close(fd);
      const header = JSON.parse(readExactly(fd, headerLength, 4).toString('utf8')) as Header;
      if (!validHeader(header, roots)) return close(fd);
      const [ids, paths, stamps, walk, offsets, recordBytes] = header.lengths as Lengths;
      const recordsAt = 4 + headerLength + ids + paths + stamps + walk + offsets;
      if (
        recordsAt + recordBytes !== size ||
        stamps !== header.count * STAMP_FIELDS * 8 ||
        walk !== header.count * 4 ||
        offsets !== (header.count + 1) * 8
      )
        return close(fd);
      const snapshot = new Snapshot(fd, header, recordsAt, readExactly(fd, recordsAt - 4 - headerLength, 4 + headerLength), reparse);
      if (!snapshot.consistent(recordBytes)) return close(fd);
      // Open while any of its heads may still be read (a library, or the unchanged heads a newer one took over).
      closing.register(snapshot, fd);
      return snapshot;
    } catch {
      return fd === undefined ? null : close(fd);
    }
  }

  id(i: number): string {
    return this.idText.slice(i * ID_LINE, i * ID_LINE + ID_LINE - 1);
  }

  private lookups = 0;
  /** The table of places; null when the ids would not fit one (see placeTable). */
  private places: Int32Array | null | undefined;
  private byId: Map<string, number> | undefined;

  /**
   * Where a briefing is. The first few are found by a search of the ids' text (the first frame
   * asks for one or two); after that, from a table of places by each id's hash, made once
   * without making the ids (a map of 100,000 id strings took 45 ms of a search's first key).
   */
  indexOf(id: string): number {
    if (id.length !== ID_LINE - 1) return -1;
    if (this.lookups++ >= FEW_LOOKUPS) {
      const table = (this.places ??= placeTable(this.idText, this.header.count));
      // Ids the table could not hold (a damaged or forged cache): a map, made in linear time.
      if (!table) {
        if (!this.byId) {
          this.byId = new Map();
          for (let place = 0; place < this.header.count; place++) if (!this.byId.has(this.id(place))) this.byId.set(this.id(place), place);
        }
        return this.byId.get(id) ?? -1;
      }
      const mask = table.length - 1;
      let slot = slotOf(id, 0) & mask;
      for (let probes = 0; probes < MAX_PROBES && table[slot]! > 0; probes++, slot = (slot + 1) & mask) {
        const place = table[slot]! - 1;
        if (this.idText.startsWith(id, place * ID_LINE)) return place;
      }
      // An empty slot: not there. Past MAX_PROBES no id was placed, so it is not there either,
      // and the search below says so.
      if (table[slot] === 0) return -1;
    }
    for (let at = this.idText.indexOf(id); at !== -1; at = this.idText.indexOf(id, at + 1)) if (at % ID_LINE === 0) return at / ID_LINE;
    return -1;
  }

  /** Each briefing's file, in the library's order. */
  get paths(): string[] {
    if (!this.pathList) {
      const paths = this.header.count === 0 ? [] : this.pathBytes.toString('utf8').split(NUL);
      // A file that does not hold one path a briefing is damaged: its briefings open nothing
      // until the check after the first frame reads the library from its files instead.
      this.pathList = paths.length === this.header.count ? paths : Array.from({ length: this.header.count }, () => '');
    }
    return this.pathList;
  }

  /**
   * Briefing `i`'s file. One of the first few hundred is found without splitting every path:
   * the first frame reads a screen's heads, and splitting 100,000 paths for them took 10 ms of it.
   * In a damaged section (a NUL lost or gained) the scan can give a neighbour's path until the
   * check after the first frame splits them all, finds the count wrong, and reads the library
   * from its files.
   */
  path(i: number): string {
    // A small library asks for every path again and again: after a few scans, split them once.
    if (this.pathList || i >= FEW_PATHS || this.scans++ >= FEW_SCANS) return this.paths[i]!;
    let from = 0;
    for (let k = 0; k < i; k++) {
      const nul = this.pathBytes.indexOf(0, from);
      // Fewer paths than briefings: the section is damaged, and the list says what each is then.
      if (nul === -1) return this.paths[i]!;
      from = nul + 1;
    }
    const end = this.pathBytes.indexOf(0, from);
    if ((end === -1) !== (i === this.header.count - 1)) return this.paths[i]!;
    return this.pathBytes.toString('utf8', from, end === -1 ? this.pathBytes.length : end);
  }

  /** An id a line, and the ends of the sections agree; each record's own bounds are checked when it is read (`record`), not 100,000 of them before the first frame (6 ms there). */
  private consistent(recordBytes: number): boolean {
    const { count } = this.header;
    return this.idsWhole && this.offsets[0] === 0 && this.offsets[count] === recordBytes;
  }

  private inOrder: boolean | undefined;

  /**
   * Whether every record starts where the one before it ends or later: asked after the first
   * frame (the check, a command's load, a new snapshot's copy of the records), so a damaged
   * offsets section is written afresh rather than re-parsed from its files at every start.
   */
  ordered(): boolean {
    if (this.inOrder === undefined) {
      const { offsets } = this;
      this.inOrder = true;
      for (let i = 0; i + 1 < offsets.length; i++)
        if (!(Number.isSafeInteger(offsets[i]) && offsets[i + 1]! >= offsets[i]!)) this.inOrder = false;
    }
    return this.inOrder;
  }

  get generation(): string {
    return this.header.generation;
  }

  get folders(): string[] {
    return this.header.folders;
  }

  get skipped(): Skipped[] {
    return this.header.skipped;
  }

  /** Skipped files and their stamps, as the snapshot was written. */
  get skippedStamps(): Map<string, FileStamp> {
    return new Map(this.header.skippedStamps.map(([path, size, mtimeMs, ctimeMs, ino]) => [path, { size, mtimeMs, ctimeMs, ino }]));
  }

  get count(): number {
    return this.header.count;
  }

  stamp(i: number): FileStamp {
    const at = i * STAMP_FIELDS;
    const s = this.stamps;
    return { size: s[at]!, mtimeMs: s[at + 1]!, ctimeMs: s[at + 2]!, ino: s[at + 3]! };
  }

  /** Records read ahead: heads are asked for in runs (a screen's rows, every head in turn), and a read each cost 6 µs. */
  private ahead: { from: number; bytes: Buffer } | null = null;

  record(i: number): Uint8Array {
    const from = this.offsets[i]!;
    const to = this.offsets[i + 1]!;
    const total = this.offsets[this.offsets.length - 1]!;
    if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from <= to && to <= total))
      throw new Error(`snapshot record ${i} is out of bounds`);
    const ahead = this.ahead;
    if (ahead && from >= ahead.from && to <= ahead.from + ahead.bytes.length)
      return ahead.bytes.subarray(from - ahead.from, to - ahead.from);
    const end = Math.min(total, Math.max(to, from + READ_AHEAD));
    const bytes = readExactly(this.fd, end - from, this.recordsAt + from);
    this.ahead = { from, bytes };
    return bytes.subarray(0, to - from);
  }

  /** The record's heads, checked and cleaned; null when it does not hold up. */
  private decode(i: number): { head: HeadRow; base: HeadRow | null } | null {
    try {
      const value = deserialize(this.record(i)) as unknown;
      if (!Array.isArray(value) || value.length !== 2) return null;
      const [head, base] = value as [unknown, unknown];
      if (!isHeadRow(head) || head[0] !== this.id(i) || (base !== null && !isHeadRow(base))) return null;
      return { head: cleanRow(head), base: base === null ? null : cleanRow(base) };
    } catch {
      return null;
    }
  }

  private parsed(i: number): HeadRow {
    const path = this.path(i);
    // A file that no longer parses keeps its place under its name until the check after the first frame says why.
    return this.reparse(path) ?? [this.id(i), 'plain', cleanLine(basename(path)), null, null, []];
  }

  /**
   * Each briefing's head as shown, and the head its file alone gives (the same object unless it
   * was renumbered). Both are arrays whose heads are made when first read (`madeWhenRead`).
   */
  entries(): { heads: LazyHead[]; bases: BriefingHead[] } {
    if (!this.heads || !this.bases) {
      const heads = madeWhenRead(this.header.count, (i) => new LazyHead(this, i));
      const renumbered = {
        head: (i: number) => fromHeadRow(this.decode(i)?.base ?? this.parsed(i), this.path(i)),
        path: (i: number) => this.path(i),
        id: (i: number) => this.id(i),
      };
      const others = new Map(this.header.renumbered);
      const bases = madeWhenRead<BriefingHead>(this.header.count, (i) => {
        const id = others.get(i);
        return id === undefined ? heads[i]! : new LazyHead(renumbered, i, id);
      });
      this.heads = heads;
      this.bases = bases;
    }
    return { heads: this.heads, bases: this.bases };
  }

  /** The head shown for briefing `i`, read from its record (or, when that does not check out, its file). */
  head(i: number): BriefingHead {
    return fromHeadRow(this.decode(i)?.head ?? this.parsed(i), this.path(i));
  }
}

/**
 * An array of `count` elements, each made by `make` when first read, and kept. The first frame
 * reads a screenful of heads; making 100,000 head objects up front took 13-17 ms of it (their
 * allocation alone, in code not yet optimised). Reads, `in`, and every array method see the
 * elements as if they had been there all along.
 */
export function madeWhenRead<T>(count: number, make: (i: number) => T): T[] {
  const index = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const i = Number(key);
    return Number.isInteger(i) && i >= 0 && i < count && String(i) === key ? i : -1;
  };
  const made = (target: T[], i: number): T => (target[i] ??= make(i));
  return new Proxy<T[]>(new Array<T>(count), {
    get: (target, key, receiver) => {
      const i = index(key);
      return i === -1 ? Reflect.get(target, key, receiver) : made(target, i);
    },
    has: (target, key) => index(key) !== -1 || Reflect.has(target, key),
    getOwnPropertyDescriptor: (target, key) => {
      const i = index(key);
      if (i !== -1) made(target, i);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys: (target) => {
      for (let i = 0; i < count; i++) made(target, i);
      return Reflect.ownKeys(target);
    },
  });
}

/** An id and its newline: 40 hex digits. */
const ID_LINE = 41;

/** Lookups by a search of the ids' text before a table of places is made (see Snapshot.indexOf). */
const FEW_LOOKUPS = 4;

/** Probes at most for a place in the table: with it at most half full, a handful are the norm. */
const MAX_PROBES = 64;

/** A hash (FNV-1a) of the id at `at`. */
export function slotOf(text: string, at: number): number {
  let hash = 0x811c9dc5;
  for (let k = at; k < at + ID_LINE - 1; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  return hash >>> 0;
}

function sameId(text: string, a: number, b: number): boolean {
  for (let k = 0; k < ID_LINE - 1; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

/**
 * Each id's place plus one, at its slot (open addressing, at most half full). An id met again
 * keeps its first place, as a search of the text finds it. Null when an id needs more than
 * MAX_PROBES probes: ids that hash alike, which a cache file made to do it could hold, would
 * make this quadratic.
 */
function placeTable(text: string, count: number): Int32Array | null {
  const table = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(2, count * 2))));
  const mask = table.length - 1;
  for (let place = 0; place < count; place++) {
    const at = place * ID_LINE;
    let slot = slotOf(text, at) & mask;
    let probes = 0;
    for (; table[slot]! > 0; slot = (slot + 1) & mask) {
      if (sameId(text, at, (table[slot]! - 1) * ID_LINE)) break;
      if (++probes >= MAX_PROBES) return null;
    }
    if (table[slot] === 0) table[slot] = place + 1;
  }
  return table;
}

/** Whether the ids' text is `count` lines of 40 characters: then id i is the one a split gives. */
function idsAtFixedPlaces(text: string, count: number): boolean {
  if (count === 0) return text.length === 0;
  if (text.length !== count * ID_LINE - 1) return false;
  let expected = ID_LINE - 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1), expected += ID_LINE) if (at !== expected) return false;
  return expected === text.length;
}

/** A record copied as it was stored; none when its bounds do not hold (it is written afresh from its head). */
function keptRecord(source: Snapshot, i: number): Uint8Array | null {
  try {
    return source.record(i);
  } catch {
    return null;
  }
}

/** Closes a snapshot's file once nothing can read from it any more. */
const closing = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    /* closed already */
  }
});

function close(fd: number): null {
  closeSync(fd);
  return null;
}

function readExactly(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, position + read);
    if (n === 0) throw new Error('snapshot ended early');
    read += n;
  }
  return buffer;
}

/**
 * For tests that damage a snapshot on purpose: rewrites each record (as decoded) through `change`,
 * keeping the rest of the file, so what a damaged or poisoned record does can be checked.
 */
export function rewriteSnapshotRecords(file: string, change: (record: unknown[]) => unknown[]): void {
  const data = readFileSync(file);
  const headerLength = data.readUInt32LE(0);
  const header = JSON.parse(data.toString('utf8', 4, 4 + headerLength)) as Header;
  const [ids, paths, stamps, walk, offsetBytes] = header.lengths as Lengths;
  const offsetsAt = 4 + headerLength + ids + paths + stamps + walk;
  const offsets = new Float64Array(new Uint8Array(data.subarray(offsetsAt, offsetsAt + offsetBytes)).buffer);
  const recordsAt = offsetsAt + offsetBytes;
  const records: Buffer[] = [];
  const rewritten = new Float64Array(header.count + 1);
  for (let i = 0; i < header.count; i++) {
    const record = serialize(change(deserialize(data.subarray(recordsAt + offsets[i]!, recordsAt + offsets[i + 1]!)) as unknown[]));
    records.push(record);
    rewritten[i + 1] = rewritten[i]! + record.length;
  }
  header.lengths[5] = rewritten[header.count]!;
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const sections = data.subarray(4 + headerLength, offsetsAt);
  writeFileSync(file, Buffer.concat([length, json, sections, Buffer.from(rewritten.buffer), ...records]));
}

/** What the first frame needs that depends on the marks: the unread count, for one snapshot and one state of the marks. */
export interface Counts {
  generation: string;
  marks: string;
  unread: number;
}

export function countsFile(roots: readonly string[], dir = cacheDir()): string {
  return join(dir, `counts-${libraryKey(roots)}.json`);
}

/** The counts kept for a library, or null when there are none that check out. */
export function readCounts(file: string): Counts | null {
  try {
    const counts = JSON.parse(readFileSync(file, 'utf8')) as Counts;
    return typeof counts.generation === 'string' &&
      typeof counts.marks === 'string' &&
      Number.isSafeInteger(counts.unread) &&
      counts.unread >= 0
      ? counts
      : null;
  } catch {
    return null;
  }
}

/** Keeps the counts for the next start; one that cannot be written only costs that start a count. */
export function writeCounts(file: string, counts: Counts): void {
  try {
    writeAtomically(file, JSON.stringify(counts));
  } catch {
    /* counted again next time */
  }
}
