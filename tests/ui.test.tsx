import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ParseCache } from '../src/library/cache';
import { isHead } from '../src/library/full';
import { loadLibrary } from '../src/library/load';
import { relativeDate } from '../src/print/dates';
import { MarkStore } from '../src/state/marks';
import { App, type ExitResult } from '../src/ui/App';
import { KEYMAP, splitKeys } from '../src/ui/keymap';
import { windowStart } from '../src/ui/window';
import { FIXTURES } from './helpers';

const library = loadLibrary([FIXTURES]);
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));
const KEYS: Record<string, string> = { enter: '\r', escape: '\x1b', tab: '\t', 'shift+tab': '\x1b[Z', down: '\x1b[B', up: '\x1b[A', space: ' ', 'ctrl+c': '\x03', 'ctrl+d': '\x04' };

function setup(options: { pick?: boolean; readDelayMs?: number } = {}) {
  const marks = MarkStore.open(join(mkdtempSync(join(tmpdir(), 'digest-ui-')), 'marks.jsonl'));
  const exits: ExitResult[] = [];
  const opened: string[] = [];
  const copied: string[] = [];
  const app = render(
    <App library={library} marks={marks} pick={options.pick} onExit={(r) => exits.push(r)} openUrl={async (url) => void opened.push(url)} copy={(text) => copied.push(text)} readDelayMs={options.readDelayMs} />,
  );
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      app.stdin.write(KEYS[key] ?? key);
      await tick();
    }
  };
  const frame = () => app.lastFrame() ?? '';
  return { app, marks, exits, opened, copied, press, frame };
}

const storyId = (b: number, s: number) => library.briefings[b]!.stories[s]!.id;

describe('library screen', () => {
  it('lists briefings newest first with unread/total and the status line', async () => {
    const { frame } = setup();
    await tick();
    const lines = frame().split('\n');
    expect(lines[0]).toBe('digest');
    // The date column is relative ("yesterday", "3 days ago") until a week has passed.
    const when = relativeDate(library.briefings[0]!.date);
    expect(lines[1]).toMatch(new RegExp(`^› ● Small Models, Big Audits, and the We… +${when} +daily-digest +6/6$`));
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines.at(-1)).toMatch(/^Library · 1\/7 · 18 unread .*q quit$/);
  });

  it('j/k move, g/G jump, q quits', async () => {
    const { press, frame, exits } = setup();
    await press('j', 'j');
    expect(frame()).toMatch(/› ● Cheaper Tokens/);
    await press('G');
    // Undated briefings sort by file time, which a fresh checkout sets at random: ask the library.
    expect(frame()).toContain(`› ● ${library.briefings.at(-1)!.title.slice(0, 30)}`);
    await press('g', 'k');
    expect(frame()).toMatch(/› ● Small Models, Big Audits/);
    await press('q');
    expect(exits).toEqual([expect.objectContaining({ kind: 'quit' })]);
  });
});

describe('briefing and story screens', () => {
  it('Enter opens a briefing with highlights and sections, Enter a story, which becomes read', async () => {
    const { press, frame, marks } = setup();
    await press('enter');
    expect(frame()).toContain('A week of quiet but meaningful shifts');
    expect(frame()).toContain('TOP STORIES');
    expect(frame()).toContain('ARTICLES WORTH READING');
    expect(frame()).toMatch(/› ● Small Models Close the Gap/);
    await press('j', 'enter');
    expect(frame().split('\n')[1]).toBe('  Benchmarks Under Audit');
    expect(marks.isRead(storyId(0, 1))).toBe(true);
    expect(marks.isRead(storyId(0, 0))).toBe(false);
    await press('escape');
    expect(frame()).toMatch(/› {3}Benchmarks Under Audit/);
    await press('h');
    expect(frame()).toMatch(/^digest\n› ● Small Models, Big Audits.* 5\/6$/m);
  });

  it('J crosses into the next briefing at the end; K comes back', async () => {
    const { press, frame } = setup();
    await press('enter', 'G', 'enter');
    expect(frame()).toContain('Keeping a Private Test Set');
    await press('J');
    expect(frame().split('\n')[1]).toBe('  Open Weights Go Mainstream');
    expect(frame()).toContain('Briefing 2/7 · story 1/3');
    await press('K');
    expect(frame().split('\n')[1]).toBe('  Keeping a Private Test Set');
  });

  it('n goes to the next unread story anywhere, skipping read ones', async () => {
    const { press, frame, marks } = setup();
    marks.set(storyId(0, 0), 'read', true);
    await press('n');
    expect(frame().split('\n')[1]).toBe('  Benchmarks Under Audit');
    await press('n');
    expect(frame().split('\n')[1]).toBe('  Inference Gets Cheaper');
    await press('N');
    // Backwards from here every story is read, so N wraps round to the last unread one.
    expect(frame().split('\n')[1]).toBe(`  ${library.briefings.at(-1)!.stories.at(-1)!.title}`);
  });

  it('Tab reaches the sources; Enter opens the URL, y copies it', async () => {
    const { press, frame, opened, copied } = setup();
    await press('j', 'j', 'j', 'enter', 'enter');
    expect(frame().split('\n')[1]).toBe('  Agents Learn to Run the Test Suite First');
    for (let i = 0; i < 4; i++) await press('tab');
    expect(frame()).toMatch(/› 1\. Release notes: test-first mode — Kai Lindqvist, 2026-11-17/);
    await press('enter', 'y');
    expect(opened).toEqual(['https://example.com/agents/test-first']);
    expect(copied).toEqual(['https://example.com/agents/test-first']);
    await press('j');
    expect(frame()).toMatch(/› 2\. Field report from a platform team/);
    await press('shift+tab');
    expect(frame()).not.toMatch(/› \d\./);
  });

  it('Space pages, and at the end of a story goes to the next unread', async () => {
    const { press, frame } = setup();
    await press('j', 'j', 'enter', 'enter');
    expect(frame()).toContain('0%');
    await press('space');
    expect(frame()).not.toContain(' 0% ');
    for (let i = 0; i < 12 && frame().includes('story 1/3'); i++) await press('space');
    expect(frame().split('\n')[1]).toBe('  Benchmarks Are Leaking Into Training Sets');
  });
});

