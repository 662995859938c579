import { paragraphOf, storyTeaser } from '../model/paragraph';
import type { Briefing, BriefingHead, Story } from '../model/types';
import type { Skim } from '../library/skim';
import { relativeDate } from '../print/dates';
import { coveredBy } from '../print/skim';
import { sourceLine, storyByline } from '../print/story';
import { storySections } from '../print/sections';
import { displayText, fitWidth, widthOf, wrapWords } from '../print/width';
import { helpRows, type Screen } from './keymap';

/** How a line is drawn; the view maps tones to colours (or to nothing under NO_COLOR). */
export type Tone = 'title' | 'heading' | 'meta' | 'body' | 'quote' | 'source' | 'dim' | 'section' | 'unread';

export interface Segment {
  text: string;
  tone: Tone;
}

/** One screen row: its segments, and what it selects when the cursor is on it. */
export interface Row {
  segments: Segment[];
  item?: number;
  /** The web address the row stands for (a source): a link where the terminal shows them. */
  link?: string;
}

export const fit = fitWidth;

/**
 * Segments cut to `width` columns in all, the first first: a row Ink has to cut itself goes
 * through slice-ansi, which loads an Intl.Segmenter (print/slice-ansi.ts).
 */
export function fitSegments(segments: Segment[], width: number): Segment[] {
  let room = width;
  const fitted: Segment[] = [];
  for (const segment of segments) {
    if (room <= 0) break;
    const text = fit(segment.text, room);
    fitted.push({ ...segment, text });
    room -= widthOf(text);
  }
  return fitted;
}
const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - widthOf(text)));

function wrap(text: string, width: number): string[] {
  return wrapWords(displayText(text), Math.max(width, 10));
}

/** Hanging indent: "• text" wraps under the text, not under the bullet. */
function hanging(prefix: string, text: string, width: number, tone: Tone, item?: number): Row[] {
  const indent = ' '.repeat(widthOf(prefix));
  return wrap(text, width - indent.length).map((line, i) => ({ segments: [{ text: (i === 0 ? prefix : indent) + line, tone }], item }));
}

/** A quote's rows: its bar (one per level of depth) down every line, not only the first. */
function barred(depth: number, text: string, width: number): Row[] {
  const bar = '│ '.repeat(depth);
  return wrap(text, width - bar.length).map((line) => ({ segments: [{ text: bar + line, tone: 'quote' as const }] }));
}

const blank = (): Row => ({ segments: [{ text: '', tone: 'body' }] });

/** A body paragraph's rows: lists hang, quotes are barred by depth, code and tables verbatim (cut, never wrapped). */
function paragraphRows(text: string, width: number): Row[] {
  const paragraph = paragraphOf(text);
  switch (paragraph.kind) {
    case 'item':
      return hanging(`${' '.repeat(paragraph.indent)}${paragraph.marker} `, paragraph.text, width, 'body');
    case 'quote':
      return barred(paragraph.depth, paragraph.text, width);
    case 'verbatim':
      return paragraph.lines.map((line) => ({ segments: [{ text: fit(`${paragraph.code ? '  ' : ''}${line}`, width), tone: 'dim' }] }));
    case 'separator':
      return [{ segments: [{ text: '───', tone: 'dim' }] }];
    default:
      return hanging('', paragraph.text, width, 'body');
  }
}

export interface StoryLayout {
  rows: Row[];
  /** Where each labelled section starts, for Tab and Shift-Tab. */
  anchors: { label: string; row: number }[];
  /** First row of each source that has a link, for moving among them. */
  sourceRows: number[];
  /** Which of the story's sources each of those is (sources without a link are shown, not selectable). */
  sourceIndex: number[];
  /** Share laid out so far, 0 to 1: a very long story is laid out a slice at a time. */
  progress: number;
  /** Stories about the same news, selectable after the sources (item numbers from sourceIndex.length on). */
  related?: { briefing: string; story: string }[];
}

/** A story laid out for a width: every row pre-wrapped so scrolling is plain arithmetic. */
export function layoutStory(briefing: Briefing, story: Story, width: number): StoryLayout {
  const gradual = layoutGradually(briefing, story, width);
  gradual.step(Infinity);
  return gradual.layout;
}

/**
 * The same layout, made a slice at a time: `step(ms)` lays out for about that long and says
 * whether more is left, so a story of megabytes is read from its first rows while the rest is
 * laid out between keystrokes.
 */
export function layoutGradually(briefing: Briefing, story: Story, width: number): { layout: StoryLayout; step(budgetMs: number): boolean } {
  const layout: StoryLayout = { rows: [], anchors: [], sourceRows: [], sourceIndex: [], progress: 0 };
  const steps = layoutSteps(briefing, story, width, layout);
  let done = false;
  return {
    layout,
    step(budgetMs) {
      const until = performance.now() + budgetMs;
      while (!done) {
        done = steps.next().done === true;
        if (performance.now() >= until) break;
      }
      if (done) layout.progress = 1;
      return !done;
    },
  };
}

