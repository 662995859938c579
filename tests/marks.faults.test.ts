import {
  appendFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStress } from '../scripts/stress-marks';
import { Journal } from '../src/state/journal';
import { MarkStore } from '../src/state/marks';
import { markSources } from '../src/state/paths';
import { FIXTURES, isolatedEnv, runDigest } from './helpers';

const folder = () => mkdtempSync(join(tmpdir(), 'digest-faults-'));

describe('no acknowledged mark is lost', () => {
  it('a store opened before the journal existed still reads what others wrote before its first append', () => {
    const file = join(folder(), 'marks.jsonl');
    const reader = MarkStore.open(file);
    const other = MarkStore.open(file);
    other.set('b1', 'read', true);
    other.set('b2', 'read', true);
    reader.set('a1', 'read', true);
    reader.refresh();
    expect(['a1', 'b1', 'b2'].map((id) => reader.isRead(id))).toEqual([true, true, true]);
    // And compacting keeps them.
    new Journal(file).compact();
    const after = MarkStore.open(file);
    expect(['a1', 'b1', 'b2'].map((id) => after.isRead(id))).toEqual([true, true, true]);
  });

  it('a mark written after a torn last line starts a line of its own and survives the mend', () => {
    const file = join(folder(), 'marks.jsonl');
    writeFileSync(file, '{"i":"a","k":"r","v":1,"t":1}\n{"i":"torn","k":"r"');
    const store = MarkStore.open(file);
    expect(store.set('b', 'read', true)).toBe(true);
    expect(store.error).toBeNull();
    expect(readFileSync(file, 'utf8')).toMatch(/"k":"r"\n\{"i":"b"/);
    const again = MarkStore.open(file);
    expect(again.warning).toMatch(/1 unreadable line/);
    expect([again.isRead('a'), again.isRead('b'), again.isRead('torn')]).toEqual([true, true, false]);
    expect(MarkStore.open(file).isRead('b')).toBe(true);
  });

  it('a mark stamped in the future (another clock) can still be undone, and stays undone', () => {
    const file = join(folder(), 'marks.jsonl');
    const future = Date.now() + 400 * 86_400_000;
    writeFileSync(file, `{"i":"f","k":"r","v":1,"t":${future}}\n`);
    const store = MarkStore.open(file);
    expect(store.isRead('f')).toBe(true);
    expect(store.set('f', 'read', false)).toBe(true);
    expect(store.isRead('f')).toBe(false);
    expect(MarkStore.open(file).isRead('f')).toBe(false);
    expect(store.set('f', 'read', true)).toBe(true);
    expect(MarkStore.open(file).isRead('f')).toBe(true);
  });

  it.runIf(existsSync('/dev/full'))(
    'a full disk: the change stays in memory, the error says why, and it is written once there is room',
    () => {
      const dir = folder();
      const file = join(dir, 'marks.jsonl');
      symlinkSync('/dev/full', file);
      const store = MarkStore.open(file);
      expect(store.set('s1', 'read', true)).toBe(true);
      expect(store.error).toMatch(/disk is full/);
      expect(store.isRead('s1')).toBe(true);
      expect(store.set('s2', 'starred', true)).toBe(true);
      expect(store.unsaved).toBe(2);
      // Room again: the link now leads to a real file, and the next refresh writes both.
      unlinkSync(file);
      symlinkSync(join(dir, 'real.jsonl'), file);
      store.refresh();
      expect(store.error).toBeNull();
      expect(store.unsaved).toBe(0);
      const reopened = MarkStore.open(file);
      expect([reopened.isRead('s1'), reopened.isStarred('s2')]).toEqual([true, true]);
    },
  );

  it('a state folder that cannot be made: an error naming the file and the reason, no exception', () => {
    const dir = folder();
    writeFileSync(join(dir, 'state'), 'a file, not a folder');
    const store = MarkStore.open(join(dir, 'state', 'digest', 'marks.jsonl'));
    expect(store.set('x', 'read', true)).toBe(true);
    expect(store.error).toMatch(/state\/digest.*a file stands where its folder should be/);
  });

  it('a journal reached through a symlink stays a symlink through mending and compaction', () => {
    const dir = folder();
    mkdirSync(join(dir, 'synced'));
    const real = join(dir, 'synced', 'marks.jsonl');
    const link = join(dir, 'marks.jsonl');
    writeFileSync(real, '{"i":"a","k":"r","v":1,"t":1}\nnot json\n');
    symlinkSync(real, link);
    const store = MarkStore.open(link);
    expect(store.warning).toMatch(/1 unreadable line/);
    for (let i = 0; i < 1100; i++) store.set(`id${i}`, 'read', true);
    store.compactIfWorthIt();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toMatch(/^\{"h":"sorted","n":1101,/);
    expect(MarkStore.open(link).ids('read').size).toBe(1101);
    expect(readdirSync(join(dir, 'synced')).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'))).toEqual([]);
  });

  it('writers, a compactor, a journal created mid-run and kill -9s: every acknowledged mark is on disk', async () => {
    const result = await runStress({ writers: 3, marks: 300, kills: 4 });
    expect(result.acknowledged).toBeGreaterThan(600);
    expect(result.lost).toEqual([]);
  }, 60_000);
});

describe('the command line when marks cannot be written', () => {
  const brokenState = () => {
    const dir = folder();
    writeFileSync(join(dir, 'state-file'), 'not a folder');
    return isolatedEnv({ XDG_STATE_HOME: join(dir, 'state-file') });
  };

  it('mark exits 1 with one line naming the file and the reason', () => {
    const result = runDigest(['mark', 'read', '1.1', FIXTURES], { env: brokenState() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^digest: could not save the marks: cannot create the folder for .*state-file\/digest\/marks\.jsonl: a file stands where its folder should be$/m,
    );
  });

  it('next prints the story, then says it could not mark it, and exits 1', () => {
    const result = runDigest(['next', FIXTURES], { env: brokenState() });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Small Models Close the Gap/);
    expect(result.stderr).toMatch(/^digest: printed "Small Models Close the Gap" but could not mark it read: /);
  });
});

describe('settings that cannot be used', () => {
  it('a value of the wrong kind is ignored with a warning naming the key; the rest still works', () => {
    const env = isolatedEnv();
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'digest'), { recursive: true });
    const config = join(env.XDG_CONFIG_HOME!, 'digest', 'config.json');
    writeFileSync(config, JSON.stringify({ library: 42, readDelay: 'soon' }));
    const result = runDigest(['list', FIXTURES], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Small Models, Big Audits/);
    expect(result.stderr).toMatch(/setting "library" .* wrong kind .*ignored/);
    expect(result.stderr).toMatch(/setting "readDelay" .* wrong kind .*ignored/);
    // Shown, and left as it was.
    expect(runDigest(['config'], { env }).code).toBe(0);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ library: 42, readDelay: 'soon' });
  });

  it('a settings file that cannot be read is reported and left alone; one that does not parse is set aside', () => {
    const env = isolatedEnv();
    const config = join(env.XDG_CONFIG_HOME!, 'digest', 'config.json');
    // A folder where the file should be cannot be read, by root or anyone.
    mkdirSync(config, { recursive: true });
    const shown = runDigest(['config'], { env });
    expect(shown.code).toBe(1);
    expect(shown.stderr).toMatch(/^digest: cannot read settings file .*config\.json: is a folder; left as it is\n$/);
    expect(lstatSync(config).isDirectory()).toBe(true);
    expect(runDigest(['list', FIXTURES], { env }).code).toBe(0);
    rmSync(config, { recursive: true });
    writeFileSync(config, '{"library": ');
    const set = runDigest(['config', 'read-delay', '2'], { env });
    expect(set.code).toBe(0);
    expect(set.stderr).toMatch(/could not be read .* kept it as .*config\.json\.corrupt-\d+/);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toMatchObject({ readDelay: 2 });
  });
});

