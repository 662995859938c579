import type { Library } from '../../library/load';
import { readingWholes } from '../../library/pool';
import { listLines, writeList, type ReadView } from '../../print/list';
import { makeChalk } from '../../print/style';
import { visibleName } from '../../parse/clean';
import type { Command } from '../command';
import { cutWidth, SCHEMA, UsageError } from '../context';

export interface ListJsonOptions {
  unread?: boolean;
  starred?: boolean;
  /** The stories about the same news as a story (ids). */
  related?: (story: string) => string[];
}

/** A written chunk at a time, each waiting for the reader (`| jq`) to take it before the next. */
function chunked(stdout: NodeJS.WritableStream) {
  let chunk = '';
  const flush = async () => {
    const more = stdout.write(chunk);
    chunk = '';
    // Between chunks a reader that has gone (`| head`) is noticed, and a slow one waited for.
    await new Promise<void>((resolve) => (more ? setImmediate(resolve) : stdout.once('drain', resolve)));
  };
  const out = (text: string) => {
    chunk += text;
    return chunk.length > 65_536 ? flush() : undefined;
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

/** Which stories the JSON holds (--unread, --starred), and what each carries beside its own fields. */
function selection(library: Library, marks: ReadView, options: ListJsonOptions) {
  const related = options.related ?? (() => []);
  const filtered = options.unread || options.starred;
  const shown = (id: string) => (!options.unread || !marks.isRead(id)) && (!options.starred || marks.isStarred(id));
  return {
    filtered,
    shown,
    /** The briefings with a story shown. */
    heads: filtered ? library.briefings.filter((head) => head.stories.some((story) => shown(story.id))) : library.briefings,
    extras: (id: string) => ({ shortId: library.shortId(id), read: marks.isRead(id), starred: marks.isStarred(id), related: related(id) }),
  };
}

/**
 * A story's JSON with its short id, marks and related stories. The marks are spliced into the
 * story's own JSON rather than spread into a copy of it: V8 kept 200,000 spread copies in its
 * old space until a full collection, 70 MB a pass.
 */
function storyJson(json: string, fields: Record<string, unknown>): string {
  const extra = Object.entries(fields)
    .map(([key, value]) => `,\n  ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join('');
  return `${json.slice(0, -2)}${extra}\n}`;
}

/**
 * The library as JSON, written a briefing at a time: the same text as one JSON.stringify of
 * the whole, without holding every whole briefing and one giant string at once (at 10,000
 * briefings that was 95 MB of text, 8 s and mostly garbage collection). Written in chunks of
 * 64 KB that wait for the reader (`| jq`) to take them: a pipe takes what it is given, and
 * 200,000 stories written without waiting sat in memory, 900 MB at the peak. --unread and
 * --starred keep only those stories, and only briefings that have some.
 */
export async function writeListJson(
  library: Library,
  marks: ReadView,
  stdout: NodeJS.WritableStream,
  options: ListJsonOptions = {},
): Promise<void> {
  const { out, flush, recordEnds } = chunked(stdout);
  const { shown, heads, extras } = selection(library, marks, options);
  const indent = (json: string) => json.replace(/\n/g, '\n    ');
  out(`{\n  "schema": ${SCHEMA},\n  "briefings": [`);
  let first = true;
  for await (const briefing of readingWholes(heads)) {
    await out(first ? '\n    {' : ',\n    {');
    first = false;
    // Field by field, and the stories one at a time: one briefing of 200,000 stories made one
    // string of hundreds of MB (900 MB at the peak); the bytes are the same as stringifying it whole.
    const fields = Object.entries(briefing).filter(([, value]) => value !== undefined);
    for (const [f, [key, value]] of fields.entries()) {
      out(`${f === 0 ? '' : ','}\n      ${JSON.stringify(key)}: `);
      const stories = key === 'stories' ? briefing.stories.filter((story) => shown(story.id)) : [];
      if (key !== 'stories' || stories.length === 0) {
        await out(key === 'stories' ? '[]' : indent(JSON.stringify(value, null, 2)).replace(/\n/g, '\n  '));
        continue;
      }
      out('[');
      for (const [s, story] of stories.entries()) {
        const marked = storyJson(JSON.stringify(story, null, 2), extras(story.id));
        await out(`${s === 0 ? '' : ','}\n        ${marked.replace(/\n/g, '\n        ')}`);
      }
      out('\n      ]');
    }
    await out(fields.length === 0 ? '}' : '\n    }');
    await recordEnds();
  }
  out(first ? ']' : '\n  ]');
  out(`,\n  "skipped": ${JSON.stringify(library.skipped, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
  await flush();
}

/** The library as JSON lines: one briefing per line, written as each is read, for `while read` loops and `jq -c`. */
export async function writeListNdjson(
  library: Library,
  marks: ReadView,
  stdout: NodeJS.WritableStream,
  options: ListJsonOptions = {},
): Promise<void> {
  const { out, flush, recordEnds } = chunked(stdout);
  const { shown, filtered, heads, extras } = selection(library, marks, options);
  for await (const briefing of readingWholes(heads)) {
    const stories = briefing.stories.filter((story) => shown(story.id));
    if (filtered && stories.length === 0) continue;
    const line = { schema: SCHEMA, ...briefing, stories: stories.map((story) => ({ ...story, ...extras(story.id) })) };
    await out(`${JSON.stringify(line)}\n`);
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
