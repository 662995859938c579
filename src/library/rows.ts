import { FORMATS, type BriefingHead, type Format } from '../model/types';
import { cleanLine } from '../parse/clean';
import { flatStories, headOf } from './full';

/**
 * A head as flat values, the form it is stored and sent between threads in: about a fifth of
 * the objects of a Briefing, which is what makes reading 10,000 of them fast. Stories are
 * (id, title, section, timestamp) four at a time.
 */
export type HeadRow = [
  id: string,
  format: Format,
  title: string,
  publisher: string | null,
  date: string | null,
  stories: (string | null)[],
];

export function headRow(briefing: BriefingHead): HeadRow {
  return [briefing.id, briefing.format, briefing.title, briefing.publisher, briefing.date, flatStories(briefing.stories)];
}

export function fromHeadRow(row: HeadRow, path: string): BriefingHead {
  const [id, format, title, publisher, date, stories] = row;
  return headOf({ id, path, format, title, publisher, date }, stories);
}

const isText = (value: unknown) => typeof value === 'string';
const isTextOrNull = (value: unknown) => value === null || typeof value === 'string';

export function isHeadRow(row: unknown): row is HeadRow {
  if (!Array.isArray(row) || row.length !== 6) return false;
  const [id, format, title, publisher, date, stories] = row as unknown[];
  if (!isText(id) || !(FORMATS as readonly unknown[]).includes(format) || !isText(title) || !isTextOrNull(publisher) || !isTextOrNull(date))
    return false;
  if (!Array.isArray(stories) || stories.length % 4 !== 0) return false;
  for (let i = 0; i < stories.length; i += 4) {
    if (!isText(stories[i]) || !isText(stories[i + 1]) || !isTextOrNull(stories[i + 2]) || !isTextOrNull(stories[i + 3])) return false;
  }
  return true;
}

/** What says a file is unchanged: size, modification and change times, and inode. A file
 * rewritten with the same size and a reset modification time still has a new change time. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export const sameStamp = (a: FileStamp, b: FileStamp): boolean =>
  a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A row as read back from the cache file, cleaned again: the file is as untrusted as any
 * briefing (anyone who can write it could put escape sequences in a title), so nothing in it
 * reaches the terminal without passing the same cleaning as parsed text.
 */
export function cleanRow(row: HeadRow): HeadRow {
  const [id, format, title, publisher, date, stories] = row;
  const clean = (text: string | null) => (text === null ? null : cleanLine(text));
  return [id, format, cleanLine(title), clean(publisher), date !== null && ISO_DAY.test(date) ? date : null, stories.map(clean)];
}
