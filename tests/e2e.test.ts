import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, isolatedEnv } from './helpers';
import { KEY, sessions } from './pty';

const start = sessions();

describe('the reader in a real terminal', () => {
  it('walks the library as a person would at 80x24, then quits leaving the terminal as it was', async () => {
    const env = isolatedEnv();
    const s = start([FIXTURES], { cols: 80, rows: 24, env });
    await s.waitForText('Library · 1/7 · 18 unread');
    const first = s.screen();
    expect(first[0]).toBe('digest');
    expect(first[1]).toMatch(/^› ● Small Models, Big Audits/);
    // Ink must never fill the terminal: the last row stays free.
    expect(first[23]).toBe('');
    expect(first[22]).toMatch(/^Library · 1\/7/);

    await s.press(KEY.enter);
    await s.waitForText('TOP STORIES');
    await s.press('G', KEY.enter);
    await s.waitForText(/^ {2}Keeping a Private Test Set$/m);
    await s.press('J');
    await s.waitForText('Briefing 2/7 · story 1/3');
    expect(s.screen()[1]).toBe('  Open Weights Go Mainstream');

    await s.press('n');
    await s.waitForText('story 2/3');
    expect(s.screen()[1]).toBe('  Evaluation Audits Become Routine');

    // Shift-Tab from the top goes round to the last section: the sources.
    await s.press(KEY.shiftTab);
    // The sources here have no links: shown as text, not selectable; the heading is marked and
    // the status line names the section.
    await s.waitForText(/^▸ SOURCES$/m);
    expect(s.text()).toMatch(/^ {2}1\. Blog post — Dev Raman, 2026-11-20$/m);
    expect(s.text()).toMatch(/story 2\/3 · \d+% · Sources ·/);

    await s.press('?');
    await s.waitForText('Keys on the story screen');
    expect(s.text()).toContain('next section: summary, takeaways, quotes, sources');
    await s.press('x');
    await s.waitForText('story 2/3');

    await s.press('/', 'l', 'a', 'u', 'n', 'd', 'r', 'y');
    await s.waitForText('/ laundry');
    await s.waitForText('Household Robots Learn From Video');
    await s.press(KEY.enter);
    await s.waitForText('story 3/3');
    expect(s.screen()[1]).toBe('  Household Robots Learn From Video');

    // Back from a result is back to the results, the query kept; Esc again leaves the search.
    await s.press(KEY.escape);
    await s.waitForText(/^\/ laundry/m);
    await s.press(KEY.escape);
    await s.waitForText('story 3/3');
    await s.press(KEY.escape);
    await s.waitForText(/› . Household Robots/);
    await s.press('q');
    await s.waitForText('Library · 2/7');
    await s.press('q');
    expect(await s.exit()).toBe(0);
    expect(s.restored()).toBe(true);

    // Read state and the place it left off survive the restart.
    const again = start([FIXTURES], { cols: 80, rows: 24, env });
    await again.waitForText('Back where you left off');
    expect(again.text()).toMatch(/Library · 2\/7 · 14 unread/);
    await again.press('q');
    expect(await again.exit()).toBe(0);
  });

  it('stands the list and the story side by side at 120x40, and re-lays out on resize', async () => {
    const s = start([FIXTURES], { cols: 120, rows: 40 });
    await s.waitForText('Library · 1/7');
    // Every title on screen fits whole: the shape and publisher columns gave way for them.
    expect(s.text()).toContain('November 21 PM: Open weights go mainstream & evals get audited & robots learn chores');
    await s.press(KEY.enter);
    await s.waitForText('│');
    expect(s.screen()[1]).toMatch(/^ {2}Small Models, Big Audits.*│ +Small Models Close the Gap$/);
    s.resize(90, 30);
    await s.waitFor(
      (screen) => !screen.includes('│') && screen.split('\n')[28]!.startsWith('Briefing 1/7 · story 1/6'),
      'the split to close',
    );
    expect(s.screen()[29]).toBe('');
    s.resize(60, 20);
    await s.waitFor((screen) => screen.split('\n')[18]!.startsWith('Briefing 1/7'), 'the status line to move');
    s.resize(30, 8);
    await s.waitForText('Terminal too small (30x8)');
    s.resize(80, 24);
    await s.waitForText('Briefing 1/7');
    await s.press(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
    expect(s.restored()).toBe(true);
  });

  it('Enter typed before the reader is up (while the library loads) still opens the briefing', async () => {
    // Typed before the reader takes the terminal, Enter arrives as a newline (the terminal is
    // still in line mode); it used to be dropped.
    const s = start([FIXTURES]);
    s.proc.write(KEY.enter);
    await s.waitForText('Briefing 1/7');
    s.proc.kill('SIGKILL');
    await s.exit();
  });

  it('a mark the user saw survives kill -9', async () => {
    const env = isolatedEnv();
    const s = start([FIXTURES], { env });
    await s.waitForText('Library · 1/7 · 18 unread');
    await s.press(KEY.enter, KEY.enter);
    await s.waitForText('17 unread');
    s.proc.kill('SIGKILL');
    await s.exit();
    const journal = readFileSync(join(env.XDG_STATE_HOME!, 'digest', 'marks.jsonl'), 'utf8');
    expect(journal.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(journal)).toMatchObject({ k: 'r', v: 1 });
  });

  it('a briefing that arrives while the reader is open appears without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-watch-'));
    cpSync(join(FIXTURES, 'notes-plain.txt'), join(dir, 'notes.txt'));
    const s = start([dir]);
    await s.waitForText('Library · 1/1 · 1 unread');
    await s.press(KEY.enter);
    await s.waitForText('Briefing 1/1');
    cpSync(join(FIXTURES, 'daily-digest-2026-11-22.txt'), join(dir, 'new.txt'));
    await s.waitForText('1 new briefing');
    // Still on the briefing that was open, now second in date order.
    expect(s.text()).toMatch(/Briefing 2\/2 · story 1\/1 · 7 unread/);
    expect(s.screen()[0]).toBe('digest › Reading list for the weekend');
    await s.press(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });

  it('NO_COLOR: the reader draws without a single colour or style code, the cursor still marked', async () => {
    const s = start([FIXTURES], { env: isolatedEnv({ NO_COLOR: '1', NO_COLOR_KEEP: '1' }) });
    await s.waitForText('Library · 1/7');
    expect(s.screen()[1]).toMatch(/^› ● Small Models/);
    await s.press(KEY.enter);
    await s.waitForText('TOP STORIES');
    expect(s.raw).not.toMatch(/\x1b\[[0-9;]*m/);
    await s.press(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });

  it('--color never: the same, without NO_COLOR', async () => {
    const s = start(['--color', 'never', FIXTURES]);
    await s.waitForText('Library · 1/7');
    await s.press(KEY.enter);
    await s.waitForText('TOP STORIES');
    expect(s.raw).not.toMatch(/\x1b\[[0-9;]*m/);
    await s.press(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });

  it('marks that cannot be written: the reader keeps going, says so, and exits 1 naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-nostate-'));
    writeFileSync(join(dir, 'state'), 'a file where the state folder should be');
    const s = start([FIXTURES], { env: isolatedEnv({ XDG_STATE_HOME: join(dir, 'state') }) });
    await s.waitForText('Library · 1/7 · 18 unread');
    await s.press(KEY.enter, KEY.enter);
    await s.waitForText('Marks not saved (a file stands where its folder should be); kept, retrying');
    await s.press(KEY.escape, 'j');
    // The mark holds in memory, and the status line keeps saying it is not on disk.
    await s.waitForText(/⚠ marks not saved · Briefing 1\/7 · story 2\/6 · 17 unread/);
    await s.press(KEY.ctrlC);
    expect(await s.exit()).toBe(1);
    expect(s.restored()).toBe(true);
    expect(s.text().replace(/\n/g, '')).toMatch(
      /digest: 1 read-mark change could not be saved: cannot create the folder for .*marks\.jsonl: a file stands where its folder should be/,
    );
  });

  it('restores the terminal on SIGTERM', async () => {
    const s = start([FIXTURES]);
    await s.waitForText('Library · 1/7');
    s.proc.kill('SIGTERM');
    await s.exit();
    expect(s.restored()).toBe(true);
  });

  it('pick mode: the UI draws on the terminal, only the picked story goes to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-pick-'));
    const out = join(dir, 'story.md');
    const s = start([], { shell: `node ${BIN} ${FIXTURES} > ${out}; echo "exit=$?"` });
    await s.waitForText('pick a story');
    await s.press(KEY.enter, KEY.enter);
    await s.waitForText('Small Models Close the Gap');
    await s.press('|');
    await s.waitForText('exit=0');
    expect(readFileSync(out, 'utf8')).toMatch(
      /^# Small Models Close the Gap\n\n\*Top Stories · Sun 22 Nov 2026\* — Small Models, Big Audits/,
    );

    const quit = start([], { shell: `node ${BIN} ${FIXTURES} > ${out}; echo "exit=$?"` });
    await quit.waitForText('pick a story');
    await quit.press('q');
    // Cancelled, as fzf says it: 130.
    await quit.waitForText('exit=130');
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  it('| pipes the story into a command and comes back to the same place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-pipe-'));
    cpSync(join(FIXTURES, 'notes-plain.txt'), join(dir, 'n.txt'));
    const s = start([dir], { env: isolatedEnv({ SHELL: '/bin/sh' }) });
    await s.waitForText('Library · 1/1');
    await s.press(KEY.enter, '|');
    await s.waitForText('| pipe the story to:');
    await s.press(...'wc -l'.split(''), KEY.enter);
    await s.waitForText('press any key to return');
    expect(s.text()).toMatch(/^\s*\d+\s*$/m);
    await s.press('x');
    await s.waitForText('Piped to wc -l');
    await s.press(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });
});
