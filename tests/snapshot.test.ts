import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseCache } from '../src/library/cache';
import { LazyHead, storyIds } from '../src/library/full';
import { findBriefingFiles, findingBriefingFiles } from '../src/library/find';
import { loadLibrary } from '../src/library/load';
import { comparing } from '../src/library/compare';
import { madeWhenRead, slotOf, Snapshot, snapshotFile, walkOrder } from '../src/library/snapshot';
import { FIXTURES, isolatedEnv, runDigest } from './helpers';
import { KEY, sessions } from './pty';

const start = sessions();

function library(): string {
  const dir = mkdtempSync(join(tmpdir(), 'digest-snapshot-lib-'));
  cpSync(join(FIXTURES, 'notes-plain.txt'), join(dir, 'a.txt'));
  cpSync(join(FIXTURES, 'daily-digest-2026-11-22.txt'), join(dir, 'b.txt'));
  cpSync(join(FIXTURES, 'thread-local-models.txt'), join(dir, 'c.txt'));
  return dir;
}

const noParse = () => null;

/** A first run of the reader on `dir`, quit once its files are checked: it keeps the snapshot and the count. Returns the unread count. */
async function firstRun(env: NodeJS.ProcessEnv, dir: string): Promise<number> {
  const s = start([dir], { env, cols: 100, rows: 24 });
  await s.waitForText(/Library · 1\/3 · \d+ unread(?! · checking)/);
  const unread = Number(/· (\d+) unread/.exec(s.text())![1]);
  await s.press('q');
  expect(await s.exit()).toBe(0);
  return unread;
}

