import { geometry, listedBriefings, listedStories, resultsPerScreen, sameRef, selectedRef, type ReaderState } from './state';
import { clamp, windowStart } from './window';
import type { World } from './world';

/** After every event: cursors that point at nothing are put right, and each list's window follows its cursor. */
export function settle(state: ReaderState, world: World): ReaderState {
  const g = geometry(state.size, state.screen);
  if (g.tooSmall) return state;
  let next = state;
  const tops = { ...state.tops };
  if (state.screen === 'library') {
    const list = listedBriefings(state, world);
    let here = list === world.briefings ? world.indexOf(state.briefing) : list.findIndex((b) => b.id === state.briefing);
    if (here < 0 && list.length > 0) {
      here = 0;
      next = { ...next, briefing: list[0]!.id };
    }
    tops.library = windowStart(Math.max(0, here), list.length, g.body, tops.library);
  }
  if (state.screen === 'briefing' || (state.screen === 'story' && g.split)) {
    const head = world.head(state.briefing);
    const stories = listedStories(state, head);
    if (state.screen === 'briefing' && !stories.some((s) => s.id === state.story) && stories.length > 0)
      next = { ...next, story: stories[0]!.id };
    const rows = world.briefingRows(next.briefing, g.listWidth, state.unreadOnly);
    const index = head ? head.stories.findIndex((s) => s.id === next.story) : -1;
    const cursorRow = Math.max(
      0,
      rows.findIndex((row) => row.item === index),
    );
    // On the first story the briefing's top (title, highlights) stays in view when the story
    // fits under it (on a short screen the cursor comes first); otherwise the window keeps the
    // story's teaser row in view too.
    const topFits = stories[0]?.id === next.story && cursorRow + 1 < g.body;
    let top = topFits ? 0 : windowStart(cursorRow + 1, rows.length, g.body, tops.briefing);
    if (cursorRow < top) top = cursorRow;
    tops.briefing = top;
  }
  if (state.screen === 'story') {
    const layout = world.storyLayout(selectedRef(next), g.readerWidth);
    const max = Math.max(0, layout.rows.length - g.body);
    if (next.scroll > max || next.scroll < 0) next = { ...next, scroll: clamp(next.scroll, 0, max) };
  }
  if (state.screen === 'starred') {
    const list = world.starred();
    let here = list.findIndex((ref) => sameRef(ref, state.starredAt));
    if (here < 0) {
      here = 0;
      next = { ...next, starredAt: list[0] ?? null };
    }
    tops.starred = windowStart(here, list.length, g.body, tops.starred);
  }
  if (state.screen === 'today' && state.skim) {
    // The window follows the selected news: its first row to its last in view when they fit.
    const rows = world.skimRows(state.skim.skim, g.listWidth);
    const first = Math.max(
      0,
      rows.findIndex((row) => row.item === state.skim!.at),
    );
    const last = rows.findLastIndex((row) => row.item === state.skim!.at);
    let top = windowStart(last, rows.length, g.body, tops.today);
    if (first < top) top = first;
    tops.today = top;
  }
  if (state.screen === 'search' && state.search) {
    const hits = world.searchHits(state.search.query);
    let here = hits.findIndex((ref) => sameRef(ref, state.search!.at));
    if (here < 0) {
      here = 0;
      next = { ...next, search: { ...state.search, at: hits[0] ?? null } };
    }
    tops.search = windowStart(here, hits.length, resultsPerScreen(state.size), tops.search);
  }
  if (next.overlay?.kind === 'page') {
    const length = world.pageRows(next.overlay.what, next.screen, next.briefing, state.size.columns).length;
    const scroll = clamp(next.overlay.scroll, 0, Math.max(0, length - g.body));
    if (scroll !== next.overlay.scroll) next = { ...next, overlay: { ...next.overlay, scroll } };
  }
  const changed = (Object.keys(tops) as (keyof typeof tops)[]).some((key) => tops[key] !== state.tops[key]);
  return changed ? { ...next, tops } : next;
}
