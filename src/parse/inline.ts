import { decodeHTML } from 'entities';
import { LINK } from './text';

/** A link found in running text: its words and where it points. */
export interface InlineLink {
  text: string;
  url: string;
}

// Every pattern here is linear on any input: bounded or character-class runs, no nesting.
const IMAGE = new RegExp(`!${LINK.source}`, 'g');
const AUTOLINK = /<((?:https?|mailto):[^\s<>]{1,2000})>/g;
const BARE_URL = /\bhttps?:\/\/[^\s<>()[\]"'`]{1,2000}[^\s<>()[\]"'`.,;:!?*_]/g;
const WIKI = /\[\[([^[\]|\n]{1,300})(?:\|([^[\]\n]{1,300}))?\]\]/g;
const ANCHOR = /<a\s[^<>]{0,300}?href=["']([^"'<>\s]{1,2000})["'][^<>]{0,300}>([^<]{0,500})<\/a>/gi;
const HTML_TAG = /<\/?[a-zA-Z][a-zA-Z0-9-]{0,20}(?:\s[^<>\n]{0,300})?\/?>/g;
const STRONG = /\*\*|__|~~/g;
// A single * or _ that opens or closes emphasis: next to a word on one side, space or
// punctuation on the other (snake_case and 2*3 stay as they are).
const EMPHASIS_OPEN = /(^|[\s([{"'“‘>])[*_](?=[^\s*_])/g;
const EMPHASIS_CLOSE = /([^\s*_])[*_](?=$|[\s)\]}"'”’.,;:!?…-])/g;
const CODE_TICKS = /`+/g;
// "==marked==", the highlight of Obsidian, Readwise and Typora; "a == b" and `a==b` stay.
const MARKED = /(?<![\w=])==(?=[^\s=])([^=\n]{1,2000}?[^\s=])==(?![\w=])/g;
const ESCAPED = /\\([\\`*_{}[\]()#+\-.!|>~<"'])/g;
const ENTITY = /&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/i;

/**
 * Markdown inline syntax to the words a reader sees: links keep their text in place (and are
 * collected, to become sources), images keep their alt text (never a source), `[[wiki]]` links
 * their text, emphasis, strike, highlight and code marks go, simple HTML tags go, entities are
 * decoded.
 */
export function inlineText(raw: string, links?: InlineLink[]): string {
  let text = raw.includes('\n') ? raw.replace(/\s*\n\s*/g, ' ') : raw;
  // An HTML link is a link like any other: its words stay, its address is collected.
  if (text.includes('<a '))
    text = text.replace(
      ANCHOR,
      (_, url: string, words: string) => `[${words.replace(/[[\]]/g, '')}](${url.replace(/[()\s]/g, encodeURIComponent)})`,
    );
  // "[^1]" footnote marks read as "[1]", as a reference.
  if (text.includes('[^')) text = text.replace(/\[\^([\w-]{1,20})\]/g, '[$1]');
  if (text.includes('[[')) text = text.replace(WIKI, (_, page: string, alias?: string) => (alias ?? page).trim());
  if (text.includes('![')) text = text.replace(IMAGE, '$1');
  if (text.includes('](')) {
    text = text.replace(LINK, (_, words: string, url: string) => {
      const shown = inlineText(words);
      links?.push({ text: shown, url });
      return shown;
    });
  }
  if (text.includes('<')) {
    text = text.replace(AUTOLINK, (_, url: string) => {
      links?.push({ text: url, url });
      return url;
    });
    text = text.replace(/<br\s*\/?>/gi, ' ').replace(HTML_TAG, '');
  }
  if (links && text.includes('http')) {
    for (const match of text.matchAll(BARE_URL)) {
      if (!links.some((link) => link.url === match[0])) links.push({ text: match[0], url: match[0] });
    }
  }
  if (/[*_~]/.test(text)) text = text.replace(STRONG, '').replace(EMPHASIS_OPEN, '$1').replace(EMPHASIS_CLOSE, '$1');
  if (text.includes('`')) text = text.replace(CODE_TICKS, '');
  if (text.includes('==')) text = text.replace(MARKED, '$1');
  if (text.includes('\\')) text = text.replace(ESCAPED, '$1');
  if (text.includes('&') && ENTITY.test(text)) text = decodeHTML(text);
  return text.replace(/ {2,}/g, ' ').trim();
}

/** Whether a piece of inline markdown is images and nothing else (a cover, a banner). */
export function onlyImages(raw: string): boolean {
  return raw.includes('![') && raw.replace(IMAGE, '').trim() === '';
}

/** The links of a piece of inline markdown, in order, without the text. */
export function inlineLinks(raw: string): InlineLink[] {
  const links: InlineLink[] = [];
  inlineText(raw, links);
  return links;
}
