import type { Library } from '../../library/load';
import type { RelatedIndex } from '../../library/related';
import type { Located } from '../../library/refs';
import type { BriefingHead } from '../../model/types';
import { longDate } from '../../print/dates';
import type { ReadView } from '../../print/list';
import { makeChalk } from '../../print/style';
import type { Command } from '../command';
import { cutWidth, resolveOrThrow, UsageError } from '../context';
import { SCHEMA } from '../../print/json';
import { fitWidth } from '../../print/width';

/** A related story as JSON carries it: enough to show and open it. */
export interface RelatedEntry {
  id: string;
  shortId: string;
  title: string;
  read: boolean;
  briefing: { id: string; title: string; date: string | null; format: string };
}

export function relatedEntries(index: RelatedIndex, library: Library, marks: ReadView, story: string): RelatedEntry[] {
  return index.related(story).map(({ briefing, story: id }) => ({
    id,
    shortId: library.shortId(id),
    title: titleOf(briefing, id),
    read: marks.isRead(id),
    briefing: { id: briefing.id, title: briefing.title, date: briefing.date, format: briefing.format },
  }));
}

function titleOf(briefing: BriefingHead, story: string): string {
  return briefing.stories.find((s) => s.id === story)?.title ?? '';
}

/** `digest related REF`: the story, then each story about the same news with its ref, briefing and date. */
export function relatedText(
  index: RelatedIndex,
  library: Library,
  marks: ReadView,
  at: Located,
  stdout: NodeJS.WriteStream,
  width: number,
): string {
  const chalk = makeChalk(stdout);
  const cut = (text: string, indent: number) => (Number.isFinite(width) ? fitWidth(text, Math.max(10, width - indent)) : text);
  const related = relatedEntries(index, library, marks, at.story.id);
  const refOf = (id: string) => {
    const briefing = index.headOf(id);
    const b = briefing ? library.briefings.indexOf(briefing) : -1;
    const s = briefing ? briefing.stories.findIndex((story) => story.id === id) : -1;
    return b >= 0 && s >= 0 ? `${b + 1}.${s + 1}` : '';
  };
  const lines = [
    chalk.bold(cut(at.story.title, 0)),
    chalk.dim(cut(`${at.ref}  ${library.shortId(at.story.id)}  ${at.briefing.title}`, 0)),
    '',
  ];
  if (related.length === 0) lines.push('No other story in the library has this news.');
  else {
    lines.push(`Also in ${related.length} other ${related.length === 1 ? 'story' : 'stories'}:`);
    for (const entry of related)
      lines.push(
        `  ${refOf(entry.id).padEnd(6)} ${chalk.dim(entry.shortId)}  ${entry.read ? ' ' : chalk.cyan('●')} ${cut(entry.title, 20 + entry.shortId.length)}`,
        chalk.dim(`         ${cut(`${longDate(entry.briefing.date)} · ${entry.briefing.title}`, 9)}`),
      );
  }
  return `${lines.join('\n')}\n`;
}

export const related: Command = {
  name: 'related',
  summary: 'the same news in your other briefings (and elsewhere in the same one)',
  usage: ['related REF [PATH...] [--json] [--width N]'],
  options: ['json', 'width'],
  completes: 'refs',
  examples: [['digest related 1.2', 'the same news in your other briefings']],
  async run({ positionals, values }, ctx) {
    if (values.format) throw new UsageError('related takes --json, not --format');
    const [ref, ...paths] = positionals;
    if (!ref) throw new UsageError('related needs a REF: a short id, B.S or part of a title');
    const library = ctx.library(paths);
    const at = resolveOrThrow(library, ref, ctx);
    const index = ctx.related(library, paths);
    if (values.json) {
      const { briefing, story: head } = at;
      const story = {
        id: head.id,
        shortId: library.shortId(head.id),
        title: head.title,
        briefing: { id: briefing.id, title: briefing.title, date: briefing.date },
      };
      ctx.io.out(`${JSON.stringify({ schema: SCHEMA, story, related: relatedEntries(index, library, ctx.marks(), head.id) }, null, 2)}\n`);
    } else ctx.io.out(relatedText(index, library, ctx.marks(), at, ctx.io.stdout, cutWidth(ctx, values.width)));
    return 0;
  },
};
