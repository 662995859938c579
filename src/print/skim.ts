import type { Skim } from '../library/skim';
import { fitWidth } from './width';

/** "12 unread stories, about 9 minutes of reading": the skim's header, in the reader and in print. */
/** `news` off: the count of pieces of news is left out (the reader's header, where it is the rows below). */
export function skimHeadline(skim: Skim, news = true): string {
  if (skim.stories === 0) return 'Nothing unread';
  const stories = `${skim.stories} unread ${skim.stories === 1 ? 'story' : 'stories'}`;
  const pieces = !news || skim.groups.length === skim.stories ? '' : ` in ${skim.groups.length} pieces of news`;
  // The minutes before the rest: on a narrow screen they are what must not be cut.
  return `${stories}, about ${skim.minutes} min${pieces}`;
}

export function skimSince(skim: Skim): string {
  if (skim.stories === 0 && skim.groups.length === 0) return 'nothing to read';
  return skim.fresh ? 'new since your last visit' : 'nothing new since your last visit: the newest unread';
}

/** "in 3 briefings: A · B · C" */
export function coveredBy(briefings: readonly string[]): string {
  return `${briefings.length === 1 ? 'in' : `in ${briefings.length} briefings:`} ${briefings.join(' · ')}`;
}

/** The skim as text: a numbered entry per piece of news, each line cut to `width` (Infinity: never). */
export function skimText(skim: Skim, width: number, bold: (text: string) => string, dim: (text: string) => string): string {
  const cut = (text: string, indent: number) => (Number.isFinite(width) ? fitWidth(text, Math.max(10, width - indent)) : text);
  const lines = [bold(cut(`Today: ${skimHeadline(skim)}`, 0)), dim(cut(`(${skimSince(skim)})`, 0))];
  skim.groups.forEach((group, i) => {
    const first = group.stories[0]!.story;
    const number = `${i + 1}.`.padEnd(4);
    lines.push('', `${number}${bold(cut(first.title, 4))}`, `    ${dim(cut(coveredBy(group.briefings), 4))}`);
    if (group.summary) lines.push(`    ${cut(group.summary, 4)}`);
    if (group.takeaway) lines.push(`    → ${cut(group.takeaway, 6)}`);
  });
  return `${lines.join('\n')}\n`;
}

export function skimMarkdown(skim: Skim): string {
  const lines = [`# Today: ${skimHeadline(skim)}`, '', `_${skimSince(skim)}_`];
  for (const group of skim.groups) {
    lines.push('', `## ${group.stories[0]!.story.title}`, '', `*${coveredBy(group.briefings)}*`);
    if (group.summary) lines.push('', group.summary);
    if (group.takeaway) lines.push('', `- ${group.takeaway}`);
  }
  return `${lines.join('\n')}\n`;
}

export function skimJson(skim: Skim, shortId: (id: string) => string): string {
  return `${JSON.stringify(
    {
      schema: 1,
      fresh: skim.fresh,
      stories: skim.stories,
      minutes: skim.minutes,
      groups: skim.groups.map((group) => ({
        title: group.stories[0]!.story.title,
        briefings: group.briefings,
        summary: group.summary,
        takeaway: group.takeaway,
        words: group.words,
        stories: group.stories.map(({ briefing, story }) => ({
          id: story.id,
          shortId: shortId(story.id),
          title: story.title,
          briefing: { id: briefing.id, title: briefing.title, date: briefing.date },
        })),
      })),
    },
    null,
    2,
  )}\n`;
}
