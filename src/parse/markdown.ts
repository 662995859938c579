import { codeParagraph, quoteParagraph, tableParagraph } from '../model/paragraph';
import { emptySource, emptyStory, type ParsedBriefing, type ParsedStory, type Part } from '../model/types';
import { markdownBlocks, type Block, type ListItem } from './blocks';
import { field, frontMatter, type FrontMatter } from './frontmatter';
import { inlineLinks, inlineText, onlyImages, type InlineLink } from './inline';
import { isFooterText, isSponsorText, partHeading, roleOf, type Role } from './labels';
import { isCommentHead } from './discussion';
import { briefing, isMarkdownName, shareEmptyLists, type Shape } from './shape';
import { addSources, feedLine, linkSources, sourceLine } from './sources';
import { findDate, firstLink, isDateLine, isoDate, labelOf, splitLabel, splitTitleDate } from './text';

const HEADING = /^#{1,6}\s+\S/;
/** "**Executive Summary**" alone on its line: how many tools write a heading. */
const BOLD_LINE = /^\*\*[^*\n]{2,100}\*\*:?\s*$/;

/**
 * Any markdown briefing, read through marked's block lexer (blocks.ts): a "#" title (with its
 * date split off), "##" stories or "##" sections holding "###" stories, sections of
 * "- **Title**: text" bullets (one story each), labels and headings from the shared vocabulary
 * (labels.ts) for summaries, takeaways, quotes, sources and parts, and [text](url) links as
 * sources. Front matter (clippers, note apps) gives title, date, author and the page's URL.
 */
export const markdown: Shape = {
  format: 'markdown',
  alsoGives: ['discussion'],
  detect({ lines, name }) {
    let headings = 0;
    let links = 0;
    for (const line of lines) {
      if ((line.startsWith('#') && HEADING.test(line)) || (line.startsWith('**') && BOLD_LINE.test(line))) headings++;
      else if (line.includes('](') && firstLink(line)) links++;
    }
    const named = isMarkdownName(name) ? 0.2 : 0;
    if (headings === 0 && links === 0) return named ? 0.3 : 0;
    return Math.min(0.9, 0.3 + 0.1 * headings + 0.05 * links + named);
  },
  parse: ({ lines, name }) => parseMarkdown(lines, name),
};

/** A heading in the flat list of blocks, with the blocks it rules (up to the next as deep). */
interface Node {
  index: number;
  depth: number;
  title: string;
  role: Role | null;
  end: number;
  children: Node[];
}

