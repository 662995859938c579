import { describe, expect, it } from 'vitest';
import { FIXTURES, isolatedEnv } from './helpers';
import { KEY, sessions } from './pty';

const start = sessions();

describe('related coverage and the morning skim in a real terminal', () => {
  it('t opens the skim at 80x24: most-covered news first, Enter reads, Esc comes back, m ticks, u untick', async () => {
    const s = start([FIXTURES], { cols: 80, rows: 24, env: isolatedEnv({ DIGEST_NOW: '2026-11-23' }) });
    await s.waitForText('Library · 1/7');
    // Pressed at once: the related coverage may still be in the works, and the skim groups the
    // news as soon as it is done.
    await s.press('t');
    // Grouped once related coverage is worked out: news told in two briefings says so.
    await s.waitForText(/in 2 briefings: /);
    // Typed in one burst: down twice.
    s.type('jj');
    await s.waitForText('Today · 3/');
    const screen = s.screen();
    expect(screen[0]).toMatch(/^digest › Today: \d+ unread stories, about \d+ min \(/);
    expect(screen[1]).toMatch(/^ {2}2 \S/);
    expect(screen[2]).toMatch(/^ {4}in 2 briefings: /);
    // The frame stays one row short of the terminal.
    expect(screen[23]).toBe('');
    const title = screen.find((line) => line.startsWith('› 2 '))!.slice(4);
    await s.press(KEY.enter);
    await s.waitForText(/story \d+\/\d+/);
    expect(s.text()).toContain(title.replace(/…$/, ''));
    await s.press(KEY.escape);
    await s.waitForText('Today · 3/');
    await s.press('m');
    await s.waitForText(/^› ✓ /m);
    await s.press('u');
    await s.waitForText(/^› 2 /m);
    // Back to the library, on the briefing of the story read.
    await s.press(KEY.escape);
    await s.waitForText(/Library · \d\/7/);
  });

  it('at 200x50 the skim shows every piece of news whole, and a story lists the same news under "Also in"', async () => {
    const s = start([FIXTURES], { cols: 200, rows: 50, env: isolatedEnv({ DIGEST_NOW: '2026-11-23' }) });
    await s.waitForText('Library · 1/7');
    await s.press('t');
    // Grouped once related coverage is worked out: news told in two briefings says so.
    await s.waitForText(/in 2 briefings: /);
    await s.waitForText('Today · 1/');
    expect(s.screen()[0]).toMatch(/\(nothing new since your last visit: the newest unread\)$/);
    expect(s.text()).toMatch(/^ {4}in 2 briefings: Small Models, Big Audits, and the Week Prices Fell · Cheaper Tokens/m);
    await s.press(KEY.escape);
    await s.waitForText('Library · 1/7');
    // Search for a story told in two briefings and open it.
    s.type('/Benchmarks Under');
    await s.waitForText('Benchmarks Under Audit');
    await s.press(KEY.enter);
    // From 120 columns the story stands beside its briefing's list.
    await s.waitForText(/│ +ALSO IN$/m);
    expect(s.text()).toMatch(/● Benchmarks Are Leaking Into Training Sets/);
    // Shift-Tab from the top goes round to the last section: "Also in", its first story selected.
    await s.press(KEY.shiftTab);
    await s.waitForText('· Also in ·');
    await s.press(KEY.enter);
    await s.waitForText('(Esc comes back)');
    expect(s.screen()[1]).toMatch(/│ +Benchmarks Are Leaking Into Training Sets$/);
    await s.press(KEY.escape);
    await s.waitFor((screen) => /│ +Benchmarks Under Audit$/.test(screen.split('\n')[1]!), 'back on the first story');
    await s.press(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });
});
