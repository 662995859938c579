import { fullBriefing, fullStory, type Library } from '../../library/load';
import { findStories, resolveBriefing, type Located } from '../../library/refs';
import type { BriefingHead } from '../../model/types';
import { stripControls, visibleName } from '../../parse/clean';
import { briefingMarkdown, briefingText, storyMarkdown, storyText } from '../../print/story';
import { makeChalk } from '../../print/style';
import type { Command } from '../command';
import { SCHEMA } from '../../print/json';
import { formatOption, resolveOrThrow, showWidth, UsageError, widthOption, wrapper, type Context, type Format } from '../context';
import { relatedEntries } from './related';

/** One story, as text, markdown or JSON (with its marks and, for JSON, its related stories). */
export function renderStory(
  ctx: Context,
  located: Located,
  format: Format,
  asked: number | undefined,
  library: Library,
  paths: readonly string[],
): string {
  const { briefing, story } = fullStory(located.briefing, located.story);
  // A cut file says so on stderr too, where a pipe into another tool does not swallow it.
  if (briefing.notice) ctx.io.err(`digest: ${visibleName(located.briefing.path)}: ${briefing.notice}\n`);
  if (format === 'markdown') return storyMarkdown(briefing, story);
  if (format === 'json') {
    const { stories: _stories, ...rest } = briefing;
    const marks = ctx.marks();
    const related = relatedEntries(ctx.related(library, paths), library, marks, story.id);
    const marked = {
      ...story,
      shortId: library.shortId(story.id),
      read: marks.isRead(story.id),
      starred: marks.isStarred(story.id),
      related,
    };
    return `${JSON.stringify({ schema: SCHEMA, briefing: rest, story: marked }, null, 2)}\n`;
  }
  const chalk = makeChalk(ctx.io.stdout);
  return storyText(briefing, story, wrapper(showWidth(ctx, asked)), (text) => chalk.bold(text), ctx.link());
}

/** A whole briefing (`show B`): its highlights and parts, then every story. */
export function renderBriefing(ctx: Context, head: BriefingHead, format: Format, asked?: number): string {
  const briefing = fullBriefing(head);
  if (briefing.notice) ctx.io.err(`digest: ${visibleName(head.path)}: ${briefing.notice}\n`);
  if (format === 'markdown') return briefingMarkdown(briefing);
  if (format === 'json') {
    const marks = ctx.marks();
    const stories = briefing.stories.map((story) => ({ ...story, read: marks.isRead(story.id), starred: marks.isStarred(story.id) }));
    return `${JSON.stringify({ schema: SCHEMA, briefing: { ...briefing, stories } }, null, 2)}\n`;
  }
  const chalk = makeChalk(ctx.io.stdout);
  return briefingText(briefing, wrapper(showWidth(ctx, asked)), (text) => chalk.bold(text), ctx.link());
}

export const show: Command = {
  name: 'show',
  summary: 'print a story (or a whole briefing) to stdout',
  usage: ['show REF|B [PATH...] [--format text|markdown|json | --json] [--width N]'],
  options: ['format', 'json', 'width'],
  completes: 'refs',
  examples: [
    ['digest show 1.2 | less', 'the 2nd story of the newest briefing'],
    ['digest show 1', 'the whole newest briefing: highlights, then every story'],
    ['digest show 3f2a9c1 --format markdown > story.md', 'a story as markdown, by its short id'],
  ],
  async run({ positionals, values }, ctx) {
    const [ref, ...paths] = positionals;
    if (!ref) throw new UsageError('show needs a REF: a short id, B.S, part of a title, or B for a whole briefing');
    const format = formatOption(values);
    const width = widthOption(values.width);
    const library = ctx.library(paths);
    const whole = resolveBriefing(library, ref);
    ctx.io.out(
      whole
        ? renderBriefing(ctx, whole, format, width)
        : renderStory(ctx, resolveOrThrow(library, ref, ctx), format, width, library, paths),
    );
    return 0;
  },
};

export const next: Command = {
  name: 'next',
  summary: 'print the next unread story and mark it read (exit 1 when none is left)',
  usage: ['next [PATH...] [--format text|markdown|json | --json] [--width N]'],
  options: ['format', 'json', 'width'],
  completes: 'paths',
  examples: [['digest next', 'print the next unread story and mark it read']],
  async run({ positionals, values }, ctx) {
    const format = formatOption(values);
    const width = widthOption(values.width);
    const library = ctx.library(positionals);
    const marks = ctx.marks();
    const [found] = findStories(library, (story) => !marks.isRead(story.id), 1);
    if (!found) {
      ctx.io.err('digest: no unread stories\n');
      return 1;
    }
    ctx.io.out(renderStory(ctx, found, format, width, library, positionals));
    marks.set(found.story.id, 'read', true);
    if (marks.error) {
      ctx.io.err(`digest: printed "${stripControls(found.story.title)}" but could not mark it read: ${marks.error}\n`);
      return 1;
    }
    return 0;
  },
};
