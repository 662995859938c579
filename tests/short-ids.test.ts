import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseCache } from '../src/library/cache';
import { allStoryIds, loadLibrary } from '../src/library/load';
import { prefixesOf, shortIdFrom, shortIdsFile } from '../src/library/short-ids';
import { shortIds } from '../src/model/ids';
import { FIXTURES } from './helpers';

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

/** Ids as the library makes them (40 hex digits), many sharing long prefixes with another: the cases where short ids grow. */
const idSets = fc
  .tuple(
    fc.array(hex(40), { minLength: 1, maxLength: 40 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 39 }), hex(40)), { maxLength: 40 }),
  )
  .map(([bases, near]) => [...bases, ...near.map(([of, shared, rest]) => bases[of % bases.length]!.slice(0, shared) + rest.slice(shared))]);

describe('short ids from the kept prefixes', () => {
  it('are the short ids worked out from the whole ids, or none when 16 digits cannot tell (fast-check)', () => {
    fc.assert(
      fc.property(idSets, hex(40), (ids, stranger) => {
        let sorted: readonly string[] = [];
        const exact = shortIds(ids, (all) => (sorted = all));
        const prefixes = prefixesOf(sorted)!;
        for (const id of [...ids, stranger]) {
          const quick = shortIdFrom(prefixes, id);
          // An id the library does not hold that shares all 16 digits with one it does cannot be told apart: not asked here.
          if (id === stranger && !ids.includes(id) && sorted.some((other) => other.slice(0, 16) === id.slice(0, 16))) continue;
          if (quick !== null) expect(quick).toBe(exact(id));
          const crowded = sorted.some((other) => other !== id && other.slice(0, 16) === id.slice(0, 16));
          // Only a neighbour sharing every kept digit sends it back to the whole ids.
          if (!crowded && ids.includes(id)) expect(quick).not.toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are none for ids without 16 hex digits, and no prefixes are made of them', () => {
    expect(prefixesOf(['b1:Chip story', 'abc'])).toBeNull();
    expect(shortIdFrom(prefixesOf(['0123456789abcdef0123'])!, 'XYZ')).toBeNull();
  });

  it('are kept beside the snapshot and used by a later start with it, never with another', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-short-'));
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-short-cache-'));
    try {
      cpSync(FIXTURES, dir, { recursive: true });
      const open = () => loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
      const fresh = open();
      const truth = shortIds(allStoryIds(fresh.briefings));
      const ids = allStoryIds(fresh.briefings);
      const shortsOf = (library: ReturnType<typeof open>) => ids.map((id) => library.shortId(id));
      // From the snapshot: worked out from the whole ids, and kept.
      const kept = open();
      expect(kept.generation).toBe(fresh.generation);
      expect(shortsOf(kept)).toEqual(ids.map(truth));
      // Read back: the same, whether the file is right, damaged, or of another snapshot.
      expect(shortsOf(open())).toEqual(ids.map(truth));
      const file = shortIdsFile([dir], cacheDir);
      writeFileSync(file, 'digest short ids 1\nnot this one\n\0\0\0\0');
      expect(shortsOf(open())).toEqual(ids.map(truth));
      // The kept file is what answers for its snapshot: one forged with a neighbour sharing ten
      // digits with the first id makes that id's short id eleven long; for another snapshot it is not read.
      const forge = (generation: string) => {
        const sorted = [...new Set(ids)].sort();
        const [first] = ids;
        const near = `${first!.slice(0, 10)}${first![10] === '0' ? '1' : '0'}${first!.slice(11)}`;
        const prefixes = prefixesOf([...sorted, near].sort())!;
        const head = Buffer.from(`digest short ids 1\n${generation}\n`, 'latin1');
        const bytes = Buffer.alloc(head.length + 4 + prefixes.length * 4);
        head.copy(bytes);
        bytes.writeUInt32LE(prefixes.length / 2, head.length);
        prefixes.forEach((value, i) => bytes.writeUInt32LE(value, head.length + 4 + i * 4));
        writeFileSync(file, bytes);
      };
      forge(fresh.generation!);
      expect(open().shortId(ids[0]!)).toBe(ids[0]!.slice(0, 11));
      forge('another');
      expect(open().shortId(ids[0]!)).toBe(truth(ids[0]!));
      // Right snapshot, but cut short, or out of order: not read.
      forge(fresh.generation!);
      const whole = readFileSync(file);
      writeFileSync(file, whole.subarray(0, whole.length - 3));
      expect(open().shortId(ids[0]!)).toBe(truth(ids[0]!));
      forge(fresh.generation!);
      const swapped = Buffer.from(readFileSync(file));
      const at = swapped.length - 16;
      const last = Buffer.from(swapped.subarray(at + 8, at + 16));
      swapped.copy(swapped, at + 8, at, at + 8);
      last.copy(swapped, at);
      if (!swapped.equals(readFileSync(file))) {
        writeFileSync(file, swapped);
        expect(open().shortId(ids[0]!)).toBe(truth(ids[0]!));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
