import { emptySource, emptyStory, type ParsedStory, type Part, type Source } from '../model/types';
import { isFooterText, roleOf } from './labels';
import { briefing, type Shape } from './shape';
import { findDate, findUrl, isBullet, isDateOnly, items, splitTitleDate, titleFrom, type Item } from './text';

/** "Title#" headings: the exporter leaves a stray "#" on each. */
const HASH_HEADING = /^\s*(?!#)(\S.{0,150}?)\s*#\s*$/;
// The cheap test first: the regex is only worth running on lines that end in "#".
const isHashHeading = (line: string) => line.endsWith('#') && line.length < 200 && HASH_HEADING.test(line);
/** Section headings daily-digest tools write without any mark, alone on their line. */
const BARE_HEADING =
  /^(?:highlights|top stories|in depth|articles worth reading|quick hits|more stories|also noteworthy|also notable|worth reading|worth your time|deep dives?|briefly|in brief|the day in brief|today in brief|other news|more news|elsewhere|quick takes|research|launches|funding)$/i;
/** Alone between blank lines, or right over its list ("QUICK HITS" then "- …"). */
const isBareHeading = (lines: readonly string[], i: number) =>
  BARE_HEADING.test(lines[i]!.trim()) && !lines[i - 1]?.trim() && (!lines[i + 1]?.trim() || isBullet(lines[i + 1]!));
/** "Read more: url", "Source: Outlet · url". */
const READ_MORE = /^(?:read more|more|link|source|full story|via)\s*:\s*(?:[^·|\n]{1,60}?\s*[·|—–]\s*)?(https?:\/\/\S+)\s*$/i;
/** "(Source)", "(source: url)", "[link](url)". */
const SOURCE_MARK = /\((?:source|link)(?::\s*([^)\s]+))?\)|\[(?:source|link)\]\(([^)\s]+)\)/gi;

/**
 * `text.replace(/\s*(?:SOURCE_MARK)/gi, replace)`, each mark with the white space before it, the
 * offset where that begins. A pattern that begins with \s* is tried at every place of the text:
 * that was 9% of parsing 10,000 briefings.
 */
