import { emptyStory, type ParsedStory, type Part } from '../model/types';
import { isFooterText, partHeading, roleOf } from './labels';
import { briefing, type Shape } from './shape';
import { sourceLine } from './sources';
import { blocks, findDate, isBullet, items, splitLabel, splitTitleDate, titleFrom, unbullet } from './text';

/** Buttons and badges an email or web page copies along with its text, each alone on a line. */
export const CHROME_LINE =
  /^(?:read in (?:the )?app|view (?:this (?:post|email) )?(?:in|on) (?:your |the )?(?:browser|web)|share|like|comment|restack|subscribe(?: now)?|upgrade to paid|∙ paid|get the app|start writing|open in app|listen now)$/i;

/**
 * Anything else still opens: the first line is the title (its date split off), the rest its one
 * story. Labels of the shared vocabulary still mean what they mean everywhere ("Key points:"
 * bullets are takeaways, "Links:" lines sources, "Timestamps:" lines a part); an email's
 * buttons and a sign-off at the end are left out.
 */
export const plain: Shape = {
  format: 'plain',
  detect: () => 0.01,
  parse({ lines, name }) {
    const kept = withoutChrome(lines);
    const all = blocks(kept).filter((block) => !(block.join(' ').length < 300 && isFooterText(block.join(' '))));
    const masthead = postHeader(all);
    const firstLine = all[0]?.[0]?.trim();
    const titleIsLine = firstLine !== undefined && firstLine.length <= 120;
    const { title, date } = titleIsLine ? splitTitleDate(firstLine) : { title: firstLine ? titleFrom(firstLine) : name, date: null };
    const result = briefing('plain', title);
    const story = emptyStory(title);
    if (titleIsLine) all[0]!.shift();
    result.date = date ?? masthead.date;
    result.publisher = masthead.publisher;
    story.summary = masthead.subtitle;
    let labelled = false;
    let pending: string | null = null;
    for (const block of all) {
      if (block.length === 0) continue;
      // "The Alignment Hour" over "Published 2026/11/18 · 52 minutes": the show, then the edition.
      if (!result.date && block.length === 2 && block[1]!.length < 80 && block[0]!.length <= 60 && story.body.length < 4) {
        const found = findDate(block[1]!);
        if (found && /\s[·|•]\s|^(?:released|published|posted|sent|dated?|updated)\b/i.test(block[1]!.trim())) {
          result.date = found;
          result.publisher ??= block[0]!.trim();
          result.extras.push({ heading: 'Edition', paragraphs: [block[1]!.trim()] });
          continue;
        }
      }
      if (!result.date) {
        const found = block.length === 1 && block[0]!.length < 80 ? findDate(block[0]!) : null;
        if (found && story.body.length < 4) {
          result.date = found;
          // "Released November 17, 2026 · 1 hr 4 min": the edition's line, not the story's words.
          if (/\s[·|•]\s|^(?:released|published|posted|sent|dated?|updated)\b/i.test(block[0]!.trim())) {
            result.extras.push({ heading: 'Edition', paragraphs: [block[0]!.trim()] });
            continue;
          }
        }
      }
      // "KEY TAKEAWAYS" alone, its bullets after a blank line: the label is the next block's.
      const alone = block.length === 1 ? block[0]!.trim() : '';
      if (alone && alone.length <= 40 && !/[.!?]$/.test(alone) && roleOf(alone) !== null && alone.split(' ').length <= 4) {
        // (Two labels in a row: the first had nothing under it, and stays as written.)
        if (pending) story.body.push(pending);
        pending = alone;
        continue;
      }
      labelled = readLabelled(pending ? [pending, ...block] : block, story) || labelled;
      pending = null;
    }
    if (pending) story.body.push(pending);
    // The first paragraph of a labelled text (show notes, a post with key points) is its summary.
    if (labelled && story.summary === null && story.body[0] && !story.body[0].startsWith('•') && story.body[0].length > 80)
      story.summary = story.body.shift()!;
    result.stories.push(story);
    return result;
  },
};

/**
 * A post's header as newsletter platforms send it: publication, title, subtitle, author, date,
 * each a short line of its own. Taken off the blocks: the title line is then first.
 */
