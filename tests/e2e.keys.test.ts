import { cpSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, isolatedEnv } from './helpers';
import { KEY, sessions } from './pty';

const start = sessions();

/** A folder of `n` small plain briefings, so fifty j have somewhere to go. */
function manyBriefings(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'digest-many-'));
  for (let i = 1; i <= n; i++)
    writeFileSync(
      join(dir, `note-${String(i).padStart(3, '0')}.txt`),
      `Note number ${i}\n\nA short note, number ${i}, about nothing much.\n`,
    );
  return dir;
}

/**
 * Each case: keys to type and what the screen must then show. Every case runs twice, once with
 * all its keys in one write (one read for the reader) and once a key a write, 1 ms apart, and
 * both must end on the same screen.
 */
const CASES: { name: string; args: () => string[]; keys: string[]; expect: RegExp; rows?: number }[] = [
  // Search cases wait for the status line too: it is drawn last, so a frame caught half-written cannot pass.
  { name: '/python', args: () => [FIXTURES], keys: ['/', ...'python'], expect: /^\/ python$[\s\S]*^(\d+ match|Search)/m },
  { name: '|wc -w', args: () => [FIXTURES], keys: [KEY.enter, '|', ...'wc -w'], expect: /^\| pipe the story to: wc -w$/m },
  {
    name: 'a burst of Backspaces',
    args: () => [FIXTURES],
    keys: ['/', ...'abcdefghij', ...Array(10).fill(KEY.backspace), ...'ok'],
    expect: /^\/ ok$[\s\S]*^\d+ match/m,
  },
  { name: 'Esc Esc', args: () => [FIXTURES], keys: [KEY.enter, KEY.enter, KEY.escape, KEY.escape], expect: /^Library · 1\/7 · 17 unread/m },
  { name: 'fifty j', args: () => [manyBriefings(60)], keys: Array(50).fill('j'), expect: /^Library · 51\/60/m, rows: 24 },
];

