import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/library/load';
import { MarkStore } from '../src/state/marks';
import { KEYMAP, type Action } from '../src/ui/keymap';
import { restore } from '../src/ui/reconcile';
import { initialState } from '../src/ui/state';
import { World } from '../src/ui/world';
import { FIXTURES } from './helpers';
import { reader, sampleIds, sampleLibrary } from './harness';

const library = sampleLibrary;
const ids = sampleIds;

describe('the reader reducer: lists and stories', () => {
  it('starts on the library, the first briefing under the cursor', () => {
    const r = reader();
    expect(r.state.screen).toBe('library');
    expect(r.state.briefing).toBe(library.briefings[0]!.id);
  });

  it('j/k, g/G, PgDn/PgUp, Ctrl-d/u and Space move the library cursor and stay in bounds', () => {
    const r = reader();
    r.keys('j', 'j');
    expect(r.state.briefing).toBe(library.briefings[2]!.id);
    r.keys('k');
    expect(r.state.briefing).toBe(library.briefings[1]!.id);
    r.keys('G');
    expect(r.state.briefing).toBe(library.briefings.at(-1)!.id);
    r.keys('j', 'pagedown', 'space', 'ctrl+d');
    expect(r.state.briefing).toBe(library.briefings.at(-1)!.id);
    r.keys('g', 'k', 'pageup', 'ctrl+u');
    expect(r.state.briefing).toBe(library.briefings[0]!.id);
    r.keys('ctrl+f', 'ctrl+b');
    expect(r.state.briefing).toBe(library.briefings[0]!.id);
  });

  it('opening a briefing puts the cursor on its first unread story, with its top in view', () => {
    const r = reader();
    r.marks.setMany([0, 1].map((s) => ({ id: ids(0, s).story, key: 'read', value: true })));
    r.world.touch();
    r.keys('enter');
    expect(r.state.screen).toBe('briefing');
    expect(r.state.story).toBe(ids(0, 2).story);
    expect(r.state.tops.briefing).toBe(0);
  });

  it('on a short screen, an opened briefing shows its cursor even when its highlights fill the page', () => {
    const r = reader({ size: { columns: 40, rows: 12 } });
    r.keys('enter');
    const rows = r.world.briefingRows(r.state.briefing, 38, null);
    const cursorRow = rows.findIndex((row) => row.item === 0);
    expect(cursorRow).toBeGreaterThan(9);
    expect(r.state.tops.briefing).toBeGreaterThan(0);
    expect(cursorRow - r.state.tops.briefing).toBeLessThan(9);
  });

  it('after G in one briefing, Esc j Enter opens the next briefing on its first story, not its last', () => {
    const r = reader();
    r.keys('enter', 'G');
    expect(r.state.story).toBe(ids(0, 5).story);
    r.keys('escape', 'j', 'enter');
    expect(r.state).toMatchObject({ screen: 'briefing', ...ids(1, 0) });
    expect(r.state.tops.briefing).toBe(0);
  });

  it('Enter opens a story and marks it read; Esc goes back with the cursor on it; h back to the library', () => {
    const r = reader();
    r.keys('enter', 'j', 'enter');
    expect(r.state).toMatchObject({ screen: 'story', ...ids(0, 1), scroll: 0 });
    expect(r.marks.isRead(ids(0, 1).story)).toBe(true);
    expect(r.marks.isRead(ids(0, 0).story)).toBe(false);
    r.keys('escape');
    expect(r.state).toMatchObject({ screen: 'briefing', story: ids(0, 1).story });
    r.keys('h');
    expect(r.state).toMatchObject({ screen: 'library', briefing: ids(0, 0).briefing });
  });

  it('J/K cross briefings, and say so at either end of the library', () => {
    const r = reader();
    r.keys('enter', 'G', 'enter', 'J');
    expect(r.state).toMatchObject({ screen: 'story', ...ids(1, 0) });
    r.keys('K');
    expect(r.state).toMatchObject({ screen: 'story', ...ids(0, 5) });
    r.keys('escape', 'g', 'K');
    expect(r.state.message).toBe('This is the first story');
    r.keys('h', 'G', 'enter', 'G', 'J');
    expect(r.state.message).toBe('That was the last story');
    // On the briefing screen J moves the cursor, into the next briefing at the end.
    r.keys('h', 'g', 'enter', 'G', 'J');
    expect(r.state).toMatchObject({ screen: 'briefing', ...ids(1, 0) });
  });

  it('n/N go to the next and previous unread story anywhere, wrapping round once', () => {
    const r = reader();
    r.marks.set(ids(0, 0).story, 'read', true);
    r.world.touch();
    r.keys('n');
    expect(r.state).toMatchObject({ screen: 'story', ...ids(0, 1) });
    r.keys('n');
    expect(r.state).toMatchObject(ids(0, 2));
    r.keys('N');
    // Backwards from here every story is read, so N wraps round to the last unread one.
    const last = library.briefings.at(-1)!;
    expect(r.state).toMatchObject({ briefing: last.id, story: last.stories.at(-1)!.id });
    const all = library.briefings.flatMap((b) => b.stories.map((s) => ({ id: s.id, key: 'read' as const, value: true })));
    r.marks.setMany(all);
    r.world.touch();
    r.keys('n');
    expect(r.state.message).toBe('No unread stories left');
  });

  it('the story scrolls by line, page and half page, and Space at its end opens the next unread', () => {
    const r = reader({ size: { columns: 80, rows: 16 } });
    r.keys('j', 'j', 'enter', 'enter');
    const layout = r.world.storyLayout(ids(2, 0), 78);
    const max = layout.rows.length - 13;
    expect(max).toBeGreaterThan(5);
    r.keys('j', 'j');
    expect(r.state.scroll).toBe(2);
    r.keys('k');
    expect(r.state.scroll).toBe(1);
    r.keys('ctrl+d');
    expect(r.state.scroll).toBe(1 + Math.ceil(13 / 2));
    r.keys('ctrl+u', 'pagedown');
    // A page keeps two rows of the last in view.
    expect(r.state.scroll).toBe(1 + 13 - 2);
    r.keys('pageup', 'G');
    expect(r.state.scroll).toBe(max);
    r.keys('g');
    expect(r.state.scroll).toBe(0);
    for (let i = 0; i < 50 && r.state.story === ids(2, 0).story; i++) r.keys('space');
    expect(r.state).toMatchObject({ screen: 'story', ...ids(2, 1) });
  });

  it('Tab walks the sections and onto the sources; j/k move among them; Enter opens, y copies', () => {
    const r = reader();
    r.keys('j', 'j', 'j', 'enter', 'enter');
    expect(r.state.story).toBe(ids(3, 0).story);
    const anchors = r.world.storyLayout(ids(3, 0), 98).anchors.map((a) => a.label);
    expect(anchors).toContain('Sources');
    for (let i = 0; i < anchors.indexOf('Sources'); i++) r.keys('tab');
    expect(r.state).toMatchObject({ focus: 'sources', source: 0 });
    r.keys('enter', 'y');
    expect(r.effectsOf('open')).toEqual([{ kind: 'open', url: 'https://example.com/agents/test-first' }]);
    expect(r.effectsOf('copy')).toEqual([{ kind: 'copy', text: 'https://example.com/agents/test-first' }]);
    r.keys('j');
    expect(r.state.source).toBe(1);
    r.keys('shift+tab');
    expect(r.state.focus).toBe('text');
    r.keys('y');
    expect(r.state.message).toMatch(/Tab to Sources first/);
    // Enter in the text goes to the sources; Esc leaves them before leaving the story.
    r.keys('enter');
    expect(r.state.focus).toBe('sources');
    r.keys('escape');
    expect(r.state).toMatchObject({ screen: 'story', focus: 'text' });
  });

  it('in Sources: Tab leaves them at once, G/g go to the last/first source, 1-9 open source N', () => {
    const r = reader({ size: { columns: 80, rows: 14 } });
    r.keys('j', 'j', 'j', 'enter', 'enter');
    const layout = r.world.storyLayout(ids(3, 0), 78);
    const sources = layout.anchors.findIndex((a) => a.label === 'Sources');
    for (let i = 0; i < sources; i++) r.keys('tab');
    expect(r.state).toMatchObject({ focus: 'sources', source: 0 });
    r.keys('G');
    expect(r.state).toMatchObject({ focus: 'sources', source: layout.sourceRows.length - 1 });
    r.keys('g', 'tab');
    expect(r.state.focus).toBe('text');
    expect(r.state.section).toBe((sources + 1) % layout.anchors.length);
    r.keys('2');
    expect(r.effectsOf('open').at(-1)).toEqual({ kind: 'open', url: r.world.story(ids(3, 0))!.story.sources[1]!.url });
    expect(r.state).toMatchObject({ focus: 'sources', source: 1 });
    r.keys('9');
    expect(r.state.message).toBe('This story has no source 9');
  });

  it('sources without a link are shown but cannot be selected, opened or copied', () => {
    const r = reader();
    // The podcast briefing's second story: its sources have titles, no URLs.
    r.keys('j', 'enter', 'j', 'enter');
    const story = r.world.story(ids(1, 1))!.story;
    expect(story.sources.length).toBeGreaterThan(0);
    expect(story.sources.every((source) => !source.url)).toBe(true);
    expect(r.world.storyLayout(ids(1, 1), 98).sourceRows).toEqual([]);
    r.keys('o');
    expect(r.state.message).toBe('None of the sources here has a link');
    r.keys('1');
    expect(r.state.message).toBe('Source 1 has no link');
    expect(r.effectsOf('open')).toEqual([]);
  });

  it('m toggles read, s stars, u undoes the last change, A marks a briefing after y only', () => {
    const r = reader();
    r.keys('enter', 'm');
    expect(r.marks.isRead(ids(0, 0).story)).toBe(true);
    r.keys('m', 's');
    expect(r.marks.isRead(ids(0, 0).story)).toBe(false);
    expect(r.marks.isStarred(ids(0, 0).story)).toBe(true);
    r.keys('A');
    expect(r.state.overlay).toMatchObject({ kind: 'confirm', question: expect.stringContaining('Mark all 6 unread stories') });
    r.keys('n');
    expect(r.state.overlay).toBe(null);
    expect(r.state.message).toBe('Left as it was');
    expect(r.marks.isRead(ids(0, 1).story)).toBe(false);
    r.keys('A', 'x');
    expect(r.marks.isRead(ids(0, 1).story)).toBe(false);
    r.keys('A', 'y');
    expect(library.briefings[0]!.stories.every((s) => r.marks.isRead(s.id))).toBe(true);
    expect(r.state.message).toBe('Marked 6 stories read (u undoes)');
    r.keys('u');
    expect(library.briefings[0]!.stories.some((s) => r.marks.isRead(s.id))).toBe(false);
    expect(r.marks.isStarred(ids(0, 0).story)).toBe(true);
    r.keys('u');
    expect(r.marks.isStarred(ids(0, 0).story)).toBe(false);
    r.keys('u', 'u', 'u');
    expect(r.state.message).toBe('Nothing to undo');
  });

  it('S lists starred stories by id; unstarring there moves the cursor to a neighbour', () => {
    const r = reader();
    r.marks.setMany([ids(0, 1), ids(2, 0), ids(3, 2)].map((at) => ({ id: at.story, key: 'starred', value: true })));
    r.world.touch();
    r.keys('S');
    expect(r.state).toMatchObject({ screen: 'starred', starredAt: ids(0, 1) });
    r.keys('j', 's');
    expect(r.state.starredAt).toEqual(ids(3, 2));
    expect(r.world.starred()).toEqual([ids(0, 1), ids(3, 2)]);
    r.keys('enter');
    expect(r.state).toMatchObject({ screen: 'story', ...ids(3, 2), returnTo: 'starred' });
    r.keys('escape');
    expect(r.state).toMatchObject({ screen: 'starred', starredAt: ids(3, 2) });
    r.keys('escape');
    expect(r.state.screen).toBe('library');
  });

  it('U shows unread only; a story read in that view stays until U again', () => {
    const r = reader();
    r.marks.set(ids(0, 0).story, 'read', true);
    r.world.touch();
    r.keys('enter', 'U');
    expect(r.state.story).toBe(ids(0, 1).story);
    r.keys('k');
    expect(r.state.story).toBe(ids(0, 1).story);
    r.keys('enter');
    expect(r.marks.isRead(ids(0, 1).story)).toBe(true);
    r.keys('escape');
    expect(r.state.story).toBe(ids(0, 1).story);
    r.keys('U');
    expect(r.state.unreadOnly).toBe(null);
    r.keys('k');
    expect(r.state.story).toBe(ids(0, 0).story);
  });

  it('? and i open pages that scroll with j/k/G and close on any other key', () => {
    const r = reader({ size: { columns: 80, rows: 14 } });
    r.keys('?');
    expect(r.state.overlay).toMatchObject({ kind: 'page', what: 'help' });
    r.keys('G');
    const scrolled = (r.state.overlay as { scroll: number }).scroll;
    expect(scrolled).toBeGreaterThan(0);
    r.keys('j');
    expect((r.state.overlay as { scroll: number }).scroll).toBe(scrolled);
    r.keys('g', 'x');
    expect(r.state.overlay).toBe(null);
    expect(r.state.screen).toBe('library');
    r.keys('enter', 'i');
    expect(r.state.message).toBe('This briefing has no other parts');
    r.keys('h', 'j', 'enter', 'i');
    expect(r.state.overlay).toMatchObject({ kind: 'page', what: 'parts' });
    r.keys('escape');
    expect(r.state).toMatchObject({ overlay: null, screen: 'briefing' });
  });

  it('an unknown key gives a hint, never an action', () => {
    const r = reader();
    r.keys('x');
    expect(r.state.message).toBe('x is not a key here; ? for help');
    expect(r.state.screen).toBe('library');
  });

  it('q quits from the library with the position; Ctrl-C quits from every mode; Ctrl-Z suspends', () => {
    const r = reader();
    r.keys('enter', 'j', 'enter', 'j', 'q', 'q');
    expect(r.state.screen).toBe('library');
    r.keys('q');
    expect(r.effectsOf('exit')).toEqual([
      { kind: 'exit', result: { kind: 'quit', position: { briefing: ids(0, 0).briefing, story: null, screen: 'library' } } },
    ]);
    for (const prefix of [[], ['/'], ['enter', '|'], ['A'], ['?']]) {
      const other = reader();
      other.keys(...prefix, 'ctrl+c');
      expect(other.effectsOf('exit')).toHaveLength(1);
    }
    const story = reader({ size: { columns: 80, rows: 14 } });
    story.keys('j', 'j', 'enter', 'enter', 'j', 'j', 'ctrl+z', 'ctrl+c');
    expect(story.effectsOf('suspend')).toHaveLength(1);
    expect(story.effectsOf('exit')).toEqual([
      { kind: 'exit', result: { kind: 'quit', position: { ...ids(2, 0), screen: 'story', scroll: 2 } } },
    ]);
  });
});

