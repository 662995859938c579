import type { BriefingHead, StoryHead } from '../model/types';
import type { MarkChange } from '../state/marks';
import type { Position } from '../state/saved';
import type { Skim } from '../library/skim';
import type { Mode, Screen } from './keymap';
import { clamp } from './window';
import type { StoryRef, World } from './world';

export type { MarkChange };

/** Prompts and pages drawn over a screen; keys go to them first. */
export type Overlay =
  | { kind: 'page'; what: 'help' | 'parts'; scroll: number }
  | { kind: 'pipe'; command: string }
  | { kind: 'confirm'; question: string; changes: MarkChange[]; done: string };

/**
 * Everything the reader shows follows from this and the World. Navigation holds ids, never
 * indexes into a list: a reload, a filter or a restored position cannot make the cursor point
 * at another story. Indexes are worked out from the ids when needed (selectors below).
 */
export interface ReaderState {
  size: { columns: number; rows: number };
  screen: Screen;
  /** The briefing under the library cursor, or the open one. */
  briefing: string | null;
  /** The story under the briefing cursor, or the open one. */
  story: string | null;
  /** Scroll of the open story, in rows. */
  scroll: number;
  /** On Sources, a cursor moves among them. */
  focus: 'text' | 'sources';
  source: number;
  /** The section Tab last went to; null once the story scrolls on its own. */
  section: number | null;
  /** Where Back from a story goes. */
  returnTo: 'briefing' | 'starred' | 'search' | 'today';
  /**
   * The morning skim while it is open: made when `t` is pressed and kept as it was, so marking
   * news read never moves the rows; made once more when related coverage was still being worked
   * out (`partial`) and has finished.
   */
  skim: {
    skim: Skim;
    at: number;
    from: Screen;
    /** Where `t` was pressed: Back returns there, whatever was opened from the skim since. */
    origin: { briefing: string | null; story: string | null; scroll: number };
    partial: boolean;
  } | null;
  starredAt: StoryRef | null;
  /** The search box and its cursor, kept while a result is open so Back returns to them. */
  search: { query: string; at: StoryRef | null; from: Screen } | null;
  /** Unread-only view: the stories unread when it was switched on stay listed until it is switched off. */
  unreadOnly: ReadonlySet<string> | null;
  overlay: Overlay | null;
  /** First row shown of each list, so a list scrolls only when the cursor leaves it. */
  tops: { library: number; briefing: number; starred: number; search: number; today: number };
  /** Stories left for one in their "Also in", newest last: Back returns to each in turn. */
  trail: { from: StoryRef; to: StoryRef; scroll: number; source: number; returnTo: ReaderState['returnTo'] }[];
  /** Changes to read state, newest last, each undone as one. */
  undo: MarkChange[][];
  message: string | null;
  options: {
    pick: boolean;
    readDelayMs: number;
    skipCovered: boolean;
    /** When the reader was last closed (ms), or null: briefings that arrived since are new. */
    lastVisit: number | null;
    /** Sources are OSC 8 links (the `hyperlinks` setting and the terminal agree). */
    hyperlinks: boolean;
  };
}

export type ExitResult =
  | { kind: 'quit'; position: SavedPosition | null }
  | { kind: 'pick'; at: StoryRef }
  | { kind: 'pipe'; command: string; at: StoryRef; resume: ReaderState }
  /** `e`: the briefing's file in the user's editor, at the story; then back. */
  | { kind: 'edit'; path: string; at: StoryRef; resume: ReaderState };

/** Where the reader was, saved on quit and restored at the next start. */
export type SavedPosition = Position;

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;
/** From this width the briefing list and the story stand side by side. */
export const SPLIT_COLUMNS = 120;

/** The frame's shape for a terminal size and screen; the reducer and the views share it. */
export function geometry(size: ReaderState['size'], screen: Screen) {
  // One header row, the body, one status row; the whole frame stays at most rows - 1 tall,
  // since Ink redraws everything (and loses scrollback) when a frame fills the terminal.
  const height = Math.max(1, size.rows - 1);
  const body = Math.max(1, height - 2);
  const split = size.columns >= SPLIT_COLUMNS && (screen === 'briefing' || screen === 'story');
  const leftWidth = split ? clamp(Math.floor(size.columns * 0.38), 36, 64) : size.columns;
  // Long lines are hard to read: the story keeps to 100 columns however wide the terminal.
  const readerWidth = Math.min(100, (split ? size.columns - leftWidth - 3 : size.columns) - 2);
  // List rows sit after a two-column gutter ("› ").
  const listWidth = (split ? leftWidth - 1 : size.columns) - 2;
  return { height, body, split, leftWidth, readerWidth, listWidth, tooSmall: size.columns < MIN_COLUMNS || size.rows < MIN_ROWS };
}

