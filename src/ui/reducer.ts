import { openableLink } from '../model/links';
import type { BriefingHead } from '../model/types';
import { actionFor, keyLabel, TEXT_MODES, type Action, type Screen } from './keymap';
import { fit } from './layout';
import { adjacentStory, findUnread } from './navigation';
import { reconcile } from './reconcile';
import { settle } from './settle';
import {
  geometry,
  listedBriefings,
  listedStories,
  modeOf,
  openBriefing,
  resultsPerScreen,
  openStory,
  sameRef,
  savedPosition,
  selectedRef,
  type ExitResult,
  type MarkChange,
  type ReaderState,
} from './state';
import { clamp } from './window';
import type { StoryRef, World } from './world';

/** What happens to the reader: keys and typed text, and news from outside (resize, files, timers). */
export type ReaderEvent =
  | { type: 'key'; name: string }
  | { type: 'paste'; text: string }
  | { type: 'resize'; columns: number; rows: number }
  /** The library was read again (files added, changed or gone); `before` is the old list. */
  | { type: 'library'; before: readonly BriefingHead[]; note: string | null }
  /** The read delay passed with this story still open. */
  | { type: 'dwell'; story: string }
  | { type: 'say'; message: string }
  | { type: 'resumed'; at: string }
  /** Something the state depends on changed (search results filled in): settle again. */
  | { type: 'refresh' };

/** What the reducer asks the outside world to do; run by the store, never here. */
export type Effect =
  | { kind: 'mark'; changes: MarkChange[]; undo?: true }
  | { kind: 'open'; url: string }
  | { kind: 'copy'; text: string }
  | { kind: 'exit'; result: ExitResult }
  | { kind: 'suspend' }
  /** Send `event` back after `ms`; a newer one replaces one still waiting. */
  | { kind: 'later'; ms: number; event: ReaderEvent };

export interface Reduced {
  state: ReaderState;
  effects: Effect[];
}

/**
 * The reader's whole behaviour: an event and the state before it give the state after it and
 * the effects to run. Pure but for reading the library through `world` (which may read a
 * briefing's file), so it is tested without Ink or a terminal.
 */
export function reduce(before: ReaderState, event: ReaderEvent, world: World): Reduced {
  const effects: Effect[] = [];
  let state = step(before, event, world, effects);
  state = settle(state, world);
  if (event.type === 'key' || event.type === 'paste') state = markOnOpen(before, state, world, effects);
  return { state, effects };
}

function step(state: ReaderState, event: ReaderEvent, world: World, effects: Effect[]): ReaderState {
  switch (event.type) {
    case 'key':
      return key({ ...state, message: null }, event.name, world, effects);
    case 'paste':
      // Line breaks in a pasted query are spaces; anything else pasted outside a text box is not a key press.
      if (TEXT_MODES.has(modeOf(state))) return typeText({ ...state, message: null }, event.text.replace(/[\r\n\t]+/g, ' '));
      return { ...state, message: 'Pasted text goes into the search box: / first' };
    case 'resize':
      return { ...state, size: { columns: event.columns, rows: event.rows } };
    case 'library':
      return reconcile(state, event.before, event.note, world);
    case 'dwell':
      if (state.screen !== 'story' || state.story !== event.story) return state;
      return withChanges(state, [{ id: event.story, key: 'read', value: true }], world, effects);
    case 'say':
      return { ...state, message: event.message };
    case 'resumed':
      return { ...state, message: `Resumed at ${event.at}` };
    case 'refresh':
      return regroupSkim(state, world);
  }
}

const isPrintable = (name: string) => name === 'space' || [...name].length === 1;

function key(state: ReaderState, name: string, world: World, effects: Effect[]): ReaderState {
  const mode = modeOf(state);
  const action = actionFor(mode, name);
  if (action) return act(state, action, world, effects, name);
  if (TEXT_MODES.has(mode) && isPrintable(name)) return typeText(state, name === 'space' ? ' ' : name);
  if (state.overlay?.kind === 'confirm') return { ...state, overlay: null, message: 'Left as it was' };
  if (state.overlay?.kind === 'page') return { ...state, overlay: null };
  if (isPrintable(name) && !TEXT_MODES.has(mode)) return { ...state, message: `${keyLabel(name)} is not a key here; ? for help` };
  return state;
}

