import type { Briefing, Story } from '../model/types';
import type { Action, Screen } from './keymap';
import type { Row, StoryLayout } from './layout';
import { clamp } from './window';

export interface NavState {
  screen: Screen;
  /** Selected briefing (library cursor) and story within it (briefing cursor). */
  b: number;
  s: number;
  /** First story row shown in the reader. */
  scroll: number;
  /** In the reader, Tab onto Sources moves a cursor among them. */
  focus: 'text' | 'sources';
  source: number;
  /** Cursor in the starred list, and where Back from a story returns. */
  starred: number;
  returnTo: Screen;
  /** The section Tab last went to; null once the reader scrolls on its own. */
  section: number | null;
  message: string | null;
}

export const initialNav: NavState = { screen: 'library', b: 0, s: 0, scroll: 0, focus: 'text', source: 0, starred: 0, returnTo: 'briefing', section: null, message: null };

/** What navigation needs to know about the library and the screen; built fresh by the hook. */
export interface World {
  briefings: Briefing[];
  isRead(id: string): boolean;
  starred: { b: number; s: number }[];
  /** Rows available for the body. */
  page: number;
  storyLayout(b: number, s: number): StoryLayout;
  briefingRows(b: number): Row[];
  /** Stories the briefing screen shows (all, or the unread-only view's). */
  visibleStories(b: number): number[];
}

type Position = { b: number; s: number };

function positions(world: World): Position[] {
  return world.briefings.flatMap((briefing, b) => briefing.stories.map((_, s) => ({ b, s })));
}

function storyAt(world: World, at: Position): Story | undefined {
  return world.briefings[at.b]?.stories[at.s];
}

/** The next (or previous) unread story after `from`, wrapping around the library once. */
export function findUnread(world: World, from: Position, direction: 1 | -1, includeFrom = false): Position | null {
  const all = positions(world);
  if (all.length === 0) return null;
  let index = all.findIndex((p) => p.b === from.b && p.s === from.s);
  if (index < 0) index = direction === 1 ? -1 : 0;
  for (let step = includeFrom ? 0 : 1; step <= all.length; step++) {
    const at = all[(((index + direction * step) % all.length) + all.length) % all.length]!;
    if (!world.isRead(storyAt(world, at)!.id)) return at;
  }
  return null;
}

function openStory(state: NavState, at: Position, returnTo: Screen = state.screen === 'story' ? state.returnTo : state.screen === 'starred' ? 'starred' : 'briefing'): NavState {
  return { ...state, screen: 'story', b: at.b, s: at.s, scroll: 0, focus: 'text', source: 0, returnTo, section: null, message: null };
}

/** Moves the story cursor to the nearest visible story in the given direction. */
function moveInBriefing(state: NavState, world: World, delta: number): NavState {
  const visible = world.visibleStories(state.b);
  if (visible.length === 0) return state;
  const here = visible.indexOf(state.s);
  const index = here < 0 ? 0 : clamp(here + delta, 0, visible.length - 1);
  return { ...state, s: visible[index]! };
}

function scrollStory(state: NavState, world: World, delta: number): NavState {
  const layout = world.storyLayout(state.b, state.s);
  const max = Math.max(0, layout.rows.length - world.page);
  return { ...state, scroll: clamp(state.scroll + delta, 0, max), section: null };
}

/** Puts the source cursor on `index` and scrolls so the source is in view. */
function selectSource(state: NavState, world: World, index: number): NavState {
  const layout = world.storyLayout(state.b, state.s);
  const source = clamp(index, 0, layout.sourceRows.length - 1);
  const row = layout.sourceRows[source] ?? 0;
  const max = Math.max(0, layout.rows.length - world.page);
  let scroll = state.scroll;
  if (row < scroll) scroll = row;
  else if (row >= scroll + world.page - 2) scroll = row - world.page + 3;
  return { ...state, focus: 'sources', source, scroll: clamp(scroll, 0, max) };
}

