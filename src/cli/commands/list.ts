import { storyIds } from '../../library/full';
import { stampAt } from '../../library/cache';
import type { KnownFile, Library } from '../../library/load';
import type { Briefing, Story } from '../../model/types';
import { SCHEMA, type StoryMarks } from '../../print/json';
import { listLines, writeList, type ReadView } from '../../print/list';
import { makeChalk } from '../../print/style';
import { visibleName } from '../../parse/clean';
import type { Command } from '../command';
import { cutWidth, UsageError } from '../context';
import { listing } from '../listing';

export interface ListJsonOptions {
  unread?: boolean;
  starred?: boolean;
  /** The stories about the same news as a story (ids). */
  related?: (story: string) => string[];
}

/** Where JSON is written: stdout, or a stream standing in for it. */
type Output = NodeJS.WritableStream & { readonly writableLength: number; readonly writableNeedDrain: boolean };

/** What may be written and not yet taken by the reader before waiting for it (a chunk goes out whole, so a little more can be). */
export const UNREAD_BYTES = 1024 * 1024;

/** Written a chunk at a time, waiting for the reader (`| jq`) whenever a megabyte is not yet taken. */
function chunked(stdout: Output) {
  // Text is joined as text and encoded once a chunk, not piece by piece: a briefing written a
  // story at a time is 200,000 pieces.
  let text = '';
  let parts: Uint8Array[] = [];
  let length = 0;
  const encodeText = () => {
    if (text) parts.push(Buffer.from(text));
    text = '';
  };
  const flush = async () => {
    encodeText();
    stdout.write(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    parts = [];
    length = 0;
    // Between chunks a reader that has gone (`| head`) is noticed, and a slow one waited for
    // once it has a megabyte to take. Waiting for each 64 KB chunk to be taken (to `cat`,
    // 1,390 waits at 10,000 briefings) left this thread idle 150-300 ms of 2.6-3.0 s.
    // ('drain' comes only once the stream's own limit was passed: a stream holding more than a
    // megabyte before that is written on until it was.)
    const wait = stdout.writableNeedDrain && stdout.writableLength >= UNREAD_BYTES;
    await new Promise<void>((resolve) => (wait ? stdout.once('drain', resolve) : setImmediate(resolve)));
  };
  const out = (piece: string | Uint8Array) => {
    if (typeof piece === 'string') text += piece;
    else {
      encodeText();
      parts.push(piece);
    }
    length += typeof piece === 'string' ? piece.length : piece.byteLength;
    return length > 65_536 ? flush() : undefined;
  };
  // The first record goes out at once, not when 64 KB have gathered: `| jq` shows something now.
  let recorded = false;
  const recordEnds = () => {
    if (recorded) return undefined;
    recorded = true;
    return flush();
  };
  return { out, flush, recordEnds };
}

/** Which briefings the JSON holds (--unread, --starred: those with a story shown), and each story's marks. */
function selection(library: Library, marks: ReadView, options: ListJsonOptions) {
  const related = options.related ?? (() => []);
  const filtered = options.unread || options.starred;
  const shown = (id: string) => (!options.unread || !marks.isRead(id)) && (!options.starred || marks.isStarred(id));
  // Each head's place in the library, where its file's stamp is.
  const places = filtered ? [...library.briefings.keys()].filter((i) => storyIds(library.briefings[i]!).some(shown)) : null;
  const heads = places ? places.map((i) => library.briefings[i]!) : library.briefings;
  return {
    heads,
    knownOf: (i: number): KnownFile | undefined => {
      const stamp = stampAt(library, places ? places[i]! : i);
      return stamp && { stamp, format: heads[i]!.format };
    },
    markOf: (id: string): StoryMarks | null =>
      shown(id) ? { shortId: library.shortId(id), read: marks.isRead(id), starred: marks.isStarred(id), related: related(id) } : null,
  };
}

/**
 * A story's JSON with its marks. They are spliced into the story's own JSON rather than spread
 * into a copy of it: 200,000 copies, even made one at a time, took the peak of a file of
 * 200,000 headings from 245 to 486 MB.
 */
function storyJson(story: Story, marks: StoryMarks): string {
  const json = JSON.stringify(story, null, 2);
  const extra = Object.entries(marks)
    .map(([key, value]) => `,\n  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}`)
    .join('');
  return `${json.slice(0, -2)}${extra}\n}`;
}

/**
 * A briefing of too many stories to write at once, written field by field and a story at a time:
 * the same text as `listedJson`.
 */
async function writeStoryByStory(
  briefing: Briefing,
  markOf: (story: string) => StoryMarks | null,
  out: (text: string | Uint8Array) => Promise<void> | undefined,
) {
  const indent = (json: string) => json.replace(/\n/g, '\n    ');
  await out('{');
  const fields = Object.entries(briefing).filter(([, value]) => value !== undefined);
  for (const [f, [key, value]] of fields.entries()) {
    out(`${f === 0 ? '' : ','}\n      ${JSON.stringify(key)}: `);
    if (key !== 'stories') {
      await out(indent(JSON.stringify(value, null, 2)).replace(/\n/g, '\n  '));
      continue;
    }
    let written = 0;
    for (const story of briefing.stories) {
      const marked = markOf(story.id);
      if (!marked) continue;
      await out(`${written++ === 0 ? '[' : ','}\n        ${storyJson(story, marked).replace(/\n/g, '\n        ')}`);
    }
    out(written === 0 ? '[]' : '\n      ]');
  }
  await out(fields.length === 0 ? '}' : '\n    }');
}

/**
 * The library as JSON, written a briefing at a time: the same text as one JSON.stringify of
 * the whole, without holding every whole briefing and one giant string at once (at 10,000
 * briefings that was 95 MB of text, 8 s and mostly garbage collection). Written in chunks of
 * 64 KB that wait for the reader (`| jq`) to take them: a pipe takes what it is given, and
 * 200,000 stories written without waiting sat in memory, 900 MB at the peak. --unread and
 * --starred keep only those stories, and only briefings that have some.
 */
export async function writeListJson(library: Library, marks: ReadView, stdout: Output, options: ListJsonOptions = {}): Promise<void> {
  const { out, flush, recordEnds } = chunked(stdout);
  const { heads, knownOf, markOf } = selection(library, marks, options);
  out(`{\n  "schema": ${SCHEMA},\n  "briefings": [`);
  let first = true;
  for await (const listed of listing(heads, markOf, knownOf, false)) {
    await out(first ? '\n    ' : ',\n    ');
    first = false;
    await ('text' in listed ? out(listed.text) : writeStoryByStory(listed.briefing, markOf, out));
    await recordEnds();
  }
  out(first ? ']' : '\n  ]');
  out(`,\n  "skipped": ${JSON.stringify(library.skipped, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
  await flush();
}

/** The library as JSON lines: one briefing per line, written as each is read, for `while read` loops and `jq -c`. */
export async function writeListNdjson(library: Library, marks: ReadView, stdout: Output, options: ListJsonOptions = {}): Promise<void> {
  const { out, flush, recordEnds } = chunked(stdout);
  const { heads, knownOf, markOf } = selection(library, marks, options);
  for await (const listed of listing(heads, markOf, knownOf, true)) {
    // Lines are always written at once (see `listing`).
    if ('text' in listed) await out(listed.text);
    await recordEnds();
  }
  await flush();
}

export const list: Command = {
  name: 'list',
  summary: 'every briefing and its stories, with refs (B.S) and short ids',
  usage: ['list [PATH...] [--unread] [--starred] [--json | --ndjson] [--width N]'],
  options: ['unread', 'starred', 'json', 'ndjson', 'width'],
  completes: 'paths',
  examples: [
    ['digest list --unread', 'unread stories, with their refs and short ids'],
    ["digest list --json | jq '.briefings[0].title'", "the newest briefing's title"],
    ['digest list --ndjson --unread | wc -l', 'how many briefings have something unread'],
  ],
  async run({ positionals, values }, ctx) {
    if (values.format) throw new UsageError('--format goes with show, next and today; list takes --json or --ndjson');
    if (values.json && values.ndjson) throw new UsageError('--json and --ndjson: give one');
    const library = ctx.library(positionals);
    const marks = ctx.marks();
    const { io } = ctx;
    if (library.briefings.length === 0 && !values.json && !values.ndjson)
      io.err(`digest: no briefings (.txt, .md, .markdown) in ${ctx.libraryPaths(positionals).join(', ')}\n`);
    // To a pipe nothing is cut (`digest list | grep Layoffs` finds the whole title).
    const width = cutWidth(ctx, values.width);
    if (values.json || values.ndjson) {
      const index = ctx.related(library, positionals);
      const options = {
        unread: values.unread,
        starred: values.starred,
        related: (story: string) => index.related(story).map((entry) => entry.story),
      };
      if (values.ndjson) {
        for (const skip of library.skipped) io.err(`digest: skipped ${visibleName(skip.path)}: ${skip.reason}\n`);
        await writeListNdjson(library, marks, io.stdout, options);
      } else await writeListJson(library, marks, io.stdout, options);
    } else
      writeList(listLines(library, marks, { unread: values.unread, starred: values.starred, width, chalk: makeChalk(io.stdout) }), io.out);
    return 0;
  },
};
