/**
 * Paragraphs are plain strings everywhere (cache, search, JSON); a few leading marks give one a
 * kind that every renderer honours, so code stays code and a quote stays where it was written:
 * - "• text" and "1. text": list items, wrapped with a hanging indent (nested: "  ◦ text");
 * - "> text": a quoted line, "> > text" one quoted twice;
 * - "```lang\n…\n```": code, shown verbatim, never wrapped or re-cased;
 * - "| a | b |\n…": a table, its rows already aligned;
 * - SEPARATOR alone: a break between comments of a thread.
 */
export type Paragraph =
  | { kind: 'text'; text: string }
  | { kind: 'item'; marker: string; indent: number; text: string }
  | { kind: 'quote'; depth: number; text: string }
  | { kind: 'verbatim'; lines: string[]; code: boolean; lang?: string }
  | { kind: 'separator' };

export const SEPARATOR = '───';

const ITEM = /^( {0,8})(•|◦|\d{1,3}[.)]) (.*)$/s;
const FENCE = '```';

export function paragraphOf(text: string): Paragraph {
  if (text === SEPARATOR) return { kind: 'separator' };
  const first = text.charCodeAt(0);
  if (first === 0x60 && text.endsWith(`\n${FENCE}`)) {
    const open = /^```([\w+#.-]{0,20})\n/.exec(text);
    if (open) return { kind: 'verbatim', lines: text.slice(open[0].length, -4).split('\n'), code: true, lang: open[1] || undefined };
  }
  if (first === 0x7c && text.includes('\n')) return { kind: 'verbatim', lines: text.split('\n'), code: false };
  if (first === 0x3e) {
    let depth = 0;
    let at = 0;
    while (text[at] === '>' && depth < 8) {
      depth++;
      at += text[at + 1] === ' ' ? 2 : 1;
    }
    return { kind: 'quote', depth, text: text.slice(at) };
  }
  const item = first === 0x20 || first === 0x2022 || first === 0x25e6 || (first >= 0x30 && first <= 0x39) ? ITEM.exec(text) : null;
  if (item) return { kind: 'item', indent: item[1]!.length, marker: item[2]!, text: item[3]! };
  return { kind: 'text', text };
}

/** A code block as a paragraph. */
export const codeParagraph = (code: string, lang = '') => `${FENCE}${/^[\w+#.-]{1,20}$/.test(lang) ? lang : ''}\n${code}\n${FENCE}`;

/** A quoted line as a paragraph, `depth` levels deep. */
export const quoteParagraph = (text: string, depth = 1) => `${'> '.repeat(Math.max(1, depth))}${text}`;

/** Rows of cells as an aligned table paragraph (widths by characters: cells are short text). */
export function tableParagraph(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of [header, ...rows]) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 3, [...cell].length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, i) => (cells[i] ?? '') + ' '.repeat(width - [...(cells[i] ?? '')].length)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The words of a paragraph without its marks, for teasers and search. */
export function paragraphText(text: string): string {
  const paragraph = paragraphOf(text);
  if (paragraph.kind === 'separator') return '';
  return paragraph.kind === 'verbatim' ? paragraph.lines.join(' ') : paragraph.text;
}

/** A story's line in a list: its summary, else its first paragraph's text, else its first takeaway. */
export function storyTeaser(story: { summary: string | null; body: readonly string[]; takeaways: readonly string[] }): string | null {
  return story.summary ?? (story.body[0] === undefined ? undefined : paragraphText(story.body[0])) ?? story.takeaways[0] ?? null;
}
