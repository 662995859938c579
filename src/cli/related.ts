import { fullBriefing, type Library } from '../library/load';
import { CoverageCache, RelatedIndex } from '../library/related';
import type { Located } from '../library/refs';
import type { BriefingHead } from '../model/types';
import { longDate } from '../print/dates';
import { makeChalk } from '../print/style';
import type { ReadView } from '../print/list';

/** The library's related coverage, built to the end, through its cache unless DIGEST_NO_CACHE. */
export function relatedIndex(library: Library, roots: readonly string[]): RelatedIndex {
  return new RelatedIndex(library, fullBriefing, process.env.DIGEST_NO_CACHE ? null : new CoverageCache(roots)).complete();
}

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
): { text: string; count: number } {
  const chalk = makeChalk(stdout);
  const related = relatedEntries(index, library, marks, at.story.id);
  const refOf = (id: string) => {
    const briefing = index.headOf(id);
    const b = briefing ? library.briefings.indexOf(briefing) : -1;
    const s = briefing ? briefing.stories.findIndex((story) => story.id === id) : -1;
    return b >= 0 && s >= 0 ? `${b + 1}.${s + 1}` : '';
  };
  const lines = [`${chalk.bold(at.story.title)}`, chalk.dim(`${at.ref}  ${library.shortId(at.story.id)}  ${at.briefing.title}`), ''];
  if (related.length === 0) lines.push('No other story in the library has this news.');
  else {
    lines.push(`Also in ${related.length} other ${related.length === 1 ? 'story' : 'stories'}:`);
    for (const entry of related)
      lines.push(
        `  ${refOf(entry.id).padEnd(6)} ${chalk.dim(entry.shortId)}  ${entry.read ? ' ' : chalk.cyan('●')} ${entry.title}`,
        chalk.dim(`         ${entry.briefing.title} · ${longDate(entry.briefing.date)}`),
      );
  }
  return { text: `${lines.join('\n')}\n`, count: related.length };
}