function typeText(state: ReaderState, text: string): ReaderState {
  const clean = text.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
  if (state.overlay?.kind === 'pipe') return { ...state, overlay: { ...state.overlay, command: state.overlay.command + clean } };
  if (state.screen === 'search' && state.search)
    return { ...state, search: { ...state.search, query: state.search.query + clean, at: null }, tops: { ...state.tops, search: 0 } };
  return state;
}

/** Applies the changes that differ from the marks as they are, as one undoable step. */
function withChanges(state: ReaderState, changes: MarkChange[], world: World, effects: Effect[]): ReaderState {
  const real = changes.filter((change) => (change.key === 'read' ? world.isRead(change.id) : world.isStarred(change.id)) !== change.value);
  if (real.length === 0) return state;
  effects.push({ kind: 'mark', changes: real });
  return { ...state, undo: [...state.undo.slice(-99), real.map((change) => ({ ...change, value: !change.value }))] };
}

/** Opening a story marks it read: at once, or once it has stayed open for the read delay. */
function markOnOpen(before: ReaderState, state: ReaderState, world: World, effects: Effect[]): ReaderState {
  if (state.screen !== 'story' || !state.story) return state;
  if (before.screen === 'story' && before.story === state.story && before.briefing === state.briefing) return state;
  if (state.options.readDelayMs > 0) {
    effects.push({ kind: 'later', ms: state.options.readDelayMs, event: { type: 'dwell', story: state.story } });
    return state;
  }
  return withChanges(state, [{ id: state.story, key: 'read', value: true }], world, effects);
}

/** The next unread story for n and Space, passing over news read elsewhere when skip-covered is on (and saying so). */
function nextUnread(
  state: ReaderState,
  world: World,
  from: { briefing: string | null; story: string | null },
  direction: 1 | -1,
): { ref: StoryRef; message: string | null } | null {
  const ref = findUnread(world, from, direction, state.options.skipCovered);
  if (!ref || !state.options.skipCovered) return ref && { ref, message: null };
  const plain = findUnread(world, from, direction);
  return { ref, message: plain && !sameRef(plain, ref) ? 'Passed over news you read in another briefing' : null };
}

/**
 * From the skim: Enter (`direction` 0) opens the selected news at its first unread story; n and
 * N open the next or previous news with an unread story. Back comes to the skim.
 */
function openFromSkim(state: ReaderState, world: World, direction: -1 | 0 | 1): ReaderState {
  const skim = state.skim;
  if (!skim) return state;
  const groups = skim.skim.groups;
  const unreadIn = (i: number) => groups[i]?.stories.find(({ story }) => !world.isRead(story.id));
  for (let i = skim.at + direction; i >= 0 && i < groups.length; i += direction || 1) {
    const found = unreadIn(i) ?? (direction === 0 ? groups[i]!.stories[0] : undefined);
    if (found) {
      const next = { ...state, skim: { ...skim, at: i } };
      return openStory(next, { briefing: found.briefing.id, story: found.story.id }, 'today');
    }
    if (direction === 0) break;
  }
  return { ...state, message: groups.length === 0 ? 'Nothing unread' : 'No more unread news in the skim' };
}

/** A skim made before related coverage was worked out, made again once it is: the cursor stays on its story. */
function regroupSkim(state: ReaderState, world: World): ReaderState {
  const open = state.skim;
  if (!open?.partial || world.relatedPending) return state;
  const skim = world.skim(state.options.lastVisit);
  const selected = open.skim.groups[open.at]?.stories[0]?.story.id;
  const at = Math.max(
    0,
    skim.groups.findIndex((group) => group.stories.some(({ story }) => story.id === selected)),
  );
  return { ...state, skim: { ...open, skim, at, partial: false } };
}

