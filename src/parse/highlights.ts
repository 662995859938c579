import { emptySource, emptyStory, type ParsedStory } from '../model/types';
import { markdownBlocks, type Block } from './blocks';
import { frontMatter } from './frontmatter';
import { inlineLinks, inlineText } from './inline';
import { partHeading } from './labels';
import { briefing, type Shape } from './shape';
import { findDate, isoDate, splitLabel } from './text';

/** The app's own link back to each highlight: "([View Highlight](…))", "[⤴️](…)". */
const BACK_LINK = /\(?\s{0,4}\[(?:View Highlight|Location \d+|Page \d+|⤴️?|↩︎?|link)\]\([^()\s]{1,2000}\)\s{0,4}\)?$/i;
// "## Highlights", "### New highlights added November 20th, 2026 at 9:14 AM".
const isHighlightsHeading = (line: string) => /^#{1,3}\s+(?:\w+\s+){0,2}highlights\b/i.test(line);
/** Links to the read-later app itself, never the article's source. */
const APP_LINK = /^(?:read on|open in|view in|view on) /i;
const ORIGINAL_LINK = /^(?:read original|original|source|article|url|read the original)$/i;

/**
 * Read-later highlight exports (Readwise, Omnivore and the like): "# Title", metadata as a
 * "## Metadata" list or "key: value" lines (Author, Full Title, Category, Summary, URL, site,
 * published), then "## Highlights": bullets ending in "([View Highlight](…))" with "- Note:"
 * children, or "> " quotes followed by "Note:" lines. One story: the article, its highlights as
 * quotes with their notes, its URL the source.
 */