export function parseMarkdown(lines: readonly string[], name: string): ParsedBriefing {
  const fallbackTitle = name.replace(/\.(?:md|markdown|txt)$/i, '');
  const result = briefing('markdown', fallbackTitle);
  const matter = frontMatter(lines);
  const page = matter ? applyFrontMatter(matter, result) : null;
  const blocks = promoteBoldLines(markdownBlocks(matter ? matter.body : lines));
  footerOf(blocks);
  // Footnotes ("[^2]: The filing, [PUCO docket](url)"): a story that cites one gets its links as sources.
  const notes = new Map<string, string>();
  for (const block of blocks) {
    if (block.type !== 'paragraph' || !FOOTNOTE.test(block.text)) continue;
    for (const line of block.text.split('\n')) {
      const id = FOOTNOTE.exec(line)?.[1];
      if (id) notes.set(id, line);
    }
  }
  const root = outline(blocks);

  // A lone top heading (or a short first line) is the briefing's title: its children are the briefing.
  let top = root;
  const first = root.children[0];
  const alone = first && root.children.filter((node) => node.depth <= first.depth).length === 1;
  // Several top headings, the first a long one over an introduction alone and a later one over
  // sections of its own: the first names the issue ("# [AINews] Small models have a big week"
  // over "# AI Twitter Recap", "# AI Reddit Recap"), the others are its sections.
  const peers = first ? root.children.slice(1).filter((node) => node.depth === first.depth) : [];
  const names =
    first?.depth === 1 &&
    peers.length > 0 &&
    first.children.length === 0 &&
    peers.some((node) => node.children.length > 0) &&
    first.title.length >= 24 &&
    peers.every((node) => first.title.length > 1.5 * node.title.length);
  if (first && first.role === null && (alone || names || (first.depth === 1 && root.children.length > 1 && root.children[1]!.depth > 1))) {
    if (alone || names || root.children.filter((node) => node.depth === 1).length === 1) {
      setTitle(result, first.title, fallbackTitle);
      top = alone ? first : { ...root, children: [...first.children, ...root.children.slice(1)] };
      if (!alone) top.index = first.index;
    }
  } else if (result.title === fallbackTitle) {
    const lead = blocks[0];
    if (lead?.type === 'paragraph' && lead.text.length <= 150 && !lead.text.includes('\n') && !isDateLine(inlineText(lead.text))) {
      setTitle(result, lead.text, fallbackTitle);
      blocks[0] = { type: 'rule' };
    }
  }

  // What stands above the title heading is the briefing's too.
  const preamble = [...blocks.slice(0, Math.max(0, top.index)), ...blocks.slice(top.index + 1, top.children[0]?.index ?? top.end)];
  const storyNodes = top.children.filter((node) => node.role === null);
  // One story when nothing names one: show notes (only labelled sections), a clipped page, or a
  // document whose own top level has its key points or quotes (a video summary's "## Key
  // Concepts" beside "## 1. Section"): its sections are parts of one thing, not stories.
  // (A labelled heading with nothing of its own, "## Findings" over "### Finding 1", only groups.)
  const hasOwn = (node: Node) => (node.children[0]?.index ?? node.end) > node.index + 1;
  const aboutOneThing = top.children.some((node) => (node.role === 'takeaways' || node.role === 'quotes') && hasOwn(node));
  // A page saved whole (its address in the front matter) is one story, its headings its
  // sections; but an issue of a newsletter saved so ("## 1. …", "## 2. …", each with a "Source:
  // [Outlet](url)" line of its own) is its stories. (An essay's numbered sections link in their
  // prose: they stay its sections.)
  const cites = (node: Node) =>
    blocks
      .slice(node.index + 1, node.end)
      .some((block) =>
        /^(?:\*\*|__)?(?:source|via|read more|link)s?:?(?:\*\*|__)?:?\s*\[[^\]]+\]\(https?:\/\//i.test(blockText(block).trim()),
      );
  const issue = storyNodes.length >= 2 && storyNodes.every((node) => /^\d{1,2}[.)]\s/.test(node.title) && cites(node));
  const onePage = !!page?.url && !issue;
  // The issue's own address, which no one story has: with the other details of the page.
  if (page?.url && issue && !aboutOneThing) {
    const details = result.extras.find((part) => part.heading === 'Details');
    if (details) details.paragraphs.unshift(`Address: ${page.url}`);
    else result.extras.push({ heading: 'Details', paragraphs: [`Address: ${page.url}`] });
  }

  // A title over nothing but links, each with a line or none ("- [Title](https://…) — why"): a
  // roundup, each link a story. Items that lead with a bold name but link nowhere stay one story
  // ("**Decision**: …" notes are not stories). The preamble is read once either way: it notes
  // the edition lines it takes.
  let before: Block[] | null = null;
  if (!onePage && storyNodes.length === 0 && !aboutOneThing) {
    const intro = (before = readPreamble(preamble, result));
    const items = intro.flatMap((block) => (block.type === 'list' ? block.items : []));
    if (isLeadSection(intro) && items.every((item) => /\]\(https?:\/\//.test(item.text))) {
      for (const block of intro) {
        if (block.type !== 'list') briefingBlock(result, block);
        else for (const item of block.items) result.stories.push(leadStory(item, null));
      }
      for (const child of top.children) readBriefingPart(result, child, blocks.slice(child.index + 1, child.end));
      return result;
    }
  }

  if (onePage || storyNodes.length === 0 || aboutOneThing) {
    const story = emptyStory(result.title);
    const reader = new StoryReader(story, notes);
    if (page?.url) story.sources.push({ ...emptySource(), title: result.title, url: page.url, author: result.publisher });
    // "# [Title](url)": the title's link is what the briefing is about.
    if (top !== root) addSources(story.sources, linkSources(inlineLinks(top.title)));
    if (page?.description) story.summary = page.description;
    const intro = before ?? readPreamble(preamble, result);
    // A picture first (a cover) is not the summary: the first paragraph of words is.
    while (intro[0]?.type === 'paragraph' && /^!\[[^\]]*\]\([^)]*\)$/.test(intro[0].text.trim())) intro.shift();
    // Nor a row of links ("▶️ Listen now · Apple Podcasts · Spotify").
    while (intro[0]?.type === 'paragraph' && isLinkRow(intro[0].text))
      story.extras.push({ heading: 'Links', paragraphs: [withAddresses((intro.shift() as { text: string }).text)] });
    const leadsSummary =
      !story.summary &&
      top.children.length > 0 &&
      intro[0]?.type === 'paragraph' &&
      intro[0].text.length <= 600 &&
      !labelLines(intro[0].text);
    if (leadsSummary) story.summary = inlineText((intro.shift() as { text: string }).text);
    reader.read(intro);
    reader.read(blocks.slice(top.children[0]?.index ?? top.end, top.end));
    result.stories.push(story);
    return result;
  }

  // "### ferrous_oxide · 13h" over each comment: a thread saved as markdown, one story.
  if (storyNodes.length >= 2 && storyNodes.filter((node) => isCommentHead(inlineText(node.title))).length >= storyNodes.length * 0.6) {
    result.format = 'discussion';
    const story = emptyStory(result.title);
    for (const block of readPreamble(preamble, result)) story.body.push(...plainLines(block));
    for (const node of top.children) {
      const paragraphs = blocks.slice(node.index + 1, node.end).flatMap(plainLines);
      if (paragraphs.length > 0) story.extras.push({ heading: inlineText(node.title), paragraphs, byline: true });
    }
    result.stories.push(story);
    return result;
  }
  for (const block of readPreamble(preamble, result)) briefingBlock(result, block);
  const visit = (node: Node, section: string | null) => {
    const content = blocks.slice(node.index + 1, node.children[0]?.index ?? node.end);
    if (node.role !== null) {
      readBriefingPart(result, node, blocks.slice(node.index + 1, node.end));
      return;
    }
    const named = node.children.filter((child) => child.role === null);
    const paragraphs = content.filter((block) => block.type !== 'list');
    // A heading over stories: either sub-headings, or a list of "**Title**: text" items.
    if (named.length > 0 && paragraphs.length <= 2) {
      const title = section ? `${section} · ${inlineText(node.title)}` : inlineText(node.title);
      for (const block of content) briefingBlock(result, block);
      for (const child of node.children) visit(child, title);
      return;
    }
    if (named.length === 0 && isLeadSection(content)) {
      // Under a heading over sections ("# Forum Recap" over "## /r/speechtech Recap"), named with it.
      const title = section ? `${section} · ${inlineText(node.title)}` : inlineText(node.title);
      for (const block of content) {
        if (block.type !== 'list') briefingBlock(result, block);
        else for (const item of block.items) result.stories.push(leadStory(item, title));
      }
      for (const child of node.children) readBriefingPart(result, child, blocks.slice(child.index + 1, child.end));
      return;
    }
    const { title, timestamp } = timedTitle(storyTitle(node.title));
    const story = emptyStory(title);
    story.timestamp = timestamp;
    story.section = section;
    // "### [Title](url)": the heading's link is the story's source.
    addSources(story.sources, linkSources(inlineLinks(node.title)));
    const own = blocks.slice(node.index + 1, node.end);
    // "*The Infra Brief* · 3h · 4 min read": a feed reader's line of where and when, under a
    // linked title: the outlet is the source's, the line nobody's summary.
    const meta = story.sources.length > 0 && own[0]?.type === 'paragraph' ? feedLine(inlineText(own[0].text)) : null;
    if (meta) {
      own.shift();
      const first = story.sources[0];
      if (first && !first.author) first.author = meta;
    }
    // A short first paragraph with more to come is the story's lede: its summary.
    const lede = own[0];
    if (
      lede?.type === 'paragraph' &&
      own.length >= 3 &&
      lede.text.length <= 300 &&
      !splitLabel(inlineText(lede.text)) &&
      !boldLabel(lede.text)
    ) {
      story.summary = inlineText(lede.text, []);
      addSources(story.sources, linkSources(inlineLinks(lede.text)));
      own.shift();
    }
    // "[Read more on The Infra Brief →](url) · Save for later · Mark as read": the link is a
    // source (most often the one the title has), the rest a feed reader's buttons.
    const readMore = own.filter((block) => block.type === 'paragraph' && READ_MORE_ROW.test(block.text.trim()));
    new StoryReader(story, notes).read(readMore.length > 0 ? own.filter((block) => !readMore.includes(block)) : own);
    for (const block of readMore) addSources(story.sources, linkSources(inlineLinks((block as { text: string }).text)));
    result.stories.push(shareEmptyLists(story));
    // Read once: its blocks can go while the rest is read (200,000 headings: 6 MB less at the peak).
    blocks.fill(DONE, node.index, node.end);
  };
  let group: string | null = null;
  for (const node of top.children) {
    // An empty labelled heading ("## Findings") names the stories after it.
    if (node.role !== null && !hasOwn(node) && node.role !== 'highlights' && node.role !== 'summary') {
      group = inlineText(node.title);
      continue;
    }
    if (node.role !== null) group = null;
    visit(node, node.role === null ? group : null);
  }
  if (result.stories.length === 0) {
    const only = emptyStory(result.title);
    only.body = result.highlights.splice(0);
    result.stories.push(only);
  }
  return result;
}

