import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { ParseCache } from '../src/library/cache';
import { forget, isHead } from '../src/library/full';
import { loadLibrary, type Library } from '../src/library/load';
import { relativeDate } from '../src/print/dates';
import { MarkStore } from '../src/state/marks';
import { App } from '../src/ui/App';
import { KeyReader } from '../src/ui/input';
import { KEYMAP } from '../src/ui/keymap';
import { restore } from '../src/ui/reconcile';
import { initialState, type ExitResult } from '../src/ui/state';
import { ReaderStore } from '../src/ui/store';
import { windowStart } from '../src/ui/window';
import { World } from '../src/ui/world';
import { FIXTURES } from './helpers';

const library = loadLibrary([FIXTURES]);
const KEYS: Record<string, string> = {
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  'shift+tab': '\x1b[Z',
  down: '\x1b[B',
  up: '\x1b[A',
  space: ' ',
  'ctrl+c': '\x03',
  'ctrl+d': '\x04',
};

/**
 * The reader as the binary wires it (store, input layer, Ink), drawn by ink-testing-library.
 * Keys go through the input layer as chunks; every check waits for a frame that satisfies it,
 * never for a fixed time.
 */
function setup(options: { pick?: boolean; readDelayMs?: number; library?: Library } = {}) {
  const lib = options.library ?? library;
  const marks = MarkStore.open(join(mkdtempSync(join(tmpdir(), 'digest-ui-')), 'marks.jsonl'));
  const exits: ExitResult[] = [];
  const opened: string[] = [];
  const copied: string[] = [];
  const state = restore(
    initialState({ size: { columns: 100, rows: 24 }, pick: options.pick, readDelayMs: options.readDelayMs }),
    undefined,
    new World(lib, marks),
  );
  const store = new ReaderStore(state, lib, {
    marks,
    openUrl: async (url) => void opened.push(url),
    copy: (text) => void copied.push(text),
    suspend: () => {},
    exit: (result) => void exits.push(result),
  });
  const app = render(<App store={store} />);
  const input = new KeyReader(store.dispatch, 5);
  const frame = () => app.lastFrame() ?? '';
  /** Sends each key as its own chunk, as slow typing does. */
  const press = (...keys: string[]) => keys.forEach((key) => input.feed(KEYS[key] ?? key));
  /** Waits until the frame shows what the test expects (3 s at most). */
  const until = async (check: (frame: string) => boolean | RegExpMatchArray | null, what = 'the frame') => {
    await expect.poll(() => !!check(frame()), { timeout: 3000, interval: 5, message: `${what}; last frame:\n${frame()}` }).toBe(true);
  };
  const line = (n: number) => frame().split('\n')[n] ?? '';
  return { app, store, marks, exits, opened, copied, press, input, frame, until, line };
}

const storyId = (b: number, s: number) => library.briefings[b]!.stories[s]!.id;

describe('library screen', () => {
  it('lists briefings newest first with unread/total and the status line', async () => {
    const { until, frame } = setup();
    await until((f) => f.includes('Library · 1/7'));
    const lines = frame().split('\n');
    expect(lines[0]).toBe('digest');
    // The date column is relative ("yesterday", "3 days ago") until a week has passed, then the
    // date, with its weekday where the column has room.
    const date = library.briefings[0]!.date;
    const when = `(?:${relativeDate(date)}|${relativeDate(date, undefined, false)})`;
    // At 100 columns the title takes the room: the shape and publisher columns give way first.
    expect(lines[1]).toMatch(new RegExp(`^› ● Small Models, Big Audits, and the Week Prices Fell +${when} +6/6$`));
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines.at(-1)).toMatch(/^Library · 1\/7 · 18 unread .*enter open · n unread · t today · \/ search · \? help · q quit$/);
  });

  it('j/k move, g/G jump, q quits', async () => {
    const { press, until, exits } = setup();
    press('j', 'j');
    await until((f) => /› ● Cheaper Tokens/.test(f));
    press('G');
    // Undated briefings sort by file time, which a fresh checkout sets at random: ask the library.
    await until((f) => f.includes(`› ● ${library.briefings.at(-1)!.title.slice(0, 30)}`));
    press('g', 'k');
    await until((f) => /› ● Small Models, Big Audits/.test(f));
    press('q');
    await until(() => exits.length === 1);
    expect(exits[0]).toMatchObject({ kind: 'quit' });
  });
});

