import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseCache } from '../src/library/cache';
import { dropOtherVersions, libraryKey, writeAtomically } from '../src/library/cache-files';
import { rewriteSnapshotRecords } from '../src/library/snapshot';
import { isHead } from '../src/library/full';
import { fullBriefing, loadFile, loadLibrary } from '../src/library/load';
import type { Briefing } from '../src/model/types';
import { FIXTURES, isolatedEnv, runDigest } from './helpers';

function library() {
  const dir = mkdtempSync(join(tmpdir(), 'digest-cache-lib-'));
  cpSync(join(FIXTURES, 'notes-plain.txt'), join(dir, 'a.txt'));
  cpSync(join(FIXTURES, 'daily-digest-2026-11-22.txt'), join(dir, 'b.txt'));
  return dir;
}

describe('the parse cache', () => {
  it('a file rewritten with the same size and modification time is parsed again: its change time moved', () => {
    const dir = library();
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-cache-'));
    const file = join(dir, 'a.txt');
    const when = new Date('2026-11-20T08:00:00Z');
    utimesSync(file, when, when);
    const first = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    expect(first.briefings.map((b) => b.title)).toContain('Reading list for the weekend');
    // Same length, same modification time, other words: only a cache hit can still show the old title.
    const { size } = statSync(file);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('Reading list for the weekend', 'Different words, same length'));
    expect(statSync(file).size).toBe(size);
    utimesSync(file, when, when);
    const again = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    // The old head used to come back from the cache here: `list` showed the old title.
    expect(again.briefings.map((b) => b.title)).toContain('Different words, same length');
    expect(again.briefings.map((b) => b.title)).not.toContain('Reading list for the weekend');
  });

  it('a cached briefing is a head; its stories are read whole again, with the same ids, when asked', () => {
    const dir = library();
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-cache-'));
    const first = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    const again = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    const digest = again.briefings.find((b) => b.format === 'daily-digest')!;
    expect(isHead(digest)).toBe(true);
    // A head has no bodies at all (the type says so too): only what lists need.
    expect(Object.keys(digest.stories[0]!).sort()).toEqual(['id', 'section', 'timestamp', 'title']);
    const whole = fullBriefing(digest);
    // The same as parsing the file afresh, ids and all.
    expect(whole).toEqual((loadFile(digest.path) as { briefing: Briefing }).briefing);
    expect(first.briefings.find((b) => b.format === 'daily-digest')!.id).toBe(digest.id);
    expect(whole.stories[0]!.summary).toMatch(/^A 9B open model/);
    expect(whole.stories[0]!.sources).toHaveLength(1);
  });

  it('new, changed and removed files are picked up', () => {
    const dir = library();
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-cache-'));
    loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    writeFileSync(join(dir, 'a.txt'), 'A changed title\n\nNew body.\n');
    utimesSync(join(dir, 'a.txt'), new Date(), new Date(Date.now() + 5000));
    cpSync(join(FIXTURES, 'thread-local-models.txt'), join(dir, 'c.txt'));
    rmSync(join(dir, 'b.txt'));
    const titles = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) }).briefings.map((b) => b.title);
    expect(titles.sort()).toEqual(['A changed title', 'Running a 9B model locally changed how I use assistants more than any cloud…']);
  });

  it('a damaged cache is ignored and rebuilt, never shown', () => {
    const env = isolatedEnv();
    const dir = library();
    expect(runDigest(['list', dir], { env }).code).toBe(0);
    const cacheFiles = readdirSync(join(env.XDG_CACHE_HOME!, 'digest')).filter((name) => name.startsWith('library-'));
    expect(cacheFiles).toHaveLength(1);
    const cacheFile = join(env.XDG_CACHE_HOME!, 'digest', cacheFiles[0]!);
    writeFileSync(cacheFile, 'not a cache at all');
    const result = runDigest(['list', '--json', dir], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).briefings).toHaveLength(2);
    expect(readFileSync(cacheFile).subarray(0, 18).toString()).not.toBe('not a cache at all');
  });

  it('each library has its own cache file: opening a small folder never reads or rewrites a large one', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-cache-'));
    const first = library();
    const second = mkdtempSync(join(tmpdir(), 'digest-cache-lib-'));
    cpSync(join(FIXTURES, 'thread-local-models.txt'), join(second, 'c.txt'));
    loadLibrary([first], { cache: new ParseCache([first], cacheDir) });
    const [firstFile] = readdirSync(cacheDir);
    const before = readFileSync(join(cacheDir, firstFile!));
    expect(loadLibrary([second], { cache: new ParseCache([second], cacheDir) }).briefings).toHaveLength(1);
    expect(readdirSync(cacheDir)).toHaveLength(2);
    expect(readFileSync(join(cacheDir, firstFile!))).toEqual(before);
  });

  it('a cache row of the wrong shape is a miss: the file is parsed again', () => {
    const dir = library();
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-cache-'));
    const first = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    const [name] = readdirSync(cacheDir);
    const file = join(cacheDir, name!);
    // A story title that is a number, as a damaged or foreign cache could hold.
    rewriteSnapshotRecords(file, ([head, base]) => {
      ((head as unknown[])[5] as unknown[])[1] = 42;
      return [head, base];
    });
    const again = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    expect(again.briefings.map((b) => b.stories.map((st) => st.title))).toEqual(
      first.briefings.map((b) => b.stories.map((st) => st.title)),
    );
  });

  it('a poisoned cache cannot reach the terminal: every string read back is cleaned again', () => {
    const dir = library();
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-cache-'));
    loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    const [name] = readdirSync(cacheDir);
    const file = join(cacheDir, name!);
    rewriteSnapshotRecords(file, ([head, base]) => {
      const row = head as unknown[];
      row[2] = '\x1b]0;PWNED\x07Title\x1b[2J\u202e';
      row[3] = '\x1b]52;c;cm0gLXJm\x07Publisher';
      row[4] = '2026-11-20\x1b[31m';
      (row[5] as unknown[])[1] = 'Story\u009b31m\u200b title\nsecond line';
      return [row, base];
    });
    const again = loadLibrary([dir], { cache: new ParseCache([dir], cacheDir) });
    for (const briefing of again.briefings) {
      expect(briefing.title).toBe('Title');
      expect(briefing.publisher).toBe('Publisher');
      expect(briefing.date).toBe(null);
      expect(briefing.stories[0]!.title).toBe('Story title second line');
    }
  });
});