describe('the reader reducer: search, pipe and the read delay', () => {
  it('/ types into the search box; results by id; Enter opens one; Esc from it comes back to the results', () => {
    const r = reader();
    r.keys('/', ...'retry');
    expect(r.state.search?.query).toBe('retry');
    while (r.world.readForSearch(100));
    r.apply({ type: 'refresh' });
    const hits = r.world.searchHits('retry');
    expect(hits.length).toBeGreaterThan(0);
    expect(r.state.search?.at).toEqual(hits[0]);
    r.keys('enter');
    expect(r.state).toMatchObject({ screen: 'story', ...hits[0], returnTo: 'search' });
    r.keys('escape');
    expect(r.state).toMatchObject({ screen: 'search', search: { query: 'retry' } });
    r.keys('backspace', 'backspace', 'ctrl+w');
    expect(r.state.search?.query).toBe('');
    r.keys('j', 'space', 'k', 'ctrl+u');
    expect(r.state.search?.query).toBe('');
    r.keys('escape');
    expect(r.state).toMatchObject({ screen: 'library', search: null });
  });

  it('a paste goes into the search box whole; outside one it is not taken as keys', () => {
    const r = reader();
    r.apply({ type: 'paste', text: 'jjq' });
    expect(r.state.screen).toBe('library');
    expect(r.effectsOf('exit')).toHaveLength(0);
    r.keys('/');
    r.apply({ type: 'paste', text: 'open\nweights' });
    expect(r.state.search?.query).toBe('open weights');
  });

  it('| asks for a command, types into it and hands over the story; in pick mode it picks at once', () => {
    const r = reader();
    r.keys('enter', '|', ...'wc -w');
    expect(r.state.overlay).toEqual({ kind: 'pipe', command: 'wc -w' });
    r.keys('backspace', 'backspace', 'ctrl+u', ...'less', 'enter');
    const [exit] = r.effectsOf('exit');
    expect(exit).toMatchObject({ result: { kind: 'pipe', command: 'less', at: ids(0, 0) } });
    const pick = reader({ pick: true });
    pick.keys('enter', '|');
    expect(pick.effectsOf('exit')).toEqual([{ kind: 'exit', result: { kind: 'pick', at: ids(0, 0) } }]);
    const cancelled = reader();
    cancelled.keys('enter', '|', 'x', 'escape');
    expect(cancelled.state.overlay).toBe(null);
    expect(cancelled.effectsOf('exit')).toHaveLength(0);
  });

  it('with a read delay, a story is read only when the delay passes with it still open', () => {
    const r = reader({ readDelayMs: 3000 });
    r.keys('enter', 'enter');
    expect(r.marks.isRead(ids(0, 0).story)).toBe(false);
    expect(r.effectsOf('later')).toEqual([{ kind: 'later', ms: 3000, event: { type: 'dwell', story: ids(0, 0).story } }]);
    r.keys('J');
    r.apply({ type: 'dwell', story: ids(0, 0).story });
    expect(r.marks.isRead(ids(0, 0).story)).toBe(false);
    r.apply({ type: 'dwell', story: ids(0, 1).story });
    expect(r.marks.isRead(ids(0, 1).story)).toBe(true);
  });
});

