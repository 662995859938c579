import { emptySource, emptyStory, type ParsedStory } from '../model/types';
import { isChromeRow, isFooterText, isSignOff, isSponsorText, partHeading } from './labels';
import { briefing, type Shape } from './shape';
import { blocks, findDate, isBullet, isCapsLabel, isDateOnly, isDayLine, sectionName, splitLabel, squash, unbullet } from './text';

/** "text [https://…]": a link as a plain-text email writes it, after its words. */
const BRACKETED_URL = /\s?\[(https?:\/\/[^\s[\]]{1,2000})\]/g;

/** "Forgewright Pay-per-merge": an item's title, one line of words with no sentence ending in it. */
const isTitle = (line: string) =>
  line.length >= 4 &&
  line.length <= 120 &&
  /\p{Ll}/u.test(line) &&
  !/[.!?:,;]$|[.!?]\s|https?:\/\//.test(line) &&
  !isBullet(line) &&
  !splitLabel(line) &&
  !isFooterText(line);
/** A paragraph of running text under a title: long enough to be one, ending as a sentence (or a link) does. */
const isParagraph = (text: string) => text.length >= 60 && /[.!?"”)\]]$/.test(text);
/** "🚀 LAUNCHES", "MONEY": a section's name alone on its line. */
const isSection = (block: readonly string[]) =>
  block.length === 1 && block[0]!.trim().length <= 50 && isCapsLabel(sectionName(block[0]!)) && !isSponsorText(block[0]!);
/**
 * A block that is an item: its title, then its paragraph right under it, starting a sentence.
 * Hard-wrapped prose looks the same line by line, but its next line goes on with the sentence
 * (in lower case, mostly) and its first line is as long as the rest: a title is shorter.
 */
const isItem = (block: readonly string[]) =>
  block.length >= 2 &&
  isTitle(block[0]!.trim()) &&
  !isBullet(block[1]!) &&
  /^\s*["“(\p{Lu}\p{N}]/u.test(block[1]!) &&
  (block.length === 2 || block[0]!.trim().length < 0.8 * Math.max(...block.slice(1).map((line) => line.trim().length))) &&
  isParagraph(squash(block.slice(1).join(' ')));
/** A title alone, its paragraph the next block (read only within a section: a greeting line looks the same). */
const isTitleOver = (block: readonly string[], next: readonly string[] | undefined) =>
  block.length === 1 &&
  isTitle(block[0]!.trim()) &&
  !!next &&
  !next.some(isBullet) &&
  /^\s*["“(\p{Lu}\p{N}]/u.test(next[0]!) &&
  isParagraph(squash(next.join(' ')));

/** How many blocks after the first section are items (up to `enough`), a title over its paragraph included. */
function itemsIn(all: readonly (readonly string[])[], from: number, enough: number): number {
  let count = 0;
  for (let i = from; i < all.length && count < enough; i++) if (isItem(all[i]!) || isTitleOver(all[i]!, all[i + 1])) count++;
  return count;
}

/** Below the shapes that have words of their own to go by (labels, TLDR lines, link lines). */
const CEILING = 0.45;

/**
 * Newsletters as an email client keeps them in plain text (Substack, Beehiiv, Buttondown):
 * a "View this post on the web" line, the subject and its subtitle, the author and day, a
 * greeting, then sections named in capitals (often after an emoji), each of items: a title
 * line with its paragraph right under it, a link written "[https://…]" after its words.
 * Bullets under a section with no item of its own are one item, named by the section.
 */
export const emailNewsletter: Shape = {
  format: 'newsletter',
  detect({ lines }) {
    if (lines.some((line) => /^#{1,6}\s/.test(line))) return 0;
    const all = blocks(lines);
    const first = all.findIndex(isSection);
    if (first < 0) return 0;
    const itemCount = itemsIn(all, first, 5);
    return itemCount >= 2 ? Math.min(CEILING, 0.25 + 0.04 * itemCount) : 0;
  },
  ceiling: CEILING,
  parse({ lines, name }) {
    const all = blocks(lines).map((block) => block.map((line) => line.trim()));
    // The sender's row of links and "View this post on the web at …" come before the title.
    while (all[0] && (isChromeRow(all[0][0]!) || isFooterText(all[0][0]!))) {
      all[0].shift();
      if (all[0].length === 0) all.shift();
    }
    const masthead = all.shift() ?? [name];
    const result = briefing('newsletter', masthead[0]!);
    // Its subtitle ("Plus: a GPU glut in Texas") is the issue's first highlight.
    if (masthead.length > 1) result.highlights.push(squash(masthead.slice(1).join(' ')));
    let story: ParsedStory | null = null;
    let section: string | null = null;
    let ended = false;
    let signOff = false;
    const sponsor: string[] = [];
    // The sign-off comes after the last item or section ("That's it for models" before the next is not one).
    let lastItem = -1;
    for (let b = 0; b < all.length; b++) if (isSection(all[b]!) || isItem(all[b]!) || isTitleOver(all[b]!, all[b + 1])) lastItem = b;
    for (let b = 0; b < all.length; b++) {
      const block = all[b]!;
      if (ended) break;
      const text = squash(block.join(' '));
      const before = result.stories.length === 0 && story === null;
      // "Jonas Ekberg" over "Nov 24": the author and the day, before any item.
      const day = before && block.length <= 2 ? block.findIndex((line) => isDayLine(line) || isDateOnly(line)) : -1;
      if (day >= 0) {
        result.date ??= findDate(block[day]!);
        if (!result.date) result.extras.push({ heading: 'Edition', paragraphs: [block[day]!] });
        const author = block[1 - day];
        if (block.length === 2 && author && author.length <= 60 && !result.publisher) result.publisher = author;
        continue;
      }
      // The sender's footer: a short block of its words ("Unsubscribe"); an item may use them in passing.
      if (b > lastItem && text.length < 300 && isFooterText(text)) {
        ended = result.stories.length > 0;
        continue;
      }
      // "That's all for this week. Reply and tell me…", "— Jonas": the sender's, kept apart from the last item.
      if (signOff || (b > lastItem && (isSignOff(text) || /^—\s*\p{Lu}/u.test(text)) && result.stories.length > 0)) {
        signOff = true;
        result.extras.push({ heading: 'Sign-off', paragraphs: [text] });
        continue;
      }
      if (isSponsorText(block[0]!)) {
        sponsor.push(text);
        story = null;
        continue;
      }
      if (isSection(block)) {
        section = sectionName(block[0]!);
        story = null;
        continue;
      }
      if (isItem(block)) {
        story = itemStory(block[0]!, squash(block.slice(1).join(' ')), section);
        result.stories.push(story);
        continue;
      }
      if (section !== null && isTitleOver(block, all[b + 1])) {
        story = itemStory(block[0]!, '', section);
        result.stories.push(story);
        continue;
      }
      if (block.every(isBullet) && !story && section) {
        // "⚡ QUICK HITS" then bullets: one item of them, named by the section.
        story = itemStory(partHeading(section), '', null);
        result.stories.push(story);
      }
      if (!story) result.highlights.push(text.replace(BRACKETED_URL, ''));
      else for (const paragraph of block.every(isBullet) ? block.map((line) => `• ${unbullet(line)}`) : [text]) addText(story, paragraph);
    }
    if (sponsor.length > 0) result.extras.push({ heading: 'Sponsor', paragraphs: sponsor });
    return result;
  },
};

function itemStory(title: string, paragraph: string, section: string | null): ParsedStory {
  const story = emptyStory(title);
  story.section = section;
  if (paragraph) addText(story, paragraph);
  return story;
}

/** A paragraph of an item (its summary first), its bracketed links taken out as sources. */
function addText(story: ParsedStory, paragraph: string) {
  for (const [, url] of paragraph.matchAll(BRACKETED_URL))
    if (!story.sources.some((source) => source.url === url)) story.sources.push({ ...emptySource(), title: story.title, url: url! });
  const text = paragraph.replace(BRACKETED_URL, '').trim();
  if (!text) return;
  if (story.summary === null) story.summary = text;
  else story.body.push(text);
}