function* layoutSteps(briefing: Briefing, story: Story, width: number, layout: StoryLayout): Generator<void> {
  const { rows, anchors, sourceRows, sourceIndex } = layout;
  const push = (...more: Row[]) => {
    for (const row of more) rows.push(row);
  };
  const section = (label: string, asWritten = false) => {
    push(blank());
    anchors.push({ label, row: rows.length });
    push({ segments: [{ text: asWritten ? label : label.toUpperCase(), tone: 'heading' }] });
  };

  /** Blocks with a blank row between them (a transcript may hold thousands: a pause after each). */
  function* apart(texts: string[]): Generator<void> {
    for (const [i, text] of texts.entries()) {
      if (i > 0) push(blank());
      push(...barred(1, text, width));
      yield;
    }
  }

  const sections = storySections(story, briefing);
  anchors.push({ label: 'Top', row: 0 });
  // The head takes at most three rows: the title (two at most) and one line of meta. The
  // briefing's title is in the screen's header already.
  const title = hanging('', story.title, width, 'title');
  if (title.length > 2)
    title.splice(1, title.length - 1, { segments: [{ text: fit(wrap(story.title, width).slice(1).join(' '), width), tone: 'title' }] });
  push(...title);
  push({ segments: [{ text: fit(storyByline(briefing, story), width), tone: 'meta' }] });
  for (const [index, part] of sections.entries()) {
    // A pause between sections (each paragraph is one): where a gradual layout may stop for now.
    layout.progress = index / sections.length;
    yield;
    switch (part.kind) {
      case 'notice':
        push(blank(), ...hanging('! ', part.text, width, 'meta'));
        break;
      case 'summary':
        push(blank());
        anchors.push({ label: 'Summary', row: rows.length });
        push(...hanging('', part.text, width, 'section'));
        break;
      case 'paragraph':
        push(blank(), ...paragraphRows(part.text, width));
        break;
      case 'takeaways':
        section(part.heading);
        for (const takeaway of part.items) push(...hanging('• ', takeaway, width, 'body'));
        break;
      case 'quotes':
        section(part.heading);
        yield* apart(part.items);
        break;
      case 'part':
        section(part.heading, part.byline);
        for (const [i, text] of part.paragraphs.entries()) {
          if (i > 0) push(blank());
          push(...paragraphRows(text, width));
          yield;
        }
        break;
      case 'sources':
        section(part.heading);
        part.sources.forEach((source, i) => {
          // A source without a link ("(Source)") is plain text: nothing to open or copy.
          const item = source.url ? sourceRows.length : undefined;
          if (source.url) {
            sourceRows.push(rows.length);
            sourceIndex.push(i);
          }
          const lines = hanging(`${i + 1}. `, sourceLine(source), width - 2, source.url ? 'source' : 'body', item);
          push(...(source.url ? lines.map((line) => ({ ...line, link: source.url! })) : lines));
          if (source.excerpt) push(...hanging('   ', source.excerpt, width - 2, 'dim', item));
        });
        break;
    }
  }
}

/** The briefing screen: highlights, then stories grouped by section, two rows each. */
export function layoutBriefing(
  briefing: Briefing,
  width: number,
  isRead: (id: string) => boolean,
  isStarred: (id: string) => boolean,
  visible?: (story: Story) => boolean,
  /** An unread story whose news was read in another briefing: marked ≈ instead of ●. */
  covered: (id: string) => boolean = () => false,
): Row[] {
  const rows: Row[] = [];
  rows.push(...hanging('', briefing.title, width, 'title'));
  const meta = [briefing.format, briefing.publisher, relativeDate(briefing.date)].filter(Boolean).join(' · ');
  rows.push({ segments: [{ text: fit(meta, width), tone: 'meta' }] });
  // Highlights whole, in the body's weight: they scroll with the list, nothing is cut.
  for (const highlight of briefing.highlights) rows.push(blank(), ...hanging('  ', highlight, width, 'body'));
  if (briefing.extras.length > 0) {
    rows.push(blank());
    rows.push({
      segments: [
        { text: fit(`i: also in this briefing: ${briefing.extras.map((part) => part.heading).join(', ')}`, width - 2), tone: 'meta' },
      ],
    });
  }
  let section: string | null | undefined;
  briefing.stories.forEach((story, i) => {
    if (visible && !visible(story)) return;
    if (story.section !== section) {
      section = story.section;
      rows.push(blank());
      if (section) rows.push({ segments: [{ text: fit(section.toUpperCase(), width), tone: 'heading' }] });
    }
    const read = isRead(story.id);
    const marker = isStarred(story.id) ? '★' : read ? ' ' : covered(story.id) ? '≈' : '●';
    rows.push({
      segments: [
        { text: `${marker} `, tone: 'unread' },
        { text: fit(story.title, width - 4), tone: read ? 'dim' : 'title' },
      ],
      item: i,
    });
    const teaser = storyTeaser(story);
    if (teaser) rows.push({ segments: [{ text: `  ${fit(teaser, width - 4)}`, tone: 'dim' }], item: i });
  });
  return rows;
}