function setTitle(result: ParsedBriefing, raw: string, fallbackTitle: string): void {
  const { title, date } = splitTitleDate(inlineText(raw));
  // A front-matter title the heading replaces is kept, not lost.
  if (result.title !== fallbackTitle && !title.toLowerCase().includes(result.title.toLowerCase()))
    result.extras.push({ heading: 'Also titled', paragraphs: [result.title] });
  result.title = title;
  if (date && !result.date) result.date = date;
}

/**
 * The tool's or sender's footer after a last rule ("---", then "Unsubscribe", "Generated by"):
 * left out, so it is neither a story's text nor its links a story's sources.
 */
function footerOf(blocks: Block[]): Block[] {
  let rule = -1;
  for (let i = blocks.length - 1; i >= 0 && i >= blocks.length - 12; i--) {
    if (blocks[i]!.type === 'heading') break;
    if (blocks[i]!.type === 'rule') {
      rule = i;
      break;
    }
  }
  if (rule < 0) {
    // No rule: a last paragraph or two that only sign off ("Leave us a review").
    let from = blocks.length;
    while (
      from > 0 &&
      blocks.length - from < 3 &&
      blocks[from - 1]!.type === 'paragraph' &&
      isFooterText(inlineText((blocks[from - 1] as { text: string }).text))
    )
      from--;
    return blocks.splice(from);
  }
  const after = blocks.slice(rule + 1);
  const signOff = after.findIndex((block) => block.type === 'paragraph' && isFooterText(inlineText(block.text)));
  if (signOff < 0) return [];
  // Between the rule and the sign-off: a line or two ("Thanks, Jane") go with the footer; more,
  // or a long paragraph, is the issue's last piece, and only the sign-off on is the footer (a
  // Substack export's closing section was lost whole under its "Thanks for reading …").
  // (Footnotes and a sponsor's block there are handled below, not the issue's text.)
  const kept = after
    .slice(0, signOff)
    .filter((block) => !(block.type === 'paragraph' && (FOOTNOTE.test(block.text) || isSponsorText(inlineText(block.text)))));
  const cut = kept.length > 2 || kept.some((block) => block.type !== 'paragraph' || block.text.length > 160) ? rule + 1 + signOff : rule;
  const tail = blocks.slice(cut).filter((block) => block.type !== 'rule');
  // Footnote definitions after the rule are the stories' notes, and a sponsor's block is kept
  // aside (a part of its own): neither is the footer.
  const notes = tail.filter((block) => block.type === 'paragraph' && FOOTNOTE.test(block.text));
  const sponsor = tail.filter((block) => block.type === 'paragraph' && isSponsorText(inlineText(block.text)));
  blocks.splice(cut);
  blocks.push(...notes);
  if (sponsor.length > 0) blocks.push({ type: 'heading', depth: 2, text: 'Sponsor' }, ...sponsor);
  return tail;
}

/** "1. Scaling Laws Bend" → "Scaling Laws Bend": a theme's number is its place, not its name. */
function storyTitle(raw: string): string {
  const text = inlineText(raw);
  return (
    text.replace(
      /^(?:\d{1,2}[.)]|#\d{1,2}:?|\d{1,2} big things?:|(?:theme|topic|part|section|story|trend|finding|insight) \d{1,2}[:.)]|[IVX]{1,4}\.|[A-H]\.|\d\ufe0f?\u20e3)\s*(?=\S)/i,
      '',
    ) || text
  );
}

/** "[07:41]", "(1:02:15)", or "12:40 —" before a heading's words: where its story is in the episode. */
const TIMED =
  /^(?:\[(\d{1,2}:[0-5]\d(?::[0-5]\d)?)\]|\((\d{1,2}:[0-5]\d(?::[0-5]\d)?)\)|(\d{1,2}:[0-5]\d(?::[0-5]\d)?)\s*[—–|-])\s*(?!\d{1,2}:\d{2})(?=\S)/;

/** A podcast or video export's "### [07:41] Inference overtook training": the time apart from the title. */
function timedTitle(text: string): { title: string; timestamp: string | null } {
  const timed = TIMED.exec(text);
  return timed ? { title: text.slice(timed[0].length), timestamp: timed[1] ?? timed[2] ?? timed[3]! } : { title: text, timestamp: null };
}

/**
 * A "Read more" link alone on its line, and a feed reader's buttons after it. A button neither
 * starts nor ends with a space, so a row splits one way only: spaces that either side could take
 * made a row of sixteen buttons and a link take a minute.
 */
