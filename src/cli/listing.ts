import { needsRead, parsedAs, storyIds, whole } from '../library/full';
import { loadFile, readBriefing, type KnownFile } from '../library/load';
import { inOrder, type Task } from '../library/pool';
import type { Briefing, BriefingHead } from '../model/types';
import { AT_ONCE_STORIES, listedJson, listedLine, type ListedMarks, type StoryMarks } from '../print/json';

/**
 * One briefing of `list --json` (or `--ndjson`: `lines`) to read, parse and write; or, `here`,
 * one the asking thread does itself (it is kept whole there, or too large to write at once).
 */
export type ListJob =
  | { path: string; here: true }
  | {
      path: string;
      known: KnownFile | undefined;
      /** The head's id, then its stories' ids. */
      ids: string[];
      marks: PackedMarks;
      lines: boolean;
    };

/**
 * A briefing's marks (`ListedMarks`) as sent to a pool thread: a few arrays rather than an object
 * (and an array) a story. Cloning 10,000 jobs' marks took 130 ms here and 195 ms there as
 * objects, 70 and 80 ms as arrays.
 */
export interface PackedMarks {
  /** Each story's short id, or null for a story left out. */
  shortIds: (string | null)[];
  /** Each story's READ and STARRED bits. */
  flags: Uint8Array;
  /** The stories that have related ones: [story index, ids], in order. */
  related: [number, string[]][];
}

const READ = 1;
const STARRED = 2;

export function packMarks(marks: ListedMarks): PackedMarks {
  const flags = new Uint8Array(marks.length);
  const related: [number, string[]][] = [];
  const shortIds = marks.map((mark, i) => {
    if (!mark) return null;
    flags[i] = (mark.read ? READ : 0) | (mark.starred ? STARRED : 0);
    if (mark.related.length > 0) related.push([i, mark.related]);
    return mark.shortId;
  });
  return { shortIds, flags, related };
}

export function unpackMarks({ shortIds, flags, related }: PackedMarks): ListedMarks {
  const marks = shortIds.map((shortId, i): StoryMarks | null =>
    shortId === null ? null : { shortId, read: (flags[i]! & READ) !== 0, starred: (flags[i]! & STARRED) !== 0, related: [] },
  );
  for (const [i, ids] of related) marks[i]!.related = ids;
  return marks;
}

/** The briefing's text, as UTF-8; or, when it could not be written there, the file as read (null: unreadable). */
export type Listed = { text: Uint8Array } | { loaded: Briefing | null; bytes: number } | { here: true };

const utf8 = new TextEncoder();

/**
 * A briefing's JSON (a line of it with `lines`), as the bytes written: made into UTF-8 where it
 * is made, rather than by the thread writing stdout. There, 98 MB of text (10,000 briefings)
 * were joined and encoded on the one thread every briefing passes through: 0.4 s of it.
 */
const render = (briefing: Briefing, marks: ListedMarks, lines: boolean, owned = false) =>
  utf8.encode(lines ? `${listedLine(briefing, marks, owned)}\n` : listedJson(briefing, marks, owned));

/**
 * Reads a briefing's file and writes its JSON, on a thread of the pool: the JSON took 1.1 s of
 * 10,000 briefings' 3.5 s on the one thread that also wrote it to stdout, while the thread that
 * parsed sent every briefing across as objects (and this one collected them). A file that does
 * not parse to its head's ids goes back to the asking thread, which has the head to match it to.
 */
export const listTask: Task<ListJob, Listed> = {
  name: 'list',
  run(job) {
    if ('here' in job) return job;
    const { path, known, ids, marks, lines } = job;
    const result = loadFile(path, known && { ...known, ids });
    const loaded = 'briefing' in result ? result.briefing : null;
    if (!loaded || !parsedAs(loaded, ids[0]!, ids.slice(1))) return { loaded, bytes: result.file?.size ?? 0 };
    // Parsed for this alone: its stories are marked in place.
    return { text: render({ ...loaded, path }, unpackMarks(marks), lines, true) };
  },
  size: (listed) => ('text' in listed ? listed.text.byteLength : 'bytes' in listed ? listed.bytes : 0),
  // The text's own buffer (TextEncoder makes one per call) moves to the asking thread, uncopied.
  transfer: (listed) => ('text' in listed ? [listed.text.buffer as ArrayBuffer] : []),
};

/** A briefing's text (UTF-8); or, too large to write at once, the briefing whole, to be written a story at a time. */
export type ListedBriefing = { text: Uint8Array } | { briefing: Briefing };

/**
 * The JSON of each head's whole briefing (see `whole`), made ahead by the pool's threads, each
 * story with its marks (`markOf`: null leaves it out). A briefing kept whole already is not read
 * again: the one file of 200,000 headings that `list --json` had just parsed for its head cost
 * 90 MB more read twice. Nor is one of more stories than are written at once sent to a thread:
 * its ids and marks, and the briefing coming back, would be held twice.
 */
export async function* listing(
  heads: readonly BriefingHead[],
  markOf: (story: string) => StoryMarks | null,
  /** What the library knows of the file of `heads[i]`. */
  knownOf: (i: number) => KnownFile | undefined,
  lines: boolean,
  script?: URL,
): AsyncGenerator<ListedBriefing> {
  const jobAt = (i: number): ListJob => {
    const head = heads[i]!;
    const ids = storyIds(head);
    if (!needsRead(head) || (!lines && ids.length > AT_ONCE_STORIES)) return { path: head.path, here: true };
    return { path: head.path, known: knownOf(i), ids: [head.id, ...ids], marks: packMarks(ids.map(markOf)), lines };
  };
  const reading = inOrder(listTask, heads.length, jobAt, script);
  try {
    for (const head of heads) {
      const result = (await reading.next()).value as Listed;
      if ('text' in result) {
        yield result;
        continue;
      }
      // Done here, or read there but not to the head's ids: matched to the head here.
      const briefing = whole(head, (path) => ('loaded' in result ? result.loaded : readBriefing(path)));
      yield lines || briefing.stories.length <= AT_ONCE_STORIES
        ? {
            text: render(
              briefing,
              briefing.stories.map((story) => markOf(story.id)),
              lines,
            ),
          }
        : { briefing };
    }
  } finally {
    await reading.return(undefined);
  }
}