describe('the library snapshot', () => {
  it('opens only for the library and parser version it was written for', () => {
    const dir = library();
    const other = library();
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-snapshot-'));
    loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    const file = snapshotFile([dir], cacheDir);
    expect(Snapshot.open(file, [dir], noParse)?.count).toBe(3);
    // The same file, asked for by another library (say, copied over its name): not shown.
    expect(Snapshot.open(file, [other], noParse)).toBeNull();
    // Another parser version in the header: not shown either.
    const data = readFileSync(file);
    const length = data.readUInt32LE(0);
    const header = JSON.parse(data.toString('utf8', 4, 4 + length)) as { parser: number };
    const foreign = Buffer.from(JSON.stringify({ ...header, parser: header.parser + 1 }));
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(foreign.length);
    writeFileSync(file, Buffer.concat([prefix, foreign, data.subarray(4 + length)]));
    expect(Snapshot.open(file, [dir], noParse)).toBeNull();
    // And a cut-short file.
    writeFileSync(file, data.subarray(0, data.length - 10));
    expect(Snapshot.open(file, [dir], noParse)).toBeNull();
    // In each case the library is read from its files, whole and right.
    expect(loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) }).briefings).toHaveLength(3);
  });

  it('finds one of the first paths without splitting them all, the same as the split finds it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-snapshot-paths-'));
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-snapshot-'));
    const text = readFileSync(join(FIXTURES, 'notes-plain.txt'), 'utf8');
    for (let i = 0; i < 300; i++) {
      const folder = join(dir, i % 3 === 0 ? 'über' : i % 3 === 1 ? '新聞' : 'plain');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `note ${i} é.txt`), `Note ${i}\n\n${text}`);
    }
    loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    const file = snapshotFile([dir], cacheDir);
    const scanned = Snapshot.open(file, [dir], noParse)!;
    const split = Snapshot.open(file, [dir], noParse)!;
    expect(scanned.count).toBe(300);
    const firsts = Array.from({ length: 256 }, (_, i) => scanned.path(i));
    expect(firsts).toEqual(split.paths.slice(0, 256));
    expect(new Set(firsts).size).toBe(256);
    expect(Array.from({ length: 300 }, (_, i) => scanned.path(i))).toEqual(split.paths);
    // The last path has no NUL after it.
    const small = library();
    loadLibrary([small], { cache: new ParseCache([small], cacheDir) });
    const smallFile = snapshotFile([small], cacheDir);
    const [a, b] = [Snapshot.open(smallFile, [small], noParse)!, Snapshot.open(smallFile, [small], noParse)!];
    expect([a.path(2), a.path(0), a.path(1)]).toEqual([b.paths[2], b.paths[0], b.paths[1]]);
  });

  it('reads ids by place, the same as a split gives, and is not trusted when a newline moved', () => {
    const dir = library();
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-snapshot-'));
    const first = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    const file = snapshotFile([dir], cacheDir);
    const ids = first.briefings.map((b) => b.id);
    const snapshot = Snapshot.open(file, [dir], noParse)!;
    expect([0, 1, 2].map((i) => snapshot.id(i))).toEqual(ids);
    expect(snapshot.entries().heads.map((head) => head.id)).toEqual(ids);
    expect(ids.map((id) => snapshot.indexOf(id))).toEqual([0, 1, 2]);
    // Past the first few lookups, from the table of places: the same answers.
    for (let round = 0; round < 3; round++) expect(ids.map((id) => snapshot.indexOf(id))).toEqual([0, 1, 2]);
    expect(snapshot.indexOf('f'.repeat(40))).toBe(-1);
    // Not a whole id, or one that straddles two lines: not found, as a split would not find it.
    expect(snapshot.indexOf(ids[1]!.slice(1) + ids[2]![0])).toBe(-1);
    expect(snapshot.indexOf(`${ids[0]!.slice(20)}\n${ids[1]!.slice(0, 19)}`)).toBe(-1);
    expect(snapshot.indexOf('nope')).toBe(-1);
    // The ids section with its first newline one place on: as long as before, but not ids a line.
    const data = readFileSync(file);
    const at = data.indexOf(`${ids[0]}\n${ids[1]}`);
    const moved = Buffer.from(data);
    moved.write(`${ids[0]!.slice(0, 39)}\n${ids[0]!.slice(39)}${ids[1]!.slice(1)}`, at, 'latin1');
    writeFileSync(file, moved);
    expect(Snapshot.open(file, [dir], noParse)).toBeNull();
    const again = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    expect(again.briefings.map((b) => b.id)).toEqual(ids);
  });

  it('finds the first of equal ids, and ids that hash alike, in linear time and right', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-snapshot-ids-'));
    for (let n = 0; n < 100; n++) writeFileSync(join(dir, `n${n}.md`), `# Note ${n}\n\n## Story ${n}\n\nText ${n}.\n`);
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-snapshot-'));
    const ids = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) }).briefings.map((b) => b.id);
    const file = snapshotFile([dir], cacheDir);
    const data = readFileSync(file);
    const at = data.indexOf(ids.join('\n'));
    const withIds = (forged: string[]) => {
      const copy = Buffer.from(data);
      copy.write(forged.join('\n'), at, 'latin1');
      writeFileSync(file, copy);
      const snapshot = Snapshot.open(file, [dir], noParse)!;
      for (let i = 0; i < 5; i++) snapshot.indexOf(forged[0]!); // past the first lookups, to the table
      return snapshot;
    };
    // The same id twice, and one sharing another's first 30 digits: the first place, and its own.
    const twice = [...ids];
    twice[7] = ids[3]!;
    twice[8] = `${ids[3]!.slice(0, 30)}${ids[8]!.slice(30)}`;
    const again = withIds(twice);
    expect([again.indexOf(ids[3]!), again.indexOf(twice[8]!), again.indexOf(ids[7]!), again.indexOf(ids[99]!)]).toEqual([3, 8, -1, 99]);
    // 100 ids that all fall in one slot of the table (found by trying): more than its probes allow,
    // so a map answers instead, the same.
    const alike: string[] = [];
    for (let n = 0; alike.length < 100; n++) {
      const id = createHash('sha1').update(String(n)).digest('hex');
      if ((slotOf(id, 0) & 255) === 0) alike.push(id);
    }
    const forged = withIds(alike);
    expect(alike.map((id) => forged.indexOf(id))).toEqual(alike.map((_, i) => i));
    expect(forged.indexOf(ids[0]!)).toBe(-1);
  });

  it('makes each head when it is first read, in an array that behaves as one to every reader', () => {
    const made: number[] = [];
    const plain = ['a', 'b', 'c', 'd'];
    const lazy = madeWhenRead(4, (i) => {
      made.push(i);
      return plain[i]!;
    });
    expect(lazy.length).toBe(4);
    expect(Array.isArray(lazy)).toBe(true);
    expect(lazy.slice(1, 3)).toEqual(['b', 'c']);
    expect(made).toEqual([1, 2]);
    expect([lazy[1], lazy[2]]).toEqual(['b', 'c']);
    expect(made).toEqual([1, 2]); // kept, not made again
    expect(lazy.findIndex((x) => x === 'd')).toBe(3);
    expect(lazy.map((x) => x.toUpperCase())).toEqual(['A', 'B', 'C', 'D']);
    expect([...lazy]).toEqual(plain);
    expect(lazy.filter((x) => x > 'a')).toEqual(['b', 'c', 'd']);
    expect([3 in lazy, 4 in lazy, '1.0' in lazy]).toEqual([true, false, false]);
    expect(Object.keys(lazy)).toEqual(['0', '1', '2', '3']);
    expect(lazy.indexOf('c')).toBe(2);
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(plain));
    expect([lazy[-1], lazy[4], lazy['01' as unknown as number]]).toEqual([undefined, undefined, undefined]);
    expect(made.sort()).toEqual([0, 1, 2, 3]);
  });

  it('records out of order still open the snapshot, and the next load writes it afresh', () => {
    const dir = library();
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-snapshot-'));
    const first = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    const file = snapshotFile([dir], cacheDir);
    // The offsets section: the first record made to end after the second (the ends still agree).
    const data = Buffer.from(readFileSync(file));
    const length = data.readUInt32LE(0);
    const header = JSON.parse(data.toString('utf8', 4, 4 + length)) as { lengths: number[] };
    const [ids, paths, stamps, walk] = header.lengths as [number, number, number, number];
    const offsetsAt = 4 + length + ids + paths + stamps + walk;
    const second = data.readDoubleLE(offsetsAt + 16);
    data.writeDoubleLE(second + 1, offsetsAt + 8);
    writeFileSync(file, data);
    const titles = (lib: typeof first) => lib.briefings.map((b) => [b.id, b.title, storyIds(b)]);
    // It still opens (the first frame does not check 100,001 offsets), and a head read from it is right.
    const opened = Snapshot.open(file, [dir], noParse)!;
    expect(opened.ordered()).toBe(false);
    // A load finds the records out of order: the files unchanged, the snapshot is written afresh.
    const damaged = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    expect(damaged.generation).not.toBe(first.generation);
    expect(titles(damaged)).toEqual(titles(first));
    expect(Snapshot.open(file, [dir], noParse)!.ordered()).toBe(true);
    // And the next load is that snapshot's own library.
    const again = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    expect(again.generation).toBe(damaged.generation);
    expect(titles(again)).toEqual(titles(first));
  });

  it('an unchanged library is the snapshot itself: no head is read until asked for', () => {
    const dir = library();
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-snapshot-'));
    const first = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    const again = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    expect(again.generation).toBe(first.generation);
    expect(again.briefings.every((head) => head instanceof LazyHead && !head.decoded)).toBe(true);
    expect(again.briefings.map((b) => [b.id, b.title, storyIds(b)])).toEqual(first.briefings.map((b) => [b.id, b.title, storyIds(b)]));
  });

  it('renumbered briefings keep their ids through the snapshot, and after one of them changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-snapshot-same-'));
    // Three files that claim the same identity (same shape, title and no date): numbered in path order.
    for (const name of ['x1.txt', 'x2.txt', 'x3.txt']) writeFileSync(join(dir, name), 'Same title\n\nA body about the same thing.\n');
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-snapshot-'));
    const uncached = loadLibrary([dir]);
    const byPath = (lib: typeof uncached) => Object.fromEntries(lib.briefings.map((b) => [b.path, [b.id, ...storyIds(b)]]));
    const first = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    const kept = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    expect(byPath(first)).toEqual(byPath(uncached));
    expect(byPath(kept)).toEqual(byPath(uncached));
    expect(new Set(kept.briefings.map((b) => b.id)).size).toBe(3);
    // The middle one changes: the other two keep the numbers they had from their files.
    writeFileSync(join(dir, 'x2.txt'), 'Another title\n\nSomething else.\n');
    utimesSync(join(dir, 'x2.txt'), new Date(), new Date(Date.now() + 5000));
    const changed = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    expect(byPath(changed)).toEqual(byPath(loadLibrary([dir])));
  });
});

