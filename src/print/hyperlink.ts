import supportsHyperlinks from 'supports-hyperlinks';
import { openableLink } from '../model/links';

export type HyperlinkSetting = 'auto' | 'on' | 'off';

/**
 * Whether to write OSC 8 hyperlinks: `on` and `off` as said; `auto` for terminals known to show
 * them (the `supports-hyperlinks` package's list), never into a pipe, never under TERM=dumb.
 */
export function hyperlinksOn(setting: HyperlinkSetting | undefined, stream: { isTTY?: boolean }): boolean {
  if (!stream.isTTY || process.env.TERM === 'dumb') return false;
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return supportsHyperlinks.stdout;
}

/**
 * `text` as a link to `url` (OSC 8), or the text alone when the URL is not one digest opens
 * (http, https, mailto). The URL comes from an untrusted file: it goes in as the parsed URL's
 * own serialisation, with anything that could end or change the sequence refused.
 */
export function hyperlink(text: string, url: string): string {
  const link = openableLink(url);
  if ('refused' in link || /[\x00-\x20\x7f-\x9f]/.test(link.url)) return text;
  return `\x1b]8;;${link.url}\x1b\\${text}\x1b]8;;\x1b\\`;
}