export function replaceSourceMarks(
  text: string,
  replace: (match: string, inner: string | undefined, linked: string | undefined, offset: number) => string,
): string {
  let out = '';
  let last = 0;
  for (const mark of text.matchAll(SOURCE_MARK)) {
    let start = mark.index;
    while (start > last && /\s/.test(text[start - 1]!)) start--;
    const end = mark.index + mark[0].length;
    out += text.slice(last, start) + replace(text.slice(start, end), mark[1], mark[2], start);
    last = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Daily digests: a stray "Sources" line, "Title — 2026-03-25#", "Highlights#" with a
 * paragraph, "Top Stories#" bullets ("Title: text (Source)") and "Articles Worth Reading#"
 * paragraphs ("Title (Source) text").
 */
export const dailyDigest: Shape = {
  format: 'daily-digest',
  detect({ lines }) {
    const headings = lines.filter(isHashHeading).length;
    const bare = lines.filter((_, i) => isBareHeading(lines, i)).length;
    if (headings === 0 && bare < 2) return 0;
    if (headings === 0) return lines.some((line) => /^#{1,6}\s/.test(line)) ? 0 : Math.min(0.9, 0.35 + 0.15 * bare);
    const known = lines.filter((line) => /^\s*(?:highlights|top stories|articles worth reading)\s*#?\s*$/i.test(line)).length;
    return Math.min(0.95, 0.4 + 0.15 * headings + 0.1 * known);
  },
  parse({ lines, name }) {
    // "→ Title" over its indented text: the title line ends where its text begins.
    const body = lines.map((line, i) =>
      isBullet(line) &&
      /^\s{2,}\S/.test(lines[i + 1] ?? '') &&
      !isBullet(lines[i + 1]!) &&
      !/[:.!?]$/.test(line.trim()) &&
      line.length <= 160
        ? `${line.trimEnd()}:`
        : line,
    );
    // The exporting page's tabs above the title ("Sources", "Digest    Sources    Settings"), not content.
    const first = body.findIndex((line) => line.trim() !== '');
    if (first >= 0 && /^(?:\w+\s{2,}){0,5}sources?(?:\s{2,}\w+){0,5}$/i.test(body[first]!.trim())) body.splice(first, 1);

    const sections: Part[] = [];
    const preamble: string[] = [];
    for (const [i, line] of body.entries()) {
      const heading = isHashHeading(line) ? HASH_HEADING.exec(line)?.[1] : isBareHeading(body, i) ? line.trim() : null;
      if (heading) sections.push({ heading, paragraphs: [] });
      else if (sections.length === 0) preamble.push(line);
      else sections.at(-1)!.paragraphs.push(line);
    }

    // The title is the first heading when nothing stands under it; else the first line.
    const head = sections[0] && sections[0].paragraphs.every((line) => line.trim() === '') ? sections.shift()!.heading : null;
    const titleLine = head ?? preamble.find((line) => line.trim() !== '')?.trim() ?? name;
    if (head === null)
      preamble.splice(
        preamble.findIndex((line) => line.trim() === titleLine),
        1,
      );
    const { title, date } = splitTitleDate(titleLine);
    const result = briefing('daily-digest', title);
    result.date = date ?? findDate(titleLine);
    // "Monday, November 23, 2026" under the masthead: the day, not a highlight.
    const dayLine = result.date ? -1 : preamble.findIndex((line) => isDateOnly(line));
    if (dayLine >= 0) result.date = findDate(preamble.splice(dayLine, 1)[0]!);
    result.highlights.push(...items(preamble).map((item) => item.text));

    // "Articles Worth Reading#" with nothing under it, then a heading per article: a group of stories.
    let group: string | null = null;
    for (const section of sections) {
      const content = items(section.paragraphs);
      const role = roleOf(section.heading);
      if (role === 'highlights' || role === 'summary') {
        result.highlights.push(...content.map((item) => item.text));
        group = null;
        continue;
      }
      if (content.length === 0) {
        group = section.heading;
        continue;
      }
      if (group && !BARE_HEADING.test(section.heading)) {
        // A story under its own heading: its first paragraph the summary, "Source: url" its source.
        const story = emptyStory(section.heading);
        story.section = group;
        for (const item of content) {
          const more = READ_MORE.exec(item.text);
          if (more) story.sources.push({ ...emptySource(), title: story.title, url: more[1]! });
          else if (story.summary === null) story.summary = item.text;
          else story.body.push(item.kind === 'bullet' ? `• ${item.text}` : item.text);
        }
        result.stories.push(story);
        continue;
      }
      group = null;
      const stories: ParsedStory[] = [];
      const leftover: string[] = [];
      for (const item of titledItems(content)) {
        if (isFooterText(item.text)) break; // the tool's sign-off: "Adjust your topics: …"
        const more = READ_MORE.exec(item.text);
        const last = stories.at(-1);
        if (more && last) {
          const open = last.sources.find((source) => source.url === null);
          if (open) open.url = more[1]!;
          else last.sources.push({ ...emptySource(), title: more[1]!, url: more[1]! });
          continue;
        }
        const story = storyFrom(item.text, item.kind === 'bullet');
        if (story) {
          story.section = section.heading;
          stories.push(story);
        } else if (stories.length > 0) stories.at(-1)!.body.push(item.text);
        else leftover.push(item.text);
      }
      if (leftover.length > 0 || content.length === 0) result.extras.push({ heading: section.heading, paragraphs: leftover });
      result.stories.push(...stories);
    }
    return result;
  },
};

/**
 * "1. Halvard cuts prices by 40%" over its paragraph (and "Source: Outlet — url"): a numbered
 * title line and the text under it, one item ("Title: text …"), as a digest's bullets write it.
 * Only where every bullet is a title line over a paragraph.
 */
function titledItems(content: readonly Item[]): Item[] {
  const titled = (i: number) =>
    content[i]!.kind === 'bullet' &&
    content[i + 1]?.kind === 'para' &&
    content[i]!.text.length <= 120 &&
    !content[i]!.text.includes(': ') &&
    !/[.:]$/.test(content[i]!.text);
  const bullets = content.flatMap((item, i) => (item.kind === 'bullet' ? [i] : []));
  if (bullets.length < 2 || !bullets.every(titled)) return [...content];
  const out: Item[] = [];
  for (let i = 0; i < content.length; i++) {
    if (bullets.includes(i)) out.push({ kind: 'bullet', text: `${content[i]!.text}: ${content[++i]!.text}` });
    else out.push(content[i]!);
  }
  return out;
}

/** "Title: text (Source)" as a bullet, or "Title (Source) text" as a paragraph. */
function storyFrom(raw: string, bullet: boolean): ParsedStory | null {
  const sources: Source[] = [];
  let text = raw;
  // A link at the end ("… — https://…", or on the line under the bullet) is the story's source.
  // "… (https://…)" too: a quick hit's address in brackets.
  const linked = /(?:\s[—–-])?\s+(?:(https?:\/\/\S{1,2000})|\((https?:\/\/[^\s()]{1,2000})\))$/.exec(text);
  const link = linked && [linked[0], linked[1] ?? linked[2]!];
  if (linked) text = text.slice(0, linked.index);
  // "… Source: Payments Dive ·" before the link: the outlet that ran it.
  const named = link ? /\s+(?:source|via|from):\s*([^·|:]{1,60}?)\s*[·|—–-]?\s*$/i.exec(text) : null;
  if (named) {
    sources.push({ ...emptySource(), title: named[1]!.trim(), url: link![1]! });
    text = text.slice(0, named.index);
  }
  // "[Reuters · 19 Nov 2026]": the outlet and the day, in brackets.
  const bracketed = /\s\[([^[\]]{2,60}?)(?:\s[·|,]\s([^[\]]{4,30}))?\]$/.exec(text);
  if (bracketed && !/^\d+$/.test(bracketed[1]!)) {
    sources.push({
      ...emptySource(),
      title: bracketed[1]!.trim(),
      date: bracketed[2] ? findDate(bracketed[2]) : null,
      url: link?.[1] ?? null,
    });
    text = text.slice(0, bracketed.index);
  } else if (link && !named) sources.push({ ...emptySource(), title: link[1]!, url: link[1]! });
  let markAt = -1;
  let plain = replaceSourceMarks(text, (match, inner, linked, offset) => {
    const url = inner ?? linked ?? findUrl(match);
    sources.push({ ...emptySource(), title: 'Source', url: url ?? null });
    if (markAt < 0) markAt = offset;
    return markAt === offset ? '\u0000' : '';
  });
  let colon = plain.indexOf(': ');
  // "Title — text (Source)": the dash does what the colon does.
  const dash = plain.search(/\s[—–]\s/);
  if (bullet && (colon < 0 || colon > 120) && dash > 0 && dash <= 120 && plain.length - dash > 30) {
    colon = dash;
    plain = `${plain.slice(0, dash)}: ${plain.slice(dash + 3)}`;
  }
  if (bullet && (colon < 0 || colon > 120) && sources.length > 0 && plain.length <= 160) {
    // "• Title — https://…": a quick hit, all title.
    const story = emptyStory(plain.replace('\u0000', '').trim());
    story.sources = sources;
    return story;
  }
  let title: string;
  let summary: string;
  if (!bullet && markAt >= 0 && markAt <= 150) {
    [title, summary] = plain.split('\u0000') as [string, string];
  } else if (bullet && colon > 0 && colon <= 120) {
    title = plain.slice(0, colon);
    summary = plain.slice(colon + 2);
  } else if (bullet || sources.length > 0) {
    title = titleFrom(plain.replace('\u0000', ''));
    summary = plain;
  } else return null;
  const story = emptyStory(title.replace('\u0000', '').trim());
  summary = summary.replace('\u0000', '').trim();
  // "… (The Verge)": the outlet that ran it, a source its "Read more:" line may give a link.
  const outlet = sources.length === 0 ? /\s\(([A-Z][^()]{1,38})\)$/.exec(summary) : null;
  if (outlet) {
    sources.push({ ...emptySource(), title: outlet[1]!, url: null });
    summary = summary.slice(0, outlet.index).trim();
  }
  story.summary = summary || null;
  story.sources = sources;
  return story;
}
