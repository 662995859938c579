import { emptySource, emptyStory, type ParsedStory, type Part, type Source } from '../model/types';
import { briefing, type Shape } from './shape';
import { findDate, isoDate, squash } from './text';

const TIMESTAMP = /^\d{1,2}:\d{2}(?::\d{2})?$/;
const SOURCES_HEADING = /^sources\s*\((\d+)\)$/i;
/** "1. X post 2026-04-20 — Name", "[1] Blog post · 2026-11-20 · Name", "(1) Analysis, 2026-11-26, Name". */
const SOURCE_ENTRY = /^\s*(?:(\d{1,3})\.|\[(\d{1,3})\]|\((\d{1,3})\))\s+(.+)$/;
const COUNTER_VIEW = 'Counter View';
/** The chapter list's heading: "In This Briefing", or what other editions call it. */
const CONTENTS = /^(?:in this briefing|chapters|in this episode|contents|in this edition)$/i;
/** Where the closing begins: the open question, the transcript, the voices. */
const CLOSING = /^(?:(?:the )?open question\b.*|transcript|(?:thinkers|voices|people) in this briefing)$/i;
const TRANSCRIPT_LINE = /^[A-Z][A-Z .'-]{0,30}:\s/;

/**
 * Podcast briefings (absorb.md): publisher line, an edition line ("April 20 AM: …"), a one-line
 * lede, an "In This Briefing" chapter list with timestamps, then per chapter a subtitle,
 * "Signal · …", "Key Positions" (speaker glued to text), body with [n] references, a pull
 * quote, "Connects to:" and "Sources (N)"; then the open question, the transcript and the
 * list of thinkers.
 */
export const podcastBriefing: Shape = {
  format: 'podcast-briefing',
  detect({ lines }) {
    let score = 0;
    if (/^absorb\.md$/i.test(lines.find((line) => line.trim() !== '')?.trim() ?? '')) score += 0.5;
    if (lines.some((line) => CONTENTS.test(line.trim()))) score += 0.2;
    if (lines.some((line) => /^key positions$/i.test(line.trim()))) score += 0.2;
    if (lines.some((line) => SOURCES_HEADING.test(line.trim()))) score += 0.1;
    return Math.min(score, 0.95);
  },
  parse({ lines, name }) {
    const text = lines.map((line) => line.trimEnd());
    let at = 0;
    const next = () => {
      while (at < text.length && text[at]!.trim() === '') at++;
      return at < text.length ? text[at]!.trim() : null;
    };

    const result = briefing('podcast-briefing', name);
    // The publisher's name alone on the first line ("absorb.md", "signalroom"), then the edition.
    const brand = next();
    if (brand !== null && /^[\w.-]{2,30}$/.test(brand) && !CONTENTS.test(brand)) {
      result.publisher = brand;
      at++;
    }
    const edition = next();
    if (edition !== null && !CONTENTS.test(edition)) {
      result.title = edition;
      at++;
    }

    // Lede and player times, up to the chapter list (or the first chapter).
    const chapters: { title: string; timestamp: string | null; teaser: string | null }[] = [];
    const times: string[] = [];
    for (let line = next(); line !== null && !CONTENTS.test(line); line = next()) {
      if (TIMESTAMP.test(line)) times.push(line);
      else if (isChapterStart(text, at)) break;
      else result.highlights.push(line);
      at++;
    }
    if (times.length > 0) result.extras.push({ heading: 'Duration', paragraphs: [times.join(' – ')] });

    if (CONTENTS.test(next() ?? '')) {
      at++;
      // Entries: number, title, teaser (cut short by the site), timestamp.
      for (;;) {
        const number = next();
        if (number === null || !/^\d{1,3}$/.test(number)) break;
        const title = text[at + 1]?.trim() ?? '';
        const teaser = text[at + 2]?.trim() ?? '';
        const time = text[at + 3]?.trim() ?? '';
        const hasTeaser = !TIMESTAMP.test(teaser);
        const timestamp = hasTeaser ? (TIMESTAMP.test(time) ? time : null) : teaser;
        chapters.push({ title, timestamp, teaser: hasTeaser ? teaser : null });
        at += hasTeaser ? (timestamp ? 4 : 3) : 3;
      }
      // The chapter list, with the site's cut-short teasers, stays readable as a part.
      const contents = chapters.map(
        (c, i) => `${i + 1}. ${c.title}${c.timestamp ? ` (${c.timestamp})` : ''}${c.teaser ? ` — ${c.teaser}` : ''}`,
      );
      const stats = next();
      if (stats !== null && /\bsources?\b.*\bthinkers?\b/i.test(stats)) {
        contents.push(stats);
        at++;
      }
      if (contents.length > 0) result.extras.push({ heading: 'In this briefing', paragraphs: contents });
    }

    // Everything after the chapter list is chapters, then the closing parts.
    const rest = text.slice(at);
    const speakers = speakerNames(rest);
    const titles = new Set(chapters.map((chapter) => chapter.title));
    const startsAt = rest
      .map((line, i) => i)
      .filter((i) => (titles.size > 0 ? titles.has(rest[i]!.trim()) && isAlone(rest, i) : isChapterStart(rest, i)));
    const closing = rest.findIndex(
      (line, i) =>
        i > (startsAt.at(-1) ?? -1) &&
        (CLOSING.test(line.trim()) || (TRANSCRIPT_LINE.test(line.trim()) && TRANSCRIPT_LINE.test(rest[i + 1]?.trim() ?? ''))),
    );
    const tailStart = closing >= 0 ? closing : startsAt.length > 0 ? rest.length : 0;

    const before = rest
      .slice(0, startsAt[0] ?? tailStart)
      .map((line) => line.trim())
      .filter(Boolean);
    if (before.length > 0) result.extras.push({ heading: 'Notes', paragraphs: before });
    startsAt.forEach((start, k) => {
      const end = startsAt[k + 1] ?? tailStart;
      const story = readChapter(rest.slice(start, end), speakers);
      story.timestamp = chapters.find((chapter) => chapter.title === story.title)?.timestamp ?? null;
      result.stories.push(story);
    });
    readClosing(rest.slice(tailStart), result.extras);

    // The edition names only month and day; the year comes from the sources' dates.
    const sourceDates = result.stories.flatMap((story) => story.sources.map((source) => source.date)).filter(Boolean);
    const day = /^([A-Z][a-z]+ \d{1,2})\b/.exec(result.title)?.[1];
    const year = sourceDates[0]?.slice(0, 4) ?? null;
    result.date = findDate(result.title) ?? (day && year ? isoDate(`${day} ${year}`) : null) ?? sourceDates[0] ?? null;
    return result;
  },
};

function isAlone(lines: readonly string[], i: number): boolean {
  return (lines[i - 1] ?? '').trim() === '' && (lines[i + 1] ?? '').trim() === '';
}

/** Without a chapter list: a lone line, a subtitle, then "Signal ·" or "Key Positions". */
function isChapterStart(lines: readonly string[], i: number): boolean {
  if (!isAlone(lines, i) || lines[i]!.trim() === '') return false;
  const following = lines.slice(i + 1, i + 6).filter((line) => line.trim() !== '');
  const marker = /^(?:signal\s*·|key positions$)/i;
  return !marker.test(following[0]?.trim() ?? '') && marker.test(following[1]?.trim() ?? '');
}

/** Who speaks: the thinker list at the end ("Name" then "@handle"), source authors, and the counter view. */
function speakerNames(lines: readonly string[]): string[] {
  const names = new Set<string>([COUNTER_VIEW]);
  lines.forEach((line, i) => {
    if (/^@\w+$/.test(lines[i + 1]?.trim() ?? '') && line.trim()) names.add(line.trim());
    const author = /^\s*\d{1,3}\.\s+.+\s[—–]\s(.+)$/.exec(line)?.[1];
    if (author) names.add(author.trim());
  });
  // Longest first, so "Andrew Ng" never wins over a longer name that starts the same way.
  return [...names].sort((a, b) => b.length - a.length);
}

function readChapter(lines: string[], speakers: readonly string[]): ParsedStory {
  const story = emptyStory(lines[0]!.trim());
  let mode: 'start' | 'positions' | 'body' | 'sources' = 'start';
  let source: Source | null = null;
  let pending: string | null = null; // a pull quote waits for its attribution line
  let positions: Part | null = null;

  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (line === '') {
      if (mode === 'positions') mode = 'body';
      continue;
    }
    if (mode === 'sources') {
      const entry = SOURCE_ENTRY.exec(raw);
      if (entry && !/^\s{4,}/.test(raw)) {
        source = sourceFromEntry(entry[4]!);
        story.sources.push(source);
      } else if (source && !source.url && /^https?:\/\/\S+$/.test(line)) {
        source.url = line;
      } else if (source) {
        source.excerpt = source.excerpt ? `${source.excerpt} ${line}` : line;
      } else story.body.push(line);
      continue;
    }
    const labelled = /^(Signal|Connects to)\s*[·:]\s*(.*)$/i.exec(line);
    if (labelled) {
      story.extras.push({ heading: labelled[1]!, paragraphs: [labelled[2]!] });
    } else if (/^key positions$/i.test(line)) {
      // Who argued what: labelled positions, not the briefing's own takeaways.
      positions = { heading: 'Key positions', paragraphs: [] };
      story.extras.push(positions);
      mode = 'positions';
    } else if (SOURCES_HEADING.test(line)) {
      mode = 'sources';
    } else if (mode === 'positions' && positions) {
      positions.paragraphs.push(splitSpeaker(line, speakers));
    } else if (mode === 'start' && story.summary === null) {
      story.summary = line;
    } else if (pending !== null && /^[^.!?]{2,60}\s\[\d+\]$/.test(line)) {
      story.quotes.push(`${pending} — ${line}`);
      pending = null;
    } else {
      if (pending !== null) story.body.push(pending);
      // A short line with no sentence end, right before an attribution, is a pull quote.
      pending = null;
      if ((!/[.!?\]"”)]$/.test(line) || /^["“].*["”]$/.test(line)) && line.length < 400) pending = line;
      else story.body.push(line);
      mode = 'body';
    }
  }
  if (pending !== null) story.body.push(pending);
  return story;
}

/** "Chamath PalihapitiyaAI acceleration…[1]" → "Chamath Palihapitiya: AI acceleration…[1]". */
export function splitSpeaker(line: string, speakers: readonly string[]): string {
  const lower = line.toLowerCase();
  let speaker = speakers.find((name) => lower.startsWith(name.toLowerCase()) && line.length > name.length);
  if (speaker) speaker = line.slice(0, speaker.length);
  // A name the briefing does not list: where a name's last letter meets the claim's capital
  // ("Dylan PatelCaps …", "Lisa Su (AMD)Tariffs …", "METRThe …").
  speaker ??= (/^([A-Z][\w.'-]*(?: [\w.'()-]+){1,4}?[a-z)\]])(?=[A-Z])/.exec(line) ?? /^([A-Z]{2,10})(?=[A-Z][a-z])/.exec(line))?.[1];
  if (!speaker) return line;
  return `${speaker}: ${line.slice(speaker.length).replace(/^[\s:—–-]+/, '')}`;
}

