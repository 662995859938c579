import { emptySource, emptyStory, type ParsedStory } from '../model/types';
import { isFooterText, isSignOff, isSponsorText } from './labels';
import { briefing, type Shape } from './shape';
import { feedLine } from './sources';
import {
  blocks,
  findDate,
  isBullet,
  isCapsLabel,
  isDateOnly,
  items,
  sectionName,
  splitTitleDate,
  squash,
  titleFrom,
  unbullet,
} from './text';

/** "TITLE IN CAPITALS (4 MINUTE READ) [3]": an item, its kind or reading time, its link number. */
const ITEM = /^(\S.{2,250}?)\s*(?:\(([^()]{1,40})\))?\s*\[(\d{1,4})\]$/;
const LINK_ENTRY = /^\s*\[(\d{1,4})\]\s+(\S+)\s*$/;
const REFERENCE = /\s?\[(\d{1,4})\]/g;

/** "… → https://…", "Read more → https://…": an item's link at the end of its line. */
const ARROW_LINK = /(?:^|\s)(?:→|->|»|⟶)\s*(https?:\/\/\S{1,2000})\s*$/;
const ITEM_CHROME = /^(?:flag as irrelevant|see more results|edit this alert|unsubscribe from this alert.*)$/i;

/** "1) ", "2. ": a numbered item. */
const NUMBERED = /^\d{1,2}[.)]\s+/;

/** A line that is only a URL: a feed reader's "link" under each item. */
const BARE_URL_LINE = /^\s*<?(https?:\/\/[^\s<>]{1,2000})>?\s*$/;
/** "Read more: https://…", "Link: https://…": an item's link on a line of its own, named. */
const NAMED_URL_LINE =
  /^\s*(?:read more|read (?:the )?(?:full )?(?:story|article|post)|continue reading|full (?:story|article)|link|url)\s*:\s*<?(https?:\/\/[^\s<>]{1,2000})>?\s*$/i;
/** An item's link on a line of its own: the URL alone, or named. */
const urlLine = (line: string) => BARE_URL_LINE.exec(line) ?? NAMED_URL_LINE.exec(line);
/** "━━━━━━", "-----", "=====": a rule drawn with characters. */
const DRAWN_RULE = /^\s*[━─═\-=_*~·•]{3,}\s*$/;
/** "11/18/2026 4:12 PM · by Kiri Walsh": when and by whom, under an item's title. */
const DATELINE = /^(.{0,40}?\d.{0,30}?)(?:\s+[·|•—-]\s+|\s+)by\s+(\S.{0,60})$/i;

/** A leading emoji (and its variation selector or joiners) before a title or section name. */
const LEADING_EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\p{Regional_Indicator})+\s*/u;

/**
 * Roundups whose items end in "→ url": "🧰 Title" then a paragraph then "→ https://…", or
 * "- 🎙️ Title → https://…" in a list; emoji lines alone name sections, "Sponsored by" blocks
 * are kept aside, the sign-off and footer left out.
 */
