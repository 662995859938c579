import { stripControls } from '../src/parse/clean';
import { parseText } from '../src/parse/index';
import { isChromeRow, isFooterText } from '../src/parse/labels';
import { isVideoChrome } from '../src/parse/video';
import { dropSiteFooter, joinSplitHeads, SITE_CHROME } from '../src/parse/discussion';
import { CHROME_LINE } from '../src/parse/plain';
import { isFeedChrome } from '../src/parse/markdown';
import { words } from './helpers';

/** "[–] user 112 points 6 hours ago", "user 5 hours ago | link | flag": a comment's head, whose words become its heading. */
const COMMENT_HEAD_LIKE =
  /^\s*(?:\[[–-]\]\s+)?[\w.-]{1,40}(?:\[S\])?\s+(?:·\s+)?(?:-?\d{1,6} points?\s+)?(?:\d{1,3} ?\w+\.? ago\b|[A-Z][a-z]{2} \d{1,2}$)/;

/** Site chrome that parsers drop on purpose; every other word must survive parsing. */
const chromeFree = (text: string) =>
  text
    .split(/\r?\n/)
    .filter((line) => !isVideoChrome(line) && !/^\s*sources?\s*$/i.test(line))
    .join('\n');

/** Words that only ever label structure (and section numbers like the 2 of "2. Topics"), which (a "TLDR:" or "Sources (2)" line) and may be dropped. */
const LABELS = new Set([
  'tldr',
  'tl',
  'dr',
  'summary',
  'key',
  'takeaways',
  'positions',
  'sources',
  'in',
  'this',
  'briefing',
  'reply',
  'published',
  'on',
  'signal',
  'source',
  'quotes',
  'notable',
  'concepts',
  'synthesis',
  'and',
  'conclusion',
  'highlights',
  'by',
  'md',
  'link',
  'executive',
  'big',
  'bottom',
  'line',
  'front',
  'facts',
  'brief',
  'short',
  'further',
  'reading',
  'abstract',
  'dw',
  'aliases',
  'glance',
  'today',
  'overview',
  'via',
  'core',
  'ideas',
  'memorable',
  'channel',
  'thing',
  'item',
  'details',
  'resources',
  'theme',
  'points',
  'insights',
  'uploaded',
  'byline',
  'site',
  // A time of day beside a date: the day is kept (as the source's date), the hour is not.
  'am',
  'pm',
  'utc',
  'created',
  'description',
  'published',
  'go',
  'deeper',
  'full',
  'url',
  'author',
  'links',
  'mentioned',
  'guests',
  'chapters',
  'metadata',
  'themes',
  'original',
  'read',
  'more',
]);

// Weekday and month names, and the "16t08" of "2026-11-16T08:41" (briefings are dated by the day).
const DATE_WORDS =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d{1,2}t\d{1,2}|\d{1,2}(?:st|nd|rd|th))$/;

export function lostWords(raw: string, name: string, whole = raw): string[] {
  const parsed = parseText(whole, name);
  const json = JSON.stringify(parsed);
  // A date written out ("Thursday, November 19, 2026") is kept as the briefing's ISO day.
  const dated = parsed.date !== null;
  const output = words(json);
  // Parsers may split glued text ("Counter ViewPhone-sized" → "Counter View: Phone-sized"): look across word gaps too.
  const joined = [...json.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]).join('');
  return [...words(stripControls(chromeFree(raw)))].filter(
    (word) =>
      !output.has(word) &&
      !LABELS.has(word) &&
      !/^(?:\d{1,2}|[ivx]{1,4})$/.test(word) &&
      !joined.includes(word) &&
      !(dated && DATE_WORDS.test(word)),
  );
}

/**
 * What a parser leaves out on purpose: a sender's footer (from its first "Unsubscribe"-like
 * line on), a forum's chrome (points lines, nav, "user 5 hours ago | parent | next [–]" words),
 * links a reader app adds to each highlight, an image's address (its alt text stays), the page
 * a wiki link names when it shows another text.
 */
export function chromeOf(raw: string): string {
  const lines = raw.split(/\r?\n/);
  let footer = lines.findIndex((line, i) => i > lines.length / 2 && isFooterText(line));
  // A rule just above it starts the footer ("---", then "Thanks to …, Unsubscribe").
  const rule = footer < 0 ? -1 : lines.slice(0, footer).findLastIndex((line) => /^\s*-{3,}\s*$/.test(line));
  if (rule >= 0 && footer - rule <= 6) footer = rule;
  // A footer is a paragraph: its lines above the one that names it go with it.
  else while (footer > 0 && lines[footer - 1]!.trim() !== '') footer--;
  const kept = joinSplitHeads(footer >= 0 ? lines.slice(0, footer) : lines).filter((line) => !(isFooterText(line) && line.length < 300));
  // A forum's own chrome (nav, votes, buttons, its footer), by the patterns the thread parser drops.
  if (kept.some((line) => COMMENT_HEAD_LIKE.test(line))) dropSiteFooter(kept);
  return (
    kept
      .filter((line) => !SITE_CHROME.test(line) && !CHROME_LINE.test(line.trim()) && !isFeedChrome(line) && !isChromeRow(line))
      // A share row, a Kindle clipping's place-and-time line (its day is kept).
      .filter((line) => !/^\s*share:\s*(?:\w+\s*·\s*){1,6}\w+\s*$|^\s*-\s*Your (?:Highlight|Note|Bookmark)\b/i.test(line))
      // A video's view count, and a page's tab row ("Digest    Sources    Settings").
      .filter((line) => !/^\s*[\d.,]+[KMB]? views\b|^(?:\w+\s{2,}){1,5}\w+$/i.test(line.trim()))
      .filter(
        (line) =>
          !/\| (?:hide|past|parent|next|prev|root|link|flag)\b|^\s*(?:guidelines \||search:|hacker news|add comment\s*$)|^\s*(?:authored|submitted) by\b/i.test(
            line,
          ),
      )
      .map((line) =>
        line
          .replace(/\(\[View Highlight\]\([^)]*\)\)/g, '')
          .replace(/!\[[^\]]*cover\]\([^)]*\)/gi, '')
          // HTML's own words (tag and entity names), and a summary callout's marker and title.
          .replace(/&[a-z]{2,10};/gi, ' ')
          .replace(/<\/?[a-z][a-z0-9]*\b[^<>]*>/gi, (tag) => ` ${/href=["']([^"']*)/i.exec(tag)?.[1] ?? ''} `)
          .replace(/^(\s*>\s*)\[!(?:summary|abstract|tldr)\][+-]?.*$/i, '$1')
          .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
          .replace(/\[(?:⤴️|Read on \w+)\]\([^)]*\)/g, '')
          .replace(/\(\[Location \d+\]\([^)]*\)\)/gi, '')
          .replace(/([?&]t=)\d+s?\b/g, '$1')
          .replace(/\[\[[^\]|]*\|([^\]]*)\]\]/g, '$1'),
      )
      .join('\n')
  );
}