const READ_MORE_ROW =
  /^\[(?:read (?:more|on|the (?:full )?(?:story|article|post))|continue reading|full (?:story|article))\b[^\]\n]{0,80}\]\([^()\s]{1,2000}\)(?:\s*[·|]\s*[^·|\s[\]](?:[^·|\n[\]]{0,28}[^·|\s[\]])?)*\s*$/i;

/** A feed reader's item line or Read more row, which a story keeps only the outlet and link of (for tests of what is kept). */
export const isFeedChrome = (line: string): boolean => feedLine(inlineText(line)) !== null || READ_MORE_ROW.test(line.trim());

/** A block's markdown as written, links and all (a list's items, a quote's blocks). */
function blockText(block: Block): string {
  if (block.type === 'paragraph' || block.type === 'heading') return block.text;
  if (block.type === 'list') return block.items.map((item) => item.text).join('\n');
  if (block.type === 'quote') return block.blocks.map(blockText).join('\n');
  return '';
}

/** What a block already read is replaced with. */
const DONE: Block = Object.freeze({ type: 'rule' });

/** Most headings have none: one shared list, not 200,000 empty ones in a file of headings. */
const NO_CHILDREN: Node[] = Object.freeze([]) as unknown as Node[];

/** Headings into a tree: each node rules the blocks up to the next heading as deep or deeper. */
function outline(blocks: readonly Block[]): Node {
  const root: Node = { index: -1, depth: 0, title: '', role: null, end: blocks.length, children: NO_CHILDREN };
  const stack: Node[] = [root];
  blocks.forEach((block, index) => {
    if (block.type !== 'heading' || !/[\p{L}\p{N}]/u.test(block.text)) return;
    const role = roleOf(inlineText(block.text));
    while (stack.length > 1 && stack.at(-1)!.depth >= block.depth) stack.pop()!.end = index;
    // A named heading is never inside a labelled one ("## In this briefing" then "### Chapter"):
    // sources or a contents list do not hold stories.
    if (role === null) while (stack.length > 1 && stack.at(-1)!.role !== null) stack.pop()!.end = index;
    const node: Node = {
      index,
      depth: block.depth,
      title: block.text,
      role,
      end: blocks.length,
      children: NO_CHILDREN,
    };
    const parent = stack.at(-1)!;
    if (parent.children === NO_CHILDREN) parent.children = [];
    parent.children.push(node);
    stack.push(node);
  });
  return root;
}

/**
 * A paragraph that is only bold text ("**1. Theme name**", "**Key takeaways**") is a heading
 * one level below the last real one: many tools write headings that way.
 */
/** A cheap look before the sponsor test (which cleans the text first): every paragraph of every file passes here. */
const SPONSOR_WORDS = /together|sponsor|presented|brought to you|a message from|\(ad\)/i;

function promoteBoldLines(blocks: Block[]): Block[] {
  let depth = 1;
  return blocks.flatMap((block): Block | Block[] => {
    if (block.type === 'heading') depth = block.depth;
    if (block.type !== 'paragraph' || block.text.length > 120 || block.text.includes('\n')) return block;
    // "**TOGETHER WITH NIMBUS CLOUD**" between stories: a sponsor's part beside them (its line
    // kept), not a heading over the stories that follow, nor a story.
    if (depth > 1 && SPONSOR_WORDS.test(block.text) && isSponsorText(inlineText(block.text)))
      return [{ type: 'heading', depth, text: 'Sponsor' }, block];
    // ("**How it works:**" ends in a colon: a label over what follows, not a heading.)
    const bold = /^(?:\*\*|__)([^*_]+?[^:*_])(?:\*\*|__)$/.exec(block.text.trim());
    // "*Key takeaways*": italic only for a label of the vocabulary, never for a title.
    const italic = bold ? null : /^[*_]([^*_]{2,60})[*_]:?$/.exec(block.text.trim());
    const text = bold?.[1] ?? (italic && roleOf(italic[1]!) !== null ? italic[1] : undefined);
    if (!text || /[.!?]$/.test(text.trim())) return block;
    return { type: 'heading', depth: Math.min(depth + 1, 7), text };
  });
}

/** "**Title**: text", "__Title__ — text", "[Title](url): text": an item that leads with a name. */
function leadOf(item: string): { title: string; rest: string; outlet?: string; link?: string } | null {
  const text = item.replace(/^[☑☐]\s+/, ''); // a checklist's box is not part of the title
  const bold = /^(?:\*\*|__)(.{1,200}?)(?:\*\*|__)/s.exec(text);
  if (bold) {
    // "**Title**: text", "**Title** — text", "**Title** (Outlet): text", "**Title**
    // ([Score: 812, Comments: 140](https://reddit.com/…)): text" (a digest's link to the thread).
    const after =
      /^\s*(?:\(([^()\n]{1,40})\)\s*|\((\[[^[\]\n]{1,200}\]\([^()\s]{1,2000}\))\)\s*)?(?:[:—–-]\s*|\.\s+|$)/.exec(
        text.slice(bold[0].length),
      ) ?? (bold[1]!.endsWith(':') ? /^\s*/.exec('') : null);
    if (after)
      return {
        title: bold[1]!.replace(/:$/, '').trim(),
        rest: text.slice(bold[0].length + after[0].length).trim(),
        outlet: after[1],
        link: after[2],
      };
  }
  // "[Title](url) — text": the link stays with the title, so its address becomes the source.
  const linked = /^(\[[^[\]\n]{1,200}\]\([^()\s]{1,2000}\))\s*(?:[:—–]|\s-)\s*/.exec(text);
  if (linked) return { title: linked[1]!, rest: text.slice(linked[0].length) };
  // "[Title](https://…)" alone: a link roundup's item, all title and source (not an in-page "#anchor").
  if (/^\[[^[\]\n]{1,200}\]\(https?:\/\/[^()\s]{1,2000}\)\s*$/.test(text)) return { title: text.trim(), rest: '' };
  return null;
}