function arrowRoundup(raw: readonly string[], name: string) {
  // A roundup saved with its email headers: the subject is the title, the date the day.
  const headers = new Map<string, string>();
  let at = 0;
  for (; at < raw.length && at < 12; at++) {
    const header = /^(from|to|date|subject|sent|cc):\s+(.*)$/i.exec(raw[at]!);
    if (!header) break;
    headers.set(header[1]!.toLowerCase(), header[2]!.trim());
  }
  const lines = headers.has('subject') ? raw.slice(at) : raw;
  // Lines that are the service's, not the item's: "Flag as irrelevant", "comments: url".
  const all = blocks(lines.filter((line) => !DRAWN_RULE.test(line) && !ITEM_CHROME.test(line.trim())));
  const first = headers.get('subject') ?? all[0]?.[0]?.trim() ?? name;
  const { title, date } = splitTitleDate(first);
  const result = briefing('link-roundup', title);
  result.date = date ?? (headers.has('date') ? findDate(headers.get('date')!.replace(/^\w{3},\s*/, '')) : null);
  if (!headers.has('subject')) all[0]?.shift();
  // A masthead of short lines ("Inoreader", "Your daily digest", "Nov 24th 2026"): a line of
  // only a date, before the first link, is the day.
  for (const block of all) {
    if (result.date !== null || block.some((line) => ARROW_LINK.test(line) || urlLine(line))) break;
    const dated = block.findIndex((line) => isDateOnly(line));
    if (dated >= 0) result.date = findDate(block.splice(dated, 1)[0]!);
  }
  let section: string | null = null;
  let ended = false;
  const sponsor: string[] = [];
  const storyOf = (line: string, url: string | null, summary: string[]) => {
    // "* Title (example.com)": the site in brackets is where the link goes, not the title.
    const story = emptyStory(
      line
        .replace(LEADING_EMOJI, '')
        .replace(/^[-*•]\s+/, '')
        .replace(LEADING_EMOJI, '')
        .replace(/\s+\((?:[a-z0-9-]+\.)+[a-z]{2,}\)$/i, '')
        .trim(),
    );
    story.section = section;
    const source = { ...emptySource(), title: story.title, url };
    const dateline = summary[0] ? DATELINE.exec(summary[0]) : null;
    const outlet = summary[0] ? feedLine(summary[0]) : null;
    if (outlet) {
      // "from Import Notes | 14 hours ago": whose it is; the when is the reader's, not the story's.
      source.author = outlet;
      summary.shift();
    } else if (dateline && findDate(dateline[1]!)) {
      source.date = findDate(dateline[1]!);
      source.author = dateline[2]!.trim();
      summary.shift();
    }
    story.summary = summary.join(' ').trim() || null;
    if (url) story.sources.push(source);
    result.stories.push(story);
  };
  for (const block of all) {
    if (block.length === 0 || ended) continue;
    const text = block.map((line) => line.trim());
    if (isSponsorText(text[0]!)) {
      sponsor.push(...text.map((line) => line.replace(ARROW_LINK, ' $1').trim()));
      continue;
    }
    if (isFooterText(text.join(' ')) || isSignOff(text[0]!)) {
      // The sign-off: what follows is the sender's. Before any item it is the header's "View in browser".
      if (result.stories.length > 0) ended = true;
      continue;
    }
    // "Title / https://…" with more after the link ("comments: …"), or the link last.
    const urlAt = text.findIndex((line, k) => k > 0 && (urlLine(line) || (ARROW_LINK.test(line) && !isBullet(line))));
    // What follows the link: a discussion's link ("comments: url") is a second source.
    const after = urlAt > 0 && urlAt < text.length - 1 ? text.splice(urlAt + 1) : [];
    const discussion = after.map((line) => /^comments?:\s*<?(https?:\/\/[^\s<>]+)>?$/i.exec(line)?.[1]).find(Boolean);
    const arrow = ARROW_LINK.exec(text.at(-1)!) ?? urlLine(text.at(-1)!);
    if (text.every((line) => isBullet(line) && ARROW_LINK.test(line))) {
      for (const line of text) storyOf(unbullet(line).replace(ARROW_LINK, ''), ARROW_LINK.exec(line)![1]!, []);
    } else if (arrow && text.length >= 2 && text[0]!.length <= 160 && !/[.!?]$/.test(text[0]!)) {
      const last = text.at(-1)!.replace(ARROW_LINK, '').replace(BARE_URL_LINE, '').replace(NAMED_URL_LINE, '').trim();
      storyOf(text[0]!, arrow[1]!, [...text.slice(1, -1), last, ...after.filter((line) => !/^comments?:/i.test(line))].filter(Boolean));
      if (discussion) result.stories.at(-1)!.sources.push({ ...emptySource(), title: 'Comments', url: discussion });
    } else if (arrow && text.length >= 2 && NUMBERED.test(text[0]!) && text.filter((line) => NUMBERED.test(line)).length === 1) {
      // "1) Halvard cut its prices by 40%, starting December 1." then the link: a numbered
      // sentence is an item too, its first sentence the title.
      const last = text.at(-1)!.replace(ARROW_LINK, '').replace(BARE_URL_LINE, '').replace(NAMED_URL_LINE, '').trim();
      const said = squash([...text.slice(0, -1), last].join(' ').replace(NUMBERED, '').trim());
      const title = titleFrom(said, 120);
      const rest = title.endsWith('…') ? said : said.slice(title.length).trim();
      storyOf(title, arrow[1]!, rest ? [rest] : []);
    } else if (
      text.length === 1 &&
      !arrow &&
      text[0]!.length <= 60 &&
      (LEADING_EMOJI.test(text[0]!) || isCapsLabel(sectionName(text[0]!)) || /^#[\p{L}]/u.test(text[0]!)) &&
      text[0]!.length <= 60
    ) {
      section = sectionName(text[0]!);
    } else if (result.stories.length === 0) result.highlights.push(text.join(' '));
    else result.stories.at(-1)!.body.push(text.join(' '));
  }
  if (sponsor.length > 0) result.extras.push({ heading: 'Sponsor', paragraphs: sponsor });
  return result;
}

function isItemTitle(line: string, anyCase = false): RegExpExecArray | null {
  const match = line.length <= 300 ? ITEM.exec(line.trim()) : null;
  const title = match?.[1] ?? '';
  // TLDR-style capitals, or a numbered item in any case: "1) Title [1]".
  if (match && /^\d{1,2}[.)]\s/.test(title)) {
    match[1] = title.replace(/^\d{1,2}[.)]\s+/, '');
    return match;
  }
  return match && /\p{Lu}/u.test(title) && (anyCase || title === title.toUpperCase()) ? match : null;
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
    if (links < 0) {
      // The other way senders write it: each item ends in "→ https://…".
      // A link on a line of its own counts where the parser can read its block as an item: under a title, or a numbered line.
      const linked = blocks(lines).filter(
        (block) =>
          block.some((line, k) => k > 0 && line.includes('http') && !ARROW_LINK.test(line) && urlLine(line)) &&
          (!/[.!?]$/.test(block[0]!.trim()) || NUMBERED.test(block[0]!.trim())),
      ).length;
      const arrows = linked + lines.filter((line) => line.includes('http') && ARROW_LINK.test(line)).length;
      return arrows >= 3 && !lines.some((line) => /^#{1,6}\s/.test(line)) ? Math.min(0.9, 0.4 + 0.05 * arrows) : 0;
    }
    const entries = lines.slice(links).filter((line) => LINK_ENTRY.test(line)).length;
    const titles = lines.slice(0, links).filter((line) => isItemTitle(line) !== null).length;
    return entries >= 2 && titles >= 2 ? Math.min(0.95, 0.5 + 0.05 * titles) : 0;
  },
  parse({ lines, name }) {
    const linksAt = lines.findIndex((line) => /^\s*links:\s*$/i.test(line));
    if (linksAt < 0) return arrowRoundup(lines, name);
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

    for (const { text, kind } of paragraphs.slice(1)) {
      // A numbered line ("1) Title [1]", its number taken as a list's) may be in any case.
      const item = isItemTitle(text, kind === 'bullet');
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