describe('every key lands, whatever its timing', () => {
  for (const c of CASES) {
    it(`${c.name}: one read and 1 ms gaps end on the same screen`, async () => {
      const screens: string[] = [];
      const args = c.args();
      for (const mode of ['chunk', 'gaps'] as const) {
        const s = start(args, { cols: 100, rows: c.rows ?? 30 });
        await s.waitForText(/^Library · 1\//m);
        if (mode === 'chunk') s.type(c.keys.join(''));
        else await s.press(...c.keys);
        // A search reads the library's text in the background, and then the briefings of its
        // results for their snippets (a row shows "…" until then): compare once all is shown.
        const settled = (screen: string) => !/reading \d+%/.test(screen) && !/^.{0,4}…$/m.test(screen);
        await s.waitFor((screen) => c.expect.test(screen) && settled(screen), String(c.expect));
        screens.push(s.text());
        s.proc.kill('SIGKILL');
      }
      expect(screens[1]).toBe(screens[0]);
    });
  }

  it('Esc then q at once: back to the library, then quit', async () => {
    for (const mode of ['chunk', 'gaps'] as const) {
      const s = start([FIXTURES]);
      await s.waitForText('Library · 1/7');
      await s.press(KEY.enter);
      await s.waitForText('Briefing 1/7');
      if (mode === 'chunk') s.type(`${KEY.escape}q`);
      else await s.press(KEY.escape, 'q');
      expect(await s.exit()).toBe(0);
      expect(s.restored()).toBe(true);
    }
  });

  it('Esc then Ctrl-C at once quits from a search', async () => {
    const s = start([FIXTURES]);
    await s.waitForText('Library · 1/7');
    s.type(`/ab${KEY.escape}${KEY.ctrlC}`);
    expect(await s.exit()).toBe(0);
    expect(s.restored()).toBe(true);
  });

  it('a paste into the search box is text, never commands', async () => {
    const s = start([FIXTURES]);
    await s.waitForText('Library · 1/7');
    s.type('/\x1b[200~qqq\rjj\x1b[201~');
    await s.waitForText(/^\/ qqq jj$/m);
    s.type(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });
});

describe('the cursor follows ids', () => {
  it('after G in one briefing, Esc j Enter opens the next on its first unread story, top in view', async () => {
    const s = start([FIXTURES], { cols: 80, rows: 24 });
    await s.waitForText('Library · 1/7');
    s.type(`${KEY.enter}G${KEY.escape}j${KEY.enter}`);
    await s.waitForText('Briefing 2/7 · story 1/3');
    expect(s.screen()[1]).toMatch(/^ {2}November 21 PM: Open weights/);
    expect(s.text()).toMatch(/› ● Open Weights Go Mainstream/);
  });

  it('when the open briefing file goes away, it goes back, says why, and marks nothing more', async () => {
    const env = isolatedEnv();
    const dir = mkdtempSync(join(tmpdir(), 'digest-gone-'));
    for (const name of ['daily-digest-2026-11-22.txt', 'frontier-weekly-2026-11-20.txt', 'absorb-briefing-2026-11-21.txt'])
      cpSync(join(FIXTURES, name), join(dir, name));
    const s = start([dir], { env });
    await s.waitForText('Library · 1/3');
    await s.press('j', KEY.enter, KEY.enter);
    await s.waitForText('Briefing 2/3 · story 1/3');
    renameSync(join(dir, 'absorb-briefing-2026-11-21.txt'), join(tmpdir(), `moved-away-${process.pid}.txt`));
    await s.waitForText('was moved or deleted');
    // On the library, the cursor where the gone briefing was.
    expect(s.text()).toMatch(/^› ● Cheaper Tokens/m);
    expect(s.screen().slice(1, 5).join('\n')).not.toMatch(/Open weights/);
    s.type(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
    const journal = readFileSync(join(env.XDG_STATE_HOME!, 'digest', 'marks.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(journal).toHaveLength(1);
  });

  it('keys typed before the first frame all land, with or without a snapshot (the parsers load after it)', async () => {
    const env = isolatedEnv();
    for (const run of ['cold', 'warm']) {
      // Typed the moment the process starts: to the top, into the third briefing, down to its second story, and open it.
      const s = start([FIXTURES], { env, cols: 100, rows: 30 });
      s.type(`gjj${KEY.enter}j${KEY.enter}`);
      await s.waitForText(/Briefing 3\/7 · story 2\/3/);
      expect(s.text(), run).toMatch(/^digest › Cheaper Tokens, Louder Benchmarks/m);
      // Its text, read from the file: not a story emptied for want of the parsers.
      await s.waitForText('An audit of twelve popular evaluation suites');
      // Back to the library before quitting, so the next start opens there (not in the story).
      s.type(`${KEY.escape}${KEY.escape}`);
      await s.waitForText(/^Library · 3\/7/m);
      s.type('q');
      expect(await s.exit()).toBe(0);
    }
  });

  it('a library read from its files: keys typed meanwhile are not echoed and all land; Ctrl-C stops it', async () => {
    // Enough files for the progress line (1,000) and for the load to last well past a keystroke.
    const dir = mkdtempSync(join(tmpdir(), 'digest-cold-'));
    const text = readFileSync(join(FIXTURES, 'frontier-weekly-2026-11-20.txt'), 'utf8');
    for (let i = 0; i < 3000; i++)
      writeFileSync(join(dir, `b-${String(i).padStart(4, '0')}.txt`), text.replace(/2026-11-20/g, `2026-${(i % 12) + 1}-10`));
    const loading = (s: ReturnType<typeof start>) => s.waitFor(() => s.raw.includes('digest: loading 3000 briefings'), 'the progress line');

    const typed = start([dir], { env: isolatedEnv(), cols: 100, rows: 30 });
    await loading(typed);
    typed.type('jj');
    await typed.waitForText(/^Library · 3\/3000/m, 30_000);
    // Before the reader's screen, only the progress line: no "jj" echoed by the terminal.
    const beforeReader = typed.raw.slice(0, typed.raw.indexOf('\x1b[?1049h'));
    expect(beforeReader).toContain('digest: loading 3000 briefings');
    expect(beforeReader).not.toContain('j');
    typed.type('q');
    expect(await typed.exit()).toBe(0);

    const stopped = start([dir], { env: isolatedEnv(), cols: 100, rows: 30 });
    await loading(stopped);
    stopped.type(KEY.ctrlC);
    expect(await stopped.exit()).toBe(130);
    expect(stopped.raw).not.toContain('\x1b[?1049h');
  });

  it('reopens where it left off, in the story, at the same scroll', async () => {
    const env = isolatedEnv();
    const s = start([FIXTURES], { env, cols: 80, rows: 16 });
    await s.waitForText('Library · 1/7');
    s.type(`jj${KEY.enter}${KEY.enter}jjjj`);
    await s.waitForText(/story 1\/3 · [1-9]\d*%/);
    const shown = s.screen().slice(1, 14);
    s.type(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
    const again = start([FIXTURES], { env, cols: 80, rows: 16 });
    await again.waitForText('Back where you left off');
    expect(again.screen().slice(1, 14)).toEqual(shown);
    again.type(KEY.ctrlC);
    expect(await again.exit()).toBe(0);
  });
});
