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

/** Which briefings and stories a listing shows, with their 1-based numbers kept. */
export function visibleStories(library: Library, marks: ReadView, filter: { unread?: boolean; starred?: boolean }) {
  return library.briefings
    .map((briefing, b) => ({
      briefing,
      number: b + 1,
      stories: briefing.stories
        .map((story, s) => ({ story, number: s + 1 }))
        .filter(({ story }) => (!filter.unread || !marks.isRead(story.id)) && (!filter.starred || marks.isStarred(story.id))),
    }))
    .filter((entry) => entry.stories.length > 0 || (!filter.unread && !filter.starred));
}

export function listText(
  library: Library,
  marks: ReadView,
  options: { unread?: boolean; starred?: boolean; width: number; chalk: InstanceType<typeof Chalk> },
): string {
  const { width, chalk } = options;
  const fit = (text: string, room: number) => fitWidth(text, Math.max(room, 8));
  const out: string[] = [];
  for (const { briefing, number, stories } of visibleStories(library, marks, options)) {
    const unread = briefing.stories.filter((story) => !marks.isRead(story.id)).length;
    const label = `${number}`.padStart(3);
    out.push(`${chalk.dim(label)}  ${chalk.bold(fit(briefing.title, width - 5))}`);
    out.push(`     ${chalk.dim(fit(meta(briefing, unread), width - 5))}`);
    // The refs column fits the longest ref of the briefing, so "1.199999" never runs into its id.
    const refWidth = Math.max(6, `${number}.${briefing.stories.length}`.length + 1);
    for (const { story, number: s } of stories) {
      const ref = `${number}.${s}`.padEnd(refWidth);
      const short = library.shortId(story.id);
      const read = marks.isRead(story.id);
      const marker = marks.isStarred(story.id) ? chalk.yellow('★') : read ? ' ' : chalk.cyan('●');
      const title = fit(story.title, width - 5 - refWidth - short.length - 4);
      out.push(`     ${ref}${chalk.dim(short)}  ${marker} ${read ? chalk.dim(title) : title}`);
    }
    out.push('');
  }
  if (library.skipped.length > 0) {
    out.push(chalk.dim(`skipped ${library.skipped.length} file${library.skipped.length === 1 ? '' : 's'}:`));
    for (const skip of library.skipped) out.push(chalk.dim(`  ${visibleName(skip.path)}: ${skip.reason}`));
  }
  return out.length === 0 ? '' : out.join('\n').replace(/\n*$/, '\n');
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
