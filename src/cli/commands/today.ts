import { fullBriefing } from '../../library/load';
import { buildSkim } from '../../library/skim';
import { skimJson, skimMarkdown, skimText } from '../../print/skim';
import { makeChalk } from '../../print/style';
import type { Command } from '../command';
import { cutWidth, formatOption } from '../context';

export const today: Command = {
  name: 'today',
  summary: 'the morning skim: what arrived since the reader was last closed, by news, most-covered first',
  usage: ['today [PATH...] [--format text|markdown|json | --json] [--width N]'],
  options: ['format', 'json', 'width'],
  completes: 'paths',
  examples: [['digest today --format markdown >> notes.md', "the morning's news into your notes"]],
  async run({ positionals, values }, ctx) {
    const format = formatOption(values);
    const library = ctx.library(positionals);
    const marks = ctx.marks();
    const index = ctx.related(library, positionals);
    const skim = buildSkim(library, ctx.saved().lastVisit ?? null, {
      isRead: (id) => marks.isRead(id),
      related: (id) => index.related(id),
      whole: fullBriefing,
    });
    if (format === 'json') ctx.io.out(skimJson(skim, library.shortId));
    else if (format === 'markdown') ctx.io.out(skimMarkdown(skim));
    else {
      const chalk = makeChalk(ctx.io.stdout);
      ctx.io.out(
        skimText(
          skim,
          cutWidth(ctx, values.width),
          (text) => chalk.bold(text),
          (text) => chalk.dim(text),
        ),
      );
    }
    return 0;
  },
};
