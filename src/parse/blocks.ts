import type * as Marked from 'marked';
import type { Token, Tokens } from 'marked';
import { lazily } from '../print/lazily';

/** Markdown's block structure, with inline text left raw (see inline.ts). */
export type Block =
  | { type: 'heading'; depth: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: ListItem[] }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'code'; text: string; lang: string }
  | { type: 'table'; header: string[]; rows: string[][] }
  | { type: 'rule' };

export interface ListItem {
  /** The item's own text (its first paragraph). */
  text: string;
  /** What is nested under it: more paragraphs, sub-lists, quotes, code. */
  blocks: Block[];
}

/**
 * Lines per piece handed to the lexer. marked's block lexer is fast on most input, but some
 * runs cost more than linear: 50,000 lazily continued quote lines ("> a" then "b") took 20 s in
 * one piece, a list nested 300 deep 390 ms for 90 KB. Cut into pieces of at most this many
 * lines (at blank lines, never inside a fence), each piece's cost is bounded, so the whole
 * stays linear; the cut can only split a structure longer than a piece.
 */
const PIECE_LINES = 400;
/** Deeper quoting or indentation than this says nothing more to a reader, and costs the lexer. */
const MAX_QUOTE_DEPTH = 8;
const MAX_INDENT = 24;

/**
 * marked, loaded when the first markdown text is read: its module builds its rules as it loads
 * (3-5 ms of every start that parses), which a library of plain text never needs.
 */
const marked = lazily<typeof Marked>(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy start (see lazily)
  () => require('marked'),
  'marked',
  import.meta.url,
);

/** The blocks of a markdown text, in linear time on any input. */
export function markdownBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  const lexer = new (marked().Lexer)({ gfm: true });
  let piece: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    if (piece.length === 0) return;
    let tokens: Token[];
    try {
      tokens = lexer.blockTokens(`${piece.join('\n')}\n`, []);
      // blockTokens queues every token's text for an inline pass only lex() runs: left alone,
      // the queue would hold every token of the file to the end.
      lexer.inlineQueue.length = 0;
    } catch {
      // Should any input still find a way past tame(), its piece reads as plain paragraphs.
      tokens = piece.filter((line) => line.trim()).map((text) => ({ type: 'paragraph', raw: text, text, tokens: [] }));
    }
    for (const block of toBlocks(tokens)) blocks.push(block);
    piece = [];
  };
  let opensBlock = true; // the line before was blank or a heading
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null) {
      // A "#" heading at the margin after a blank line (or another heading) ends whatever came
      // before, so it needs no lexer: read here, it costs no tokens (a file of 200,000
      // headings went from 317 to 279 MB at the peak of `digest list`) and the piece before it can be cut.
      const heading: Block | null = opensBlock && line.charCodeAt(0) === 0x23 ? atxHeading(line) : null;
      opensBlock = heading !== null || line.trim() === '';
      if (heading) {
        flush();
        blocks.push(heading);
        continue;
      }
      if (marker) fence = marker[0]!.repeat(marker.length);
      // A blank line before an unindented line closes any list or quote: a safe place to cut.
      else if (piece.length >= PIECE_LINES && piece.at(-1)?.trim() === '' && !/^\s/.test(line)) flush();
      else if (piece.length >= PIECE_LINES * 4) flush(); // one structure without a blank line: cut anyway
      piece.push(tame(line));
    } else {
      if (marker && marker.startsWith(fence)) fence = null;
      piece.push(line); // code is kept verbatim
      if (piece.length >= PIECE_LINES * 4) {
        // An unclosed fence must not swallow the rest of the file into one piece.
        fence = null;
        flush();
      }
    }
  }
  flush();
  return resolveReferences(blocks, lexer.tokens.links as Record<string, { href: string | null }>);
}

/**
 * "[text][ref]" links given the address their "[ref]: url" line names; a definition some link
 * used is not shown again as a line of its own.
 */
function resolveReferences(blocks: Block[], defs: Record<string, { href: string | null }>): Block[] {
  const tags = Object.keys(defs);
  if (tags.length === 0) return blocks;
  const used = new Set<string>();
  const resolve = (text: string) =>
    text.includes('][')
      ? text.replace(/\[([^[\]\n]{1,300})\]\[([^[\]\n]{0,100})\]/g, (whole, words: string, ref: string) => {
          const tag = (ref || words).toLowerCase().replace(/\s+/g, ' ').trim();
          const href = defs[tag]?.href;
          if (!href) return whole;
          used.add(tag);
          return `[${words}](${href.replace(/[()\s]/g, encodeURIComponent)})`;
        })
      : text;
  const walk = (list: Block[]): Block[] =>
    list.map((block) => {
      if (block.type === 'paragraph' || block.type === 'heading') return { ...block, text: resolve(block.text) };
      if (block.type === 'quote') return { ...block, blocks: walk(block.blocks) };
      if (block.type === 'list')
        return { ...block, items: block.items.map((item) => ({ text: resolve(item.text), blocks: walk(item.blocks) })) };
      return block;
    });
  const resolved = walk(blocks);
  return resolved.filter(
    (block) =>
      !(
        block.type === 'paragraph' &&
        DEFINITION.test(block.text) &&
        used.has(DEFINITION.exec(block.text)![1]!.toLowerCase().replace(/\s+/g, ' ').trim())
      ),
  );
}

