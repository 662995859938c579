import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fullBriefing, loadLibrary, type Library } from '../src/library/load';
import { watchLibrary } from '../src/library/watch';
import { FIXTURES } from './helpers';

/** The next library the watcher hands over, or a timeout. */
function nextLibrary(initial: Library): { next: Promise<{ library: Library; added: number }>; stop: () => void } {
  let stop = () => {};
  const next = new Promise<{ library: Library; added: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no change seen')), 5000);
    stop = watchLibrary(
      initial,
      (library, added) => {
        clearTimeout(timer);
        resolve({ library, added });
      },
      50,
    );
  });
  return { next, stop };
}

describe('the library watcher', () => {
  it('while the snapshot is checked, a change waits and is read against the library the check ends in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-watch-unit-'));
    cpSync(join(FIXTURES, 'notes-plain.txt'), join(dir, 'a.txt'));
    // The snapshot the reader drew from has a.txt only; the check finds c.txt as well.
    const shown = loadLibrary([dir]);
    cpSync(join(FIXTURES, 'thread-local-models.txt'), join(dir, 'c.txt'));
    const checkedLibrary = loadLibrary([dir]);
    let release: (library: Library) => void = () => {};
    const checked = new Promise<Library>((resolve) => (release = resolve));
    const seen: Library[] = [];
    let stop = () => {};
    const next = new Promise<Library>((resolve) => {
      stop = watchLibrary(
        shown,
        (library) => {
          seen.push(library);
          resolve(library);
        },
        50,
        checked,
      );
    });
    const text = readFileSync(join(dir, 'a.txt'), 'utf8');
    writeFileSync(join(dir, 'a.txt'), `${text}\nA line written while the check went on.\n`);
    release(checkedLibrary);
    const library = await next;
    stop();
    expect(seen).toHaveLength(1);
    // Both: the change seen while holding, and the briefing only the check knew.
    expect(library.briefings.map((b) => b.format).sort()).toEqual(['discussion', 'plain']);
    const plain = library.briefings.find((b) => b.format === 'plain')!;
    expect(JSON.stringify(fullBriefing(plain))).toContain('A line written while the check went on.');
  });

  it('picks up a briefing saved into a new subfolder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-watch-unit-'));
    cpSync(join(FIXTURES, 'notes-plain.txt'), join(dir, 'a.txt'));
    const initial = loadLibrary([dir]);
    const { next, stop } = nextLibrary(initial);
    mkdirSync(join(dir, '2026', 'november'), { recursive: true });
    cpSync(join(FIXTURES, 'thread-local-models.txt'), join(dir, '2026', 'november', 'thread.txt'));
    const { library, added } = await next;
    stop();
    expect(added).toBe(1);
    expect(library.briefings.map((b) => b.format).sort()).toEqual(['discussion', 'plain']);
  });

  it('a changed file shows its new text, not a copy kept from before; a removed one goes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-watch-unit-'));
    cpSync(join(FIXTURES, 'notes-plain.txt'), join(dir, 'a.txt'));
    cpSync(join(FIXTURES, 'thread-local-models.txt'), join(dir, 'b.txt'));
    const initial = loadLibrary([dir]);
    const plain = initial.briefings.find((b) => b.format === 'plain')!;
    const before = fullBriefing(plain).stories[0]!;
    const { next, stop } = nextLibrary(initial);
    const text = readFileSync(join(dir, 'a.txt'), 'utf8');
    writeFileSync(join(dir, 'a.txt'), text.replace(before.body[0]!.split(' ').slice(0, 3).join(' '), 'Freshly edited words'));
    rmSync(join(dir, 'b.txt'));
    const { library } = await next;
    stop();
    expect(library.briefings).toHaveLength(1);
    expect(fullBriefing(library.briefings[0]!).stories[0]!.body[0]).toMatch(/^Freshly edited words/);
  });

  it('a briefing named on its own (not in a folder given) is watched too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-watch-unit-'));
    const file = join(dir, 'a.txt');
    cpSync(join(FIXTURES, 'notes-plain.txt'), file);
    const initial = loadLibrary([file]);
    expect(initial.folders).toEqual([]);
    const { next, stop } = nextLibrary(initial);
    writeFileSync(file, 'A title written later\n\nAnd a body for it.\n');
    const { library } = await next;
    stop();
    expect(library.briefings.map((b) => b.title)).toEqual(['A title written later']);
  });
});
