import { Chalk, supportsColor } from 'chalk';

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorLevel(stream: NodeJS.WriteStream = process.stdout): 0 | 1 | 2 | 3 {
  if (process.env.NO_COLOR) return 0;
  if (!stream.isTTY && !process.env.FORCE_COLOR) return 0;
  // A dumb terminal, or one chalk finds no colour support in, gets no style codes at all (not even bold).
  if (process.env.TERM === 'dumb' && !process.env.FORCE_COLOR) return 0;
  return supportsColor ? supportsColor.level : 0;
}

export function makeChalk(stream: NodeJS.WriteStream = process.stdout) {
  return new Chalk({ level: colorLevel(stream) });
}
