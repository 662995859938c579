import type { BriefingHead } from '../model/types';
import { fit } from './layout';
import { settle } from './settle';
import { listedBriefings, listedStories, openBriefing, openStory, type ReaderState, type SavedPosition } from './state';
import { clamp } from './window';
import type { World } from './world';

/**
 * The library was read again. The reader stays on the same briefing and story, by id; when
 * what was open is gone, it goes back one level and says why. It never opens, or marks, a
 * story the user did not open.
 */
export function reconcile(state: ReaderState, before: readonly BriefingHead[], note: string | null, world: World): ReaderState {
  let next: ReaderState = { ...state, message: note ?? state.message };
  const oldIndex = before.findIndex((b) => b.id === state.briefing);
  const title = before[oldIndex]?.title ?? 'The briefing';
  const briefingGone = state.briefing !== null && !world.head(state.briefing);
  const storyGone = state.story !== null && state.briefing !== null && !world.has({ briefing: state.briefing, story: state.story });
  if (briefingGone) {
    const list = listedBriefings(state, world);
    next.briefing = list[clamp(oldIndex, 0, Math.max(0, list.length - 1))]?.id ?? null;
    next.story = null;
  }
  if (next.overlay?.kind === 'page' && next.overlay.what === 'parts' && briefingGone) next.overlay = null;
  const why = briefingGone ? `"${fit(title, 32)}" was moved or deleted` : `That story is gone from "${fit(title, 32)}"`;
  if (state.screen === 'story' && (briefingGone || storyGone)) {
    next = { ...next, focus: 'text', scroll: 0, overlay: next.overlay?.kind === 'pipe' ? null : next.overlay, message: why };
    if (state.returnTo === 'briefing' && !briefingGone) return openBriefing(next, world, state.briefing!);
    if (state.returnTo === 'briefing' || (state.returnTo === 'search' && !state.search)) return { ...next, screen: 'library' };
    return { ...next, screen: state.returnTo };
  }
  if (state.screen === 'briefing' && briefingGone) return { ...next, screen: 'library', message: why };
  if (state.screen === 'briefing' && storyGone) {
    // The story under the cursor went: the cursor stays where it was in the list.
    const oldStories = before[oldIndex]?.stories ?? [];
    const at = oldStories.findIndex((s) => s.id === state.story);
    const stories = listedStories(next, world.head(state.briefing));
    return { ...next, story: stories[clamp(at, 0, Math.max(0, stories.length - 1))]?.id ?? null };
  }
  return next;
}

/**
 * The state to start in: where the reader was last time, by ids (so it survives files being
 * added or renamed), scroll included. Nothing is marked: the story was opened last time.
 */
export function restore(state: ReaderState, position: SavedPosition | undefined, world: World): ReaderState {
  const head = position ? world.head(position.briefing) : undefined;
  if (!position || !head) return settle(state, world);
  const index = position.story ? head.stories.findIndex((s) => s.id === position.story) : -1;
  // The cursor and the header show where; the message only says that this is a return.
  const message = 'Back where you left off';
  let next: ReaderState = { ...state, briefing: head.id, message };
  if (index >= 0 && position.screen === 'story')
    next = { ...openStory(next, { briefing: head.id, story: position.story! }, 'briefing'), scroll: Math.max(0, position.scroll ?? 0) };
  else if (index >= 0 && position.screen !== 'library') next = { ...next, screen: 'briefing', story: position.story };
  return settle(next, world);
}
