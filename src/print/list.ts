import type { Chalk } from 'chalk';
import type { Library } from '../library/load';
import type { BriefingHead } from '../model/types';
import { visibleName } from '../parse/clean';
import { relativeDate } from './dates';
import { fitWidth } from './width';

export interface ReadView {
  isRead(id: string): boolean;
  isStarred(id: string): boolean;
}

/**
 * The listing a line at a time, stories in list order with their 1-based refs. Nothing is built
 * for the whole library first: at 200,000 stories the lines and per-story entries held at once
 * were most of `list`'s memory.
 */
export function* listLines(
  library: Library,
  marks: ReadView,
  options: { unread?: boolean; starred?: boolean; width: number; chalk: InstanceType<typeof Chalk> },
): Generator<string> {
  const { width, chalk } = options;
  const fit = (text: string, room: number) => fitWidth(text, Math.max(room, 8));
  const shown = (id: string) => (!options.unread || !marks.isRead(id)) && (!options.starred || marks.isStarred(id));
  for (const [b, briefing] of library.briefings.entries()) {
    const number = b + 1;
    const stories = briefing.stories;
    if ((options.unread || options.starred) && !stories.some((story) => shown(story.id))) continue;
    let unread = 0;
    for (const story of stories) if (!marks.isRead(story.id)) unread++;
    yield `${chalk.dim(`${number}`.padStart(3))}  ${chalk.bold(fit(briefing.title, width - 5))}`;
    yield `     ${chalk.dim(fit(meta(briefing, unread), width - 5))}`;
    // The refs column fits the longest ref of the briefing, so "1.199999" never runs into its id.
    const refWidth = Math.max(6, `${number}.${stories.length}`.length + 1);
    for (const [s, story] of stories.entries()) {
      if (!shown(story.id)) continue;
      const ref = `${number}.${s + 1}`.padEnd(refWidth);
      const short = library.shortId(story.id);
      const read = marks.isRead(story.id);
      const marker = marks.isStarred(story.id) ? chalk.yellow('★') : read ? ' ' : chalk.cyan('●');
      const title = fit(story.title, width - 5 - refWidth - short.length - 4);
      yield `     ${ref}${chalk.dim(short)}  ${marker} ${read ? chalk.dim(title) : title}`;
    }
    yield '';
  }
  if (library.skipped.length > 0) {
    yield chalk.dim(`skipped ${library.skipped.length} file${library.skipped.length === 1 ? '' : 's'}:`);
    for (const skip of library.skipped) yield chalk.dim(`  ${visibleName(skip.path)}: ${skip.reason}`);
  }
}

/** Writes the listing in chunks as it is made; blank lines at the very end are dropped. */
export function writeList(lines: Iterable<string>, out: (text: string) => void): void {
  let chunk = '';
  let blanks = 0;
  for (const line of lines) {
    if (line === '') {
      blanks++;
      continue;
    }
    chunk += `${'\n'.repeat(blanks)}${line}\n`;
    blanks = 0;
    if (chunk.length > 65_536) {
      out(chunk);
      chunk = '';
    }
  }
  if (chunk) out(chunk);
}

export function listText(
  library: Library,
  marks: ReadView,
  options: { unread?: boolean; starred?: boolean; width: number; chalk: InstanceType<typeof Chalk> },
): string {
  let text = '';
  writeList(listLines(library, marks, options), (chunk) => (text += chunk));
  return text;
}

function meta(briefing: BriefingHead, unread: number): string {
  const total = briefing.stories.length;
  return [
    briefing.format,
    briefing.publisher,
    relativeDate(briefing.date),
    `${total} ${total === 1 ? 'story' : 'stories'}${unread > 0 ? `, ${unread} unread` : ', all read'}`,
  ]
    .filter(Boolean)
    .join(' · ');
}
