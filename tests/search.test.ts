import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fullBriefing, loadLibrary, readBriefing } from '../src/library/load';
import { SearchIndex } from '../src/library/search';
import { FIXTURES } from './helpers';

const library = loadLibrary([FIXTURES]);

describe('search over a library of heads', () => {
  it('finds titles at once and text as the briefings are read, a slice at a time', () => {
    const index = new SearchIndex(library.briefings, (b) => library.files[b]?.stamp, readBriefing, null);
    // The oldest briefing is indexed first (so rowids grow with recency).
    const last = library.briefings.length - 1;
    const title = library.briefings[last]!.stories[0]!.title;
    // A word from the story's text that is in no title.
    const story = fullBriefing(library.briefings[last]!).stories[0]!;
    const body = [story.summary ?? '', ...story.body, ...story.takeaways].join(' ');
    const word = body
      .split(/\W+/)
      .find((w) => w.length > 6 && !library.briefings.some((b) => b.stories.some((s) => s.title.toLowerCase().includes(w.toLowerCase()))))!;
    expect(word).toBeTruthy();

    expect(index.progress).toBe(0);
    expect(index.search(title)).toContainEqual({ b: last, s: 0 });
    expect(index.search(word)).toEqual([]);

    index.step(0); // one briefing at least
    expect(index.progress).toBeGreaterThan(0);
    expect(index.search(word)).toContainEqual({ b: last, s: 0 });

    while (index.step(5));
    expect(index.done).toBe(true);
    expect(index.progress).toBe(1);
  });

  it('puts title matches before text matches and needs every word', () => {
    const index = new SearchIndex(library.briefings, (b) => library.files[b]?.stamp, readBriefing, null);
    while (index.step(50));
    const hits = index.search('model');
    const titled = hits.filter(({ b, s }) => library.briefings[b]!.stories[s]!.title.toLowerCase().includes('model'));
    expect(hits.slice(0, titled.length)).toEqual(titled);
    expect(hits.length).toBeGreaterThan(titled.length);
    expect(index.search('model zzzznotaword')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
  });
});

describe('the text index kept in the cache', () => {
  /** A folder of two briefings, its library, the stamp of each file, and where an index of it goes. */
  function indexed() {
    const lib = loadLibrary([folder()]);
    const file = join(mkdtempSync(join(tmpdir(), 'digest-search-')), 'index.sqlite');
    return { file, lib, stamp: (b: number) => lib.files[b]?.stamp };
  }

  function folder() {
    const dir = mkdtempSync(join(tmpdir(), 'digest-search-lib-'));
    writeFileSync(join(dir, 'a.txt'), 'Quantum chips ship\n\nThe cryogenic controllers arrived early this quarter.\n');
    writeFileSync(join(dir, 'b.txt'), 'Cloud prices fall\n\nEgress fees were cut across every region.\n');
    return dir;
  }

  it('a second run searches everything at once, reading no file; a changed or removed file is read again or dropped', () => {
    const dir = folder();
    const file = join(mkdtempSync(join(tmpdir(), 'digest-search-')), 'index.sqlite');
    const counting = () => {
      const read: string[] = [];
      return { read, whole: (path: string) => (read.push(path), readBriefing(path)) };
    };
    let lib = loadLibrary([dir]);
    const first = counting();
    const index = new SearchIndex(lib.briefings, (b) => lib.files[b]?.stamp, first.whole, file);
    while (index.step(50));
    expect(first.read).toHaveLength(2);
    // Words and word starts, in any case; every word must be there.
    expect(index.search('CRYOGENIC')).toHaveLength(1);
    expect(index.search('cryo control')).toHaveLength(1);
    expect(index.search('cryo egress')).toEqual([]);
    index.close();

    const second = counting();
    const again = new SearchIndex(lib.briefings, (b) => lib.files[b]?.stamp, second.whole, file);
    again.step(50);
    expect(again.progress).toBe(1);
    expect(second.read).toEqual([]);
    const [hit] = again.search('egress');
    expect(lib.briefings[hit!.b]!.title).toBe('Cloud prices fall');
    again.close();

    writeFileSync(join(dir, 'a.txt'), 'Quantum chips ship\n\nThe dilution refrigerators arrived early this quarter.\n');
    utimesSync(join(dir, 'a.txt'), new Date(), new Date(Date.now() + 5000));
    rmSync(join(dir, 'b.txt'));
    lib = loadLibrary([dir]);
    const third = counting();
    const changed = new SearchIndex(lib.briefings, (b) => lib.files[b]?.stamp, third.whole, file);
    while (changed.step(50));
    expect(third.read).toEqual([join(dir, 'a.txt')]);
    expect(changed.search('cryogenic')).toEqual([]);
    expect(changed.search('refrigerators')).toEqual([{ b: 0, s: 0 }]);
    expect(changed.search('egress')).toEqual([]);
    changed.close();
  });

  it('a damaged index file is made again, and a query with FTS syntax in it is only words', () => {
    const dir = folder();
    const file = join(mkdtempSync(join(tmpdir(), 'digest-search-')), 'index.sqlite');
    writeFileSync(file, 'not a database at all, just bytes');
    const lib = loadLibrary([dir]);
    const index = new SearchIndex(lib.briefings, (b) => lib.files[b]?.stamp, readBriefing, file);
    while (index.step(50));
    expect(index.search('egress')).toHaveLength(1);
    for (const query of ['"', 'egress OR', 'NEAR(egress', '*', 'egress"fees', 'title:egress', '('])
      expect(() => index.search(query)).not.toThrow();
    expect(index.search('"egress"')).toHaveLength(1);
    index.close();
  });

  it('an index brought up to date with a snapshot is used as it is; a place another reader wrote is checked by path', () => {
    const { file, lib, stamp } = indexed();
    const first = new SearchIndex(lib.briefings, stamp, readBriefing, file, 'generation-1');
    while (first.step(50));
    first.close();
    // Same snapshot: nothing compared, nothing read, everything found.
    const read: string[] = [];
    const again = new SearchIndex(lib.briefings, stamp, (path) => (read.push(path), readBriefing(path)), file, 'generation-1');
    again.step(50);
    expect(again.progress).toBe(1);
    expect(read).toEqual([]);
    const egress = again.search('egress');
    expect(egress).toHaveLength(1);
    expect(lib.briefings[egress[0]!.b]!.title).toBe('Cloud prices fall');
    again.close();
    // The same generation claimed for the briefings in another order: places no longer match
    // paths, and hits still name the right briefing.
    const reordered = [...lib.briefings].reverse();
    const other = new SearchIndex(reordered, (b) => stamp(lib.briefings.length - 1 - b), readBriefing, file, 'generation-1');
    other.step(50);
    const [hit] = other.search('egress');
    expect(reordered[hit!.b]!.title).toBe('Cloud prices fall');
    other.close();
  });

  it('two readers indexing the same files at once leave each story in the index once', () => {
    const { file, lib, stamp } = indexed();
    const a = new SearchIndex(lib.briefings, stamp, readBriefing, file);
    const b = new SearchIndex(lib.briefings, stamp, readBriefing, file);
    // Both see an empty index, then both index every file.
    a.step(0);
    b.step(0);
    while (a.step(50));
    while (b.step(50));
    expect(a.search('egress')).toHaveLength(1);
    expect(b.search('egress')).toHaveLength(1);
    a.close();
    b.close();
    // Not only the hits: the index itself holds each story once (a second copy could later be
    // taken for another story's, once rowids come round to it).
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT count(*) FROM stories WHERE stories MATCH 'egress'").pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM files').pluck().get()).toBe(2);
    db.close();
    const again = new SearchIndex(lib.briefings, stamp, readBriefing, file);
    while (again.step(50));
    expect(again.search('egress')).toHaveLength(1);
    expect(again.search('cryogenic')).toHaveLength(1);
    again.close();
  });
});