describe('caches of other versions', () => {
  it('are removed once this version writes its own, for this library only; others stay', () => {
    const dir = library();
    const env = isolatedEnv();
    const caches = join(env.XDG_CACHE_HOME!, 'digest');
    mkdirSync(caches, { recursive: true });
    const key = libraryKey([dir]);
    const older = [
      `library-v1.2-${key}.bin`,
      `related-v1.5-${key}.bin`,
      `related-links-v1.5-${key}.bin`,
      `parsed-v0.4-${key}.bin`,
      `search-v1.1-${key}.sqlite`,
      `search-v1.1-${key}.sqlite-wal`,
    ];
    // Another library's, a newer version's (run in turn with this one, each would start cold), and files no version names.
    const kept = [`library-v1.2-0123456789ab.bin`, `related-v1.5-0123456789ab.bin`, `library-v99.2-${key}.bin`, 'notes.txt'];
    for (const name of [...older, ...kept]) writeFileSync(join(caches, name), 'old');
    expect(runDigest(['list', dir], { env }).code).toBe(0);
    expect(runDigest(['related', '1.1', dir], { env }).code).toBe(0);
    expect(runDigest(['list', '--json', dir], { env }).code).toBe(0);
    const names = readdirSync(caches);
    for (const name of older.filter((name) => !name.startsWith('search'))) expect(names).not.toContain(name);
    for (const name of kept) expect(names).toContain(name);
    // This version's own are there.
    expect(names.some((name) => name.startsWith('library-v') && name.endsWith(`-${key}.bin`))).toBe(true);
    expect(names.some((name) => name.startsWith('related-v') && name.endsWith(`-${key}.bin`))).toBe(true);
  });

  it('are never what other writes remove: an export of notes named like caches loses none', () => {
    const vault = mkdtempSync(join(tmpdir(), 'digest-cache-vault-'));
    writeFileSync(join(vault, 'api-v0-0123456789ab.pdf'), "the user's");
    writeAtomically(join(vault, 'api-v1-0123456789ab.md'), 'a note');
    writeAtomically(join(vault, 'api-v2-0123456789ab.md'), 'another');
    expect(readdirSync(vault).sort()).toEqual(['api-v0-0123456789ab.pdf', 'api-v1-0123456789ab.md', 'api-v2-0123456789ab.md']);
  });

  it('are removed for the search index once this version opens its own', () => {
    const caches = mkdtempSync(join(tmpdir(), 'digest-cache-search-'));
    const key = libraryKey(['/somewhere']);
    for (const name of [
      `search-v1.1-${key}.sqlite`,
      `search-v1.1-${key}.sqlite-wal`,
      `search-v1.1-${key}.sqlite-shm`,
      `search-v10.1-${key}.sqlite`,
    ])
      writeFileSync(join(caches, name), 'old');
    const current = join(caches, `search-v9.9-${key}.sqlite`);
    writeFileSync(current, '');
    writeFileSync(`${current}-wal`, '');
    dropOtherVersions(current);
    expect(readdirSync(caches).sort()).toEqual([
      `search-v10.1-${key}.sqlite`,
      `search-v9.9-${key}.sqlite`,
      `search-v9.9-${key}.sqlite-wal`,
    ]);
  });
});