/** A section of only "**Title**: text" items (and a short line or two): each item a story. */
function isLeadSection(content: readonly Block[]): boolean {
  const lists = content.filter((block) => block.type === 'list');
  const items = lists.flatMap((list) => list.items);
  const other = content.filter((block) => block.type !== 'list');
  // A theme's key points ("- **Limits:** …") come under its own paragraphs; a digest's section is its list.
  const enough = items.length >= 2 || (items.length === 1 && items[0]!.text.includes(']('));
  if (!enough || other.length > 1 || other.some((block) => block.type !== 'paragraph' || block.text.length > 300)) return false;
  return items.every((item) => {
    const lead = leadOf(item.text);
    // "**Limits:** …" is how key points are written; a story so written carries its link.
    const labelStyle = /^(?:\*\*|__)[^*_\n]{1,200}:(?:\*\*|__)/.test(item.text);
    return lead !== null && roleOf(lead.title) === null && (!labelStyle || item.text.includes(']('));
  });
}

function leadStory(item: ListItem, section: string | null): ParsedStory {
  const lead = leadOf(item.text)!;
  const links: InlineLink[] = [];
  const title = inlineText(lead.title, links);
  const story = emptyStory(title);
  story.section = section;
  // A closing link ("… ([Outlet](url))", "… [Outlet](url)", "… via [Outlet](url)") is the story's source, not its words.
  const closing = /\s*(?:[—–-]\s*|\b(?:via|source:|from)\s+)?\(?\[([^[\]\n]{1,200})\]\(([^()\s]{1,2000})\)\)?\s*$/i.exec(lead.rest);
  const rest = closing && closing.index > 0 ? lead.rest.slice(0, closing.index) : lead.rest;
  if (closing && closing.index > 0) links.push({ text: inlineText(closing[1]!), url: closing[2]! });
  const summary = inlineText(rest, links);
  story.summary = summary || null;
  if (lead.link) inlineText(lead.link, links);
  addSources(story.sources, linkSources(links));
  if (lead.outlet && story.sources.length === 0) story.sources.push({ ...emptySource(), title: lead.outlet });
  new StoryReader(story).read(item.blocks);
  return story;
}

/** Where clippers put the day a page was published, first choice first; saved or clipped only after. */
const DATE_KEYS = [
  'published',
  'published_time',
  'published_at',
  'date_published',
  'pubdate',
  'date',
  'created',
  'date_saved',
  'saved',
  'clipped',
  'updated',
];
const AUTHOR_KEYS = ['author', 'authors', 'by', 'byline', 'creator'];