describe('briefing and story screens', () => {
  it('Enter opens a briefing with highlights and sections, Enter a story, which becomes read', async () => {
    const { press, until, line, marks } = setup();
    press('enter');
    await until((f) => f.includes('TOP STORIES') && f.includes('A week of quiet but meaningful shifts'));
    await until((f) => /› ● Small Models Close the Gap/.test(f) && f.includes('ARTICLES WORTH READING'));
    press('j', 'enter');
    await until(() => line(1) === '  Benchmarks Under Audit');
    expect(marks.isRead(storyId(0, 1))).toBe(true);
    expect(marks.isRead(storyId(0, 0))).toBe(false);
    press('escape');
    await until((f) => /› {3}Benchmarks Under Audit/.test(f));
    press('h');
    await until((f) => /^digest\n› ● Small Models, Big Audits.* 5\/6$/m.test(f));
  });

  it('the story screen shows the position, the share scrolled, and the sources with a cursor', async () => {
    const { press, until, frame, opened, copied } = setup();
    press('j', 'j', 'j', 'enter', 'enter');
    await until((f) => f.split('\n')[1] === '  Agents Learn to Run the Test Suite First');
    expect(frame()).toMatch(/Briefing 4\/7 · story 1\/3 · (all|0%) · 17 unread/);
    press('tab', 'tab', 'tab', 'tab');
    await until((f) => /› 1\. Release notes: test-first mode — Kai Lindqvist, 2026-11-17/.test(f));
    press('enter', 'y');
    await until(() => opened.length === 1 && copied.length === 1);
    expect(opened).toEqual(['https://example.com/agents/test-first']);
    press('j');
    await until((f) => /› 2\. Field report from a platform team/.test(f));
  });

  it('Space pages through a story, then goes on to the next unread', async () => {
    const { press, until, frame } = setup();
    press('j', 'j', 'enter', 'enter');
    await until((f) => f.includes('story 1/3 · 0%'));
    press('space');
    await until((f) => !f.includes(' 0% ') && f.includes('story 1/3'));
    for (let i = 0; i < 12 && frame().includes('story 1/3'); i++) {
      press('space');
      await until((f) => f.includes('story 2/3') || !f.includes(' 0% '));
    }
    await until((f) => f.split('\n')[1] === '  Benchmarks Are Leaking Into Training Sets');
  });
});

describe('search, help, marks', () => {
  it('/ searches titles and text as you type; Enter opens the hit; Esc returns to the results', async () => {
    const { press, until, line } = setup();
    press('/', 'r', 'e', 't', 'r', 'y');
    await until((f) => f.includes('/ retry') && /› ● Diff Summaries Get Honest/.test(f));
    await until((f) => /^1 match/m.test(f));
    press('enter');
    await until(() => line(1) === '  Diff Summaries Get Honest');
    press('escape');
    await until((f) => f.includes('/ retry') && /› {3}Diff Summaries Get Honest/.test(f));
  });

  it('? lists every key of the current screen from the keymap; any other key closes it', async () => {
    const { press, until } = setup();
    press('?');
    await until((f) => f.includes('Keys on the library screen'));
    for (const binding of KEYMAP.filter((b) => b.modes.includes('library')).slice(0, 12))
      await until((f) => f.includes(binding.help), binding.help);
    press('x');
    await until((f) => f.includes('Library · 1/7'));
  });

  it("i shows the briefing's own parts: the open question, the transcript, the thinkers", async () => {
    const { press, until } = setup();
    press('j', 'enter');
    await until((f) => f.includes('i: also in this briefing: Duration, In this briefing, The open question, Transcript, Thinkers'));
    press('i');
    await until((f) => f.includes('THE OPEN QUESTION') && f.includes('who is accountable when one of them gives bad advice?'));
    press(...Array(10).fill('j'));
    await until((f) => f.includes('Mira Okafor (@miraokafor)'));
    press('x');
    await until((f) => /Briefing 2\/7/.test(f));
  });

  it('A asks with its y/n in view; S lists the starred', async () => {
    const { press, until, frame } = setup();
    press('A');
    await until((f) => f.includes('Mark all 6 unread stories in "Small Models, Big Audits'));
    expect(frame().split('\n').at(-1)).toMatch(/y yes · n no$/);
    press('y');
    await until((f) => f.includes('Marked 6 stories read (u undoes)'));
    press('enter', 's', 'escape', 'S');
    await until((f) => /› ★ Small Models Close the Gap/.test(f) && f.includes('Starred · 1/1'));
  });

  it('| opens a prompt at the bottom and types into it', async () => {
    const { press, until, frame, exits } = setup();
    press('enter', '|', 'w', 'c');
    await until((f) => f.split('\n').at(-1) === '| pipe the story to: wc');
    press('enter');
    await until(() => exits.length === 1);
    expect(exits[0]).toMatchObject({ kind: 'pipe', command: 'wc', at: { story: storyId(0, 0) } });
    expect(frame()).toBeTruthy();
  });
});

