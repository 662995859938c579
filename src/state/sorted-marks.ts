import type { MarkKey } from './marks';

export interface Stamp {
  value: boolean;
  time: number;
}

const LINE = /^\{"i":"([^"\\]+)","k":"([rs])","v":([01]),"t":(\d+)\}$/;

/**
 * The compacted part of the marks journal: lines sorted by id, searched where they lie in the
 * file's text. Opening costs one pass to find line starts; nothing is parsed until asked, so
 * 100,000 marks open without building 100,000 objects.
 */
export class SortedMarks {
  private readonly starts: Uint32Array;

  constructor(
    private readonly text: string,
    count: number,
  ) {
    const starts = new Uint32Array(count);
    let at = 0;
    let n = 0;
    while (n < count && at < text.length) {
      starts[n++] = at;
      const end = text.indexOf('\n', at);
      if (end < 0) break;
      at = end + 1;
    }
    this.starts = n === count ? starts : starts.subarray(0, n);
    this.end = at;
  }

  /** Where the sorted block ends in the text: the journal's later appends start here. */
  readonly end: number;

  get count(): number {
    return this.starts.length;
  }

  private lineAt(index: number): string {
    const start = this.starts[index]!;
    const end = this.text.indexOf('\n', start);
    return this.text.slice(start, end < 0 ? undefined : end);
  }

  /** The order of the id at `index` against `id`, compared in place (a lookup allocates nothing until it finds). */
  private compareAt(index: number, id: string): number {
    const text = this.text;
    let at = this.starts[index]! + 6;
    for (let i = 0; ; i++, at++) {
      const a = text.charCodeAt(at);
      const stored = a === 34 /* " */ ? -1 : a;
      const wanted = i < id.length ? id.charCodeAt(i) : -1;
      if (stored !== wanted) return stored < wanted ? -1 : 1;
      if (stored === -1) return 0;
    }
  }

  // Found stamps are remembered: screens ask about the same stories again and again.
  private readonly found = { read: new Map<string, Stamp | undefined>(), starred: new Map<string, Stamp | undefined>() };

  stamp(id: string, key: MarkKey): Stamp | undefined {
    const memo = this.found[key];
    if (memo.has(id)) return memo.get(id);
    const stamp = this.search(id, key);
    memo.set(id, stamp);
    return stamp;
  }

  private search(id: string, key: MarkKey): Stamp | undefined {
    let low = 0;
    let high = this.starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = this.compareAt(middle, id);
      if (order < 0) low = middle + 1;
      else if (order > 0) high = middle - 1;
      else {
        // An id has at most two lines, read then starred, side by side.
        for (const index of [middle - 1, middle, middle + 1]) {
          if (index < 0 || index >= this.starts.length || this.compareAt(index, id) !== 0) continue;
          const stamp = this.stampAt(index, id.length, key === 'read' ? 'r' : 's');
          if (stamp) return stamp;
        }
        return undefined;
      }
    }
    return undefined;
  }

  /** Reads `","k":"r","v":1,"t":123}` after the id in place; undefined for another key or a damaged line. */
  private stampAt(index: number, idLength: number, code: string): Stamp | undefined {
    const text = this.text;
    const k = this.starts[index]! + 6 + idLength + 7;
    if (text[k] !== code || text[k - 1] !== '"' || text[k + 6] === undefined) return undefined;
    const v = text[k + 7];
    const timeStart = k + 13;
    const timeEnd = text.indexOf('}', timeStart);
    const time = Number(text.slice(timeStart, timeEnd));
    if ((v !== '0' && v !== '1') || text.slice(k + 8, timeStart) !== ',"t":' || !Number.isFinite(time)) return undefined;
    return { value: v === '1', time };
  }

  *entries(): Generator<{ id: string; key: MarkKey; stamp: Stamp }> {
    for (let index = 0; index < this.starts.length; index++) {
      const match = LINE.exec(this.lineAt(index));
      if (match) yield { id: match[1]!, key: match[2] === 'r' ? 'read' : 'starred', stamp: { value: match[3] === '1', time: Number(match[4]) } };
    }
  }
}

export const SORTED_HEADER = /^\{"h":"sorted","n":(\d+)\}$/;
export const sortedHeader = (count: number) => JSON.stringify({ h: 'sorted', n: count });