/** m in the skim: every story of the selected news read, or unread again when all of them are read. */
function markGroup(state: ReaderState, world: World, effects: Effect[]): ReaderState {
  const group = state.skim?.skim.groups[state.skim.at];
  if (!group) return state;
  const value = !group.stories.every(({ story }) => world.isRead(story.id));
  const next = withChanges(
    state,
    group.stories.map(({ story }) => ({ id: story.id, key: 'read', value })),
    world,
    effects,
  );
  // What changed, not what was asked: a story of the news read already is not counted again.
  const count = next === state ? 0 : next.undo.at(-1)!.length;
  return {
    ...next,
    message: `Marked ${count === 1 ? '1 story' : `${count} stories`} of this news ${value ? 'read' : 'unread'} (u undoes)`,
  };
}

/** Where Back from a story opened now should go: wherever the reader is coming from. */
function returnFrom(state: ReaderState): ReaderState['returnTo'] {
  if (state.screen === 'story') return state.returnTo;
  if (state.screen === 'starred') return 'starred';
  if (state.screen === 'search') return 'search';
  if (state.screen === 'today') return 'today';
  return 'briefing';
}

function moveIn<T>(list: readonly T[], current: number, delta: number): T | undefined {
  if (list.length === 0) return undefined;
  return list[clamp((current < 0 ? 0 : current) + clamp(delta, -list.length, list.length), 0, list.length - 1)];
}