/** "X post 2026-04-20 — Chamath Palihapitiya" or "Contradiction on sprawl claims — Counter Argument". */
function sourceFromEntry(text: string): Source {
  const source = emptySource();
  // "Blog post · 2026-11-20 · Name", "Analysis, 2026-11-26, Name": kind, day and author apart.
  const pieces = text.split(/\s[·|]\s|,\s(?=\d{4}-\d{2}-\d{2}\b)|(?<=\d{4}-\d{2}-\d{2}),\s/);
  if (pieces.length >= 2) {
    const dateAt = pieces.findIndex((piece) => isoDate(piece.trim()) !== null);
    source.date = dateAt >= 0 ? isoDate(pieces[dateAt]!.trim()) : null;
    const others = pieces.filter((_, i) => i !== dateAt).map((piece) => piece.trim());
    source.title = others[0] ?? null;
    source.author = others.length > 1 ? others.slice(1).join(', ') : null;
    return source;
  }
  const [head, author] = splitLast(text, /\s[—–]\s/);
  source.author = author;
  const dated = /^(.*?)\s*(\d{4}-\d{2}-\d{2})$/.exec(head);
  source.title = dated ? dated[1]! || null : head;
  source.date = dated ? isoDate(dated[2]!) : null;
  return source;
}

function splitLast(text: string, separator: RegExp): [string, string | null] {
  const parts = text.split(separator);
  if (parts.length < 2) return [text.trim(), null];
  const last = parts.pop()!;
  return [parts.join(' — ').trim(), last.trim()];
}

/** The open question, the transcript ("REZA: …") and the thinkers ("Name" / "@handle"). */
function readClosing(lines: string[], extras: { heading: string; paragraphs: string[] }[]): void {
  let current: { heading: string; paragraphs: string[] } | null = null;
  const open = (heading: string) => {
    if (current?.heading !== heading) {
      current = { heading, paragraphs: [] };
      extras.push(current);
    }
    return current;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const handle = lines[i + 1]?.trim() ?? '';
    if (/^the open question$/i.test(line)) open('The open question');
    else if (/^@\w+$/.test(handle)) {
      open('Thinkers').paragraphs.push(`${line} (${handle})`);
      i++;
    } else if (/^[A-Z][A-Z .'-]{0,30}:\s/.test(line)) open('Transcript').paragraphs.push(line);
    else (current ?? open('Notes')).paragraphs.push(squash(line.replace(/^the open question:\s*/i, '')) || line);
  }
}