/** Search results shown at once: each takes two rows (title, then the matching text), under the search box. */
export function resultsPerScreen(size: ReaderState['size']): number {
  return Math.max(1, Math.floor((geometry(size, 'search').body - 1) / 2));
}

export function initialState(options: Partial<ReaderState['options']> & { size: ReaderState['size'] }): ReaderState {
  return {
    size: options.size,
    screen: 'library',
    briefing: null,
    story: null,
    scroll: 0,
    focus: 'text',
    source: 0,
    section: null,
    returnTo: 'briefing',
    skim: null,
    starredAt: null,
    search: null,
    unreadOnly: null,
    overlay: null,
    tops: { library: 0, briefing: 0, starred: 0, search: 0, today: 0 },
    trail: [],
    undo: [],
    message: null,
    options: {
      pick: options.pick ?? false,
      readDelayMs: options.readDelayMs ?? 0,
      skipCovered: options.skipCovered ?? false,
      lastVisit: options.lastVisit ?? null,
      hyperlinks: options.hyperlinks ?? false,
    },
  };
}

export function modeOf(state: ReaderState): Mode {
  return state.overlay?.kind ?? state.screen;
}

// Selectors: indexes and lists worked out from the ids.

/** The briefings the library screen lists: all, or those with a story in the unread-only view. */
export function listedBriefings(state: ReaderState, world: World): readonly BriefingHead[] {
  const only = state.unreadOnly;
  return only ? world.briefings.filter((briefing) => briefing.stories.some((story) => only.has(story.id))) : world.briefings;
}

/** The stories the briefing screen shows. */
export function listedStories(state: ReaderState, head: BriefingHead | undefined): readonly StoryHead[] {
  if (!head) return [];
  const only = state.unreadOnly;
  return only ? head.stories.filter((story) => only.has(story.id)) : head.stories;
}

/** The open story (story screen), or the one under the cursor (briefing and starred screens). */
export function selectedRef(state: ReaderState): StoryRef | null {
  if (state.screen === 'starred') return state.starredAt;
  if (state.screen === 'today') {
    const first = state.skim?.skim.groups[state.skim.at]?.stories[0];
    return first ? { briefing: first.briefing.id, story: first.story.id } : null;
  }
  if (state.screen === 'search') return state.search?.at ?? null;
  if (state.screen === 'library' || !state.briefing || !state.story) return null;
  return { briefing: state.briefing, story: state.story };
}

/** 1-based position of the open briefing and story, for the status line. */
export function positionOf(state: ReaderState, world: World): { briefing: number; briefings: number; story: number; stories: number } {
  const b = world.indexOf(state.briefing);
  const head = world.briefings[b];
  const s = head ? head.stories.findIndex((story) => story.id === state.story) : -1;
  return { briefing: b + 1, briefings: world.briefings.length, story: s + 1, stories: head?.stories.length ?? 0 };
}

export function savedPosition(state: ReaderState): SavedPosition | null {
  if (!state.briefing) return null;
  if (state.screen === 'story' && state.story)
    return { briefing: state.briefing, story: state.story, screen: 'story', scroll: state.scroll };
  if (state.screen === 'briefing' && state.story) return { briefing: state.briefing, story: state.story, screen: 'briefing' };
  return { briefing: state.briefing, story: null, screen: 'library' };
}

// Transitions shared by the reducer and the reconciler.

export function openStory(state: ReaderState, ref: StoryRef, returnTo: ReaderState['returnTo']): ReaderState {
  return {
    ...state,
    screen: 'story',
    briefing: ref.briefing,
    story: ref.story,
    scroll: 0,
    focus: 'text',
    source: 0,
    section: null,
    returnTo,
  };
}

/** Opening a briefing: the cursor on its first unread story (the first when all are read), its top in view. */
export function openBriefing(state: ReaderState, world: World, briefing: string): ReaderState {
  const stories = listedStories(state, world.head(briefing));
  const story = stories.find((s) => !world.isRead(s.id)) ?? stories[0];
  return { ...state, screen: 'briefing', briefing, story: story?.id ?? null, tops: { ...state.tops, briefing: 0 } };
}

export const sameRef = (a: StoryRef | null | undefined, b: StoryRef | null | undefined) =>
  !!a && !!b && a.briefing === b.briefing && a.story === b.story;
