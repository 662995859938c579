import { Chalk, supportsColor } from 'chalk';

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorLevel(stream: NodeJS.WriteStream = process.stdout): 0 | 1 | 2 | 3 {
  if (process.env.NO_COLOR) return 0;
  if (!stream.isTTY && !process.env.FORCE_COLOR) return 0;
  return supportsColor ? supportsColor.level : 1;
}

export function makeChalk(stream: NodeJS.WriteStream = process.stdout) {
  return new Chalk({ level: colorLevel(stream) });
}
