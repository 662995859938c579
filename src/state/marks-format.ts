/**
 * The read-marks line format, shared by every journal: one JSON object per line,
 * {"i":id,"k":"r"|"s","v":0|1,"t":stamp}, and the sorted block a compacted journal starts with
 * (a header line, then one line per mark sorted by id, read before starred), searched in place.
 */

export type MarkKey = 'read' | 'starred';

export interface Stamp {
  value: boolean;
  /** Milliseconds, or more: a change is stamped after every stamp it was made from (see `nextStamp`). */
  time: number;
}

export interface Mark extends Stamp {
  id: string;
  key: MarkKey;
}

const CODE: Record<MarkKey, string> = { read: 'r', starred: 's' };
const KEY: Record<string, MarkKey> = { r: 'read', s: 'starred' };

export function encodeMark(mark: Mark): string {
  return JSON.stringify({ i: mark.id, k: CODE[mark.key], v: mark.value ? 1 : 0, t: mark.time });
}

export function parseMark(line: string): Mark | null {
  try {
    const data = JSON.parse(line) as { i?: unknown; k?: unknown; v?: unknown; t?: unknown };
    const key = typeof data.k === 'string' ? KEY[data.k] : undefined;
    if (typeof data.i !== 'string' || !key || (data.v !== 0 && data.v !== 1) || typeof data.t !== 'number' || !Number.isSafeInteger(data.t))
      return null;
    return { id: data.i, key, value: data.v === 1, time: data.t };
  } catch {
    return null;
  }
}

/**
 * Whether `incoming` replaces `current`: the later stamp wins; on a tie (two devices in the
 * same millisecond) a set mark wins, so every device, reading the journals in any order,
 * settles on the same answer.
 */
export function wins(current: Stamp | undefined, incoming: Stamp): boolean {
  if (!current) return true;
  if (incoming.time !== current.time) return incoming.time > current.time;
  return incoming.value && !current.value;
}

/**
 * The stamp for a change made now to a mark stamped `current`: the clock, but always after
 * `current`, so a change wins over the state it was made from even when that state came from
 * a clock ahead of ours (another machine's, or a wrong one).
 */
export function nextStamp(current: Stamp | undefined, now: number): number {
  return Math.max(now, (current?.time ?? 0) + 1);
}

/** A compacted journal: the header and one line per mark, sorted by id, read before starred. */
export function sortedBlock(marks: Iterable<Mark>): string {
  const lines = [...marks]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((mark) => `${encodeMark(mark)}\n`);
  const block = lines.join('');
  return `${sortedHeader(lines.length, Buffer.byteLength(block))}\n${block}`;
}

const NEWLINE = 10;
const LINE = /^\{"i":"([^"\\]+)","k":"([rs])","v":([01]),"t":(\d+)\}$/;

/**
 * The compacted part of the marks journal: lines sorted by id, searched where they lie in the
 * file's bytes. Opening decodes and parses nothing, so 100,000 marks open in the time it takes
 * to read the file; the first lookup notes where each line starts (one pass, a few ms), after
 * which a lookup is a bisection over those offsets, comparing bytes in place: cheap enough for
 * the reader to count unread stories over a whole library at start. (Compacted lines are ASCII.)
 */
export class SortedMarks {
  /** Where the sorted block ends in the text: the journal's later appends start here. */
  readonly end: number;
  private starts: Uint32Array | undefined;

  constructor(
    private readonly bytes: Buffer,
    readonly count: number,
    length?: number,
  ) {
    if (length !== undefined && length <= bytes.length && (length === 0 || bytes[length - 1] === NEWLINE)) this.end = length;
    else {
      // A header without the block's length: count the lines.
      let at = 0;
      for (let n = 0; n < count && at < bytes.length; n++) at = bytes.indexOf(NEWLINE, at) + 1 || bytes.length;
      this.end = at;
    }
  }

