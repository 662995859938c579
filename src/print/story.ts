import type { Briefing, Source, Story } from '../model/types';
import { longDate } from './dates';

/** The line under a story's title: section, publisher, date, briefing. */
export function storyByline(briefing: Briefing, story: Story): string {
  return [story.section, briefing.publisher, longDate(briefing.date), story.timestamp ? `at ${story.timestamp}` : null]
    .filter(Boolean)
    .join(' · ');
}

export function sourceLine(source: Source): string {
  const meta = [source.author, source.date].filter(Boolean).join(', ');
  const title = source.title ?? source.url ?? 'Source';
  return [title, meta ? `— ${meta}` : null, source.url && source.url !== title ? `<${source.url}>` : null].filter(Boolean).join(' ');
}

/** A story as markdown: what `show --format markdown`, pick mode and `|` emit. */
export function storyMarkdown(briefing: Briefing, story: Story): string {
  const out: string[] = [`# ${story.title}`, '', `*${storyByline(briefing, story)}* — ${briefing.title}`];
  if (story.summary) out.push('', `**${story.summary}**`);
  for (const paragraph of story.body) out.push('', paragraph.startsWith('• ') ? `- ${paragraph.slice(2)}` : paragraph);
  if (story.takeaways.length > 0) out.push('', '## Key takeaways', '', ...story.takeaways.map((t) => `- ${t}`));
  if (story.quotes.length > 0) out.push('', '## Quotes', ...story.quotes.flatMap((q) => ['', `> ${q}`]));
  for (const part of story.extras) out.push('', `## ${part.heading}`, ...part.paragraphs.flatMap((p) => ['', p]));
  if (story.sources.length > 0) {
    out.push('', '## Sources', '');
    for (const source of story.sources) {
      const title = source.title ?? source.url ?? 'Source';
      const meta = [source.author, source.date].filter(Boolean).join(', ');
      out.push(`- ${source.url ? `[${title}](${source.url})` : title}${meta ? ` — ${meta}` : ''}`);
      if (source.excerpt) out.push(`  > ${source.excerpt}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** A story as plain text, for `show` and pagers. */
export function storyText(briefing: Briefing, story: Story, wrap: (text: string, indent?: string) => string, bold: (text: string) => string): string {
  const out: string[] = [bold(story.title), storyByline(briefing, story), `from: ${briefing.title}`];
  const section = (title: string) => out.push('', bold(title));
  if (story.summary) out.push('', wrap(story.summary));
  for (const paragraph of story.body) out.push('', wrap(paragraph));
  if (story.takeaways.length > 0) {
    section('Key takeaways');
    for (const t of story.takeaways) out.push(wrap(`• ${t}`, '  '));
  }
  if (story.quotes.length > 0) {
    section('Quotes');
    for (const q of story.quotes) out.push(wrap(`“${q.replace(/^[“"]|[”"]$/g, '')}”`, '  '));
  }
  for (const part of story.extras) {
    section(part.heading);
    for (const p of part.paragraphs) out.push(wrap(p));
  }
  if (story.sources.length > 0) {
    section('Sources');
    story.sources.forEach((source, i) => {
      out.push(wrap(`${i + 1}. ${sourceLine(source)}`, '   '));
      if (source.excerpt) out.push(wrap(source.excerpt, '   ').replace(/^/, '   '));
    });
  }
  return `${out.join('\n')}\n`;
}
