import type { MarkKey } from './marks';

export interface Stamp {
  value: boolean;
  time: number;
}

const NEWLINE = 10;
const LINE = /^\{"i":"([^"\\]+)","k":"([rs])","v":([01]),"t":(\d+)\}$/;

/**
 * The compacted part of the marks journal: lines sorted by id, searched where they lie in the
 * file's bytes by bisecting offsets. Opening decodes, parses and indexes nothing, so 100,000
 * marks open in the time it takes to read the file. (Compacted lines are ASCII: hex ids, digits.)
 */
export class SortedMarks {
  /** Where the sorted block ends in the text: the journal's later appends start here. */
  readonly end: number;
  // Found stamps are remembered: screens ask about the same stories again and again.
  private readonly found = { read: new Map<string, Stamp | undefined>(), starred: new Map<string, Stamp | undefined>() };

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
    const memo = this.found[key];
    if (memo.has(id)) return memo.get(id);
    const stamp = this.search(id, key === 'read' ? 'r' : 's');
    memo.set(id, stamp);
    return stamp;
  }

  private lineStart(offset: number): number {
    return offset <= 0 ? 0 : this.bytes.lastIndexOf(NEWLINE, offset - 1) + 1;
  }

  private lineEnd(start: number): number {
    const end = this.bytes.indexOf(NEWLINE, start);
    return end < 0 || end > this.end ? this.end : end;
  }

  private search(id: string, code: string): Stamp | undefined {
    let low = 0;
    let high = this.end;
    while (low < high) {
      const start = Math.max(low, this.lineStart((low + high) >>> 1));
      const end = this.lineEnd(start);
      const order = this.compareAt(start, id);
      if (order < 0) low = end + 1;
      else if (order > 0) high = start;
      else {
        // An id has at most two lines, read then starred, side by side.
        for (const at of [this.lineStart(start - 1), start, end + 1]) {
          if (at < 0 || at >= this.end || this.compareAt(at, id) !== 0) continue;
          const stamp = this.stampAt(at, id.length, code);
          if (stamp) return stamp;
        }
        return undefined;
      }
    }
    return undefined;
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
  private stampAt(start: number, idLength: number, code: string): Stamp | undefined {
    // After the id: ","k":"r","v":1,"t":123}
    const bytes = this.bytes;
    const k = start + 6 + idLength + 7;
    if (bytes[k] !== code.charCodeAt(0) || bytes[k - 1] !== 34 || bytes[k - 2] !== 58) return undefined;
    const v = bytes[k + 7];
    if ((v !== 48 && v !== 49) || bytes[k + 6] !== 58 || bytes[k + 12] !== 58) return undefined;
    let time = 0;
    let at = k + 13;
    for (; at < this.end && bytes[at]! >= 48 && bytes[at]! <= 57; at++) time = time * 10 + (bytes[at]! - 48);
    if (at === k + 13 || bytes[at] !== 125) return undefined;
    return { value: v === 49, time };
  }

  *entries(): Generator<{ id: string; key: MarkKey; stamp: Stamp }> {
    for (let start = 0; start < this.end; ) {
      const end = this.lineEnd(start);
      const match = LINE.exec(this.bytes.toString('latin1', start, end));
      if (match) yield { id: match[1]!, key: match[2] === 'r' ? 'read' : 'starred', stamp: { value: match[3] === '1', time: Number(match[4]) } };
      start = end + 1;
    }
  }
}

export const SORTED_HEADER = /^\{"h":"sorted","n":(\d+)(?:,"b":(\d+))?\}$/;
export const sortedHeader = (count: number, length: number) => JSON.stringify({ h: 'sorted', n: count, b: length });