const DEFINITION = /^\[([^\]\n]{1,100})\]: \S/;

/** "## Title ##" at the margin as a heading block, or null (CommonMark's ATX heading). */
function atxHeading(line: string): Block | null {
  let depth = 0;
  while (depth < 7 && line.charCodeAt(depth) === 0x23) depth++;
  if (depth > 6 || (depth < line.length && line[depth] !== ' ' && line[depth] !== '\t')) return null;
  let text = line.slice(depth).trim();
  // A closing run of "#" goes when a space stands before it (or it is all there is).
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x23) end--;
  if (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t') text = text.slice(0, end).trimEnd();
  return { type: 'heading', depth, text };
}

/** Quote and list markers that open a container at the start of a line: "> ", "- ", "1. ". */
const CONTAINER = /^ {0,3}(?:>|[-*+](?= |$)|\d{1,9}[.)](?= |$)) ?/;

/**
 * A line with its opening containers capped at MAX_QUOTE_DEPTH and its indentation at
 * MAX_INDENT, the text itself untouched: "1. 1. 1. …" on one line is a list in a list in a
 * list, and 16,000 of them overflowed marked's stack.
 */
export function tame(line: string): string {
  if (line.length < MAX_INDENT) return line;
  let at = 0;
  let depth = 0;
  for (let match = CONTAINER.exec(line); match && match[0].length > 0; match = CONTAINER.exec(line.slice(at))) {
    at += match[0].length;
    if (++depth > MAX_QUOTE_DEPTH)
      return `${line.slice(0, at)}${line.slice(at).replace(/^(?:\s*(?:>|(?:[-*+]|\d{1,9}[.)])(?=\s|$)))+\s*/, '')}`;
  }
  let indent = 0;
  while (indent < line.length && line[indent] === ' ') indent++;
  return indent > MAX_INDENT ? `${' '.repeat(MAX_INDENT)}${line.slice(indent)}` : line;
}

function toBlock(token: Token): Block | null {
  switch (token.type) {
    case 'heading':
      return { type: 'heading', depth: token.depth as number, text: (token as Tokens.Heading).text };
    case 'paragraph':
    case 'text':
      return { type: 'paragraph', text: (token as Tokens.Paragraph).text };
    case 'list': {
      const list = token as Tokens.List;
      return {
        type: 'list',
        ordered: list.ordered,
        start: typeof list.start === 'number' ? list.start : 1,
        items: list.items.map(toItem),
      };
    }
    case 'blockquote':
      return { type: 'quote', blocks: toBlocks((token as Tokens.Blockquote).tokens) };
    case 'code':
      return { type: 'code', text: (token as Tokens.Code).text.replace(/\n+$/, ''), lang: ((token as Tokens.Code).lang ?? '').trim() };
    case 'table': {
      const table = token as Tokens.Table;
      return { type: 'table', header: table.header.map((cell) => cell.text), rows: table.rows.map((row) => row.map((cell) => cell.text)) };
    }
    case 'hr':
      return { type: 'rule' };
    case 'html': {
      // HTML in markdown: a rule, a quote, a comment (dropped), or text whose tags the inline cleaner removes.
      const html = (token as Tokens.HTML).text.trim();
      if (!html || html.startsWith('<!--')) return null;
      if (/^<hr\b/i.test(html)) return { type: 'rule' };
      if (/^<blockquote\b/i.test(html)) return { type: 'quote', blocks: [{ type: 'paragraph', text: html }] };
      return { type: 'paragraph', text: html };
    }
    case 'def': {
      // A link reference definition ("[1]: https://…") is kept as a line: it names a source.
      const def = token as Tokens.Def;
      return { type: 'paragraph', text: `[${def.tag}]: ${def.href}${def.title ? ` "${def.title}"` : ''}` };
    }
    default:
      return null; // space
  }
}

function toBlocks(tokens: readonly Token[]): Block[] {
  const blocks: Block[] = [];
  for (const token of tokens) {
    // An HTML block runs to a blank line: "<blockquote>…</blockquote>" and the line after it are two blocks.
    if (token.type === 'html' && /<\/blockquote>\s*\S/i.test(token.text as string)) {
      const [quote, rest] = (token.text as string).split(/(?<=<\/blockquote>)/i, 2) as [string, string];
      for (const part of [quote, rest]) {
        const block = toBlock({ ...token, text: part } as Token);
        if (block) blocks.push(block);
      }
      continue;
    }
    const block = toBlock(token);
    if (block) blocks.push(block);
  }
  return blocks;
}

function toItem(item: Tokens.ListItem): ListItem {
  const blocks = toBlocks(item.tokens);
  const first = blocks[0];
  if (first?.type === 'paragraph')
    // A checklist's box as a mark of its own ("☑ done"), not "[x]" text to be read as a link.
    return { text: `${item.task ? (item.checked ? '☑ ' : '☐ ') : ''}${first.text}`, blocks: blocks.slice(1) };
  return { text: '', blocks };
}