export function navigate(state: NavState, action: Action, world: World): NavState {
  const s = { ...state, message: null };
  const page = Math.max(1, world.page);
  const briefingCount = world.briefings.length;
  const steps: Partial<Record<Action, number>> = { down: 1, up: -1, pageDown: page, pageUp: -page, halfDown: Math.ceil(page / 2), halfUp: -Math.ceil(page / 2), space: page, top: -Infinity, bottom: Infinity };
  const step = steps[action];

  if (action === 'nextUnread' || action === 'prevUnread') {
    const from = s.screen === 'library' ? { b: s.b, s: -1 } : { b: s.b, s: s.s };
    const at = findUnread(world, from.s < 0 ? { b: s.b, s: 0 } : from, action === 'nextUnread' ? 1 : -1, from.s < 0 && action === 'nextUnread');
    return at ? openStory(s, at) : { ...s, message: 'No unread stories left' };
  }
  if (action === 'nextStory' || action === 'prevStory') {
    const all = positions(world);
    const at = s.screen === 'starred' ? world.starred[s.starred] : { b: s.b, s: s.s };
    const index = all.findIndex((p) => p.b === at?.b && p.s === at?.s);
    const next = all[index + (action === 'nextStory' ? 1 : -1)];
    if (!next) return { ...s, message: action === 'nextStory' ? 'That was the last story' : 'This is the first story' };
    if (s.screen === 'story') return openStory(s, next);
    return { ...s, b: next.b, s: next.s, screen: s.screen === 'starred' ? 'briefing' : s.screen };
  }

  switch (s.screen) {
    case 'library':
      if (step !== undefined) return { ...s, b: clamp(s.b + clamp(step, -briefingCount, briefingCount), 0, Math.max(0, briefingCount - 1)) };
      if (action === 'open' && briefingCount > 0) {
        const visible = world.visibleStories(s.b);
        return { ...s, screen: 'briefing', s: visible.includes(s.s) ? s.s : (visible[0] ?? 0) };
      }
      if (action === 'starred') return { ...s, screen: 'starred', starred: 0 };
      return s;
    case 'starred':
      if (step !== undefined) return { ...s, starred: clamp(s.starred + clamp(step, -1e9, 1e9), 0, Math.max(0, world.starred.length - 1)) };
      if (action === 'open' && world.starred[s.starred]) return openStory(s, world.starred[s.starred]!, 'starred');
      if (action === 'back') return { ...s, screen: 'library' };
      return s;
    case 'briefing':
      // Stories take two rows each here, so a page of rows is half as many stories.
      if (step !== undefined) return moveInBriefing(s, world, Math.abs(step) <= 1 ? step : Math.sign(step) * Math.max(1, Math.floor(Math.min(Math.abs(step), 1e9) / 2)));
      if (action === 'open' && world.briefings[s.b]?.stories[s.s]) return openStory(s, { b: s.b, s: s.s }, 'briefing');
      if (action === 'back') return { ...s, screen: 'library' };
      return s;
    case 'story': {
      const layout = world.storyLayout(s.b, s.s);
      const max = Math.max(0, layout.rows.length - page);
      if (s.focus === 'sources' && (action === 'down' || action === 'up')) {
        const next = s.source + (action === 'down' ? 1 : -1);
        if (next >= 0 && next < layout.sourceRows.length) return selectSource(s, world, next);
        return { ...s, focus: 'text' };
      }
      if (action === 'space' && s.scroll >= max) {
        const at = findUnread(world, { b: s.b, s: s.s }, 1);
        return at ? openStory(s, at) : { ...s, message: 'End of story; no unread stories left' };
      }
      if (step !== undefined) return { ...scrollStory(s, world, Number.isFinite(step) ? (action === 'space' || action === 'pageDown' ? Math.max(1, step - 2) : action === 'pageUp' ? Math.min(-1, step + 2) : step) : step > 0 ? 1e9 : -1e9), focus: 'text' };
      if (action === 'nextSection' || action === 'prevSection') {
        const anchors = layout.anchors;
        const forward = action === 'nextSection';
        // In the sources, Tab steps to the next source before leaving them.
        if (s.focus === 'sources' && forward && s.source + 1 < layout.sourceRows.length) return selectSource(s, world, s.source + 1);
        const current = s.section ?? Math.max(0, anchors.findLastIndex((a) => a.row <= s.scroll));
        const index = (current + (forward ? 1 : -1) + anchors.length) % anchors.length;
        const target = anchors[index]!;
        const moved = { ...s, section: index, scroll: clamp(target.row, 0, max), focus: 'text' as const };
        if (target.label === 'Sources' && layout.sourceRows.length > 0) return { ...selectSource(moved, world, 0), scroll: moved.scroll };
        return moved;
      }
      if (action === 'back') {
        if (s.focus === 'sources') return { ...s, focus: 'text' };
        const visible = world.visibleStories(s.b);
        return { ...s, screen: s.returnTo === 'starred' ? 'starred' : 'briefing', s: s.returnTo === 'starred' || visible.includes(s.s) ? s.s : (visible[0] ?? 0) };
      }
      if (action === 'open' && s.focus === 'text' && layout.sourceRows.length > 0) return selectSource(s, world, 0);
      return s;
    }
  }
}