/** What front matter says about a clipped page; the fields not used are kept as a part. */
function applyFrontMatter(matter: FrontMatter, result: ParsedBriefing): { url: string | null; description: string | null } {
  const title = field(matter, 'title');
  if (title) result.title = title;
  const dateKey = DATE_KEYS.find((key) => isoDate((field(matter, key) ?? '').replace(/T\d.*$/, '')));
  if (dateKey) result.date = isoDate(field(matter, dateKey)!.replace(/T\d.*$/, ''));
  const authors = AUTHOR_KEYS.map((key) => matter.fields.get(key)).find((values) => values?.length);
  const site = field(matter, 'site', 'site_name', 'publisher');
  result.publisher = authors?.length ? authors.join(', ') : site;
  const url = field(matter, 'source', 'url', 'link', 'canonical', 'original_url');
  const description = field(matter, 'description', 'summary', 'excerpt');
  if (description) result.highlights.push(description);
  // Dates that read as dates are taken (the first by preference); any other value is shown.
  const used = new Set(['title', ...AUTHOR_KEYS, 'source', 'url', 'link']);
  // The date taken is not repeated; another ("created", "date_saved") is shown with the rest.
  if (dateKey) used.add(dateKey);
  used.add('canonical').add('original_url').add('description').add('summary').add('excerpt');
  if (!authors?.length) used.add('site').add('site_name').add('publisher');
  const other: string[] = [];
  for (const [key, values] of matter.fields) {
    if (used.has(key) || values.length === 0) continue;
    other.push(key ? `${partHeading(key.replace(/_/g, ' '))}: ${values.join(', ')}` : values.join(' '));
  }
  if (other.length > 0) result.extras.push({ heading: 'Details', paragraphs: other });
  return { url: url && /^https?:\/\//i.test(url) ? url : null, description };
}

/**
 * The briefing's own lines before its first story: dates ("_Issue 42 · 2026-11-14_",
 * "Date: …", "Episode 214 · 2026-11-12 · 58 min") and bylines are taken; the rest is returned.
 */
function readPreamble(blocks: readonly Block[], result: ParsedBriefing): Block[] {
  const rest: Block[] = [];
  for (const block of blocks) {
    if (block.type === 'rule') continue;
    // The tool's own line ("> Generated by FeedNotes from 14 feeds") is chrome, not a highlight.
    const only = block.type === 'quote' && block.blocks.length === 1 ? block.blocks[0]! : block;
    if (only.type === 'paragraph' && only.text.length < 300 && isFooterText(inlineText(only.text))) continue;
    if (block.type !== 'paragraph' || block.text.length > 4000) {
      rest.push(block);
      continue;
    }
    // Line by line: "Date: …" and "Prepared from: …" are often one paragraph.
    const kept = block.text.split('\n').filter((line) => !metaLine(line, result));
    if (kept.length > 0) rest.push({ type: 'paragraph', text: kept.join('\n') });
  }
  return rest;
}

/** Takes a line that only states the date, an edition or a byline; false for any other line. */
function metaLine(line: string, result: ParsedBriefing): boolean {
  if (line.length >= 300) return false;
  const text = inlineText(line);
  const kept = withAddresses(line); // what is kept of it: its links' addresses too
  const date = findDate(text);
  if (date && isDateLine(text)) {
    result.date ??= date;
    return true;
  }
  // A line that is only the briefing's date ("November 27, 2026") says nothing the date does not.
  if (date && isoDate(text.trim()) === date && (result.date === null || result.date === date)) {
    result.date ??= date;
    return true;
  }
  if (date && isMetaLine(text)) {
    result.date ??= date;
    const byline = /^by\s+([^·|•—–]{2,80}?)\s+[·|•—–]\s/i.exec(text);
    if (byline && !result.publisher) result.publisher = byline[1]!;
    result.extras.push({ heading: 'Edition', paragraphs: [kept] });
    return true;
  }
  // "Smart brevity count: 912 words … 3.5 mins", "6 stories · about 5 minutes": the edition's size.
  if (
    /\b\d[\d,]* (?:words|stories|articles|links)\b.{0,60}?\b\d+(?:\.\d+)?[ -]?min(?:ute)?s?\b/i.test(text) ||
    /^\W{0,4}\d+(?:\.\d+)?[ -]?min(?:ute)?s? read\b.{0,40}$/i.test(text)
  ) {
    result.extras.push({ heading: 'Edition', paragraphs: [text] });
    return true;
  }
  if (/^#[\p{L}\d/_-]+(?:\s+#[\p{L}\d/_-]+)*$/u.test(text)) {
    result.extras.push({ heading: 'Tags', paragraphs: [text.replace(/#/g, '')] });
    return true;
  }
  const byline = /^(?:by|from)\s+(\S.{0,60})$/i.exec(text);
  if (byline && !result.publisher) {
    result.publisher = byline[1]!;
    return true;
  }
  // "**Podcast:** Gradient Notes", "Channel: Margin Call": the show an export (Snipd, NoteGPT, a
  // clipper) names above the briefing is its publisher, up to the next piece ("· Hosts: …").
  const fact = PUBLISHER_LINE.exec(text.trim());
  if (fact && !result.publisher) {
    result.publisher = fact[1]!.split(/\s+[·|•]\s+/)[0]!.trim();
    const details = result.extras.find((part) => part.heading === 'Details');
    if (details) details.paragraphs.push(kept);
    else result.extras.push({ heading: 'Details', paragraphs: [kept] });
    return true;
  }
  return false;
}

const PUBLISHER_LINE = /^(?:podcast|show|channel|publisher|publication|newsletter)\s*:\s+(\S.{0,200})$/i;

/** "Issue 42 · 2026-11-14", "Episode 214 | Nov 12, 2026 | 58 min": pieces of metadata around a date. */
function isMetaLine(text: string): boolean {
  const pieces = text.split(/\s+[·•|—–]\s+/);
  return pieces.length >= 2 ? pieces.every((piece) => piece.length <= 40) : findDate(text) !== null && text.length <= 40;
}

/**
 * An Obsidian or Notion callout, "> [!summary] Title" then its lines: a summary, a quote (its
 * title the speaker), or a part under its title.
 */
function calloutOf(block: Block): { kind: string; title: string; lines: string[]; role: Role } | null {
  if (block.type !== 'quote') return null;
  const first = block.blocks[0];
  const head = first?.type === 'paragraph' ? /^\[!([\w-]{1,20})\][+-]?[ \t]*([^\n]*)\n?([\s\S]*)$/.exec(first.text) : null;
  if (!head) return null;
  const kind = head[1]!.toLowerCase();
  const lines = [head[3] ? inlineText(head[3]) : '', ...block.blocks.slice(1).flatMap(plainLines)].filter(Boolean);
  const role: Role = /^(?:summary|abstract|tldr)$/.test(kind) ? 'summary' : /^(?:quote|cite)$/.test(kind) ? 'quotes' : 'part';
  return { kind, title: inlineText(head[2]!), lines, role };
}

/**
 * Markdown as the lines of text it shows: headings alone between blank lines, paragraphs
 * cleaned, list items as "•" lines, quotes as their words. For line-based shapes (a video
 * summary) whose files are sometimes saved as markdown.
 */
export function markdownAsText(lines: readonly string[]): string[] {
  const out: string[] = [];
  const emit = (block: Block): void => {
    if (block.type === 'heading') out.push('', inlineText(block.text), '');
    else if (block.type === 'list') {
      for (const line of listLines(block)) out.push(line);
      out.push('');
    } else if (block.type === 'quote') for (const inner of block.blocks) emit(inner);
    else if (block.type === 'paragraph') out.push(...block.text.split('\n').map((line) => inlineText(line)), '');
    else for (const line of plainLines(block)) out.push(line, '');
  };
  for (const block of markdownBlocks(lines)) emit(block);
  return out;
}

/** A block the briefing says about itself (not a story's): its highlights. */
function briefingBlock(result: ParsedBriefing, block: Block): void {
  const box = calloutOf(block);
  if (box) {
    if (box.role === 'summary') result.highlights.push(...box.lines);
    else
      result.extras.push({
        heading: box.title || partHeading(box.kind),
        paragraphs: box.role === 'quotes' ? box.lines.map((line) => quoteParagraph(line)) : box.lines,
      });
    return;
  }
  // A cover image is not a highlight: its alt text ("Episode cover") says nothing of the news.
  if (block.type === 'paragraph' && onlyImages(block.text)) return;
  for (const text of plainLines(block)) result.highlights.push(text);
}

/** A labelled section at the briefing's level: executive summary, conclusion, sources. */
/** Inline markdown as text with each link's address after its words: for lines that are not a story's. */
function withAddresses(raw: string): string {
  const links: InlineLink[] = [];
  const text = inlineText(raw, links);
  const addresses = links.filter((link) => link.url !== link.text && !text.includes(link.url)).map((link) => link.url);
  return addresses.length > 0 ? `${text} <${addresses.join('> <')}>` : text;
}

function readBriefingPart(result: ParsedBriefing, node: Node, blocks: readonly Block[]): void {
  // The briefing's own parts keep their links' addresses: they belong to no story to carry them.
  const highlights = node.role === 'highlights' || node.role === 'summary';
  const lines = blocks.flatMap((block) =>
    highlights
      ? plainLines(block)
      : block.type === 'list'
        ? block.items.map((item) => withAddresses(item.text))
        : block.type === 'paragraph'
          ? [withAddresses(block.text)]
          : plainLines(block),
  );
  if (lines.length === 0) return;
  if (METADATA.test(labelOf(node.title))) readMetadata(result, lines);
  if (node.role === 'highlights' || node.role === 'summary') result.highlights.push(...lines);
  else result.extras.push({ heading: partHeading(inlineText(node.title)), paragraphs: lines });
}

/** "## Episode metadata", "## Video info": a list of what the export knows of the episode. */
const METADATA = /^(?:episode |video |show |podcast |page |document )?(?:metadata|info)$/;
const METADATA_DATE = /^(?:published|date|recorded|aired|released|uploaded)$/;
const METADATA_BY = /^(?:show|podcast|channel|publisher|site)$/;

/** "- Published: 2026-11-23", "- Show: [[Latent Shift]]": the briefing's day and publisher, unless it has them. */
function readMetadata(result: ParsedBriefing, lines: readonly string[]): void {
  for (const line of lines) {
    const [, key, value] = /^([\p{L} ]{2,30}):\s+(\S.{0,200})$/u.exec(line.trim()) ?? [];
    if (!key || !value) continue;
    const name = key.trim().toLowerCase();
    if (!result.date && METADATA_DATE.test(name)) result.date = findDate(value);
    else if (!result.publisher && METADATA_BY.test(name)) result.publisher = value.trim();
  }
}

/** A block as lines of text, each marked with its kind (see model/paragraph.ts). */
function plainLines(block: Block): string[] {
  switch (block.type) {
    case 'heading':
      return [inlineText(block.text)];
    case 'paragraph':
      return [inlineText(block.text)].filter(Boolean);
    case 'list':
      return listLines(block);
    case 'quote':
      return block.blocks.flatMap(plainLines).map((line) => quoteParagraph(line));
    case 'code':
      return [codeParagraph(block.text, block.lang)];
    case 'table':
      return [
        tableParagraph(
          block.header.map((cell) => inlineText(cell)),
          block.rows.map((row) => row.map((cell) => inlineText(cell))),
        ),
      ];
    case 'rule':
      return [];
  }
}

function listLines(list: Extract<Block, { type: 'list' }>, indent = ''): string[] {
  return list.items.flatMap((item, i) => {
    const marker = list.ordered ? `${list.start + i}.` : indent ? '◦' : '•';
    const own = item.text ? [`${indent}${marker} ${inlineText(item.text)}`] : [];
    const nested = item.blocks.flatMap((block) => (block.type === 'list' ? listLines(block, `${indent}  `) : plainLines(block)));
    return [...own, ...nested];
  });
}

/** Reads a story's blocks in order, switching role at labels and sub-headings. */
class StoryReader {
  private role: Role | 'body' = 'body';
  private part: Part | null = null;
  private summaryNext = false;

  /** Links in running text become sources, but not a sponsor's or the show's own ("Connect with us"). */
  private collect(links: readonly InlineLink[]): void {
    if (this.part && PROMO_PART.test(this.part.heading)) return;
    addSources(this.story.sources, linkSources(links));
  }

  constructor(
    private readonly story: ParsedStory,
    private readonly notes: ReadonlyMap<string, string> = new Map(),
  ) {}

  read(blocks: readonly Block[]): void {
    for (const block of blocks) this.block(block);
  }

  private block(block: Block): void {
    const story = this.story;
    switch (block.type) {
      case 'heading': {
        const role = roleOf(inlineText(block.text));
        this.part = null;
        this.summaryNext = role === 'summary';
        if (role === 'summary' || role === 'highlights') this.role = 'body';
        else if (role === 'conclusion' || role === 'part' || role === null) this.openPart(block.text);
        else this.role = role;
        return;
      }
      case 'paragraph':
        this.paragraph(block.text);
        return;
      case 'list':
        this.list(block);
        return;
      case 'quote': {
        const box = calloutOf(block);
        if (box) {
          if (box.role === 'summary') for (const line of box.lines) this.summarise(line);
          else if (box.role === 'quotes') story.quotes.push(...box.lines.map((line) => (box.title ? `${line} — ${box.title}` : line)));
          else story.extras.push({ heading: box.title || partHeading(box.kind), paragraphs: box.lines });
          return;
        }
        // "> ## Excerpt" then the text (a clipper's summary box): the story's summary.
        if (block.blocks[0]?.type === 'heading' && roleOf(inlineText(block.blocks[0].text)) === 'summary') {
          for (const inner of block.blocks.slice(1)) for (const line of plainLines(inner)) this.summarise(line);
          return;
        }
        // "> **TL;DR** …" is a label set off as a quote, not somebody's words.
        if (block.blocks[0]?.type === 'paragraph' && labelOfQuote(block.blocks[0].text)) {
          this.read(block.blocks);
          return;
        }
        for (const quote of quotesOf(block.blocks)) {
          if (this.role === 'part' && this.part) this.part.paragraphs.push(quoteParagraph(quote));
          else story.quotes.push(quote);
        }
        return;
      }
      case 'rule':
        this.role = 'body';
        this.part = null;
        return;
      default:
        this.put(plainLines(block)[0]!);
    }
  }

  private openPart(heading: string): void {
    this.part = { heading: partHeading(storyTitle(heading)), paragraphs: [] };
    this.story.extras.push(this.part);
    this.role = 'part';
  }

  private paragraph(raw: string, depth = 0): void {
    // "**Source:** …  \nAuthor: …": lines each with its own label are read one by one.
    if (depth === 0 && labelLines(raw)) {
      for (const line of raw.split('\n')) this.paragraph(line, 1);
      return;
    }
    // "[^1]: text" lines: the footnotes, each its own line of a Notes part.
    if (raw.startsWith('[^') && FOOTNOTE.test(raw)) {
      const notes = this.story.extras.find((part) => part.heading === 'Notes') ?? { heading: 'Notes', paragraphs: [] };
      if (!this.story.extras.includes(notes)) this.story.extras.push(notes);
      for (const line of raw.split('\n')) notes.paragraphs.push(inlineText(line.replace(FOOTNOTE, '[$1] ')));
      return;
    }
    const links: InlineLink[] = [];
    const text = inlineText(raw, links);
    if (!text) return;
    if (raw.includes('[^') && this.notes.size > 0)
      for (const mark of raw.matchAll(/\[\^([\w-]{1,20})\](?!:)/g))
        addSources(this.story.sources, linkSources(inlineLinks(this.notes.get(mark[1]!) ?? '')));
    const labelled = depth < 4 ? (splitLabel(text) ?? boldLabel(raw)) : null;
    const role = labelled ? roleOf(labelled.label) : null;
    if (labelled && role) {
      this.part = null;
      if (role === 'summary') {
        this.role = 'body';
        if (labelled.rest) this.summarise(labelled.rest);
        else this.summaryNext = true;
      } else if (role === 'conclusion' || role === 'part' || role === 'highlights') {
        this.openPart(labelled.label);
        if (labelled.rest) this.part!.paragraphs.push(labelled.rest);
      } else {
        this.role = role;
        if (labelled.rest) this.take(labelled.rest, links, false, splitLabel(raw)?.rest);
        // "**Source:** Outlet · date" names this story's source and no more: what follows is body.
        if (labelled.rest && role === 'sources') this.role = 'body';
      }
      if (role !== 'sources') this.collect(links);
      return;
    }
    if (this.summaryNext) {
      this.summaryNext = false;
      this.summarise(text);
      this.collect(links);
      return;
    }
    this.take(text, links, false, raw);
  }

  private summarise(text: string): void {
    this.story.summary = this.story.summary ? `${this.story.summary} ${text}` : text;
  }

  /** One piece of text under the current role. */
  private take(text: string, links: InlineLink[], bullet: boolean, raw?: string): void {
    const story = this.story;
    switch (this.role) {
      case 'sources':
        if (links.length > 1) addSources(story.sources, linkSources(links));
        else addSources(story.sources, [sourceLine(raw ?? text)]);
        return;
      case 'takeaways':
        story.takeaways.push(text);
        break;
      case 'quotes':
        story.quotes.push(text.replace(/^["“](.*)["”]$/, '$1'));
        break;
      case 'part':
        this.part?.paragraphs.push(bullet ? `• ${text}` : text);
        break;
      default:
        this.put(bullet ? `• ${text}` : text);
    }
    this.collect(links);
  }

  private put(paragraph: string): void {
    (this.part ? this.part.paragraphs : this.story.body).push(paragraph);
  }

  private list(list: Extract<Block, { type: 'list' }>): void {
    // "- **Point:** text" items in a story's body are its key points.
    const leads =
      this.role === 'body' && !this.part && list.items.every((item) => leadOf(item.text) && /^(?:\*\*|__)[^*_]{1,80}?:/.test(item.text));
    list.items.forEach((item, i) => {
      const links: InlineLink[] = [];
      if (this.role === 'sources') {
        const itemLinks: InlineLink[] = [];
        inlineText(item.text, itemLinks);
        if (itemLinks.length > 1) addSources(this.story.sources, linkSources(itemLinks));
        else addSources(this.story.sources, [sourceLine(item.text)]);
        for (const block of item.blocks) this.block(block);
        return;
      }
      const text = inlineText(item.text, links);
      const lead = leads ? leadOf(item.text) : null;
      const labelled = lead ? roleOf(lead.title) : null;
      if (lead && (labelled === 'part' || labelled === 'conclusion')) {
        this.story.extras.push({ heading: partHeading(inlineText(lead.title)), paragraphs: [inlineText(lead.rest)] });
      } else if (lead) {
        this.story.takeaways.push(text);
      } else if (!text) {
        // An item holding only blocks ("- ## Summary" in an outliner's export): they speak for it.
      } else if (this.role === 'body' || this.role === 'part') {
        const marker = list.ordered ? `${list.start + i}.` : '•';
        this.put(`${marker} ${text}`);
      } else this.take(text, [], true);
      this.collect(links);
      for (const block of item.blocks) {
        if (block.type === 'list' && (this.role === 'body' || this.role === 'part'))
          for (const line of listLines(block, '  ')) this.put(line);
        else this.block(block);
      }
    });
  }
}

function labelOfQuote(raw: string): boolean {
  const label = splitLabel(inlineText(raw))?.label ?? boldLabel(raw)?.label;
  const role = label === undefined ? null : roleOf(label);
  // "> TL;DR: …", "> **Key takeaways:** …": a label set off as a quote. "> Quotes: …" stays a quote.
  return role !== null && role !== 'quotes' && role !== 'highlights';
}

const FOOTNOTE = /^\[\^([\w-]{1,20})\]:\s*/;
const PROMO_PART = /\b(?:sponsors?|sponsored|connect|follow|support|subscribe|newsletter|listen|where to find|find us|advertis)/i;

/** "[Apple Podcasts](…) · [Spotify](…)": links and separators, next to no words of its own. */
function isLinkRow(raw: string): boolean {
  const links = inlineLinks(raw);
  if (links.length < 2 || raw.length > 600) return false;
  const rest = inlineText(raw.replace(/\[[^[\]\n]*\]\([^()\s]*\)/g, ''));
  return (
    rest
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .split(' ')
      .filter(Boolean).length <= 3
  );
}

/** A paragraph whose lines each begin with a label ("Author: …", "**Source:** …"): metadata, not prose. */
function labelLines(text: string): boolean {
  if (!text.includes('\n') || text.length > 2000) return false;
  const lines = text.split('\n');
  return lines.length >= 2 && lines.filter((line) => splitLabel(inlineText(line)) !== null).length >= lines.length - 0.5;
}

/** "**TL;DR** text": a bold label of the vocabulary with no colon after it. */
function boldLabel(raw: string): { label: string; rest: string } | null {
  const match = /^(?:\*\*|__)([^*_\n]{2,40})(?:\*\*|__)\s+(\S.*)$/s.exec(raw.trim());
  return match && roleOf(match[1]!) ? { label: match[1]!, rest: inlineText(match[2]!) } : null;
}

/** Quotes of a blockquote: one per paragraph, a "— Speaker" line joined to the quote it ends. */
function quotesOf(blocks: readonly Block[]): string[] {
  const quotes: string[] = [];
  for (const line of blocks.flatMap(plainLines)) {
    if (/^[—–-]{1,2}\s*\S/.test(line) && quotes.length > 0) quotes[quotes.length - 1] += ` ${line.replace(/^[—–-]{1,2}\s*/, '— ')}`;
    else quotes.push(line);
  }
  return quotes;
}