describe('reading without friction', () => {
  it('a search result shows the text where it matches, and the count says match or matches', async () => {
    const { press, until, frame } = setup();
    press('/', ...'laundry');
    await until((f) => /^1 match/m.test(f) && f.includes('Household Robots Learn From Video'));
    expect(frame()).toMatch(/^›? +…?.*to fold laundry and load dishwashers\.$/m);
  });

  it('S opens the starred stories from a story; the header names the view', async () => {
    const { press, until, frame, marks } = setup();
    marks.set(storyId(2, 1), 'starred', true);
    press('enter', 'enter', 'S');
    await until((f) => f.includes('Starred · 1/1'));
    expect(frame().split('\n')[0]).toBe('digest › Starred');
    press('/');
    await until((f) => f.split('\n')[0] === 'digest › Search');
  });

  it('the status line drops whole hints, never cutting one mid-word', async () => {
    const { fitHints } = await import('../src/ui/components/StatusBar');
    expect(fitHints(['enter open', 'n unread', '/ search', '? help'], 22)).toBe('enter open · n unread');
    expect(fitHints(['enter open', 'n unread'], 9)).toBe('');
  });

  it("search results are drawn from titles first, and each one's text fills in once read", () => {
    // A library of its own, so no other test has read these briefings whole already.
    const lib = loadLibrary([FIXTURES]);
    for (const briefing of lib.briefings) forget(briefing.path);
    const world = new World(lib, MarkStore.open(join(mkdtempSync(join(tmpdir(), 'digest-ui-')), 'marks.jsonl')));
    let told = 0;
    world.onWork = () => told++;
    const head = lib.briefings.find((b) => b.stories.some((s) => /benchmark/i.test(s.title)))!;
    const ref = { briefing: head.id, story: head.stories.find((s) => /benchmark/i.test(s.title))!.id };
    expect(world.snippet(ref, 'the', 60)).toBeUndefined();
    expect(told).toBe(1);
    expect(world.readingForResults).toBe(true);
    expect(world.readForResults(1000)).toBe(false);
    expect(world.readingForResults).toBe(false);
    const snippet = world.snippet(ref, 'the', 60);
    expect(snippet?.match.toLowerCase()).toBe('the');
    expect(told).toBe(1);
  });

  it('rows found elsewhere are cut to the line by the reader, each part keeping its tone', async () => {
    const { fitSegments } = await import('../src/ui/layout');
    const { widthOf } = await import('../src/print/width');
    const segments = [
      { text: '● ', tone: 'unread' as const },
      { text: 'A title long enough to need cutting', tone: 'title' as const },
      { text: '  Its briefing', tone: 'dim' as const },
    ];
    const cut = fitSegments(segments, 20);
    expect(cut.map((s) => s.text).join('')).toBe('● A title long enou…');
    expect(cut.map((s) => s.tone)).toEqual(['unread', 'title']);
    expect(fitSegments(segments, 80)).toEqual(segments);
    // Wide characters at odd and even widths: never a column over.
    for (const width of [1, 2, 9, 10, 11, 12])
      expect(widthOf(fitSegments([{ text: '中文'.repeat(20), tone: 'body' }], width)[0]!.text)).toBeLessThanOrEqual(width);
    expect(
      fitSegments(
        [
          { text: '', tone: 'dim' },
          { text: 'after an empty one', tone: 'title' },
        ],
        10,
      )[1]!.text,
    ).toBe('after an …');
  });

  it('the status line puts the position left and the hints or message right, in one line of its width', async () => {
    const { StatusBar } = await import('../src/ui/components/StatusBar');
    const line = (props: { where: string; message: string | null; width: number }) =>
      render(<StatusBar hints={['enter open', 'n unread']} {...props} />).lastFrame() ?? '';
    expect(line({ where: 'Library · 1/7', message: null, width: 40 })).toBe(`Library · 1/7${' '.repeat(6)}enter open · n unread`);
    expect(line({ where: 'Library · 1/7', message: 'Saved', width: 40 })).toBe(`Library · 1/7${' '.repeat(22)}Saved`);
    // A message with no room beside the position takes the line; a position wider than the line is cut.
    expect(line({ where: 'Library · 1/7', message: 'Marked 12 stories read in this briefing', width: 40 })).toBe(
      'Marked 12 stories read in this briefing',
    );
    expect(line({ where: 'Library · 2/10000 · 42348 unread · unread only', message: null, width: 40 })).toBe(
      'Library · 2/10000 · 42348 unread · unre…',
    );
    expect(line({ where: 'Library · 1/7', message: null, width: 14 })).toBe('Library · 1/7');
    // A message is one line, whatever it holds.
    expect(line({ where: 'Library · 1/7', message: 'two\nlines\tand a tab', width: 40 })).toBe(
      `Library · 1/7${' '.repeat(8)}two lines and a tab`,
    );
  });
});

