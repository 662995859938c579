import { quoteParagraph, SEPARATOR } from '../model/paragraph';
import { emptySource, emptyStory, type Part, type Source } from '../model/types';
import { inlineText, type InlineLink } from './inline';
import { briefing, isMarkdownName, type Shape } from './shape';
import { addSources, linkSources } from './sources';
import { findDate, findUrl, squash, titleFrom } from './text';

const QUOTE = /^\s*>/;
const REPLY = /^\s*(?:reply|\[[–-]\]|add comment|flag|favorite|link)\s*$/i;
const AGO = '\\d{1,3} ?(?:second|minute|hour|day|week|month|year|sec|min|hr|mo|yr|[smhdwy])s?\\.? ago|on [A-Z][a-z]{2} \\d{1,2}, \\d{4}';
/** "Nov 18", "Nov 18, 2026", "2h": when a forum (Discourse) says a post was written. */
const FORUM_DATE = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{1,2}(?:, \\d{4})?|\\d{1,2}[hdmw]';
/**
 * Who wrote the comment under it, and when: "mkovacs 5 hours ago | parent | next [–]" (Hacker
 * News, Lobsters), "[–] tensor_tamsin 112 points 6 hours ago" (old Reddit).
 */
const COMMENT_HEAD = new RegExp(
  `^\\s*(?:\\[[–-]\\]\\s+)?(?!(?:published|updated|posted|sent|released|edited|dated?|issue|edition|week|today)\\b)([\\w.-]{1,40})(?:\\[S\\])?\\s+(?:·\\s+)?(?:(-?\\d{1,6}) points?\\s+(?:·\\s+)?)?(${AGO}|${FORUM_DATE})\\b(?: \\|[^\\n]{0,120})?(?:\\s*\\(\\d{1,5} child(?:ren)?\\))?$`,
);
/** "gpu_hoarder · 231 points": a head with a score and no age, as a markdown export writes it (see `threadFromMarkdown`). */
const POINTS_HEAD = /^\s*([\w.-]{1,40}) · (-?\d{1,6}) points?$/;

/** A comment's head: its author, points and age (either may be missing, not both). */
function commentHead(text: string): { author: string; points: string | null; age: string | null } | null {
  if (text.length > 220) return null;
  const head = COMMENT_HEAD.exec(text);
  if (head) return { author: head[1]!, points: head[2] ?? null, age: head[3]! };
  const scored = POINTS_HEAD.exec(text);
  return scored ? { author: scored[1]!, points: scored[2]!, age: null } : null;
}

/** "ferrous_oxide · 13h": a line (or a heading) that names a comment's author and age. */
export const isCommentHead = (text: string) => commentHead(text) !== null;

/**
 * The submission's own line: "412 points by mkovacs 6 hours ago | hide | past | favorite | 173
 * comments", "submitted 7 hours ago by quantized_quokka", "authored by rkell 9 hours ago | 18 comments".
 */
