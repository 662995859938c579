import { emptySource, emptyStory, type ParsedBriefing, type ParsedStory, type Part, type Source } from '../model/types';
import { briefing, type Shape } from './shape';
import { findDate, findUrl, isBullet, isDateLine, firstLink, isoDate, labelOf, LINK, splitLabel, unbullet } from './text';

const HEADING = /^(#{1,6})\s+(.*?[^\s#].*?)\s*#*\s*$/;

type Role = 'summary' | 'takeaways' | 'quotes' | 'sources' | 'highlights' | 'body';
/** Headings and bold labels that name a part of a story rather than a story. */
function roleOf(label: string): Role | null {
  if (/^(?:tl;?dr|summary|in short|the gist)$/.test(label)) return 'summary';
  if (/^(?:key )?takeaways?$|^key (?:points|concepts)$/.test(label)) return 'takeaways';
  if (/^(?:notable )?quotes?$/.test(label)) return 'quotes';
  if (/^(?:sources?|links?|references|read more|further reading)$/.test(label)) return 'sources';
  if (/^(?:highlights?|today|overview|in this issue)$/.test(label)) return 'highlights';
  return null;
}

/**
 * Any markdown briefing: "#" title, "##" stories (or "##" sections holding "###" stories),
 * "**TL;DR:**"-style labels, bullets, "> " quotes, and [text](url) links as sources.
 */
export const markdown: Shape = {
  format: 'markdown',
  detect({ lines, name }) {
    const headings = lines.filter((line) => HEADING.test(line)).length;
    const links = lines.filter((line) => firstLink(line) !== null).length;
    if (headings === 0 && links === 0) return /\.(?:md|markdown)$/i.test(name) ? 0.3 : 0;
    return Math.min(0.9, 0.3 + 0.1 * headings + 0.05 * links + (/\.(?:md|markdown)$/i.test(name) ? 0.2 : 0));
  },
  parse(doc) {
    const { lines, name } = doc;
    const fallbackTitle = name.replace(/\.(?:md|markdown|txt)$/i, '');
    const result = briefing('markdown', fallbackTitle);
    let body = readFrontMatter(lines, result);

    // One pass, nothing kept for lines that are not headings (a file of 200,000 headings made
    // three arrays of per-line objects here).
    const headings: { index: number; level: number; text: string; role: Role | null }[] = [];
    body.forEach((line, index) => {
      if (!line.startsWith('#')) return;
      const match = HEADING.exec(line);
      if (match) headings.push({ index, level: match[1]!.length, text: match[2]!, role: roleOf(labelOf(match[2]!)) });
    });

    // A lone top heading is the title; the story level is the shallowest remaining level,
    // unless those headings only group deeper ones (sections holding stories).
    const h1s = headings.filter((h) => h.level === 1);
    let titleHeading = h1s.length === 1 && h1s[0] === headings[0] ? h1s[0] : undefined;
    if (!titleHeading && headings[0] && headings.filter((h) => h.level === headings[0]!.level).length === 1 && headings.length > 1)
      titleHeading = headings[0];
    if (titleHeading) {
      // A front-matter title the heading replaces is kept, not lost.
      if (result.title !== fallbackTitle && !titleHeading.text.toLowerCase().includes(result.title.toLowerCase()))
        result.extras.push({ heading: 'Also titled', paragraphs: [result.title] });
      result.title = inline(titleHeading.text);
    } else {
      const first = body.find((line) => line.trim() !== '');
      if (first && !HEADING.test(first) && first.length <= 150 && result.title === fallbackTitle) {
        result.title = first.trim().replace(/^\*\*(.*)\*\*$/, '$1');
        body = body.slice(body.indexOf(first) + 1);
        return readStories(result, body, null);
      }
    }
    const named = headings.filter((h) => h !== titleHeading && h.role === null);
    const levels = [...new Set(named.map((h) => h.level))].sort();
    let storyLevel = levels[0];
    let sectionLevel: number | null = null;
    if (levels.length > 1) {
      const top = named.filter((h) => h.level === levels[0]);
      const grouping = top.every((h, i) => {
        const nextTop = top[i + 1]?.index ?? Infinity;
        return named.some((d) => d.level === levels[1] && d.index > h.index && d.index < nextTop);
      });
      if (grouping) {
        sectionLevel = levels[0]!;
        storyLevel = levels[1];
      }
    }
    const rest = titleHeading ? body.filter((_, i) => i !== titleHeading.index) : body;
    return readStories(result, rest, storyLevel ?? null, sectionLevel);
  },
};

function readFrontMatter(lines: string[], result: ParsedBriefing): string[] {
  if (lines[0]?.trim() !== '---') return lines;
  const end = lines.indexOf('---', 1);
  if (end < 0) return lines;
  const other: string[] = [];
  for (const line of lines.slice(1, end)) {
    const field = /^(\w+):\s*["']?(.*?)["']?\s*$/.exec(line);
    const key = field?.[1] ?? '';
    const value = field?.[2] ?? '';
    if (key === 'title' && value) result.title = value;
    else if (key === 'date' && isoDate(value)) result.date = isoDate(value);
    else if (/^(?:publisher|author|source|from)$/.test(key) && value) result.publisher = value;
    else if (line.trim()) other.push(line.trim());
  }
  if (other.length > 0) result.extras.push({ heading: 'Front matter', paragraphs: other });
  return lines.slice(end + 1);
}

function readStories(
  result: ParsedBriefing,
  lines: string[],
  storyLevel: number | null,
  sectionLevel: number | null = null,
): ParsedBriefing {
  let section: string | null = null;
  let story: ParsedStory | null = null;
  let part: Part | null = null;
  let role: Role = 'body';
  let paragraph: string[] = [];
  const preamble: string[] = [];

  const flush = () => {
    if (paragraph.length === 0) return;
    const text = paragraph.join(' ').trim();
    paragraph = [];
    put(text, false);
  };
  // `depth`: labels chained in one line ("TLDR: Summary: …") are read a few deep; a line of
  // 8,000 "TLDR:" went 8,000 deep, each level rescanning the rest (quadratic, and a deep stack).
  const put = (raw: string, bullet: boolean, depth = 0) => {
    const text = inline(raw);
    if (!story && !result.date) {
      const date = findDate(text);
      if (date && text.length < 80) {
        result.date = date;
        if (isDateLine(text)) return;
      }
    }
    const labelled = depth < 4 ? splitLabel(raw.replace(LINK, '$1')) : null;
    const labelRole = labelled ? roleOf(labelOf(labelled.label)) : null;
    if (labelled && labelRole) {
      role = labelRole;
      part = null;
      if (labelled.rest) put(labelled.rest, bullet, depth + 1);
      return;
    }
    if (!story) {
      preamble.push(bullet ? `• ${text}` : text);
      return;
    }
    if (role === 'sources') {
      story.sources.push(sourceLine(raw));
      return;
    }
    for (const link of raw.matchAll(LINK)) {
      if (!story.sources.some((source) => source.url === link[2]))
        story.sources.push({ ...emptySource(), title: inline(link[1]!) || link[2]!, url: link[2]! });
    }
    if (role === 'summary') {
      story.summary = story.summary ? `${story.summary} ${text}` : text;
      role = 'body';
    } else if (role === 'takeaways' && (bullet || !labelled?.rest)) story.takeaways.push(text);
    else if ((role === 'quotes' && (bullet || !labelled?.rest)) || /^>/.test(raw)) story.quotes.push(text.replace(/^>\s?/, ''));
    else if (labelled?.rest && !bullet && labelled.label.split(' ').length <= 5 && (role !== 'body' || !part)) {
      role = 'body';
      part = { heading: inline(labelled.label), paragraphs: [inline(labelled.rest)] };
      story.extras.push(part);
    } else (part ? part.paragraphs : story.body).push(bullet ? `• ${text}` : text);
  };

  for (const line of lines) {
    const heading = line.startsWith('#') ? HEADING.exec(line) : null;
    if (heading) {
      flush();
      const level = heading[1]!.length;
      const text = inline(heading[2]!);
      part = null;
      role = 'body';
      const headingRole = roleOf(labelOf(text));
      if (headingRole) role = headingRole;
      else if (sectionLevel !== null && level === sectionLevel) {
        section = text;
        story = null;
      } else if (storyLevel === null || level <= storyLevel) {
        story = emptyStory(text);
        story.section = section;
        result.stories.push(story);
      } else if (story) {
        part = { heading: text, paragraphs: [] };
        story.extras.push(part);
      } else preamble.push(text);
      continue;
    }
    if (line.trim() === '') flush();
    else if (isBullet(line)) {
      flush();
      put(unbullet(line), true);
    } else if (/^\s*>/.test(line)) {
      flush();
      put(line.trim(), false);
    } else paragraph.push(line.trim());
  }
  flush();

  // A sub-heading whose text all went to labelled roles stays as a line of the body.
  for (const s of result.stories) {
    if (s.extras.length === 0) continue;
    for (const p of s.extras) if (p.paragraphs.length === 0) s.body.push(p.heading);
    s.extras = s.extras.filter((p) => p.paragraphs.length > 0);
  }
  if (result.stories.length === 0) {
    const only = emptyStory(result.title);
    only.body = preamble;
    result.stories.push(only);
  } else result.highlights.push(...preamble);
  return result;
}

/** Markdown inline syntax to plain text: links keep their text, emphasis marks go. */
function inline(text: string): string {
  return text
    .replace(LINK, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .trim();
}

/** "[Title](url) — Author, 8 May 2026: excerpt", or a bare URL or title. */
function sourceLine(raw: string): Source {
  const source = emptySource();
  const link = [...raw.matchAll(LINK)][0];
  source.url = link?.[2] ?? findUrl(raw);
  const rest = link ? raw.slice((link.index ?? 0) + link[0].length) : raw.replace(source.url ?? '', '');
  const [head, ...tail] = rest.split(/\s[—–]\s/);
  const before = link ? inline(raw.slice(0, link.index)).replace(/^[-*•\s]+/, '') : '';
  source.title = link ? [before, inline(link[1]!)].filter(Boolean).join(' ') || source.url : inline(head ?? '') || source.url;
  const meta = link ? rest : tail.join(' — ');
  const [byline, ...excerpt] = meta.replace(/^\s*[—–-]\s*/, '').split(/:\s/);
  source.date = findDate(byline ?? '');
  const author = (byline ?? '')
    .split(',')
    .map((piece) => piece.trim())
    .filter((piece) => piece && !isoDate(piece))
    .join(', ');
  source.author = author ? inline(author) : null;
  source.excerpt = excerpt.length > 0 ? inline(excerpt.join(': ')) : null;
  return source;
}
