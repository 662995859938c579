import { inlineText } from './inline';

/** The YAML front matter note apps and clippers write: simple keys, strings and lists. */
export interface FrontMatter {
  fields: Map<string, string[]>;
  /** Lines after the closing "---". */
  body: readonly string[];
}

/**
 * Reads `key: value`, `key: [a, b]` and `key:` followed by `- item` lines, which is what web
 * clippers and note apps write; anything fancier is kept as its text. Values are cleaned like
 * any inline text ("[[Jane Doe]]" is Jane Doe).
 */
export function frontMatter(lines: readonly string[]): FrontMatter | null {
  if (/^[\w-]{1,40}::\s/.test(lines[0] ?? '')) return outlinerProperties(lines);
  if (lines[0]?.trim() !== '---') return null;
  let end = -1;
  for (let i = 1; i < Math.min(lines.length, 400); i++) {
    if (/^(?:---|\.\.\.)\s*$/.test(lines[i]!)) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const fields = new Map<string, string[]>();
  let list: string[] | null = null;
  let block: string[] | null = null;
  for (const line of lines.slice(1, end)) {
    if (block && /^\s+\S/.test(line)) {
      block[0] = block[0] ? `${block[0]} ${unquote(line.trim())}` : unquote(line.trim());
      continue;
    }
    block = null;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item && list) {
      const value = unquote(item[1]!);
      if (value) list.push(value);
      continue;
    }
    const field = /^\s*([A-Za-z][\w -]{0,40}?)\s*:(?!\/\/)\s*(.*)$/.exec(line);
    if (!field) {
      // A line that is no field is kept as text, under the field before it or on its own.
      if (line.trim()) (list ?? fields.set('', []).get('')!).push(unquote(line.trim()));
      continue;
    }
    list = [];
    fields.set(field[1]!.toLowerCase().replace(/[ -]/g, '_'), list);
    const value = (field[2] ?? '').trim();
    if (/^\[.*\]$/.test(value) && !value.startsWith('[[')) list.push(...value.slice(1, -1).split(',').map(unquote).filter(Boolean));
    // "|", ">-", "|+": a block scalar, its value the indented lines that follow.
    else if (value && !/^[|>][+-]?$/.test(value)) list.push(unquote(value));
    else if (value) block = list;
  }
  return { fields, body: lines.slice(end + 1) };
}

/** Logseq's page properties, "title:: …" lines at the top: the same fields as YAML's. */
function outlinerProperties(lines: readonly string[]): FrontMatter {
  const fields = new Map<string, string[]>();
  let at = 0;
  for (; at < lines.length; at++) {
    const property = /^([\w-]{1,40})::\s*(.*)$/.exec(lines[at]!);
    if (!property) break;
    const values = property[2]!
      .split(/,\s*(?=\[\[)/)
      .map(unquote)
      .filter(Boolean);
    fields.set(property[1]!.toLowerCase().replace(/-/g, '_'), property[1] === 'tags' ? values : [values.join(', ')]);
  }
  return { fields, body: lines.slice(at) };
}

function unquote(value: string): string {
  const text = value.trim();
  const bare = /^(["'])(.*)\1$/.exec(text)?.[2] ?? text;
  return inlineText(bare);
}

/** The first value of the first of `keys` present. */
export function field(matter: FrontMatter, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = matter.fields.get(key)?.[0];
    if (value) return value;
  }
  return null;
}