describe('the reader reducer: the library changes under it', () => {
  function folder() {
    const dir = mkdtempSync(join(tmpdir(), 'digest-reload-'));
    for (const name of ['daily-digest-2026-11-22.txt', 'frontier-weekly-2026-11-20.txt', 'absorb-briefing-2026-11-21.txt'])
      cpSync(join(FIXTURES, name), join(dir, name));
    return dir;
  }

  it('stays on the same briefing and story by id when others arrive', () => {
    const dir = folder();
    const r = reader({ lib: loadLibrary([dir]) });
    r.keys('j', 'enter', 'j', 'enter');
    const open = { briefing: r.state.briefing, story: r.state.story };
    cpSync(join(FIXTURES, 'agents-roundup-2026-11-18.md'), join(dir, 'new.md'));
    cpSync(join(FIXTURES, 'notes-plain.txt'), join(dir, 'notes.txt'));
    r.replace(loadLibrary([dir]), '2 new briefings');
    expect(r.state).toMatchObject({ screen: 'story', ...open, message: '2 new briefings' });
  });

  it('when the open briefing goes, it goes back one level, says why, and marks nothing', () => {
    const dir = folder();
    const r = reader({ lib: loadLibrary([dir]) });
    r.keys('j', 'enter', 'j', 'enter');
    const gone = r.world.head(r.state.briefing)!;
    const marksBefore = r.effectsOf('mark').length;
    rmSync(gone.path);
    r.replace(loadLibrary([dir]));
    expect(r.state.screen).toBe('library');
    expect(r.state.message).toContain('was moved or deleted');
    expect(r.state.briefing).not.toBe(gone.id);
    expect(r.effectsOf('mark')).toHaveLength(marksBefore);
    // The cursor takes the gone briefing's place in the list.
    expect(r.world.indexOf(r.state.briefing)).toBe(1);
  });

  it('when the open story goes from its briefing, it goes back to the briefing and says why', () => {
    const dir = folder();
    const lib = loadLibrary([dir]);
    const r = reader({ lib });
    r.keys('enter', 'j', 'enter');
    const edited = {
      ...lib,
      briefings: lib.briefings.map((b, i) => (i === 0 ? { ...b, stories: b.stories.filter((s) => s.id !== r.state.story) } : b)),
    };
    r.replace(edited);
    expect(r.state).toMatchObject({
      screen: 'briefing',
      briefing: lib.briefings[0]!.id,
      message: expect.stringContaining('That story is gone from'),
    });
    expect(r.effectsOf('mark')).toHaveLength(1);
  });

  it('on the library screen a removed briefing under the cursor gives its place to the next', () => {
    const dir = folder();
    const r = reader({ lib: loadLibrary([dir]) });
    r.keys('j');
    rmSync(r.world.head(r.state.briefing)!.path);
    r.replace(loadLibrary([dir]));
    expect(r.state.screen).toBe('library');
    expect(r.world.indexOf(r.state.briefing)).toBe(1);
  });
});

