import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MarkStore } from '../src/state/marks';
import { ROOT } from './helpers';

const journal = () => join(mkdtempSync(join(tmpdir(), 'digest-marks-')), 'marks.jsonl');

describe('read marks', () => {
  it('survive a restart, last change winning', () => {
    const file = journal();
    const a = MarkStore.open(file);
    a.set('s1', 'read', true, 1);
    a.set('s2', 'read', true, 2);
    a.set('s1', 'read', false, 3);
    a.set('s2', 'starred', true, 4);
    const b = MarkStore.open(file);
    expect([b.isRead('s1'), b.isRead('s2'), b.isStarred('s2'), b.isStarred('s1')]).toEqual([false, true, true, false]);
  });

  it('an instance picks up what another appended', () => {
    const file = journal();
    const a = MarkStore.open(file);
    const b = MarkStore.open(file);
    a.set('x', 'read', true);
    expect(b.isRead('x')).toBe(false);
    expect(b.refresh()).toBe(true);
    expect(b.isRead('x')).toBe(true);
    b.set('y', 'read', true);
    a.refresh();
    expect(a.isRead('y')).toBe(true);
  });

  it('two processes marking 1,000 stories each at once leave 2,000 marks', async () => {
    const file = journal();
    const script = (prefix: string) =>
      `import { MarkStore } from './src/state/marks.ts'; const s = MarkStore.open(${JSON.stringify(file)}); for (let i = 0; i < 1000; i++) { s.set('${prefix}' + i, 'read', true); if (i % 100 === 0) s.refresh(); }`;
    const run = (prefix: string) =>
      new Promise<number>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(prefix)], {
          cwd: ROOT,
          stdio: 'inherit',
        });
        child.on('exit', (code) => done(code ?? 1));
      });
    expect(await Promise.all([run('a'), run('b')])).toEqual([0, 0]);
    const store = MarkStore.open(file);
    expect(store.size).toBe(2000);
    // (A writer that finds the file not ending in a newline starts its line on a new one: a
    // blank line can appear between two racing appends, and is skipped when read.)
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(2000);
  });

  it('a damaged journal is backed up, mended, and the readable marks kept', () => {
    const file = journal();
    const a = MarkStore.open(file);
    a.set('good1', 'read', true);
    appendFileSync(file, '{"i":"broken",\u0000garbage\nnot json at all\n');
    a.set('good2', 'read', true);
    const b = MarkStore.open(file);
    expect(b.warning).toMatch(/^2 unreadable lines in .*marks\.jsonl; kept a copy at .*marks\.jsonl\.corrupt-\d+/);
    expect([b.isRead('good1'), b.isRead('good2')]).toEqual([true, true]);
    const dir = join(file, '..');
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
    expect(MarkStore.open(file).warning).toBeNull();
  });

  it('compaction sorts the journal; marks read back from the sorted block, and later changes win', () => {
    const file = journal();
    const a = MarkStore.open(file);
    for (let i = 0; i < 1500; i++) a.set(`id${String(i).padStart(5, '0')}`, 'read', true, 1000 + i);
    a.set('id00007', 'starred', true, 5000);
    a.set('id00003', 'read', false, 6000);
    a.compactIfWorthIt();
    const text = readFileSync(file, 'utf8').split('\n');
    expect(text[0]).toMatch(/^\{"h":"sorted","n":1501,"b":\d+\}$/);
    expect(text.slice(1, 4).map((line) => JSON.parse(line).i)).toEqual(['id00000', 'id00001', 'id00002']);
    const b = MarkStore.open(file);
    expect([b.isRead('id00000'), b.isRead('id01499'), b.isRead('id00003'), b.isStarred('id00007'), b.isRead('nope')]).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(b.size).toBe(1500);
    // Every id, both keys, and ids that fall between, before, after or short of stored ones.
    for (let i = 0; i < 1500; i++) {
      const id = `id${String(i).padStart(5, '0')}`;
      expect([b.isRead(id), b.isStarred(id)]).toEqual([i !== 3, i === 7]);
      expect(b.isRead(`${id}x`)).toBe(false);
    }
    expect([b.isRead('a'), b.isRead('zz'), b.isRead('id0000'), b.isStarred('id00008'), b.isRead('')]).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    // The bulk answer agrees with the one-by-one answers.
    expect([...b.ids('starred')]).toEqual(['id00007']);
    expect(b.ids('read').size).toBe(1499);
    expect(b.ids('read').has('id00003')).toBe(false);
    // A change appended after compaction overrides the sorted block, here and in another instance.
    b.set('id00010', 'read', false);
    expect(b.isRead('id00010')).toBe(false);
    expect(b.ids('read').has('id00010')).toBe(false);
    b.set('id00003', 'read', true);
    expect(b.ids('read').has('id00003')).toBe(true);
    b.set('id00003', 'read', false);
    expect(b.ids('read').has('id00003')).toBe(false);
    const before = a.ids('read');
    expect(before.has('id00010')).toBe(true);
    a.refresh();
    expect(a.isRead('id00010')).toBe(false);
    // Another instance's change reaches the kept set too.
    expect(a.ids('read').has('id00010')).toBe(false);
    expect(MarkStore.open(file).isRead('id00010')).toBe(false);
    // A change made from a state wins over it even when made with a clock behind that state's.
    b.set('id00011', 'read', false, 1);
    expect(MarkStore.open(file).isRead('id00011')).toBe(false);
  });

  it('a half-written last line (a crash mid-append) is left for later, not counted as damage', () => {
    const file = journal();
    writeFileSync(file, '{"i":"a","k":"r","v":1,"t":1}\n{"i":"b","k":"r"');
    const store = MarkStore.open(file);
    expect(store.isRead('a')).toBe(true);
    expect(store.warning).toBeNull();
    expect(existsSync(file)).toBe(true);
  });
});
