import { emptySource, type Source } from '../model/types';
import { trimEndOf } from './clean';
import { inlineText, type InlineLink } from './inline';
import { findDate, findUrl, isoDate } from './text';

/**
 * One source line, in any of the ways briefings write them: "[Title](url) — Author, 8 May
 * 2026: excerpt", "Title — https://…", "Title (https://…)", a bare URL or a bare title.
 */
export function sourceLine(raw: string): Source {
  const source = emptySource();
  const links: InlineLink[] = [];
  const text = inlineText(raw, links);
  const link = links.find((candidate) => candidate.text !== candidate.url) ?? links[0];
  source.url = link?.url ?? findUrl(text);
  let rest: string;
  if (link && link.text !== link.url) {
    const at = text.indexOf(link.text);
    const before = trimEndOf(text.slice(0, Math.max(0, at)).trim(), '—–-:· ');
    source.title = [before, link.text].filter(Boolean).join(' ');
    rest = text.slice(at + link.text.length);
  } else {
    const without = source.url ? text.replace(source.url, '').replace(/\(\s*\)|<\s*>/g, '') : text;
    const [head, ...tail] = without.split(/\s[—–|]\s/);
    source.title = trimEndOf((head ?? '').trim(), '—–-:·( ').replace(/^[—–:·-]\s*/, '') || source.url;
    rest = tail.join(' — ');
  }
  // "Read the original →", "Source:": words that lead to the link, not its title.
  const lead =
    /^(?:read (?:more|the original|the full (?:story|article)|on)|original(?: article| story)?|source|link|via|more)\s*[:→»—–-]*\s*$/i;
  if (source.title && lead.test(source.title)) source.title = source.url;
  const meta = rest.replace(/^\s*[—–,-]\s*/, '').trim();
  if (meta) {
    const [byline = '', ...excerpt] = meta.split(/:\s/);
    source.date = findDate(byline);
    const author = byline
      .split(',')
      .map((piece) => piece.trim())
      .filter((piece) => piece && !isoDate(piece) && piece !== source.url)
      .join(', ');
    if (author.length <= 80) {
      source.author = author || null;
      source.excerpt = excerpt.length > 0 ? excerpt.join(': ') : null;
    } else source.excerpt = meta;
  }
  return source;
}

/** Every link of a line as its own source ("**Sources:** [a](u) · [b](u)"). */
export function linkSources(links: readonly InlineLink[]): Source[] {
  // A chapter's deep link ("[12:30](…&t=750s)") is a place in the story, not a source of it.
  const places = links.filter((link) => !/^\(?\d{1,2}:\d{2}(?::\d{2})?\)?$/.test(link.text.trim()) && !/[?&#]t=\d+s?\b/.test(link.url));
  return places.map((link) => ({ ...emptySource(), title: link.text || link.url, url: link.url }));
}

/** Adds sources not already there (by URL, or by title when neither has one). */
export function addSources(into: Source[], more: readonly Source[]): void {
  for (const source of more) {
    const same = into.find((known) => (source.url ? known.url === source.url : !known.url && known.title === source.title));
    if (!same) into.push(source);
  }
}

/** A reading time ("4 min read") or an age ("3h", "14 hours ago") among a feed line's pieces. */
const FEED_WHEN = /^(?:\d{1,3}\s*(?:min(?:ute)?s?|m)\s+read|\d{1,3}\s*(?:h|hrs?|hours?|m|mins?|minutes?|d|days?)(?:\s+ago)?)$/i;

/**
 * "The Infra Brief · 3h · 4 min read · 🏷 LLM pricing", "from Import Notes | 14 hours ago": a
 * feed reader's line of where and when under an item's title; its outlet, or null.
 */
export function feedLine(text: string): string | null {
  if (text.length > 160) return null;
  const separator = text.includes(' · ') ? ' · ' : text.includes(' | ') ? ' | ' : null;
  if (!separator) return null;
  const [first, ...rest] = text.split(separator).map((piece) => piece.trim());
  const outlet = first?.replace(/^(?:from|via)\s+/i, '');
  // "Courtroom Tech · 6 min · by Elena Marchetti": a byline is more than a feed line; left to the text.
  if (rest.some((piece) => /^by\s/i.test(piece))) return null;
  return outlet && !FEED_WHEN.test(outlet) && rest.some((piece) => FEED_WHEN.test(piece)) ? outlet : null;
}