function postHeader(all: string[][]): { publisher: string | null; subtitle: string | null; date: string | null } {
  const none = { publisher: null, subtitle: null, date: null };
  const head: string[] = [];
  let taken = 0;
  for (const block of all.slice(0, 6)) {
    // "Priya Raman" and "Nov 19, 2026" may share a block.
    const dated = block.length === 2 && block[1]!.length < 40 && findDate(block[1]!) !== null;
    if ((block.length !== 1 && !dated) || block[0]!.length > 160) break;
    head.push(...block.map((line) => line.trim()));
    taken++;
    if (findDate(head.at(-1)!) && head.at(-1)!.length < 40) break;
  }
  const date = head.length >= 4 ? findDate(head.at(-1)!) : null;
  if (!date) return none;
  // Before the date: the author's name; before that the subtitle, the title, the publication.
  const author = head.at(-2)!;
  if (!/^\p{Lu}[\p{L}.'-]+(?:\s+\p{Lu}[\p{L}.'-]+){1,3}$/u.test(author)) return none;
  const [publication, , subtitle] = head.length >= 5 ? head : [null, head[0], head[1]];
  all.splice(0, taken, [head.length >= 5 ? head[1]! : head[0]!]);
  return { publisher: publication ? `${publication} · ${author}` : author, subtitle: subtitle ?? null, date };
}

/** The lines without buttons, and without a trailing sign-off or footer. */
function withoutChrome(lines: readonly string[]): string[] {
  const kept = lines.filter((line) => !CHROME_LINE.test(line.trim()));
  // A sign-off in the last quarter ends the text: what follows is the sender's, not the story's.
  const from = Math.floor(kept.length * 0.75);
  const end = kept.findIndex((line, i) => i >= from && i > 0 && isFooterText(line) && line.length < 200);
  return end > 0 ? kept.slice(0, end) : kept;
}

/** A line that begins an entry of its own: a quote, a timestamp, a bullet or a number. */
const ENTRY_START = /^\s*(?:["“«]|\(?\d{1,2}:\d{2}\b|[-*•]\s|\d{1,3}[./)]\s?)/;

/** A blank-line block: a labelled one ("Key points:" then lines) by its role, any other as paragraphs. */
function readLabelled(block: string[], story: ParsedStory): boolean {
  // "Key facts:" or "Key facts" alone over its lines: a label either way.
  const first = block[0]!.trim();
  const head = splitLabel(first) ?? (block.length > 1 && first.length <= 40 && roleOf(first) !== null ? { label: first, rest: '' } : null);
  const role = head && head.label.split(' ').length <= 4 ? roleOf(head.label) : null;
  if (!head || !role || (head.rest && block.length === 1 && role !== 'summary' && role !== 'sources' && role !== 'part')) {
    // "Recorded: Monday" over "Speakers: Alicia, Ravi", or a line per quote: each line a paragraph.
    if (block.length > 1 && block.every((line) => ENTRY_START.test(line) || /^\s*[\p{L}][\p{L} ]{1,30}:\s+\S/u.test(line)))
      story.body.push(...block.map((line) => line.trim()));
    else for (const item of items(block)) story.body.push(item.kind === 'bullet' ? `• ${item.text}` : item.text);
    return false;
  }
  const lines = [head.rest, ...block.slice(1)].filter((line) => line.trim() !== '');
  // Lines that each begin an entry ("“Renting GPUs…” - Ravi", "00:00 Welcome") are one entry each.
  const entries =
    lines.length > 1 && lines.every((line) => ENTRY_START.test(line))
      ? lines.map((line) => (isBullet(line) ? unbullet(line) : line.trim()))
      : items(lines).map((item) => item.text);
  if (role === 'summary') story.summary = entries.join(' ');
  else if (role === 'takeaways') story.takeaways.push(...entries);
  else if (role === 'quotes') story.quotes.push(...entries);
  else if (role === 'sources') for (const line of lines) story.sources.push(sourceLine(unbullet(line)));
  else {
    // Each line its own paragraph: "00:00 - Intro" lines are a list, not prose.
    const part: Part = {
      heading: partHeading(head.label),
      paragraphs: lines.map((line) => (isBullet(line) ? `• ${unbullet(line)}` : line.trim())),
    };
    story.extras.push(part);
  }
  return true;
}