describe('keys at full speed', () => {
  it('keys arriving in one chunk give the frame they give when typed one by one', async () => {
    const sequences = ['jj\r\r', '/retry\x7f\x7f\x7fry\r', '\rGG\x1bj\r', 'n?jjx', '\r|wc -w'];
    for (const keys of sequences) {
      const slow = setup();
      for (const key of keys) slow.input.feed(key);
      slow.input.flush();
      const fast = setup();
      fast.input.feed(keys);
      fast.input.flush();
      await slow.until((f) => f.length > 0);
      await fast.until((f) => f === slow.frame(), `the frame after ${JSON.stringify(keys)}`);
      expect(fast.store.state).toEqual(slow.store.state);
    }
  });

  it('Enter then | in one chunk in pick mode picks the story (| is judged on the briefing screen)', async () => {
    const { input, until, exits } = setup({ pick: true });
    input.feed('\r|');
    await until(() => exits.length === 1);
    expect(exits[0]).toEqual({ kind: 'pick', at: { briefing: library.briefings[0]!.id, story: storyId(0, 0) } });
  });

  it('Ctrl-C quits from anywhere, even a search, even right after Esc', async () => {
    for (const keys of ['/\x03', '\x1b\x03', '\r|ab\x03', 'A\x03']) {
      const { input, until, exits } = setup();
      input.feed(keys);
      await until(() => exits.length === 1, `quit after ${JSON.stringify(keys)}`);
      expect(exits[0]!.kind).toBe('quit');
    }
  });

  it('with a read delay, only a story left open that long becomes read', async () => {
    const { press, marks, until } = setup({ readDelayMs: 150 });
    press('enter', 'enter', 'J');
    await until(() => marks.isRead(storyId(0, 1)));
    expect(marks.isRead(storyId(0, 0))).toBe(false);
  });
});

describe('a library of heads from the parse cache', () => {
  it('reads stories whole on demand: the reader shows takeaways and search finds quoted words', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'digest-ui-cache-'));
    loadLibrary([FIXTURES], { cache: new ParseCache([FIXTURES], cacheDir) });
    const heads = loadLibrary([FIXTURES], { cache: new ParseCache([FIXTURES], cacheDir) });
    expect(heads.briefings.every(isHead)).toBe(true);
    const { press, until } = setup({ library: heads });
    press('j', 'j', 'enter', 'enter');
    // The first body paragraph is not in the head: only a whole read can show it.
    await until((f) => f.includes('The headline result is a small model'));
    press('escape', 'escape', '/', 'r', 'e', 't', 'r', 'y');
    await until((f) => f.includes('Diff Summaries Get Honest'));
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