function act(state: ReaderState, action: Action, world: World, effects: Effect[], key = ''): ReaderState {
  const g = geometry(state.size, state.screen);
  const page = Math.max(1, g.body);
  const steps: Partial<Record<Action, number>> = {
    down: 1,
    up: -1,
    pageDown: page,
    pageUp: -page,
    halfDown: Math.ceil(page / 2),
    halfUp: -Math.ceil(page / 2),
    space: page,
    top: -Infinity,
    bottom: Infinity,
  };
  const delta = steps[action];
  const overlay = state.overlay;

  // Everywhere.
  if (action === 'quit') {
    effects.push({ kind: 'exit', result: { kind: 'quit', position: state.options.pick ? null : savedPosition(state) } });
    return state;
  }
  if (action === 'suspend') {
    effects.push({ kind: 'suspend' });
    return state;
  }

  // Prompts and pages.
  if (overlay?.kind === 'page') {
    if (action === 'close') return { ...state, overlay: null };
    if (delta !== undefined) return { ...state, overlay: { ...overlay, scroll: clamp(overlay.scroll + clamp(delta, -1e9, 1e9), 0, 1e9) } };
    return state;
  }
  if (overlay?.kind === 'confirm') {
    if (action !== 'yes') return { ...state, overlay: null, message: 'Left as it was' };
    return { ...withChanges({ ...state, overlay: null }, overlay.changes, world, effects), message: overlay.done };
  }
  if (overlay?.kind === 'pipe') {
    const command = overlay.command;
    switch (action) {
      case 'submit': {
        const at = selectedRef(state);
        if (!at) return { ...state, overlay: null, message: 'Nothing to run' };
        // An empty command is the pager ($PAGER, else less): `|` then Enter reads the story in it.
        effects.push({ kind: 'exit', result: { kind: 'pipe', command: command.trim(), at, resume: { ...state, overlay: null } } });
        return state;
      }
      case 'cancel':
        return { ...state, overlay: null };
      default:
        return { ...state, overlay: { ...overlay, command: editLine(command, action) } };
    }
  }
  if (state.screen === 'search') return searchAction(state, action, world, delta);

  // Screens.
  switch (action) {
    case 'help':
      return { ...state, overlay: { kind: 'page', what: 'help', scroll: 0 } };
    case 'parts':
      if ((world.whole(state.briefing)?.extras.length ?? 0) === 0) return { ...state, message: 'This briefing has no other parts' };
      return { ...state, overlay: { kind: 'page', what: 'parts', scroll: 0 } };
    case 'search':
      return { ...state, screen: 'search', search: { query: '', at: null, from: state.screen }, tops: { ...state.tops, search: 0 } };
    case 'pipe': {
      const at = selectedRef(state);
      if (!at) return state;
      if (state.options.pick) {
        effects.push({ kind: 'exit', result: { kind: 'pick', at } });
        return state;
      }
      return { ...state, overlay: { kind: 'pipe', command: '' } };
    }
    case 'today': {
      const skim = world.skim(state.options.lastVisit);
      const from = state.screen === 'today' ? (state.skim?.from ?? 'library') : state.screen;
      const origin =
        state.screen === 'today' && state.skim ? state.skim.origin : { briefing: state.briefing, story: state.story, scroll: state.scroll };
      return {
        ...state,
        screen: 'today',
        skim: { skim, at: 0, from, origin, partial: world.relatedPending },
        tops: { ...state.tops, today: 0 },
      };
    }
    case 'edit': {
      const at = selectedRef(state);
      const head = at && world.head(at.briefing);
      if (!at || !head) return state;
      effects.push({ kind: 'exit', result: { kind: 'edit', path: head.path, at, resume: state } });
      return state;
    }
    case 'toggleRead':
    case 'star': {
      if (state.screen === 'today' && action === 'toggleRead') return markGroup(state, world, effects);
      const at = selectedRef(state);
      if (!at) return state;
      const key = action === 'star' ? 'starred' : 'read';
      const value = !(key === 'read' ? world.isRead(at.story) : world.isStarred(at.story));
      let next = withChanges(state, [{ id: at.story, key, value }], world, effects);
      // Unstarred on the starred screen: the cursor moves on to a neighbour before the story leaves the list.
      if (state.screen === 'starred' && key === 'starred' && !value) {
        const list = world.starred();
        const i = list.findIndex((ref) => sameRef(ref, at));
        next = { ...next, starredAt: list[i + 1] ?? list[i - 1] ?? null };
      }
      return { ...next, message: key === 'starred' ? (value ? 'Starred' : 'Unstarred') : value ? 'Marked read' : 'Marked unread' };
    }
    case 'markNewsRead': {
      const at = selectedRef(state);
      if (!at) return state;
      const ids = [at.story, ...world.related(at.story).map((ref) => ref.story)];
      const next = withChanges(
        state,
        ids.map((id) => ({ id, key: 'read', value: true })),
        world,
        effects,
      );
      if (next === state)
        return {
          ...state,
          message: ids.length === 1 ? 'Read already (no other briefing has this news)' : 'This news is read everywhere already',
        };
      const count = next.undo.at(-1)!.length;
      return { ...next, message: `Marked ${count} ${count === 1 ? 'story' : 'stories'} of this news read (u undoes)` };
    }
    case 'markAllRead': {
      const head = world.head(state.briefing);
      if (!head) return state;
      const unread = head.stories.filter((s) => !world.isRead(s.id));
      if (unread.length === 0) return { ...state, message: 'Every story here is read already' };
      const count = `${unread.length} unread ${unread.length === 1 ? 'story' : 'stories'}`;
      return {
        ...state,
        overlay: {
          kind: 'confirm',
          question: `Mark ${unread.length === 1 ? 'the' : 'all'} ${count} in "${fit(head.title, 40)}" read?`,
          changes: unread.map((s) => ({ id: s.id, key: 'read', value: true })),
          done: `Marked ${count.replace('unread ', '')} read (u undoes)`,
        },
      };
    }
    case 'undo': {
      const last = state.undo.at(-1);
      if (!last) return { ...state, message: 'Nothing to undo' };
      effects.push({ kind: 'mark', changes: last, undo: true });
      return { ...state, undo: state.undo.slice(0, -1), message: `Undid ${last.length} change${last.length === 1 ? '' : 's'}` };
    }
    case 'unreadOnly': {
      const read = world.marks.ids('read');
      const only = state.unreadOnly
        ? null
        : new Set(world.briefings.flatMap((b) => b.stories.filter((s) => !read.has(s.id)).map((s) => s.id)));
      const next = { ...state, unreadOnly: only, message: only ? 'Showing unread only (U shows all)' : 'Showing all stories' };
      const listed = listedStories(next, world.head(state.briefing));
      if (state.screen === 'briefing' && !listed.some((s) => s.id === state.story)) return { ...next, story: listed[0]?.id ?? null };
      return next;
    }
    case 'starred':
      return { ...state, screen: 'starred', starredAt: world.starred()[0] ?? null, tops: { ...state.tops, starred: 0 } };
    case 'nextUnread':
    case 'prevUnread': {
      if (state.screen === 'today') return openFromSkim(state, world, action === 'nextUnread' ? 1 : -1);
      const from =
        state.screen === 'starred'
          ? (state.starredAt ?? { briefing: null, story: null })
          : { briefing: state.briefing, story: state.screen === 'library' ? null : state.story };
      const at = nextUnread(state, world, from, action === 'nextUnread' ? 1 : -1);
      return at ? { ...openStory(state, at.ref, returnFrom(state)), message: at.message } : { ...state, message: 'No unread stories left' };
    }
    case 'nextStory':
    case 'prevStory': {
      const from = selectedRef(state);
      const at = from && adjacentStory(world, from, action === 'nextStory' ? 1 : -1);
      if (!at) return { ...state, message: action === 'nextStory' ? 'That was the last story' : 'This is the first story' };
      if (state.screen === 'story') return openStory(state, at, state.returnTo);
      const tops = at.briefing === state.briefing ? state.tops : { ...state.tops, briefing: 0 };
      return { ...state, screen: 'briefing', briefing: at.briefing, story: at.story, tops };
    }
  }

  switch (state.screen) {
    case 'library': {
      const list = listedBriefings(state, world);
      const here = list === world.briefings ? world.indexOf(state.briefing) : list.findIndex((b) => b.id === state.briefing);
      if (delta !== undefined) return { ...state, briefing: moveIn(list, here, delta)?.id ?? state.briefing };
      if (action === 'open' && state.briefing && list.length > 0) return openBriefing(state, world, state.briefing);
      return state;
    }
    case 'today': {
      const groups = state.skim?.skim.groups ?? [];
      // A piece of news takes about five rows: a page of rows is a fifth as many.
      const by =
        delta !== undefined && Math.abs(delta) > 1 && Number.isFinite(delta)
          ? Math.sign(delta) * Math.max(1, Math.floor(Math.abs(delta) / 5))
          : delta;
      if (by !== undefined && state.skim) {
        const at = clamp(state.skim.at + clamp(by, -groups.length, groups.length), 0, Math.max(0, groups.length - 1));
        return { ...state, skim: { ...state.skim, at } };
      }
      if (action === 'open') return openFromSkim(state, world, 0);
      if (action === 'back') {
        const skim = state.skim;
        if (!skim || skim.from === 'today' || skim.from === 'search') return { ...state, screen: 'library', skim: null };
        return { ...state, screen: skim.from, ...skim.origin, skim: null };
      }
      return state;
    }
    case 'starred': {
      const list = world.starred();
      if (delta !== undefined)
        return {
          ...state,
          starredAt:
            moveIn(
              list,
              list.findIndex((ref) => sameRef(ref, state.starredAt)),
              delta,
            ) ?? null,
        };
      if (action === 'open' && state.starredAt) return openStory(state, state.starredAt, 'starred');
      if (action === 'back') return { ...state, screen: 'library' };
      return state;
    }
    case 'briefing': {
      const stories = listedStories(state, world.head(state.briefing));
      // Stories take two rows each here, so a page of rows is half as many stories.
      const by =
        delta !== undefined && Math.abs(delta) > 1 ? Math.sign(delta) * Math.max(1, Math.floor(Math.min(Math.abs(delta), 1e9) / 2)) : delta;
      const here = stories.findIndex((s) => s.id === state.story);
      if (by !== undefined) return { ...state, story: moveIn(stories, here, by)?.id ?? null };
      if (action === 'open' && state.briefing && state.story)
        return openStory(state, { briefing: state.briefing, story: state.story }, 'briefing');
      if (action === 'back') return { ...state, screen: 'library' };
      return state;
    }
    case 'story':
      return storyAction(state, action, world, effects, delta, key);
  }
  return state;
}

