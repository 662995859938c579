/**
 * The first visible row of a list of `total` rows shown `height` at a time, keeping `cursor`
 * in view and moving as little as possible from `start` (so the list does not jump).
 */
export function windowStart(cursor: number, total: number, height: number, start = 0): number {
  if (height <= 0 || total <= height) return 0;
  const max = total - height;
  let next = Math.min(Math.max(start, 0), max);
  if (cursor < next) next = cursor;
  else if (cursor >= next + height) next = cursor - height + 1;
  return Math.min(Math.max(next, 0), max);
}

export function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}
