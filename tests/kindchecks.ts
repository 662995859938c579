import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Briefing, ParsedBriefing } from '../src/model/types';
import { parseText } from '../src/parse/index';
import { storyText } from '../src/print/story';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');

/**
 * Briefings of every kind users keep (markdown exports, clippings, AI briefing documents,
 * roundups, threads with their site chrome…), each beside expectations written by hand from
 * reading the file: see tests/fixtures/kinds/*.expect.json.
 */
export const KINDS = join(ROOT, 'tests', 'fixtures', 'kinds');

interface StoryExpectation {
  title: string;
  section?: string;
  sources?: string[];
  /** Who a source is by: its author, or the outlet a feed reader names. */
  sourceBy?: string[];
  takeaways?: string[];
  quotes?: string[];
  summary?: string;
  text?: string[];
}
interface Expectation {
  kind: string;
  title: string;
  date: string | null;
  /** Who the briefing is from, where the file names it. */
  publisher?: string;
  stories: StoryExpectation[];
  highlights?: string[];
  notSources?: string[];
  absent?: string[];
  code?: string[];
}

export function kindFiles(): { name: string; raw: string; expected: Expectation }[] {
  return readdirSync(KINDS)
    .filter((name) => !name.endsWith('.json'))
    .sort()
    .map((name) => {
      const candidates = [`${name}.expect.json`, `${name.replace(/\.\w+$/, '')}.expect.json`];
      const file = candidates.map((candidate) => join(KINDS, candidate)).find(existsSync);
      if (!file) throw new Error(`no expectations for ${name}`);
      return { name, raw: readFileSync(join(KINDS, name), 'utf8'), expected: JSON.parse(readFileSync(file, 'utf8')) as Expectation };
    });
}

/** What the reader shows of a whole briefing, as `show` prints it. */
function shown(parsed: ParsedBriefing): string {
  const whole = { ...parsed, id: 'b', path: 'x', stories: parsed.stories.map((story, i) => ({ ...story, id: `s${i}` })) } as Briefing;
  return [parsed.title, ...parsed.highlights, ...parsed.extras.flatMap((part) => [part.heading, ...part.paragraphs])]
    .concat(
      whole.stories.map((story) =>
        storyText(
          whole,
          story,
          (text) => text,
          (text) => text,
        ),
      ),
    )
    .join('\n');
}

/** Every check of one file: [what, passed]. */
export function checks(raw: string, name: string, expected: Expectation): [string, boolean][] {
  const parsed = parseText(raw, name);
  const out: [string, boolean][] = [];
  const has = (haystack: readonly (string | null)[], needle: string) => haystack.some((text) => text?.includes(needle));
  out.push([`title ${JSON.stringify(expected.title)} (got ${JSON.stringify(parsed.title)})`, parsed.title === expected.title]);
  out.push([`date ${expected.date} (got ${parsed.date})`, parsed.date === expected.date]);
  if (expected.publisher !== undefined)
    out.push([`publisher ${expected.publisher} (got ${parsed.publisher})`, parsed.publisher === expected.publisher]);
  out.push([
    `${expected.stories.length} stories (got ${parsed.stories.length}: ${parsed.stories.map((s) => s.title).join(' | ')})`,
    parsed.stories.length === expected.stories.length,
  ]);
  expected.stories.forEach((want, i) => {
    const story = parsed.stories.find((s) => s.title === want.title) ?? parsed.stories[i];
    const label = `story ${i + 1} ${JSON.stringify(want.title)}`;
    out.push([`${label}: title (got ${JSON.stringify(story?.title)})`, story?.title === want.title]);
    if (!story) return;
    const text = [
      story.summary,
      ...story.body,
      ...story.extras.flatMap((part) => [part.heading, ...part.paragraphs]),
      ...story.quotes,
      ...story.takeaways,
    ];
    if (want.section !== undefined)
      out.push([`${label}: section ${want.section} (got ${story.section})`, (story.section ?? '').includes(want.section)]);
    for (const url of want.sources ?? []) out.push([`${label}: source ${url}`, story.sources.some((source) => source.url === url)]);
    for (const by of want.sourceBy ?? []) out.push([`${label}: source by ${by}`, story.sources.some((source) => source.author === by)]);
    for (const t of want.takeaways ?? []) out.push([`${label}: takeaway ${JSON.stringify(t)}`, has(story.takeaways, t)]);
    for (const q of want.quotes ?? [])
      out.push([`${label}: quote ${JSON.stringify(q)}`, has([...story.quotes, ...text.filter((p) => p?.startsWith('>'))], q)]);
    if (want.summary)
      out.push([
        `${label}: summary ${JSON.stringify(want.summary)} (got ${JSON.stringify(story.summary)})`,
        has([story.summary], want.summary),
      ]);
    for (const t of want.text ?? []) out.push([`${label}: text ${JSON.stringify(t)}`, has(text, t)]);
  });
  const all = shown(parsed);
  for (const h of expected.highlights ?? []) out.push([`highlight ${JSON.stringify(h)}`, has(parsed.highlights, h)]);
  for (const url of expected.notSources ?? [])
    out.push([`not a source: ${url}`, !parsed.stories.some((story) => story.sources.some((source) => source.url === url))]);
  for (const a of expected.absent ?? []) out.push([`absent ${JSON.stringify(a)}`, !all.includes(a)]);
  for (const line of expected.code ?? []) out.push([`code kept: ${JSON.stringify(line)}`, all.includes(line)]);
  return out;
}