  stamp(id: string, key: MarkKey): Stamp | undefined {
    const starts = (this.starts ??= this.lineStarts());
    const code = key === 'read' ? 114 /* r */ : 115; /* s */
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compareAt(starts[middle]!, id) < 0) low = middle + 1;
      else high = middle;
    }
    // An id has at most two lines, read then starred, side by side.
    for (let line = low; line < starts.length && line < low + 2 && this.compareAt(starts[line]!, id) === 0; line++) {
      const stamp = this.stampAt(starts[line]!, id.length, code);
      if (stamp) return stamp;
    }
    return undefined;
  }

  /** Counted from the bytes, not the header, so a wrong count cannot hide a line. */
  private lineStarts(): Uint32Array {
    let lines = 0;
    for (let at = 0; at < this.end; at = this.lineEnd(at) + 1) lines++;
    const starts = new Uint32Array(lines);
    for (let at = 0, n = 0; at < this.end; at = this.lineEnd(at) + 1) starts[n++] = at;
    return starts;
  }

  private lineEnd(start: number): number {
    const end = this.bytes.indexOf(NEWLINE, start);
    return end < 0 || end > this.end ? this.end : end;
  }

  /** The order of the id on the line at `start` against `id`, compared in place. */
  private compareAt(start: number, id: string): number {
    const bytes = this.bytes;
    let at = start + 6; // after {"i":"
    for (let i = 0; ; i++, at++) {
      const a = at < this.end ? bytes[at]! : 34;
      const stored = a === 34 /* " */ ? -1 : a;
      const wanted = i < id.length ? id.charCodeAt(i) : -1;
      if (stored !== wanted) return stored < wanted ? -1 : 1;
      if (stored === -1) return 0;
    }
  }

  /** Reads `","k":"r","v":1,"t":123}` after the id in place; undefined for another key or a damaged line. */
  private stampAt(start: number, idLength: number, code: number): Stamp | undefined {
    // After the id: ","k":"r","v":1,"t":123}
    const bytes = this.bytes;
    const k = start + 6 + idLength + 7;
    if (bytes[k] !== code || bytes[k - 1] !== 34 || bytes[k - 2] !== 58) return undefined;
    const v = bytes[k + 7];
    if ((v !== 48 && v !== 49) || bytes[k + 6] !== 58 || bytes[k + 12] !== 58) return undefined;
    let time = 0;
    let at = k + 13;
    for (; at < this.end && bytes[at]! >= 48 && bytes[at]! <= 57; at++) time = time * 10 + (bytes[at]! - 48);
    if (at === k + 13 || bytes[at] !== 125) return undefined;
    return { value: v === 49, time };
  }

  /** Every id whose latest mark for `key` is set, in one pass that decodes only those ids. */
  idsMarked(key: MarkKey): string[] {
    const starts = (this.starts ??= this.lineStarts());
    const code = key === 'read' ? 114 : 115;
    const ids: string[] = [];
    for (const start of starts) {
      const close = this.bytes.indexOf(34, start + 6);
      if (close < 0 || close >= this.end) continue;
      const stamp = this.stampAt(start, close - start - 6, code);
      if (stamp?.value) ids.push(this.bytes.toString('latin1', start + 6, close));
    }
    return ids;
  }

  *entries(): Generator<{ id: string; key: MarkKey; stamp: Stamp }> {
    for (let start = 0; start < this.end;) {
      const end = this.lineEnd(start);
      const match = LINE.exec(this.bytes.toString('latin1', start, end));
      if (match)
        yield { id: match[1]!, key: match[2] === 'r' ? 'read' : 'starred', stamp: { value: match[3] === '1', time: Number(match[4]) } };
      start = end + 1;
    }
  }
}

export const SORTED_HEADER = /^\{"h":"sorted","n":(\d+)(?:,"b":(\d+))?\}$/;
export const sortedHeader = (count: number, length: number) => JSON.stringify({ h: 'sorted', n: count, b: length });
