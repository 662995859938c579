import { emptyStory } from '../model/types';
import { briefing, type Shape } from './shape';
import { blocks, squash, titleFrom } from './text';

const QUOTE = /^\s*>/;
const REPLY = /^\s*reply\s*$/i;

/**
 * Discussion threads copied from a forum page: no headings, one comment a line (or a
 * paragraph), "> " quoting an earlier comment, and stray "reply" buttons.
 */
export const discussion: Shape = {
  format: 'discussion',
  detect({ lines }) {
    const filled = lines.filter((line) => line.trim() !== '');
    if (filled.length < 3 || lines.some((line) => /^#{1,6}\s/.test(line))) return 0;
    const quotes = filled.filter((line) => QUOTE.test(line)).length;
    const replies = filled.filter((line) => REPLY.test(line)).length;
    const blankShare = 1 - filled.length / lines.length;
    let score = 0;
    if (quotes >= 2) score += 0.4;
    if (replies >= 1) score += 0.2;
    if (blankShare < 0.15) score += 0.2;
    if (filled.filter((line) => line.length > 120).length >= filled.length / 4) score += 0.1;
    return quotes > 0 || replies > 0 ? Math.min(score, 0.9) : 0;
  },
  parse({ lines, name }) {
    const filled = lines.filter((line) => line.trim() !== '' && !REPLY.test(line));
    // One comment a line, unless the thread separates comments with blank lines.
    const spaced = lines.length - filled.length > filled.length / 3;
    const comments = spaced ? blocks(lines.filter((line) => !REPLY.test(line))).flatMap(splitQuotes) : filled;

    const first = comments.find((comment) => !QUOTE.test(comment)) ?? comments[0] ?? name;
    const title = titleFrom(first);
    const result = briefing('discussion', title);
    const story = emptyStory(title);
    for (const comment of comments) {
      if (QUOTE.test(comment)) story.quotes.push(comment.replace(/^\s*>\s?/, '').trim());
      else story.body.push(comment.trim());
    }
    result.stories.push(story);
    return result;
  },
};

/** A blank-line block may hold quoted lines and the reply under them: keep them apart. */
function splitQuotes(block: string[]): string[] {
  const result: string[] = [];
  for (const line of block) {
    const last = result.at(-1);
    if (last !== undefined && QUOTE.test(line) === QUOTE.test(last) && !QUOTE.test(line))
      result[result.length - 1] = squash(`${last} ${line}`);
    else result.push(line);
  }
  return result;
}