const SUBMITTED = new RegExp(
  `^\\s*(?:(\\d{1,6}) points? by ([\\w.-]{1,40}) (?:.{0,40}?ago|on [A-Z][a-z]{2} \\d{1,2}, \\d{4})|submitted (?:${AGO}) by ([\\w.-]{1,40})|(?:authored|submitted|posted) by ([\\w.-]{1,40}) (?:${AGO}))\\b(?:.{0,120}?(\\d{1,6}) comments?)?`,
);
/** The site's navigation, buttons, vote arrows and footer, copied with the page. */
export const SITE_CHROME = new RegExp(
  [
    'hacker news\\b.*\\|.*',
    '(?:new \\| )?past \\| comments \\| ask \\|.*',
    'guidelines \\| faq \\|.*',
    'search:.*',
    'lobsters\\b.*',
    'active\\s+recent\\s+comments\\b.*',
    'about\\s+tags\\s+filter\\b.*',
    'skip to (?:main )?content|sign up\\s+log in|log in|sign up|powered by discourse.*|\\d{1,5} likes?',
    // Reddit's page as it is now: buttons and boxes, each on its own line.
    'upvote|downvote|award|share|get app|go to comments|join the conversation|search comments|expand comment search|comments section|best|top|new|search in r/\\w+|•',
    'login|submit|more|\\d{1,5} more (?:comments?|replies)|\\[\\+\\]|\\[-\\]|sort(?:ed)? by:.*',
    '[▲▼△▽⬆⬇↑↓]|\\d{1,6}', // votes
    '(?:all )?\\d{1,6} comments?',
    // Reddit's row of buttons; "reply" alone is left for REPLY, which ends a comment.
    '(?:permalink|source|embed|save|parent|report|share|hide|give award|context|full comments|unsave)(?:\\s+(?:permalink|source|embed|save|parent|report|reply|share|hide|give award|context|full comments|unsave))*',
    'jump to content|my subreddits|popular-all-random-users.*|want to join\\?.*|\\w+ comments',
  ]
    .map((pattern) => `(?:${pattern})`)
    .join('|')
    .replace(/^/, '^\\s*(?:')
    .concat(')\\s*$'),
  'i',
);
/** After the last comment: a site footer of short lines ("about", "help", "© 2026 reddit inc"). */
const FOOTER_END = /©|all rights reserved|use of this site|user agreement|privacy policy/i;
/** "Operations  llm-ops  deprecation": a topic's category and tags, spaced apart. */
const FORUM_TAGS = /^[\w+#.-]{1,24}(?:\s{2,}[\w+#.-]{1,24}){1,7}$/;
const DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/\S*)?$/i;
/** "ai  programming": a submission's tags, short lower-case words. */
const TAGS = /^[a-z0-9+#.-]{1,20}(?:\s+[a-z0-9+#.-]{1,20}){0,7}$/;

/**
 * "tidal_basin" / "OP" / "•" / "4h ago" on lines of their own (Reddit as it is now) joined into
 * one head, "tidal_basin · 4h ago"; the post's "r/Sub" / "•" / "5 hr. ago" / "author" likewise,
 * as a submission line.
 */
export function joinSplitHeads(lines: readonly string[]): string[] {
  if (!lines.some((line) => line.trim() === '•')) return [...lines];
  const out: string[] = [];
  const ago = new RegExp(`^(?:${AGO})$`);
  for (let i = 0; i < lines.length; i++) {
    const at = (k: number) => lines[i + k]?.trim() ?? '';
    const user = /^[\w.-]{2,40}$/;
    if (/^r\/\w+$/.test(at(0)) && at(1) === '•' && ago.test(at(2)) && user.test(at(3))) {
      out.push(`submitted ${at(2)} by ${at(3)} to ${at(0)}`);
      i += 3;
    } else if (user.test(at(0)) && at(1) === 'OP' && at(2) === '•' && ago.test(at(3))) {
      out.push(`${at(0)} · ${at(3)}`);
      i += 3;
    } else if (user.test(at(0)) && at(1) === '•' && ago.test(at(2))) {
      out.push(`${at(0)} · ${at(2)}`);
      i += 2;
    } else out.push(lines[i]!);
  }
  return out;
}

/** Short lines after the last comment that end in a copyright or terms line: the site's footer. */
export function dropSiteFooter(lines: string[]): void {
  // A forum's list of other topics after the last post ("Related Topics", "Suggested Topics").
  const related = lines.findIndex((line) => /^\s*(?:related|suggested|similar) (?:topics|threads|posts)\s*$/i.test(line));
  if (related > 0 && related > lines.findLastIndex(isCommentHead)) lines.splice(related);
  // Only a footer among the last three lines counts: the rest are not asked (every line of a
  // long thread was, from the end).
  let end = lines.length - 1;
  while (end >= lines.length - 3 && end >= 0 && !(FOOTER_END.test(lines[end]!) && lines[end]!.length < 300)) end--;
  if (end < 0 || end < lines.length - 3) return;
  let start = end;
  while (start > 0 && (lines[start - 1]!.trim() === '' || lines[start - 1]!.trim().length <= 40)) start--;
  if (end - start >= 2) lines.splice(start, lines.length - start);
}

/**
 * When a comment was written, as exports write it: an age ("5 hours ago") or an ISO time; a
 * bare day ("Nov 18", "2026-11-18") only under a heading, as a bold name and a day is as often
 * an event in a list ("**NeurIPS** · Dec 2").
 */
const MD_AGE = new RegExp(`^(?:${AGO}|\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(?::\\d{2})?Z?)`, 'i');
const MD_DAY = new RegExp(`^(?:${FORUM_DATE}|\\d{4}-\\d{2}-\\d{2})`, 'i');
const MD_POINTS = /^(-?\d{1,6}) points?/i;
/** What a markdown export puts between a head's pieces: "·", "|", "—", brackets. */
const MD_GAP = /^[\s·|•,—–()-]+/;
/** Headings over the comments ("## Top comments", "### 88 Comments"): the export's, not the thread's. */
const MD_CHROME = /^(?:(?:top |all |\d{1,6} )?(?:comments?|replies)(?: \(\d{1,6}\))?|discussion|thread)$/i;

/**
 * A comment's head as a markdown export writes it: "**u/gpu_hoarder** · 231 points", "###
 * u/quantfan (98 points)", "**mkovacs** — 2026-11-20 14:03", "- **u/name** (12 points): text".
 * The name must be a heading, bold or "u/"-led, and a score or an age (see MD_AGE) must follow;
 * nothing else may, but the comment's own text after a colon.
 */
function markdownHead(line: string): { head: string; text: string } | null {
  if (line.length > 300) return null;
  const heading = /^\s*#{1,6}\s+/.exec(line);
  let rest = line
    .slice(heading?.[0].length ?? 0)
    .trim()
    .replace(/^[-*+]\s+/, '');
  const named = /^(\*\*|__)?(u\/)?([\w.-]{2,40})(\*\*|__)?/.exec(rest);
  if (!named || (named[1] ?? '') !== (named[4] ?? '') || !(heading || named[1] || named[2])) return null;
  rest = rest.slice(named[0].length);
  let points: string | null = null;
  let age: string | null = null;
  let text = '';
  for (;;) {
    rest = rest.replace(MD_GAP, '');
    if (!rest) break;
    const scored: RegExpExecArray | null = points === null ? MD_POINTS.exec(rest) : null;
    const aged: RegExpExecArray | null = age === null && !scored ? (MD_AGE.exec(rest) ?? (heading ? MD_DAY.exec(rest) : null)) : null;
    if (scored) points = scored[1]!;
    else if (aged) age = aged[0];
    else if (rest.startsWith(':')) {
      text = rest.slice(1).trim();
      break;
    } else return null;
    rest = rest.slice((scored ?? aged)![0].length);
  }
  if (points === null && age === null) return null;
  return { head: [named[3], points !== null ? `${points} points` : null, age].filter(Boolean).join(' · '), text };
}

/** A line's comment head, quoted or not (only lines that start as one can are tried). */
const headAt = (line: string) => (/^[\s>]*(?:#|\*\*|__|[-*+]\s|u\/)/.test(line) ? markdownHead(line.replace(/^[\s>]*/, '')) : null);

/**
 * Whether a markdown file has two comments' heads or more (see `markdownHead`): a thread. A feed
 * reader's digest puts "**Reuters** · 5 hours ago" right under each item's linked heading: a
 * head just under a heading does not count, and headings that link are items, not a thread's.
 */
function hasMarkdownHeads(lines: readonly string[]): boolean {
  let heads = 0;
  let linked = 0;
  lines.forEach((line, i) => {
    if (line.startsWith('#') && /^#{1,6}\s.*\]\(/.test(line)) linked++;
    else if (headAt(line) && !/^#{1,6}\s/.test(lines[i - 1] ?? '')) heads++;
  });
  return heads >= 2 && linked < 2;
}

/** A thread saved as markdown, read into the lines of a copied thread, with what its top says. */
interface MarkdownThread {
  lines: string[];
  title: string | null;
  publisher: string | null;
  date: string | null;
  facts: string[];
  /** What the post links to. */
  sources: Source[];
}

/**
 * Reddit and forum threads exported as markdown: "# Title", a line of facts ("**r/LocalLLaMA** ·
 * Posted by u/quantfan · 2026-11-20 · 412 points · 88 comments"), the post, then each comment
 * under a bold or heading head, replies quoted ("> **u/quantfan** · 98 points"). Null when the
 * file has fewer than two such heads: a markdown document, not a thread.
 */
export function threadFromMarkdown(lines: readonly string[]): MarkdownThread | null {
  if (!hasMarkdownHeads(lines)) return null;
  const thread: MarkdownThread = { lines: [], title: null, publisher: null, date: null, facts: [], sources: [] };
  let commented = false;
  let reply = false;
  for (const line of lines) {
    const quoted = /^\s*>/.test(line);
    const found = headAt(line);
    if (found) {
      commented = true;
      reply = quoted;
      thread.lines.push('', found.head);
      if (found.text) thread.lines.push(inlineText(found.text));
      continue;
    }
    // A reply written as a quote under its own head: its lines are the reply's text, not a quote.
    if (quoted && reply) {
      thread.lines.push(inlineText(line.replace(/^[\s>]*/, '')));
      continue;
    }
    reply = false;
    const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      const text = inlineText(heading[1]!).trim();
      if (MD_CHROME.test(text)) {
        // "## 36 Comments": the count is the thread's.
        if (/\d/.test(text)) thread.facts.push(text);
        continue;
      }
      if (!commented && thread.title === null) thread.title = text;
      else thread.lines.push('', text, '');
      continue;
    }
    if (/^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/.test(line)) {
      thread.lines.push('');
      continue;
    }
    const links: InlineLink[] = [];
    const text = inlineText(line, commented ? undefined : links);
    if (!commented && thread.facts.length === 0 && thread.lines.every((kept) => kept.trim() === '') && isThreadFacts(text)) {
      readThreadFacts(text, thread);
      continue;
    }
    if (!commented) {
      // The post's links, and a bare address in it, are the thread's sources.
      const bare = findUrl(text);
      addSources(thread.sources, [...linkSources(links), ...(bare ? [{ ...emptySource(), title: bare, url: bare }] : [])]);
    }
    const item = /^\s*[-*+]\s+(.*)$/.exec(text);
    // A quote keeps its depth ("> > " quotes the quote), for paragraphsOf to read.
    if (quoted) thread.lines.push(line.replace(/^([\s>]*)(.*)$/, (_, marks: string, inner: string) => `${marks}${inlineText(inner)}`));
    // A list's items stay apart: the thread's paragraphs are made by joining lines.
    else if (item) thread.lines.push('', `• ${item[1]}`, '');
    else thread.lines.push(text);
  }
  return thread;
}

/** "r/LocalLLaMA · Posted by u/quantfan · 2026-11-20 · 412 points · 88 comments", "Posted by: u/x | Score: 412". */
const isThreadFacts = (text: string) =>
  text.length <= 300 && /\b(?:posted|submitted) by\b|\b[rc]\/\w+|\b\d{1,6} (?:points?|comments?)\b|\bscore:/i.test(text);

/** The facts line, as written (its labels are the reader's too), with the community and the day taken from it. */
function readThreadFacts(text: string, thread: MarkdownThread): void {
  // Reddit's "r/…", Lemmy's "c/…".
  thread.publisher = /\b([rc]\/\w+)/.exec(text)?.[1] ?? null;
  thread.date = findDate(text);
  thread.facts.push(text.trim());
}

/** "Title of the post (example.com)": a submission line. */
const SUBMISSION = /^(.{3,300}?)\s+\(([a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[^\s)]*)?)\)\s*$/i;

/**
 * Discussion threads copied from a forum page. Without chrome: no headings, one comment a line
 * (or a paragraph), "> " quoting an earlier comment, stray "reply" buttons. With a site's
 * chrome: the submission line, "412 points by … | hide |", "user 5 hours ago | parent | next
 * [–]" over each comment. Chrome becomes structure (title, points, authors) or goes; quotes
 * stay in the reply that quotes them.
 */
export const discussion: Shape = {
  format: 'discussion',
  detect({ lines: raw, name }) {
    const lines = joinSplitHeads(raw);
    const filled = lines.filter((line) => line.trim() !== '');
    // Markdown: a thread only with its comments' heads (see threadFromMarkdown), over markdown's own 0.9.
    if (filled.length < 3) return 0;
    // (Only a markdown file is asked: the look at every line cost 2% of parsing a library.)
    if (isMarkdownName(name) && hasMarkdownHeads(lines)) return 0.95;
    if (lines.some((line) => /^#{1,6}\s/.test(line))) return 0;
    // Heads and submission lines are short: long lines are not tried (this runs on every file).
    const heads = filled.filter(isCommentHead).length;
    if (heads >= 2 || filled.some((line) => line.length <= 300 && SUBMITTED.test(line))) return 0.9;
    // A markdown file quoting a speaker or two is a document, not a copied thread.
    if (isMarkdownName(name)) return 0;
    const quotes = filled.filter((line) => QUOTE.test(line)).length;
    const replies = filled.filter((line) => REPLY.test(line)).length;
    const blankShare = 1 - filled.length / lines.length;
    let score = 0;
    if (quotes >= 2) score += 0.4;
    if (replies >= 1) score += 0.2;
    if (blankShare < 0.15) score += 0.2;
    if (filled.filter((line) => line.length > 120).length >= filled.length / 4) score += 0.1;
    return quotes > 0 || replies > 0 ? Math.min(score, 0.9) : 0;
  },
  parse({ lines, name }) {
    const markdown = isMarkdownName(name) ? threadFromMarkdown(lines) : null;
    const kept = markdown ? markdown.lines : joinSplitHeads(lines).filter((line) => !SITE_CHROME.test(line));
    dropSiteFooter(kept);
    const result = briefing('discussion', name);
    let title: string | null = markdown?.title ?? null;
    const facts: string[] = markdown?.facts ?? [];
    const story = emptyStory('');
    if (markdown) {
      result.publisher = markdown.publisher;
      result.date = markdown.date;
      story.sources.push(...markdown.sources);
    }
    // The submission: its title line and points line, wherever the copy starts.
    const pointsAt = markdown ? -1 : kept.findIndex((line) => SUBMITTED.test(line));
    if (pointsAt >= 0) {
      const [, points, byPoints, bySubmitted, byAuthored, comments] = SUBMITTED.exec(kept[pointsAt]!)!;
      // Above it, past the site's domain and tag lines: the title.
      const before = kept.slice(0, pointsAt).filter((line) => line.trim() !== '');
      while (before.length > 1 && (DOMAIN.test(before.at(-1)!.trim()) || TAGS.test(before.at(-1)!.trim()))) {
        const extra = before.pop()!.trim();
        if (DOMAIN.test(extra)) result.publisher = extra;
        else facts.push(`tags: ${extra.split(/\s+/).join(', ')}`);
      }
      const above = before.at(-1);
      const submission = above ? SUBMISSION.exec(above.trim()) : null;
      title = submission?.[1] ?? above?.trim() ?? null;
      if (submission) result.publisher = submission[2]!;
      const author = byPoints ?? bySubmitted ?? byAuthored;
      result.date = findDate(kept[pointsAt]!);
      facts.push(
        [points ? `${points} points` : null, comments ? `${comments} comments` : null, author ? `submitted by ${author}` : null]
          .filter(Boolean)
          .join(' · '),
      );
      const submittedLine = kept[pointsAt]!.trim();
      kept.splice(0, pointsAt + 1);
      // Reddit puts the title under the line that says who posted it, and its flair under that.
      const sub = / to (r\/\w+)$/.exec(submittedLine);
      if (sub) {
        result.publisher = sub[1]!;
        const at = kept.findIndex((line) => line.trim() !== '');
        if (at >= 0) {
          title = kept[at]!.trim();
          kept.splice(0, at + 1);
          const flair = kept.findIndex((line) => line.trim() !== '');
          if (flair >= 0 && kept[flair]!.trim().length <= 30 && !/[.!?]$/.test(kept[flair]!.trim())) {
            facts.push(`flair: ${kept[flair]!.trim()}`);
            kept.splice(flair, 1);
          }
        }
      }
    }
    const authored = kept.filter(isCommentHead).length >= 2;
    if (authored && title === null) {
      // A forum's page: site name, the topic's title and its tags, then the first post.
      const before = kept
        .slice(0, kept.findIndex(isCommentHead))
        .map((line) => line.trim())
        .filter(Boolean);
      if (before.length >= 2 && FORUM_TAGS.test(before.at(-1)!))
        facts.push(
          `tags: ${before
            .pop()!
            .split(/\s{2,}/)
            .join(', ')}`,
        );
      if (before.length > 0 && before.at(-1)!.length <= 200) {
        title = before.pop()!;
        if (before.length === 1 && before[0]!.length <= 60) result.publisher = before.pop()!;
        kept.splice(0, kept.findIndex(isCommentHead), ...before);
      }
    }
    if (authored) {
      // Each comment a part headed by its author; what comes before the first is the post's text.
      let lead: string[] = story.body;
      for (const paragraph of paragraphsOf(kept, true)) {
        const head = commentHead(paragraph);
        if (head) {
          const heading = [head.author, head.points ? `${head.points} points` : null, head.age].filter(Boolean).join(' · ');
          const comment: Part = { heading, paragraphs: [], byline: true };
          story.extras.push(comment);
          lead = comment.paragraphs;
        } else lead.push(paragraph);
      }
      story.extras = story.extras.filter((part) => part.paragraphs.length > 0);
    } else {
      // Comments end at "reply" where the page had them, else at blank lines (or each line).
      const replies = kept.filter((line) => REPLY.test(line)).length;
      const filled = kept.filter((line) => line.trim() !== '' && !REPLY.test(line));
      // Blank lines, not "reply" buttons, say whether comments run over several lines.
      const spaced = kept.filter((line) => line.trim() === '').length > filled.length / 3;
      const comments: string[][] = [];
      let current: string[] = [];
      const end = () => {
        if (current.length > 0) comments.push(current);
        current = [];
      };
      for (const line of kept) {
        if (REPLY.test(line)) end();
        else if (line.trim() === '') {
          if (replies < 2 && spaced) end();
          else if (current.length > 0) current.push(''); // a paragraph break inside one comment
        } else if (!spaced && !QUOTE.test(line)) {
          current.push(line);
          end();
        } else current.push(line);
      }
      end();
      comments.forEach((comment, i) => {
        if (i > 0 && replies >= 2) story.body.push(SEPARATOR);
        story.body.push(...paragraphsOf(comment, spaced));
      });
    }
    const first = story.body.find((paragraph) => !QUOTE.test(paragraph)) ?? story.extras[0]?.paragraphs[0] ?? name;
    title ??= titleFrom(first);
    result.title = title;
    story.title = title;
    if (facts.length > 0) result.extras.push({ heading: 'Thread', paragraphs: facts });
    result.stories.push(story);
    return result;
  },
};

/**
 * Lines to paragraphs: quoted lines become quote paragraphs in place (nested by depth), other
 * lines join into paragraphs at blank lines; "reply" buttons go.
 */
function paragraphsOf(lines: readonly string[], joinLines: boolean): string[] {
  const out: string[] = [];
  let text: string[] = [];
  const flush = () => {
    if (text.length > 0) out.push(squash(text.join(' ')));
    text = [];
  };
  for (const line of lines) {
    if (REPLY.test(line) || line.trim() === '') flush();
    else if (QUOTE.test(line)) {
      flush();
      const depth = /^[\s>]*/.exec(line)![0].split('>').length - 1;
      const quoted = line.replace(/^[\s>]*/, '').trim();
      if (quoted) out.push(quoteParagraph(quoted, Math.min(depth, 8)));
    } else if (isCommentHead(line)) {
      flush();
      out.push(line.trim());
    } else {
      text.push(line.trim());
      if (!joinLines) flush();
    }
  }
  flush();
  return out;
}