function editLine(line: string, action: Action): string {
  if (action === 'deleteChar') return [...line].slice(0, -1).join('');
  if (action === 'deleteWord') return line.replace(/\S*\s*$/, '');
  if (action === 'clearInput') return '';
  return line;
}

function searchAction(state: ReaderState, action: Action, world: World, delta: number | undefined): ReaderState {
  const search = state.search ?? { query: '', at: null, from: 'library' as Screen };
  const hits = world.searchHits(search.query);
  switch (action) {
    case 'submit':
      if (!search.at) return state;
      return openStory({ ...state, search }, search.at, 'search');
    case 'cancel':
      return { ...state, screen: search.from === 'search' ? 'library' : search.from, search: null };
    case 'deleteChar':
    case 'deleteWord':
    case 'clearInput':
      return { ...state, search: { ...search, query: editLine(search.query, action), at: null }, tops: { ...state.tops, search: 0 } };
  }
  if (delta !== undefined) {
    const here = hits.findIndex((ref) => sameRef(ref, search.at));
    // A page of results: each takes two rows, under the search box.
    const step = Math.abs(delta) > 1 && Number.isFinite(delta) ? Math.sign(delta) * resultsPerScreen(state.size) : delta;
    return { ...state, search: { ...search, at: moveIn(hits, here, step) ?? null } };
  }
  return state;
}