export const readLaterHighlights: Shape = {
  format: 'highlights',
  detect({ lines }) {
    // A Kindle's "My Clippings.txt": entries between "==========" lines.
    if (lines.filter((line) => line.trim() === KINDLE_END).length >= 2 && lines.some((line) => KINDLE_META.test(line))) return 0.95;
    if (!lines.some(isHighlightsHeading)) return 0;
    let score = 0.5;
    if (lines.some((line) => /^#{1,3}\s+metadata\b/i.test(line))) score += 0.45;
    if (lines.some((line) => line.includes('](') && BACK_LINK.test(line.trimEnd()))) score += 0.3;
    if (lines.some((line) => /^\s*-?\s*(?:full title|url|category|date_saved|saved):/i.test(line))) score += 0.1;
    if (lines.some((line) => /\[read on \w+\]\(/i.test(line))) score += 0.2;
    // A whole document saved with its highlights after it (Reader's export of a newsletter,
    // "## 1. …", "## 2. …"): the document is what is read, the markdown shape's to tell.
    if (lines.filter((line) => /^#{2,3}\s+\d{1,2}[.)]\s/.test(line)).length >= 2) score -= 0.3;
    return Math.min(score, 0.97);
  },
  parse({ lines, name }) {
    if (lines.some((line) => line.trim() === KINDLE_END) && lines.some((line) => KINDLE_META.test(line)))
      return kindleClippings(lines, name);
    const matter = frontMatter(lines);
    const blocks = markdownBlocks(matter ? matter.body : lines);
    const result = briefing('highlights', name.replace(/\.\w+$/, ''));
    const story = emptyStory(result.title);
    const details: string[] = [];
    if (matter) for (const [key, values] of matter.fields) metadata(`${key}: ${values.join(', ')}`, result, story, details);
    let section = '';
    for (const block of blocks) {
      if (block.type === 'heading') {
        section = inlineText(block.text).toLowerCase();
        if (block.depth === 1) result.title = inlineText(block.text);
        // "Highlights first synced by #Readwise [[November 18th, 2026]]": when, kept with the details.
        else if (/\bhighlights\b/.test(section) && section !== 'highlights') details.push(inlineText(block.text).replace(/#/g, ''));
      } else if (/^(?:\w+\s+){0,2}highlights\b/.test(section)) readHighlight(block, story);
      else if (block.type === 'list') for (const item of block.items) metadata(item.text, result, story, details);
      else if (block.type === 'paragraph') for (const line of block.text.split('\n')) metadata(line, result, story, details);
      else if (block.type === 'quote')
        story.body.push(...block.blocks.flatMap((b) => (b.type === 'paragraph' ? [inlineText(b.text)] : [])));
    }
    if (story.title === name.replace(/\.\w+$/, '')) story.title = result.title;
    if (story.summary) result.highlights.push(story.summary);
    if (details.length > 0) story.extras.push({ heading: 'Details', paragraphs: details });
    result.stories.push(story);
    return result;
  },
};

const KINDLE_END = '==========';
/** "- Your Highlight on Location 38-40 | Added on Thursday, November 19, 2026 9:41:07 PM". */
const KINDLE_META = /^-\s*Your (Highlight|Note|Bookmark)\b.*?(?:\|\s*Added on (.+))?$/i;

/**
 * A Kindle's clippings file: "Title (Author)", the kind and place of each clipping and when it
 * was added, its text, "==========". One story for the (first) book; notes join the highlight
 * before them.
 */
function kindleClippings(lines: readonly string[], name: string) {
  const entries: string[][] = [[]];
  for (const line of lines) {
    if (line.trim() === KINDLE_END) entries.push([]);
    else entries.at(-1)!.push(line);
  }
  const result = briefing('highlights', name.replace(/\.\w+$/, ''));
  const story = emptyStory(result.title);
  for (const entry of entries) {
    const filled = entry.map((line) => line.trim()).filter(Boolean);
    const meta = filled.length >= 2 ? KINDLE_META.exec(filled[1]!) : null;
    if (!meta) continue;
    if (story.quotes.length === 0 && story.body.length === 0) {
      const book = /^(.*?)\s*\(([^()]{2,80})\)$/.exec(filled[0]!);
      result.title = story.title = book ? book[1]! : filled[0]!;
      if (book) result.publisher = book[2]!;
      result.date = meta[2] ? findDate(meta[2]) : null;
    }
    const text = filled.slice(2).join(' ');
    if (!text) continue;
    if (/^note$/i.test(meta[1]!) && story.quotes.length > 0) story.quotes[story.quotes.length - 1] += ` — Note: ${text}`;
    else if (/^note$/i.test(meta[1]!)) story.body.push(text);
    else story.quotes.push(text);
  }
  result.stories.push(story);
  return result;
}

/** One line of metadata ("Author: [[Name]]", "site: Latent Space", "[Read Original](url)", "#tags"). */
function metadata(raw: string, result: ReturnType<typeof briefing>, story: ParsedStory, details: string[]): void {
  // The book cover or page image: a picture, not metadata.
  if (/^!\[[^\]]*\]\([^)]*\)$/.test(raw.trim())) return;
  const text = inlineText(raw);
  if (!text) return;
  const links = inlineLinks(raw);
  if (links.length > 0 && inlineText(raw.replace(/\[[^[\]\n]*\]\([^()\s]*\)/g, '')).trim() === '') {
    for (const link of links) {
      if (APP_LINK.test(link.text)) continue; // the app's own page: not the article
      if (ORIGINAL_LINK.test(link.text) || story.sources.length === 0) addSource(story, link.url);
      else details.push(`${link.text}: ${link.url}`);
    }
    return;
  }
  const pair = /^([\w][\w -]{0,40}):\s+(.*)$/.exec(text);
  const field = pair ? { label: pair[1]!, rest: pair[2]! } : splitLabel(text);
  const key = field?.label.toLowerCase().replace(/[ -]/g, '_') ?? '';
  const value = field?.rest ?? text;
  if (key === 'author' || key === 'authors' || key === 'byline')
    result.publisher = result.publisher ? `${value} · ${result.publisher}` : value;
  else if (key === 'full_title') story.title = value;
  else if (key === 'summary' || key === 'description' || key === 'excerpt') story.summary = value;
  else if ((key === 'url' || key === 'source' || key === 'original_url') && /^https?:\/\//i.test(value)) addSource(story, value);
  else if (/^(?:published|date|published_date|published_at)$/.test(key) && isoDate(value.replace(/T\d.*$/, '')))
    result.date = isoDate(value.replace(/T\d.*$/, ''));
  else if (/^(?:site|site_name|publisher)$/.test(key)) result.publisher = result.publisher ? `${result.publisher} · ${value}` : value;
  else if (/^#[\w/-]+(?:\s+#[\w/-]+)*$/.test(text)) details.push(`Tags: ${text.replace(/#/g, '')}`);
  else details.push(field ? `${partHeading(field.label.replace(/_/g, ' '))}: ${field.rest.replace(/^#/, '')}` : text);
}

function addSource(story: ParsedStory, url: string): void {
  if (!story.sources.some((source) => source.url === url)) story.sources.push({ ...emptySource(), title: story.title, url });
}

/** A highlight (a bullet or a quote, its back link dropped), or a note on the one before. */
function readHighlight(block: Block, story: ParsedStory): void {
  const withNote = (text: string) => {
    const note = inlineText(text);
    if (story.quotes.length === 0) story.body.push(note);
    else story.quotes[story.quotes.length - 1] += /^note:/i.test(note) ? ` — ${note}` : ` (${note})`;
  };
  if (block.type === 'list') {
    for (const item of block.items) {
      const quote = inlineText(item.text.trimEnd().replace(BACK_LINK, ''));
      if (quote) story.quotes.push(quote);
      for (const child of item.blocks) if (child.type === 'list') for (const sub of child.items) withNote(sub.text);
    }
  } else if (block.type === 'quote') {
    const text = block.blocks
      .flatMap((b) => (b.type === 'paragraph' ? [b.text] : []))
      .join(' ')
      .trimEnd()
      .replace(BACK_LINK, '');
    if (inlineText(text)) story.quotes.push(inlineText(text));
  } else if (block.type === 'paragraph') withNote(block.text);
}
