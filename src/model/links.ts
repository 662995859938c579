/** The link schemes digest hands to a browser or mail program; anything else is shown, never opened. */
const OPENABLE = new Set(['http:', 'https:', 'mailto:']);

/**
 * A source's URL as it may be opened, or why not. Briefings are untrusted: `javascript:` and
 * `file:` links must not reach the opener, and nothing may reach it that it could read as an
 * option (`--gpu-launcher=…` has run commands through some browsers).
 */
export function openableLink(raw: string): { url: string } | { refused: string } {
  const text = raw.trim();
  if (text.startsWith('-')) return { refused: 'it looks like a command-line option' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { refused: 'it is not a full web address' };
  }
  if (!OPENABLE.has(url.protocol)) return { refused: `only http, https and mailto links open, and this one is ${url.protocol}` };
  return { url: url.href };
}

/**
 * Splits a command line into words the way a shell would (quotes, backslashes), without a
 * shell: nothing is expanded or run but the program named first. "firefox --new-tab" is the
 * program firefox with one argument, not a program of that name.
 */
export function commandWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const char = command[i]!;
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!)) word += command[++i];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

// Query parameters that say who shared a link, not what it links to.
const TRACKING = /^(?:utm_.*|fbclid|gclid|dclid|mc_[ce]id|ref|ref_src|ref_url|source|src|via|s|si|igshid|share|cmpid|smid|sr_share|__s)$/i;

/**
 * A link as it identifies a page, for telling whether two stories cite the same one: scheme,
 * `www.`, tracking parameters, fragment and a trailing slash dropped, the rest kept. A site's
 * front page (no path) identifies no story, and is null, as is anything that is not a web link.
 */
export function linkKey(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/^(?:www|m|amp)\./, '');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/amp$/, '');
  if (path === '' || path === '/index.html') return null;
  const kept = [...url.searchParams].filter(([name]) => !TRACKING.test(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = kept.length > 0 ? `?${new URLSearchParams(kept).toString()}` : '';
  return `${host}${path}${query}`;
}
