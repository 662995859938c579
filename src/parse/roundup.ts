import { emptySource, emptyStory, type ParsedStory } from '../model/types';
import { isFooterText, isSponsorText } from './labels';
import { briefing, type Shape } from './shape';
import { isCapsLabel, items, splitTitleDate } from './text';

/** "TITLE IN CAPITALS (4 MINUTE READ) [3]": an item, its kind or reading time, its link number. */
const ITEM = /^(\S.{2,250}?)\s*(?:\(([^()]{1,40})\))?\s*\[(\d{1,4})\]$/;
const LINK_ENTRY = /^\s*\[(\d{1,4})\]\s+(\S+)\s*$/;
const REFERENCE = /\s?\[(\d{1,4})\]/g;

/** "🚀 HEADLINES & LAUNCHES" → "HEADLINES & LAUNCHES". */
const sectionName = (line: string) => line.replace(/^[^\p{L}\p{N}]+/u, '').trim();

function isItemTitle(line: string): RegExpExecArray | null {
  const match = line.length <= 300 ? ITEM.exec(line.trim()) : null;
  const title = match?.[1] ?? '';
  return match && /\p{Lu}/u.test(title) && title === title.toUpperCase() ? match : null;
}

/**
 * Plain-text link roundups (a newsletter as received in plain text): a "Name 2026-11-19"
 * masthead, capitalised sections with emoji, items "TITLE (4 MINUTE READ) [3]" with a paragraph,
 * and a "Links:" list of "[n] url" at the bottom. Each [n] resolves to its URL; sponsor blocks
 * are kept aside and the footer left out, their links never a story's sources.
 */
export const linkRoundup: Shape = {
  format: 'link-roundup',
  detect({ lines }) {
    const links = lines.findIndex((line) => /^\s*links:\s*$/i.test(line));
    if (links < 0) return 0;
    const entries = lines.slice(links).filter((line) => LINK_ENTRY.test(line)).length;
    const titles = lines.slice(0, links).filter((line) => isItemTitle(line) !== null).length;
    return entries >= 2 && titles >= 2 ? Math.min(0.95, 0.5 + 0.05 * titles) : 0;
  },
  parse({ lines, name }) {
    const linksAt = lines.findIndex((line) => /^\s*links:\s*$/i.test(line));
    const urls = new Map<string, string>();
    for (const line of lines.slice(linksAt)) {
      const entry = LINK_ENTRY.exec(line);
      if (entry) urls.set(entry[1]!, entry[2]!);
    }
    const body = lines.slice(0, linksAt).filter((line) => !/^\s*-{3,}\s*$/.test(line));
    const paragraphs = items(body);
    const first = paragraphs[0]?.text ?? name;
    const { title, date } = splitTitleDate(first);
    const result = briefing('link-roundup', title);
    result.date = date;

    const sponsor: string[] = [];
    const footer: string[] = [];
    let section: string | null = null;
    let story: ParsedStory | null = null;
    let aside: string[] | null = null; // a sponsor block or the footer, until the next item
    const sourceOf = (n: string) => ({ ...emptySource(), title: `[${n}]`, url: urls.get(n) ?? null });
    const refsIn = (text: string) => [...text.matchAll(REFERENCE)].map((match) => match[1]!);

    for (const { text } of paragraphs.slice(1)) {
      const item = isItemTitle(text);
      if (item && !isSponsorText(item[1]!) && !/\bsponsor/i.test(item[2] ?? '')) {
        story = emptyStory(item[1]!.trim());
        story.section = section;
        const source = sourceOf(item[3]!);
        source.title = story.title;
        story.sources.push(source);
        if (item[2] && !/minute read/i.test(item[2])) story.extras.push({ heading: 'Kind', paragraphs: [item[2]] });
        else if (item[2]) story.timestamp = null;
        result.stories.push(story);
        aside = null;
      } else if (item || isSponsorText(text)) {
        aside = sponsor;
        aside.push(text.replace(REFERENCE, ''));
        story = null;
      } else if (isFooterText(text) || (aside === footer && aside.length > 0)) {
        aside = footer;
        footer.push(text.replace(REFERENCE, ''));
        story = null;
      } else if (isCapsLabel(sectionName(text)) && sectionName(text).length >= 3) {
        section = sectionName(text);
        story = null;
        aside = null;
      } else if (aside) aside.push(text.replace(REFERENCE, ''));
      else if (story) {
        for (const n of refsIn(text)) if (!story.sources.some((s) => s.url === urls.get(n))) story.sources.push(sourceOf(n));
        const clean = text.replace(REFERENCE, '');
        if (story.summary === null) story.summary = clean;
        else story.body.push(clean);
      } else result.highlights.push(text.replace(REFERENCE, ''));
    }
    if (sponsor.length > 0) result.extras.push({ heading: 'Sponsor', paragraphs: sponsor });
    return result;
  },
};
