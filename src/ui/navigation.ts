import { storyIds } from '../library/full';
import type { StoryRef, World } from './world';

/**
 * Walks the library's stories in list order from a story, one direction, wrapping round once,
 * and returns the first that `wanted` accepts. Works on ids only, so at 10,000 briefings it
 * builds no story objects.
 */
function walk(
  world: World,
  from: { briefing: number; story: number },
  direction: 1 | -1,
  includeFrom: boolean,
  wanted: (id: string) => boolean,
  wrap: boolean,
): StoryRef | null {
  const briefings = world.briefings;
  const n = briefings.length;
  if (n === 0) return null;
  for (let k = 0; k <= n; k++) {
    if (!wrap && (from.briefing + direction * k < 0 || from.briefing + direction * k >= n)) return null;
    const b = (((from.briefing + direction * k) % n) + n) % n;
    const head = briefings[b]!;
    const ids = storyIds(head);
    let first: number;
    let last: number;
    if (k === 0) {
      first = from.story + (includeFrom ? 0 : direction);
      last = direction === 1 ? ids.length - 1 : 0;
    } else if (k === n) {
      // Back at the start: the stories before `from` in walking order.
      first = direction === 1 ? 0 : ids.length - 1;
      last = from.story - direction;
    } else {
      first = direction === 1 ? 0 : ids.length - 1;
      last = direction === 1 ? ids.length - 1 : 0;
    }
    for (let s = first; direction === 1 ? s <= last : s >= last; s += direction) {
      const id = ids[s];
      if (id !== undefined && wanted(id)) return { briefing: head.id, story: id };
    }
  }
  return null;
}

function indexes(world: World, ref: { briefing: string | null; story: string | null }): { briefing: number; story: number } {
  const b = Math.max(0, world.indexOf(ref.briefing));
  const head = world.briefings[b];
  const s = head && ref.story ? storyIds(head).indexOf(ref.story) : -1;
  return { briefing: b, story: s };
}

/**
 * The next (or previous) unread story, anywhere in the library, wrapping round once. From a
 * briefing without a story chosen (the library screen), forward starts at its first story.
 */
export function findUnread(
  world: World,
  from: { briefing: string | null; story: string | null },
  direction: 1 | -1,
  skipCovered = false,
): StoryRef | null {
  const at = indexes(world, from);
  // With skip-covered on, news already read in another briefing is passed over too.
  const unread = (id: string) => !world.isRead(id) && !(skipCovered && world.covered(id));
  // Forward from the briefing's first story, that one included; backward from before it, so
  // the briefing itself comes last, whole.
  if (at.story < 0)
    return walk(world, { briefing: at.briefing, story: direction === 1 ? 0 : -1 }, direction, direction === 1, unread, true);
  return walk(world, at, direction, false, unread, true);
}

/** The story after (or before) this one in list order, across briefings; null at either end. */
export function adjacentStory(world: World, from: StoryRef, direction: 1 | -1): StoryRef | null {
  return walk(world, indexes(world, from), direction, false, () => true, false);
}