function storyAction(
  state: ReaderState,
  action: Action,
  world: World,
  effects: Effect[],
  delta: number | undefined,
  key: string,
): ReaderState {
  const g = geometry(state.size, 'story');
  const ref = selectedRef(state);
  const layout = world.storyLayout(ref, g.readerWidth);
  const page = g.body;
  const max = Math.max(0, layout.rows.length - page);

  /** Puts the source cursor on `index`, scrolled into view. */
  const selectSource = (s: ReaderState, index: number): ReaderState => {
    const source = clamp(index, 0, layout.sourceRows.length - 1);
    const row = layout.sourceRows[source] ?? 0;
    let scroll = s.scroll;
    if (row < scroll) scroll = row;
    else if (row >= scroll + page - 2) scroll = row - page + 3;
    return { ...s, focus: 'sources', source, scroll: clamp(scroll, 0, max) };
  };

  if (state.focus === 'sources' && (action === 'down' || action === 'up')) {
    const next = state.source + (action === 'down' ? 1 : -1);
    if (next >= 0 && next < layout.sourceRows.length) return selectSource(state, next);
    return { ...state, focus: 'text' };
  }
  // In the sources, G and g go to the last and first source, which stay selected and in view.
  if (state.focus === 'sources' && (action === 'bottom' || action === 'top')) {
    const moved = selectSource(state, action === 'bottom' ? layout.sourceRows.length - 1 : 0);
    return action === 'bottom' ? { ...moved, scroll: max } : moved;
  }
  if (action === 'space' && state.scroll >= max) {
    const at = nextUnread(state, world, { briefing: state.briefing, story: state.story }, 1);
    return at
      ? { ...openStory(state, at.ref, state.returnTo), message: at.message }
      : { ...state, message: 'End of story; no unread stories left' };
  }
  if (delta !== undefined) {
    // A page keeps two rows of the last one in view, so the eye finds its place.
    const by = !Number.isFinite(delta)
      ? delta
      : action === 'space' || action === 'pageDown'
        ? Math.max(1, delta - 2)
        : action === 'pageUp'
          ? Math.min(-1, delta + 2)
          : delta;
    return { ...state, scroll: clamp(state.scroll + clamp(by, -1e9, 1e9), 0, max), section: null, focus: 'text' };
  }
  switch (action) {
    case 'nextSection':
    case 'prevSection': {
      const anchors = layout.anchors;
      if (anchors.length === 0) return state;
      const forward = action === 'nextSection';
      // Tab leaves the sources at once (j/k move within them): thirty sources are not thirty Tabs.
      const current =
        state.section ??
        Math.max(
          0,
          anchors.findLastIndex((a) => a.row <= state.scroll),
        );
      const index = (current + (forward ? 1 : -1) + anchors.length) % anchors.length;
      const target = anchors[index]!;
      const moved: ReaderState = { ...state, section: index, scroll: clamp(target.row, 0, max), focus: 'text' };
      if (target.label === 'Sources' && layout.sourceRows.length > 0) return { ...selectSource(moved, 0), scroll: moved.scroll };
      if (target.label === 'Also in' && layout.related) return { ...selectSource(moved, layout.sourceIndex.length), scroll: moved.scroll };
      return moved;
    }
    case 'back': {
      if (state.focus === 'sources') return { ...state, focus: 'text' };
      // Back from a story opened in "Also in" returns to the story it was opened from, where it was.
      const last = state.trail.at(-1);
      if (last && sameRef(last.to, ref)) {
        const back = openStory({ ...state, trail: state.trail.slice(0, -1) }, last.from, last.returnTo);
        const backLayout = world.storyLayout(last.from, g.readerWidth);
        const source = clamp(last.source, 0, Math.max(0, backLayout.sourceRows.length - 1));
        // Back on its "Also in", as it was left: the heading marked and the status line saying so.
        const section = backLayout.anchors.findIndex((anchor) => anchor.label === 'Also in');
        return {
          ...back,
          scroll: last.scroll,
          focus: backLayout.sourceRows.length > 0 ? 'sources' : 'text',
          source,
          section: section >= 0 ? section : null,
        };
      }
      if (state.returnTo === 'search' && state.search) return { ...state, screen: 'search' };
      if (state.returnTo === 'today' && state.skim) return { ...state, screen: 'today', trail: [] };
      if (state.returnTo === 'starred') return { ...state, screen: 'starred', starredAt: ref, trail: [] };
      return { ...state, screen: 'briefing', trail: [] };
    }
    case 'open': {
      if (state.focus === 'text') {
        if (layout.sourceRows.length > 0) return selectSource(state, 0);
        const listed = world.story(ref)?.story.sources.length ?? 0;
        return { ...state, message: listed > 0 ? 'None of the sources here has a link' : 'This story has no sources' };
      }
      const related = layout.related?.[state.source - layout.sourceIndex.length];
      if (related && ref) {
        const trail = [
          ...state.trail.slice(-19),
          { from: ref, to: related, scroll: state.scroll, source: state.source, returnTo: state.returnTo },
        ];
        const title = world.head(related.briefing)?.title ?? '';
        return { ...openStory({ ...state, trail }, related, state.returnTo), message: `In ${fit(title, 50)} (Esc comes back)` };
      }
      const url = world.story(ref)?.story.sources[layout.sourceIndex[state.source] ?? -1]?.url;
      if (!url) return { ...state, message: 'This source has no URL' };
      const link = openableLink(url);
      if ('refused' in link) return { ...state, message: `Not opened: ${link.refused}` };
      effects.push({ kind: 'open', url: link.url });
      return { ...state, message: `Opening ${link.url}` };
    }
    case 'openNumbered': {
      // newsboat's convention: the number shown before a source opens it.
      const n = Number(key);
      const source = world.story(ref)?.story.sources[n - 1];
      if (!source) return { ...state, message: `This story has no source ${n}` };
      if (!source.url) return { ...state, message: `Source ${n} has no link` };
      const link = openableLink(source.url);
      if ('refused' in link) return { ...state, message: `Not opened: ${link.refused}` };
      effects.push({ kind: 'open', url: link.url });
      const selectable = layout.sourceIndex.indexOf(n - 1);
      return { ...(selectable >= 0 ? selectSource(state, selectable) : state), message: `Opening ${link.url}` };
    }
    case 'copySource': {
      if (state.focus !== 'sources') return { ...state, message: 'Tab to Sources first, then y copies a URL' };
      if (state.source >= layout.sourceIndex.length) return { ...state, message: 'That is a story: Enter opens it' };
      const url = world.story(ref)?.story.sources[layout.sourceIndex[state.source] ?? -1]?.url;
      if (!url) return { ...state, message: 'This source has no URL' };
      effects.push({ kind: 'copy', text: url });
      return { ...state, message: 'Copied the URL' };
    }
  }
  return state;
}