/** Which of the library's columns a width has room for, and how wide each is. */
export interface LibraryColumns {
  title: number;
  publisher: number;
  format: boolean;
  weekday: boolean;
  when: number;
}

const COUNTS = 7;
const GAP = 2;

/**
 * The title takes the spare width. While the longest title on screen would be cut, the other
 * columns give way in turn: the shape first, then the publisher, then the date's weekday, and
 * on a very narrow screen the date itself; a title is cut only when nothing more can give.
 */
export function libraryColumns(
  width: number,
  rows: readonly { title: string; publisher: string | null; date: string | null }[],
  now: Date,
): LibraryColumns {
  const longest = Math.max(0, ...rows.map((row) => widthOf(row.title)));
  const publisher = Math.min(14, Math.max(0, ...rows.map((row) => widthOf(row.publisher ?? ''))));
  const dates = (weekday: boolean) => Math.max(0, ...rows.map((row) => widthOf(relativeDate(row.date, now, weekday))));
  let columns: LibraryColumns = { title: 0, publisher, format: true, weekday: true, when: dates(true) };
  const room = (c: LibraryColumns) =>
    width - 2 - COUNTS - (c.format ? 16 + GAP : 0) - (c.publisher > 0 ? c.publisher + GAP : 0) - (c.when > 0 ? c.when + GAP : 0);
  const giving: ((c: LibraryColumns) => LibraryColumns)[] = [
    (c) => ({ ...c, format: false }),
    (c) => ({ ...c, publisher: 0 }),
    (c) => ({ ...c, weekday: false, when: dates(false) }),
    (c) => (room(c) < 20 ? { ...c, when: 0 } : c),
  ];
  for (const give of giving) {
    if (room(columns) >= longest) break;
    columns = give(columns);
  }
  // Room left over when every title fits (a wide terminal) goes to publishers cut at 14.
  const spare = room(columns) - longest;
  if (columns.publisher > 0 && spare > 0) {
    const widest = Math.min(32, Math.max(0, ...rows.map((row) => widthOf(row.publisher ?? ''))));
    columns = { ...columns, publisher: Math.min(widest, columns.publisher + spare) };
  }
  return { ...columns, title: Math.max(8, room(columns)) };
}

/** One library row: marker, title, then publisher, date, shape and unread/total, in the columns given. */
/** A library row; a briefing that arrived since the last visit is marked ✦ instead of ●. */
export function libraryRow(briefing: BriefingHead, unread: number, columns: LibraryColumns, now: Date, fresh = false): Segment[] {
  const total = briefing.stories.length;
  const right = [
    columns.publisher > 0 ? pad(fit(briefing.publisher ?? '', columns.publisher), columns.publisher) : null,
    columns.when > 0 ? pad(fit(relativeDate(briefing.date, now, columns.weekday), columns.when), columns.when) : null,
    columns.format ? pad(briefing.format, 16) : null,
  ]
    .filter((cell) => cell !== null)
    .map((cell) => `${' '.repeat(GAP)}${cell}`)
    .join('');
  return [
    { text: fresh ? '✦ ' : unread > 0 ? '● ' : '  ', tone: 'unread' },
    { text: pad(fit(briefing.title, columns.title), columns.title), tone: unread > 0 ? 'title' : 'dim' },
    { text: `${right}${`${unread}/${total}`.padStart(COUNTS)}`, tone: 'meta' },
  ];
}

/** The briefing's own parts (open question, transcript, notes), for the `i` page. */
export function layoutParts(briefing: Briefing, width: number): Row[] {
  const rows: Row[] = [...hanging('', briefing.title, width, 'title')];
  for (const part of briefing.extras) {
    rows.push(blank(), { segments: [{ text: part.heading.toUpperCase(), tone: 'heading' }] });
    for (const paragraph of part.paragraphs)
      rows.push(...(/transcript/i.test(part.heading) ? spoken(paragraph, width) : hanging('', paragraph, width, 'body')));
  }
  return rows;
}

