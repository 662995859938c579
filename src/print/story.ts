import type { Briefing, Source, Story } from '../model/types';
import { longDate } from './dates';
import { storySections } from './sections';

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
  for (const section of storySections(story, briefing)) {
    switch (section.kind) {
      case 'notice':
        out.push('', `> **Note:** ${section.text}`);
        break;
      case 'summary':
        out.push('', `**${section.text}**`);
        break;
      case 'paragraph':
        out.push('', section.text.startsWith('• ') ? `- ${section.text.slice(2)}` : section.text);
        break;
      case 'takeaways':
        out.push('', `## ${section.heading}`, '', ...section.items.map((t) => `- ${t}`));
        break;
      case 'quotes':
        out.push('', `## ${section.heading}`, ...section.items.flatMap((q) => ['', `> ${q}`]));
        break;
      case 'part':
        out.push('', `## ${section.heading}`, ...section.paragraphs.flatMap((p) => ['', p]));
        break;
      case 'sources':
        out.push('', `## ${section.heading}`, '');
        for (const source of section.sources) {
          const title = source.title ?? source.url ?? 'Source';
          const meta = [source.author, source.date].filter(Boolean).join(', ');
          out.push(`- ${source.url ? `[${title}](${source.url})` : title}${meta ? ` — ${meta}` : ''}`);
          if (source.excerpt) out.push(`  > ${source.excerpt}`);
        }
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

/** A story as plain text, for `show` and pagers. */
export function storyText(
  briefing: Briefing,
  story: Story,
  wrap: (text: string, indent?: string) => string,
  bold: (text: string) => string,
): string {
  const out: string[] = [bold(story.title), storyByline(briefing, story), `from: ${briefing.title}`];
  for (const section of storySections(story, briefing)) {
    switch (section.kind) {
      case 'notice':
        out.push('', wrap(`Note: ${section.text}`));
        break;
      case 'summary':
      case 'paragraph':
        out.push('', wrap(section.text));
        break;
      case 'takeaways':
        out.push('', bold(section.heading), ...section.items.map((t) => wrap(`• ${t}`, '  ')));
        break;
      case 'quotes':
        out.push('', bold(section.heading), ...section.items.map((q) => wrap(`“${q.replace(/^[“"]|[”"]$/g, '')}”`, '  ')));
        break;
      case 'part':
        out.push('', bold(section.heading), ...section.paragraphs.map((p) => wrap(p)));
        break;
      case 'sources':
        out.push('', bold(section.heading));
        section.sources.forEach((source, i) => {
          out.push(wrap(`${i + 1}. ${sourceLine(source)}`, '   '));
          if (source.excerpt) out.push(wrap(source.excerpt, '   ').replace(/^/, '   '));
        });
        break;
    }
  }
  return `${out.join('\n')}\n`;
}