describe('marks across machines through a sync folder', () => {
  /** A device: its own state home, and the shared folder as its sync tool sees it. */
  const device = (sync: string) => {
    const env = isolatedEnv();
    const before = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = env.XDG_STATE_HOME;
    try {
      return { env, sources: markSources(sync) };
    } finally {
      process.env.XDG_STATE_HOME = before;
    }
  };

  it('two devices, files copied late and out of order, a conflict copy: both end with the same marks', () => {
    const laptopSync = folder();
    const desktopSync = folder();
    const laptop = device(laptopSync);
    const desktop = device(desktopSync);
    expect(laptop.sources.own).not.toBe(desktop.sources.own.replace(desktopSync, laptopSync));
    const a = MarkStore.open(laptop.sources);
    const b = MarkStore.open(desktop.sources);
    // A month apart, each offline: both read and starred, one unmarks what the other marked.
    a.set('s1', 'read', true, 1_000);
    a.set('s2', 'starred', true, 2_000);
    b.set('s1', 'read', true, 1_500);
    b.set('s3', 'read', true, 3_000);
    b.set('s1', 'read', false, 40 * 86_400_000);
    a.set('s4', 'read', true, 41 * 86_400_000);
    // The sync tool copies each file to the other side, late, and leaves a conflict copy of the laptop's.
    const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);
    cpSync(b.file, join(laptopSync, name(b.file)));
    b.set('s5', 'starred', true, 42 * 86_400_000);
    cpSync(a.file, join(desktopSync, name(a.file)));
    appendFileSync(a.file, '{"i":"s6","k":"r","v":1,"t":5000}\n');
    cpSync(a.file, join(desktopSync, name(a.file).replace('.jsonl', '.sync-conflict-20261123-101010-ABC.jsonl')));
    cpSync(b.file, join(laptopSync, name(b.file)));
    a.refresh();
    b.refresh();
    const state = (store: MarkStore) => ['s1', 's2', 's3', 's4', 's5', 's6'].map((id) => [store.isRead(id), store.isStarred(id)]);
    expect(state(a)).toEqual(state(b));
    expect(state(a)).toEqual([
      [false, false],
      [false, true],
      [true, false],
      [true, false],
      [false, true],
      [true, false],
    ]);
    // Opened afresh, in any order, the same.
    expect(state(MarkStore.open(laptop.sources))).toEqual(state(a));
    expect(state(MarkStore.open(desktop.sources))).toEqual(state(a));
  });

  it('each device compacts only its own file, and marks made before the folder was set are kept', () => {
    const sync = folder();
    const one = device(sync);
    mkdirSync(join(one.env.XDG_STATE_HOME!, 'digest'), { recursive: true });
    writeFileSync(join(one.env.XDG_STATE_HOME!, 'digest', 'marks.jsonl'), '{"i":"old","k":"r","v":1,"t":1}\n');
    const other = join(sync, 'marks-otherdevice.jsonl');
    writeFileSync(other, '{"i":"theirs","k":"s","v":1,"t":1}\n'.repeat(3));
    const before = readFileSync(other, 'utf8');
    const was = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = one.env.XDG_STATE_HOME;
    try {
      const store = MarkStore.open(markSources(sync));
      for (let i = 0; i < 1100; i++) store.set(`m${i}`, 'read', true);
      store.compactIfWorthIt();
      expect(readFileSync(store.file, 'utf8')).toMatch(/^\{"h":"sorted","n":1100,/);
      expect(readFileSync(other, 'utf8')).toBe(before);
      const again = MarkStore.open(markSources(sync));
      expect([again.isRead('old'), again.isStarred('theirs'), again.isRead('m1099')]).toEqual([true, true, true]);
    } finally {
      if (was === undefined) delete process.env.XDG_STATE_HOME;
      else process.env.XDG_STATE_HOME = was;
    }
  });
});