describe('the reader reducer: restoring a position', () => {
  it('reopens the story where it was, scroll included, without marking it again', () => {
    const marks = MarkStore.open(join(mkdtempSync(join(tmpdir(), 'digest-restore-')), 'marks.jsonl'));
    const world = new World(library, marks);
    const state = restore(initialState({ size: { columns: 80, rows: 16 } }), { ...ids(2, 0), screen: 'story', scroll: 4 }, world);
    expect(state).toMatchObject({ screen: 'story', ...ids(2, 0), scroll: 4, message: expect.stringContaining('Back where you left off') });
    expect(marks.isRead(ids(2, 0).story)).toBe(false);
    // Positions saved by older versions (no screen) open the briefing on the story.
    expect(restore(initialState({ size: { columns: 80, rows: 24 } }), { ...ids(1, 2) }, world)).toMatchObject({
      screen: 'briefing',
      ...ids(1, 2),
    });
    // A position in a briefing that is gone is no position.
    expect(restore(initialState({ size: { columns: 80, rows: 24 } }), { briefing: 'gone', story: null }, world)).toMatchObject({
      screen: 'library',
      briefing: library.briefings[0]!.id,
      message: null,
    });
  });
});

describe('every action of the keymap', () => {
  it('does something somewhere: changes the state or asks for an effect', () => {
    // Each action from a state where it applies; a binding that does nothing anywhere is a bug.
    const where: Partial<Record<Action, string[]>> = {
      open: [],
      back: ['enter'],
      nextSection: ['enter', 'enter'],
      prevSection: ['enter', 'enter'],
      copySource: ['j', 'j', 'j', 'enter', 'enter', 'enter'],
      toggleRead: ['enter'],
      star: ['enter'],
      pipe: ['enter'],
      parts: ['j', 'enter'],
      nextStory: ['enter'],
      prevStory: ['enter', 'j'],
      up: ['j'],
      pageUp: ['G'],
      halfUp: ['G'],
      top: ['G'],
      prevUnread: [],
      undo: ['enter', 'm'],
      submit: ['/', 'r'],
      cancel: ['/'],
      deleteChar: ['/', 'r'],
      deleteWord: ['/', 'r'],
      clearInput: ['/', 'r'],
      yes: ['A'],
      no: ['A'],
      close: ['?'],
    };
    for (const action of new Set(KEYMAP.map((b) => b.action))) {
      const r = reader({ size: { columns: 80, rows: 14 } });
      r.keys(...(where[action] ?? []));
      const before = r.state;
      const binding = KEYMAP.find((b) => b.action === action)!;
      r.keys(binding.keys[0]!);
      const changed = r.state !== before && JSON.stringify({ ...r.state, message: null }) !== JSON.stringify({ ...before, message: null });
      const asked = r.effects.length > 0;
      expect(changed || asked || r.state.message !== before.message, `${action} (${binding.keys[0]})`).toBe(true);
    }
  });
});