describe('search, help, marks', () => {
  it('/ searches titles and text as you type; Enter opens the hit, Esc cancels', async () => {
    const { press, frame } = setup();
    await press('/', 'r', 'e', 't', 'r', 'y');
    expect(frame()).toContain('/ retry');
    expect(frame()).toMatch(/› ● Diff Summaries Get Honest/);
    await press('enter');
    expect(frame().split('\n')[1]).toBe('  Diff Summaries Get Honest');
    await press('/', 'x', 'escape');
    expect(frame().split('\n')[1]).toBe('  Diff Summaries Get Honest');
  });

  it('? lists every key of the current screen from the keymap', async () => {
    const { press, frame } = setup();
    await press('?');
    for (const binding of KEYMAP.filter((b) => b.screens.includes('library')).slice(0, 12)) expect(frame()).toContain(binding.help);
    await press('x');
    expect(frame()).toContain('Library · 1/7');
  });

  it("i shows the briefing's own parts: the open question, the transcript, the thinkers", async () => {
    const { press, frame } = setup();
    await press('j', 'enter');
    expect(frame()).toContain('i: also in this briefing: Duration, In this briefing, The open question, Transcript, Thinkers');
    await press('i');
    expect(frame()).toContain('THE OPEN QUESTION');
    expect(frame()).toContain('who is accountable when one of them gives bad advice?');
    for (let i = 0; i < 10; i++) await press('j');
    expect(frame()).toContain('Mira Okafor (@miraokafor)');
    await press('x');
    expect(frame()).toMatch(/Briefing 2\/7/);
  });

  it('a help longer than the screen scrolls with j and closes on any other key', async () => {
    const { press, frame } = setup();
    await press('n', '?');
    expect(frame()).toContain('more below');
    expect(frame()).not.toContain('this help');
    for (let i = 0; i < 20; i++) await press('j');
    expect(frame()).toContain('this help');
    expect(frame()).not.toContain('more below');
    await press('q');
    expect(frame()).toMatch(/story 1\/6/);
  });

  it('m toggles read, s stars (S lists starred), A marks a briefing after y, u undoes', async () => {
    const { press, frame, marks } = setup();
    await press('enter', 'm');
    expect(marks.isRead(storyId(0, 0))).toBe(true);
    await press('m', 's');
    expect(marks.isRead(storyId(0, 0))).toBe(false);
    expect(marks.isStarred(storyId(0, 0))).toBe(true);
    await press('escape', 'S');
    expect(frame()).toMatch(/› ★ Small Models Close the Gap/);
    await press('escape', 'A');
    expect(frame()).toContain('Mark all 6 unread stories');
    await press('n');
    expect(marks.isRead(storyId(0, 1))).toBe(false);
    await press('A', 'y');
    expect(library.briefings[0]!.stories.every((s) => marks.isRead(s.id))).toBe(true);
    await press('u');
    expect(library.briefings[0]!.stories.some((s) => marks.isRead(s.id))).toBe(false);
    expect(marks.isStarred(storyId(0, 0))).toBe(true);
  });

  it('U shows unread only; a story read in that view stays until it is left', async () => {
    const { press, frame, marks } = setup();
    marks.set(storyId(0, 0), 'read', true);
    await press('enter', 'U');
    expect(frame()).not.toContain('Small Models Close the Gap');
    await press('enter');
    expect(marks.isRead(storyId(0, 1))).toBe(true);
    await press('escape');
    expect(frame()).toContain('Benchmarks Under Audit');
    await press('U');
    expect(frame()).toContain('Small Models Close the Gap');
  });

  it('with a read delay, only a story left open that long becomes read', async () => {
    const { press, marks } = setup({ readDelayMs: 150 });
    await press('enter', 'enter', 'J');
    expect(marks.isRead(storyId(0, 0))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(marks.isRead(storyId(0, 1))).toBe(true);
    expect(marks.isRead(storyId(0, 0))).toBe(false);
  });

  it('keys that arrive in one chunk are handled in order', async () => {
    const { app, frame } = setup();
    app.stdin.write('jj\r\r');
    for (let i = 0; i < 6; i++) await tick();
    expect(frame().split('\n')[1]).toBe('  Small Models Catch Up on Reasoning');
    expect(splitKeys('j\x1b[B\r ')).toEqual(['j', 'down', 'enter', 'space']);
    app.stdin.write('/diff');
    for (let i = 0; i < 8; i++) await tick();
    expect(frame()).toContain('/ diff');
  });

  it('keys that come faster than frames are each judged against the screen the one before left', async () => {
    // Enter then | before the briefing screen is drawn: | used to be judged on the library
    // screen, where there is no story to hand over, and was lost.
    const { app, exits } = setup({ pick: true });
    app.stdin.write('\r');
    app.stdin.write('|');
    for (let i = 0; i < 6; i++) await tick();
    expect(exits.map((e) => e.kind)).toEqual(['pick']);
    const second = setup();
    for (const key of ['j', 'j', '\r', '\r']) second.app.stdin.write(key);
    for (let i = 0; i < 8; i++) await tick();
    expect(second.frame().split('\n')[1]).toBe('  Small Models Catch Up on Reasoning');
  });

  it('in pick mode | hands the story over as markdown', async () => {
    const { press, exits } = setup({ pick: true });
    await press('enter', '|');
    expect(exits).toHaveLength(1);
    const result = exits[0]!;
    expect(result.kind).toBe('pick');
    expect(result.kind === 'pick' && result.markdown).toMatch(/^# Small Models Close the Gap\n/);
  });

  it('Ctrl-C quits from anywhere, even a search', async () => {
    const onExit = vi.fn();
    const { press, exits } = setup();
    await press('/', 'ctrl+c');
    expect(exits.map((e) => e.kind)).toEqual(['quit']);
    expect(onExit).not.toHaveBeenCalled();
  });
});

describe('a library of heads from the parse cache', () => {
  it('reads stories whole on demand: the reader shows takeaways and search finds quoted words', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-ui-cache-'));
    loadLibrary([FIXTURES], { cache: new ParseCache([FIXTURES], cacheDir) });
    const heads = loadLibrary([FIXTURES], { cache: new ParseCache([FIXTURES], cacheDir) });
    expect(heads.briefings.every(isHead)).toBe(true);
    const marks = MarkStore.open(join(mkdtempSync(join(tmpdir(), 'digest-ui-')), 'marks.jsonl'));
    const app = render(<App library={heads} marks={marks} onExit={() => {}} />);
    const press = async (...keys: string[]) => {
      for (const key of keys) {
        app.stdin.write(KEYS[key] ?? key);
        await tick();
      }
    };
    await press('j', 'j', 'enter', 'enter');
    // The first body paragraph is not in the head: only a whole read can show it.
    expect(app.lastFrame()).toContain('The headline result is a small model');
    await press('escape', 'escape', '/', 'r', 'e', 't', 'r', 'y');
    expect(app.lastFrame()).toContain('Diff Summaries Get Honest');
  });
});

describe('windowing', () => {
  it('keeps the cursor in view and moves as little as it can', () => {
    expect(windowStart(0, 100, 10)).toBe(0);
    expect(windowStart(9, 100, 10, 0)).toBe(0);
    expect(windowStart(10, 100, 10, 0)).toBe(1);
    expect(windowStart(50, 100, 10, 45)).toBe(45);
    expect(windowStart(44, 100, 10, 45)).toBe(44);
    expect(windowStart(99, 100, 10, 0)).toBe(90);
    expect(windowStart(5, 8, 10, 3)).toBe(0);
    expect(windowStart(9_999, 10_000, 20, 0)).toBe(9_980);
  });
});
