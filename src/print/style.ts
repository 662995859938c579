import { Chalk, supportsColor } from 'chalk';

export type ColorChoice = 'auto' | 'always' | 'never';

/** What --color said for this run (auto unless told). */
let choice: ColorChoice = 'auto';

export function chooseColor(value: ColorChoice): void {
  choice = value;
}

export function colorChoice(): ColorChoice {
  return choice;
}

/**
 * Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org) or
 * --color never; --color always colours a pipe too (for `less -R`).
 */
export function colorLevel(stream: NodeJS.WriteStream = process.stdout): 0 | 1 | 2 | 3 {
  if (choice === 'never') return 0;
  if (choice === 'always') return supportsColor ? (Math.max(1, supportsColor.level) as 1 | 2 | 3) : 1;
  if (process.env.NO_COLOR) return 0;
  if (!stream.isTTY && !process.env.FORCE_COLOR) return 0;
  // A dumb terminal, or one chalk finds no colour support in, gets no style codes at all (not even bold).
  if (process.env.TERM === 'dumb' && !process.env.FORCE_COLOR) return 0;
  return supportsColor ? supportsColor.level : 0;
}

export function makeChalk(stream: NodeJS.WriteStream = process.stdout) {
  return new Chalk({ level: colorLevel(stream) });
}
