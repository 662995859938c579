import { trimEndOf } from './clean';
import { addDays, format, getYear, isAfter, isValid, parse } from 'date-fns';

/** Trimmed non-empty lines between blank lines. */
export function blocks(lines: readonly string[]): string[][] {
  const result: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) result.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** Runs of white space made one space, and the ends trimmed. */
export function squash(text: string): string {
  // Most text needs only the trim: replacing each single space with a space still builds a new
  // string (100 ms of 10,000 briefings' 950 ms parse).
  return (NOT_SQUASHED.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
}

/** White space that is not a single space between words. */
const NOT_SQUASHED = /[^\S ]| \s/;

const BULLET = /^\s*(?:[•\-*·▪◦‣–—+→]|\d{1,3}[.)])\s+/;

export function isBullet(line: string): boolean {
  return BULLET.test(line);
}

export function unbullet(line: string): string {
  return line.replace(BULLET, '').trim();
}

/** "Key takeaways:" → "key takeaways"; tolerant of case, trailing colons, markdown emphasis and heading marks. */
export function labelOf(line: string): string {
  return trimEndOf(
    line
      .replace(/^#+\s*/, '')
      .replace(/[*_]/g, '')
      .trimEnd(),
    ':# ',
  )
    .trim()
    .toLowerCase();
}

/** Splits "Label: rest" where the label is short; null when the line has no such label. */
export function splitLabel(line: string, maxLabel = 40): { label: string; rest: string } | null {
  const match = /^\s*(?:\*\*|__)?([^:*_\n]{1,80}?)(?::\s*(?:\*\*|__)?|(?:\*\*|__):)\s*(.*)$/.exec(line);
  if (!match) return null;
  const label = match[1]!.trim();
  if (label.length === 0 || label.length > maxLabel || /https?$/i.test(label)) return null;
  return { label, rest: match[2]!.trim() };
}

/** Upper-case label lines such as "AI & AGENTS" that name the section of the stories under them. */
export function isCapsLabel(line: string): boolean {
  const text = line.trim();
  return text.length >= 2 && text.length <= 60 && /\p{Lu}/u.test(text) && text === text.toUpperCase() && !/[.!?]$/.test(text);
}

// Tried after commas and ordinal suffixes are dropped: "May 8th, 2026" is read as "May 8 2026".
const DATE_FORMATS = [
  'yyyy-MM-dd',
  'yyyy/MM/dd',
  'dd.MM.yyyy',
  'd.M.yyyy',
  'MMMM d yyyy',
  'MMM d yyyy',
  'd MMMM yyyy',
  'd MMM yyyy',
  'EEEE MMMM d yyyy',
  'EEE MMM d yyyy',
  'EEE d MMM yyyy',
  'EEEE d MMMM yyyy',
];
const REFERENCE = new Date(2000, 0, 1);

const NUMERIC_FORMATS = DATE_FORMATS.filter((pattern) => !pattern.includes('M'.repeat(3)) && !pattern.includes('E'));
const NAMED_FORMATS = DATE_FORMATS.filter((pattern) => !NUMERIC_FORMATS.includes(pattern));
/** The same few dates come up again and again across a library: each is worked out once. */
const known = new Map<string, string | null>();

/** The ISO day a date written in any common way stands for, or null. */
export function isoDate(text: string): string | null {
  const value = text
    .replace(/(\d)(?:st|nd|rd|th)\b/gi, '$1')
    .replace(/[,]|\.(?= )/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Every format has a four-digit year: without one, no need to ask date-fns twelve times.
  if (!/\d{4}/.test(value)) return null;
  let iso = known.get(value);
  if (iso !== undefined) return iso;
  // The two numeric forms briefings write most, read directly (date-fns took 26 µs a date, a
  // tenth of a briefing's parse when every briefing has a date of its own); the same answer as
  // the formats below, which still decide anything else.
  const numeric = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
  if (numeric) {
    const [year, month, day] = numeric[1]!.length === 4 ? [numeric[1], numeric[2], numeric[3]] : [numeric[3], numeric[2], numeric[1]];
    const [y, m, d] = [Number(year), Number(month), Number(day)];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (y > 1900 && y < 3000 && m >= 1 && m <= 12 && d >= 1 && d <= last) return `${year}-${month}-${day}`;
  }
  // So are "November 22 2026" and "22 Nov 2026": 840 such dates took 25-30 ms of date-fns, 4-5 ms so.
  const named = namedDay(value);
  if (named) return named;
  iso = byFormats(value);
  if (known.size >= 4096) known.clear();
  known.set(value, iso);
  return iso;
}

/** The day a cleaned date text stands for in the first of DATE_FORMATS that reads it (date-fns), or null. */
export function byFormats(value: string): string | null {
  for (const pattern of /\p{L}/u.test(value) ? NAMED_FORMATS : NUMERIC_FORMATS) {
    const date = parse(value, pattern, REFERENCE);
    if (isValid(date) && date.getFullYear() > 1900 && date.getFullYear() < 3000) return format(date, 'yyyy-MM-dd');
  }
  return null;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** A month's number by its English name or three-letter abbreviation, lower case. */
const MONTH_NUMBERS = new Map(MONTHS.flatMap((name, i) => [[name, i + 1] as const, [name.slice(0, 3), i + 1] as const]));
const MONTH_DAY_YEAR = /^([A-Za-z]{3,9}) (\d{1,2}) (\d{4})$/;
const DAY_MONTH_YEAR = /^(\d{1,2}) ([A-Za-z]{3,9}) (\d{4})$/;

/**
 * "November 22 2026", "Nov 22 2026", "22 November 2026", "22 Nov 2026": what "MMMM d yyyy" or
 * "d MMMM yyyy" gives them, read directly. Null for anything else (left to byFormats), a day
 * the month does not have included.
 */
function namedDay(value: string): string | null {
  const monthFirst = MONTH_DAY_YEAR.exec(value);
  const parts = monthFirst ? [monthFirst[1]!, monthFirst[2]!] : DAY_MONTH_YEAR.exec(value)?.slice(1, 3).reverse();
  const month = parts && MONTH_NUMBERS.get(parts[0]!.toLowerCase());
  if (!month) return null;
  const year = Number(value.slice(-4));
  const day = Number(parts[1]);
  if (year <= 1900 || year >= 3000 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${value.slice(-4)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?';
/** A month as a masthead in capitals writes it: "NOV 24TH 2026". Not in any case: "may 1 2026" is a verb, "5 novels 2026" no month. */
const NAMED_MONTH = `(?:${MONTH}|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\\.?)`;
const DATE_IN_TEXT = [
  /\b\d{4}-\d{2}-\d{2}\b/,
  /\b\d{4}\/\d{2}\/\d{2}\b/,
  /\b\d{1,2}\.\d{1,2}\.\d{4}\b/,
  /\b\d{1,2}\/\d{1,2}\/\d{4}\b/,
  new RegExp(`\\b${NAMED_MONTH} \\d{1,2}(?:st|nd|rd|th|ST|ND|RD|TH)?,? \\d{4}\\b`),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th|ST|ND|RD|TH)? ${NAMED_MONTH},? \\d{4}\\b`),
];

/** "11/19/2026" or "19/11/2026": a day only when one of the two numbers cannot be a month. */
function slashDate(text: string): string | null {
  const [a, b, year] = text.split('/').map(Number) as [number, number, number];
  if (a > 12 && b <= 12) return isoDate(`${year}-${String(b).padStart(2, '0')}-${String(a).padStart(2, '0')}`);
  if (b > 12 && a <= 12) return isoDate(`${year}-${String(a).padStart(2, '0')}-${String(b).padStart(2, '0')}`);
  return null;
}

/** The first date written in a line, and where. */
export function dateIn(text: string): { iso: string; index: number; length: number } | null {
  let best: { iso: string; index: number; length: number } | null = null;
  for (const pattern of DATE_IN_TEXT) {
    const match = pattern.exec(text);
    if (!match || (best && best.index <= match.index)) continue;
    const iso = /^\d{1,2}\/\d/.test(match[0]) ? slashDate(match[0]) : isoDate(match[0]);
    if (iso) best = { iso, index: match.index, length: match[0].length };
  }
  return best;
}

/** The first date written anywhere in a line. */
export function findDate(text: string): string | null {
  return dateIn(text)?.iso ?? null;
}

const WEEKDAY = /(?:^|[\s,(])(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s*$/i;
/** What a masthead may write after its date: the time of the edition, "8:15 PM ET", "at 07:00 UTC". */
const EDITION_TIME =
  /^,?\s*(?:at\s+)?(?:\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?|\d{1,2}\s*[AaPp]\.?[Mm]\.?)(?:\s*(?:[A-Z]{2,5}|UTC[+-]\d{1,2}))?$/;

/**
 * "Frontier Notes — 2026-11-07", "AI Digest — Thursday, November 19, 2026", "TLDR AI 2026-11-19",
 * "Daily Brief (Nov 19, 2026)", "TechRiver — Wednesday, October 28, 2026, 8:15 PM ET": a title
 * that ends with its date (and the edition's time), split in two.
 */
export function splitTitleDate(text: string): { title: string; date: string | null } {
  const found = text.length <= 300 ? dateIn(text) : null;
  if (!found) return { title: text, date: null };
  const after = text.slice(found.index + found.length).trim();
  if (after !== '' && after !== ')' && after !== ']' && !EDITION_TIME.test(after)) return { title: text, date: null };
  let before = text.slice(0, found.index).replace(WEEKDAY, '');
  before = trimEndOf(before.trimEnd(), '—–-|·:,([ ').trim();
  return before.length >= 2 ? { title: before, date: found.iso } : { title: text, date: found.iso };
}

/**
 * "🛡️ SAFETY & SECURITY", "-- MODELS --", "#Favorites" → the section's name: marks around it go.
 * (A backward pass for the end: a "[…]+$" pattern rescans runs.)
 */
export function sectionName(line: string): string {
  return trimEndOf(line.replace(/^[^\p{L}\p{N}]+/u, ''), ' -=~*#').trim();
}

/** "Tuesday, November 24", "Nov 24", "Nov 24th 2026": a day as a masthead or byline writes it, its weekday and year optional. */
const DAY_LINE =
  /^(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?$/i;
export const isDayLine = (text: string): boolean => DAY_LINE.test(text.trim());

const MONTH_DAY = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})/i;

/** "Friday, November 21", "Nov 21st": a day line that names no year, as "11-21"; else null. */
export function monthDayOf(text: string): string | null {
  const line = text.trim();
  if (!DAY_LINE.test(line) || /\d{4}$/.test(line)) return null;
  const [, month, day] = MONTH_DAY.exec(line) ?? [];
  if (!month || !day) return null;
  // Checked in a leap year, so that February 29 stands.
  const date = parse(`2024 ${month.toLowerCase()} ${day}`, 'yyyy MMM d', new Date(0));
  return isValid(date) ? format(date, 'MM-dd') : null;
}

/**
 * The day `monthDay` ("11-21") names in the year that puts it no later than two days after
 * `savedMs`: a briefing is saved on its day or after (a day or two of clock and time zone
 * aside). February 29 in a year without one goes to the leap year before.
 */
export function dayInYearSaved(monthDay: string, savedMs: number): string | null {
  const saved = new Date(savedMs);
  if (!isValid(saved)) return null;
  for (let year = getYear(saved); year > getYear(saved) - 9; year--) {
    const date = parse(`${year}-${monthDay}`, 'yyyy-MM-dd', new Date(0));
    if (isValid(date) && !isAfter(date, addDays(saved, 2))) return format(date, 'yyyy-MM-dd');
  }
  return null;
}

/** "Tuesday, November 3, 2026", "Nov 24th 2026": a line that is a date (and its weekday) and nothing else. */
export function isDateOnly(text: string): boolean {
  const line = text.trim();
  const found = line.length <= 60 ? dateIn(line) : null;
  if (!found) return false;
  const before = line.slice(0, found.index).replace(WEEKDAY, '').trim();
  const after = line.slice(found.index + found.length).trim();
  return before === '' && (after === '' || EDITION_TIME.test(after));
}

/** A short title from running text: its first sentence, cut at a word near `max`. */
export function titleFrom(text: string, max = 80): string {
  const clean = squash(text);
  const sentence = /^(.{12,}?[.!?])(?=\s|$)/.exec(clean)?.[1] ?? clean;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** A paragraph or a bullet, the unit most shapes are built from. */
export interface Item {
  kind: 'para' | 'bullet';
  text: string;
}

/**
 * Paragraphs and bullets from lines: a bullet takes its indented continuation lines, other
 * consecutive lines join into one paragraph, blank lines end both.
 */
export function items(lines: readonly string[]): Item[] {
  const result: Item[] = [];
  let current: Item | null = null;
  for (const line of lines) {
    if (line.trim() === '') {
      current = null;
    } else if (isBullet(line)) {
      current = { kind: 'bullet', text: unbullet(line) };
      result.push(current);
    } else if (current && (current.kind === 'para' || /^\s{2,}/.test(line))) {
      current.text = `${current.text} ${line.trim()}`;
    } else {
      current = { kind: 'para', text: line.trim() };
      result.push(current);
    }
  }
  return result;
}

/**
 * [text](url "title"). Linear on any input: the text stops at the next bracket and the URL at
 * the next bracket, space or unbalanced parenthesis (one level of "(…)" is kept, as in
 * Wikipedia's addresses), so a line of 32,000 "[" (4 s with [^\]]*, each "["
 * scanning to the line's end) costs one step per character.
 */
export const LINK = /\[([^[\]\n]{0,2000})\]\(((?:[^()[\]\s]|\([^()[\]\s]{0,200}\))+)(?:[ \t]{1,8}"[^"\n]{0,500}")?\)/g;
const FIRST_LINK = new RegExp(LINK.source);
/** The first markdown link in a text, if any. */
export const firstLink = (text: string) => FIRST_LINK.exec(text);
const URL = /\bhttps?:\/\/[^\s<>()[\]"']+[^\s<>()[\]"'.,;:!?]/;

export function findUrl(text: string): string | null {
  return URL.exec(text)?.[0] ?? null;
}

/** "Published on 08.05.2026", "Date: May 8, 2026": a line that only states the date. */
export function isDateLine(text: string): boolean {
  const match = /^(?:published|posted|sent|dated?|updated|issued|edition)(?:\s+on)?\s*:?\s+(.+)$/i.exec(text.trim());
  if (!match) return false;
  const rest = match[1]!.trim();
  const found = dateIn(rest);
  return isoDate(rest) !== null || (found !== null && found.index + found.length === rest.length && found.index <= 12);
}