describe('the first frame from the snapshot, checked after', () => {
  it('files changed, added and removed while the reader was closed appear once checked, the cursor where it was', async () => {
    const env = isolatedEnv();
    const dir = library();
    let s = start([dir], { env, cols: 100, rows: 24 });
    await s.waitForText('Library · 1/3');
    await s.press('q');
    expect(await s.exit()).toBe(0);
    expect(readdirSync(join(env.XDG_CACHE_HOME!, 'digest')).some((name) => name.startsWith('library-'))).toBe(true);

    // While it is closed: one briefing retitled, one removed, one added.
    writeFileSync(
      join(dir, 'a.txt'),
      readFileSync(join(dir, 'a.txt'), 'utf8').replace('Reading list for the weekend', 'Retitled while closed'),
    );
    rmSync(join(dir, 'c.txt'));
    cpSync(join(FIXTURES, 'video-summary-2026-11-19.txt'), join(dir, 'd.txt'));

    s = start([dir], { env, cols: 100, rows: 24 });
    await s.waitForText(/Library · 1\/3 · \d+ unread(?! · checking)/);
    await s.waitForText('Retitled while closed');
    // The first frame came from the snapshot (the status line said the files were being checked), and was corrected.
    expect(s.raw).toMatch(/checking files…/);
    const text = s.text();
    expect(text).toMatch(/The Terminal Is Back/);
    expect(text).not.toMatch(/Running a 9B model locally/);
    expect(text).not.toMatch(/Reading list for the weekend/);
    expect(text).not.toMatch(/checking files/);
    expect(s.screen()[1]).toMatch(/^› /);
    await s.press(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });

  it('an unread count kept at quit is not used once another process changed the marks', async () => {
    const env = isolatedEnv();
    const dir = library();
    const before = await firstRun(env, dir);
    expect(readdirSync(join(env.XDG_CACHE_HOME!, 'digest')).some((name) => name.startsWith('counts-'))).toBe(true);
    // Another process marks one story read.
    expect(runDigest(['mark', 'read', '1.1', dir], { env }).code).toBe(0);
    let s = start([dir], { env, cols: 100, rows: 24 });
    await s.waitForText(`Library · 1/3 · ${before - 1} unread`);
    await s.press('q');
    expect(await s.exit()).toBe(0);
    // With nothing changed since, the kept count is the right one too.
    s = start([dir], { env, cols: 100, rows: 24 });
    await s.waitForText(`Library · 1/3 · ${before - 1} unread`);
    await s.press('q');
    expect(await s.exit()).toBe(0);
  });

  it('the unread count after | is the one the reader had, not the one it started with', async () => {
    const env = isolatedEnv({ SHELL: '/bin/sh' });
    const dir = library();
    const before = await firstRun(env, dir);
    // This start takes its count from the one kept at quit; reading a story lowers it by one.
    const s = start([dir], { env, cols: 100, rows: 24 });
    await s.waitForText(`Library · 1/3 · ${before} unread`);
    await s.press(KEY.enter);
    await s.waitForText('Briefing 1/3');
    await s.press(KEY.enter);
    await s.waitForText(`${before - 1} unread`);
    await s.press('|');
    await s.waitForText('| pipe the story to:');
    await s.press(...'true'.split(''), KEY.enter);
    await s.waitForText('press any key to return');
    await s.press('x');
    await s.waitForText('Piped to true');
    expect(s.text()).toContain(`${before - 1} unread`);
    await s.press(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });
});

describe('a library with a file that is not a briefing', () => {
  it('is unchanged to the check while that file is: the snapshot keeps skipped files with their stamps', () => {
    const dir = library();
    writeFileSync(join(dir, 'scan.txt'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34]));
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-snapshot-'));
    const first = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    expect(first.skipped.map((skip) => skip.reason)).toEqual(['binary file (PDF document)']);
    const check = (dirs: string[]) => {
      const cache = new ParseCache(dirs, cacheDir);
      const snapshot = cache.opened!;
      const steps = comparing(dirs, () => snapshot.paths, snapshot.stamps, snapshot.walkOrder, snapshot.skippedStamps);
      for (;;) {
        const next = steps.next();
        if (next.done) return next.value.same;
      }
    };
    expect(check([dir])).toBe(true);
    // The skipped file changes (it may be a briefing now): that is a change.
    writeFileSync(join(dir, 'scan.txt'), 'Now a briefing\n\nWith a body.\n');
    utimesSync(join(dir, 'scan.txt'), new Date(), new Date(Date.now() + 5000));
    expect(check([dir])).toBe(false);
    const again = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    expect(again.skipped).toEqual([]);
    expect(again.briefings.map((b) => b.title)).toContain('Now a briefing');
  });
});

describe("the snapshot's walk order", () => {
  /** Folders and files whose names sort differently as whole paths than folder by folder ('-', ' ' and '.' sort before '/'). */
  function tangled(): string {
    const dir = mkdtempSync(join(tmpdir(), 'digest-walk-'));
    const text = readFileSync(join(FIXTURES, 'notes-plain.txt'));
    for (const name of [
      'news/a.txt',
      'news/sub/d.txt',
      'news/z.md',
      'news-archive/b.md',
      'news b/c.txt',
      'news.old/e.txt',
      'A.txt',
      'a.txt',
      'é.txt',
      '10.txt',
      '9.txt',
      'zz.markdown',
    ]) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }

  it('is the order a walk finds the files in, read whole or a few entries at a time', () => {
    const dir = tangled();
    const { files } = findBriefingFiles([dir]);
    const steps = findingBriefingFiles([dir]);
    let stepped = steps.next();
    while (!stepped.done) stepped = steps.next();
    expect(stepped.value.files).toEqual(files);
    // Whole paths as text would put news-archive, "news b" and news.old before news/.
    expect([...files].sort()).not.toEqual(files);
    const shuffled = [...files.slice(5), ...files.slice(0, 5)].reverse();
    expect([...walkOrder(shuffled)].map((i) => shuffled[i])).toEqual(files);
  });

  it('finds an unchanged library unchanged when its folders are walked in another order', () => {
    const dir = tangled();
    const [first, second] = [join(dir, 'news'), join(dir, 'news-archive')];
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-snapshot-'));
    const loaded = loadLibrary([first, second], { cache: new ParseCache([first, second], cacheDir) });
    for (const roots of [
      [first, second],
      [second, first],
    ]) {
      const cache = new ParseCache(roots, cacheDir);
      const snapshot = cache.opened!;
      const steps = comparing(roots, () => snapshot.paths, snapshot.stamps, snapshot.walkOrder, snapshot.skippedStamps);
      let next = steps.next();
      while (!next.done) next = steps.next();
      expect(next.value.same).toBe(true);
      const again = loadLibrary(roots, { cache });
      expect(cache.unchanged).toBe(true);
      expect(again.generation).toBe(loaded.generation);
      expect(again.briefings.map((b) => b.id)).toEqual(loaded.briefings.map((b) => b.id));
    }
  });

  it('finds a file added between two others, and one gone', () => {
    const dir = tangled();
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-snapshot-'));
    const before = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    writeFileSync(join(dir, 'news', 'b.txt'), 'An added briefing\n\nWith a body of its own.\n');
    rmSync(join(dir, 'news', 'z.md'));
    const cache = new ParseCache([dir], cacheDir);
    const snapshot = cache.opened!;
    const steps = comparing([dir], () => snapshot.paths, snapshot.stamps, snapshot.walkOrder, snapshot.skippedStamps);
    let next = steps.next();
    while (!next.done) next = steps.next();
    expect(next.value.same).toBe(false);
    const after = loadLibrary([dir], { cache });
    const paths = (library: typeof before) => library.files.map((file) => file.path).sort();
    expect(paths(after)).toEqual([...paths(before).filter((path) => !path.endsWith('z.md')), join(dir, 'news', 'b.txt')].sort());
    expect(after.briefings.map((b) => b.title)).toContain('An added briefing');
  });
});