/** "NAME: words" */
const SPEAKER = /^([\p{Lu}][\p{L}'. -]{0,30}):\s+(.*)$/u;

/** A transcript's turn: the speaker's name emphasised, the words wrapped and indented under it. */
function spoken(paragraph: string, width: number): Row[] {
  const turn = SPEAKER.exec(paragraph);
  if (!turn) return hanging('', paragraph, width, 'body');
  const speaker = `${turn[1]!}: `;
  const words = turn[2]!;
  // The first row holds the name and as many words as fit; the rest wraps four columns in.
  const first = wrap(speaker + words, width)[0]!.slice(speaker.length);
  const rest = words.slice(first.length).trim();
  return [
    {
      segments: [
        { text: speaker, tone: 'title' },
        { text: first, tone: 'body' },
      ],
    },
    ...(rest ? wrap(rest, width - 4).map((line): Row => ({ segments: [{ text: `    ${line}`, tone: 'body' }] })) : []),
  ];
}

/** The `?` page: every key of the screen under it, from the keymap. */
/** What the marks before a row mean, screen by screen: shown under the keys in `?`. */
const LEGENDS: Partial<Record<Screen, string[]>> = {
  library: ['● unread stories in it · ✦ arrived since your last visit'],
  briefing: ['● unread · ≈ unread, but its news was read in another story · ★ starred'],
  today: ['A number: that many unread stories tell this news · ● one · ✓ all of it read'],
};

/** The `?` page for a screen: each key and what it does, wrapped (never cut) under the description's column. */
export function helpPage(screen: Screen, width = 100): Row[] {
  const legend = LEGENDS[screen] ?? [];
  const column = 22;
  return [
    { segments: [{ text: `Keys on the ${screen} screen (j/k scroll, any other key closes)`, tone: 'heading' }] },
    blank(),
    ...helpRows(screen).flatMap((row) =>
      wrap(row.help, width - column).map((line, i) => ({
        segments: [
          { text: i === 0 ? row.keys.padEnd(column) : ' '.repeat(column), tone: 'title' as const },
          { text: line, tone: 'body' as const },
        ],
      })),
    ),
    ...(legend.length > 0 ? [blank(), ...legend.flatMap((text) => hanging('', text, width, 'meta'))] : []),
  ];
}

/** A story about the same news, as the story screen's "Also in" shows it. */
export interface AlsoIn {
  ref: { briefing: string; story: string };
  title: string;
  /** Its briefing's title. */
  briefing: string;
  date: string | null;
  read: boolean;
}

/**
 * The story's layout with "Also in" under it: each related story selectable like a source
 * (after them), its title and, below, its briefing and date.
 */
export function withAlsoIn(layout: StoryLayout, also: readonly AlsoIn[], width: number): StoryLayout {
  if (also.length === 0) return layout;
  const rows = [...layout.rows];
  const sourceRows = [...layout.sourceRows];
  const anchors = [...layout.anchors];
  rows.push(blank());
  anchors.push({ label: 'Also in', row: rows.length });
  rows.push({ segments: [{ text: 'ALSO IN', tone: 'heading' }] });
  for (const entry of also) {
    const item = sourceRows.length;
    sourceRows.push(rows.length);
    rows.push(...hanging(entry.read ? '  ' : '● ', entry.title, width - 2, 'source', item));
    // The date first: on a narrow screen the briefing's title is what gets cut.
    rows.push({ segments: [{ text: `  ${fit(`${relativeDate(entry.date)} · ${entry.briefing}`, width - 4)}`, tone: 'dim' }], item });
  }
  return { ...layout, rows, anchors, sourceRows, related: also.map((entry) => entry.ref) };
}

/**
 * The morning skim: a block per piece of news (its title, the briefings covering it, a line of
 * summary, its first takeaway), read news dimmed and ticked but left in place.
 */
export function layoutSkim(skim: Skim, width: number, isRead: (id: string) => boolean): Row[] {
  const rows: Row[] = [];
  skim.groups.forEach((group, item) => {
    const read = group.stories.every(({ story }) => isRead(story.id));
    if (item > 0) rows.push(blank());
    const first = group.stories[0]!.story;
    rows.push({
      segments: [
        { text: read ? '✓ ' : group.stories.length > 1 ? `${group.stories.length} ` : '● ', tone: 'unread' },
        { text: fit(first.title, width - 4), tone: read ? 'dim' : 'title' },
      ],
      item,
    });
    rows.push({ segments: [{ text: `  ${fit(coveredBy(group.briefings), width - 4)}`, tone: 'meta' }], item });
    if (group.summary) rows.push({ segments: [{ text: `  ${fit(group.summary, width - 4)}`, tone: read ? 'dim' : 'body' }], item });
    if (group.takeaway) rows.push({ segments: [{ text: `  → ${fit(group.takeaway, width - 6)}`, tone: 'dim' }], item });
  });
  return rows;
}
