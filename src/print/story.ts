import type { Briefing, Source, Story } from '../model/types';
import { longDate } from './dates';
import { paragraphOf } from '../model/paragraph';
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

/**
 * A quote in curly quotes, who said it after them: `"It is free." — Ana` reads “It is free.” —
 * Ana. Quoting the whole, as before, gave “It is free." — Ana”.
 */
export function inQuotes(text: string): string {
  const said = /^["“](.+)["”](\s+[—–-]\s+[^"“”]+)?$/s.exec(text);
  return said ? `“${said[1]}”${said[2] ?? ''}` : `“${text.replace(/^[“"]|[”"]$/g, '')}”`;
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
        out.push('', paragraphMarkdown(section.text));
        break;
      case 'takeaways':
        out.push('', `## ${section.heading}`, '', ...section.items.map((t) => `- ${t}`));
        break;
      case 'quotes':
        out.push('', `## ${section.heading}`, ...section.items.flatMap((q) => ['', `> ${q}`]));
        break;
      case 'part':
        out.push('', `## ${section.heading}`, ...section.paragraphs.flatMap((p) => ['', paragraphMarkdown(p)]));
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
  /** Makes a source's address a link (OSC 8) on terminals that show them. */
  link?: (text: string, url: string) => string,
): string {
  const out: string[] = [bold(wrap(story.title)), wrap(storyByline(briefing, story)), wrap(`from: ${briefing.title}`, '      ')];
  for (const section of storySections(story, briefing)) {
    switch (section.kind) {
      case 'notice':
        out.push('', wrap(`Note: ${section.text}`));
        break;
      case 'summary':
        out.push('', wrap(section.text));
        break;
      case 'paragraph':
        out.push('', paragraphText(section.text, wrap));
        break;
      case 'takeaways':
        out.push('', bold(section.heading), ...section.items.map((t) => wrap(`• ${t}`, '  ')));
        break;
      case 'quotes':
        out.push('', bold(section.heading), ...section.items.map((q) => wrap(inQuotes(q), '  ')));
        break;
      case 'part':
        out.push(
          '',
          bold(section.heading),
          ...section.paragraphs.flatMap((p, i) => (i > 0 ? ['', paragraphText(p, wrap)] : [paragraphText(p, wrap)])),
        );
        break;
      case 'sources':
        out.push('', bold(section.heading));
        section.sources.forEach((source, i) => {
          const line = wrap(`${i + 1}. ${sourceLine(source)}`, '   ');
          // The address as written, made a link where the terminal shows them (it stays whole when wrapped: no word is cut).
          out.push(link && source.url ? line.replace(`<${source.url}>`, `<${link(source.url, source.url)}>`) : line);
          if (source.excerpt) out.push(wrap(source.excerpt, '   ').replace(/^/, '   '));
        });
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

/** A body paragraph as markdown: lists, quotes, code and tables as markdown writes them. */
function paragraphMarkdown(text: string): string {
  const paragraph = paragraphOf(text);
  switch (paragraph.kind) {
    case 'item':
      return `${' '.repeat(paragraph.indent)}${/\d/.test(paragraph.marker) ? paragraph.marker : '-'} ${paragraph.text}`;
    case 'quote':
      return `${'> '.repeat(paragraph.depth)}${paragraph.text}`;
    case 'verbatim':
      return text;
    case 'separator':
      return '---';
    default:
      return paragraph.text;
  }
}

/** A body paragraph as text: lists hang, quotes are barred by depth, code and tables verbatim. */
function paragraphText(text: string, wrap: (text: string, indent?: string) => string): string {
  const paragraph = paragraphOf(text);
  switch (paragraph.kind) {
    case 'item': {
      const indent = ' '.repeat(paragraph.indent);
      return `${indent}${wrap(`${paragraph.marker} ${paragraph.text}`, `${indent}${' '.repeat(paragraph.marker.length + 1)}`)}`;
    }
    case 'quote': {
      const bar = '│ '.repeat(paragraph.depth);
      return `${bar}${wrap(paragraph.text, bar)}`;
    }
    case 'verbatim':
      return paragraph.lines.map((line) => (paragraph.code ? `    ${line}` : line)).join('\n');
    case 'separator':
      return '───';
    default:
      return wrap(paragraph.text);
  }
}

/** The line under a briefing's title: shape, publisher, date. */
function briefingByline(briefing: Briefing): string {
  return [briefing.format, briefing.publisher, longDate(briefing.date)].filter(Boolean).join(' · ');
}

/** A whole briefing as markdown (`show B --format markdown`): each story one level down. */
export function briefingMarkdown(briefing: Briefing): string {
  const out: string[] = [`# ${briefing.title}`, '', `*${briefingByline(briefing)}*`];
  for (const highlight of briefing.highlights) out.push('', paragraphMarkdown(highlight));
  for (const part of briefing.extras) out.push('', `## ${part.heading}`, ...part.paragraphs.flatMap((p) => ['', paragraphMarkdown(p)]));
  for (const story of briefing.stories) {
    let fenced = false;
    const lines = storyMarkdown(briefing, story)
      .trimEnd()
      .split('\n')
      .map((line) => {
        if (line.startsWith('```')) fenced = !fenced;
        return !fenced && /^#{1,5} /.test(line) ? `#${line}` : line;
      });
    out.push('', '---', '', ...lines);
  }
  return `${out.join('\n')}\n`;
}

/** A whole briefing as text (`show B`): highlights and parts, then every story under a rule. */
export function briefingText(
  briefing: Briefing,
  wrap: (text: string, indent?: string) => string,
  bold: (text: string) => string,
  link?: (text: string, url: string) => string,
): string {
  const out: string[] = [bold(wrap(briefing.title)), wrap(briefingByline(briefing))];
  for (const highlight of briefing.highlights) out.push('', paragraphText(highlight, wrap));
  for (const part of briefing.extras) out.push('', bold(part.heading), ...part.paragraphs.map((p) => paragraphText(p, wrap)));
  for (const story of briefing.stories) out.push('', '─'.repeat(20), '', storyText(briefing, story, wrap, bold, link).trimEnd());
  return `${out.join('\n')}\n`;
}
