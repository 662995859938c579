import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { writeAtomically } from '../../library/cache-files';
import { fullBriefing } from '../../library/load';
import type { Briefing, Story } from '../../model/types';
import { storyMarkdown } from '../../print/story';
import type { Command } from '../command';
import { UsageError } from '../context';

/** What digest wrote where, so a second export knows its own notes: by story id, the file and a hash of what was written. */
const INDEX = '.digest-export.json';

type Index = Record<string, { file: string; sha1: string }>;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** A YAML string that needs no knowledge of YAML's rules: JSON's double-quoted form is valid YAML. */
const yaml = (text: string) => JSON.stringify(text);

/** A note's file name from its title: letters, digits, spaces and a few marks; at most 80 characters. */
export function noteName(title: string): string {
  const name = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._,'()&$%+-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .slice(0, 80)
    // No name may start or end in dots ("..", ".hidden", "name."): a file, inside the folder.
    .replace(/[.\s]+$/, '');
  return name || 'story';
}

/** A story as a note: YAML front matter (title, date, briefing, sources, tags, id), then the story as markdown. */
export function noteOf(briefing: Briefing, story: Story): string {
  const urls = story.sources.flatMap((source) => (source.url ? [source.url] : []));
  const tags = [
    'digest',
    briefing.format,
    ...(story.section
      ? [
          story.section
            .toLowerCase()
            .replace(/[^\p{L}\p{N}]+/gu, '-')
            .replace(/^-|-$/g, ''),
        ]
      : []),
  ];
  return [
    '---',
    `title: ${yaml(story.title)}`,
    ...(briefing.date ? [`date: ${briefing.date}`] : []),
    `briefing: ${yaml(briefing.title)}`,
    ...(urls.length > 0 ? ['sources:', ...urls.map((url) => `  - ${yaml(url)}`)] : []),
    'tags:',
    ...tags.filter(Boolean).map((tag) => `  - ${yaml(tag)}`),
    `id: ${yaml(story.id)}`,
    '---',
    '',
    storyMarkdown(briefing, story).trimEnd(),
    '',
  ].join('\n');
}

export const exportNotes: Command = {
  name: 'export',
  summary: 'each story as a markdown note with front matter, for Obsidian-style vaults; notes you edited are never overwritten',
  usage: ['export DIR [PATH...] [--unread] [--starred]'],
  options: ['unread', 'starred'],
  completes: 'paths',
  examples: [['digest export ~/vault/news --starred', 'your starred stories as notes in a vault']],
  async run({ positionals, values }, ctx) {
    const [dir, ...paths] = positionals;
    if (!dir) throw new UsageError('export needs a DIR to write the notes into');
    const target = resolve(dir);
    const library = ctx.library(paths);
    // Notes written into the library would be read back as briefings.
    const inside = library.folders
      .map((folder) => resolve(folder))
      .find((folder) => target === folder || target.startsWith(`${folder}${sep}`));
    if (inside)
      throw new UsageError(`${dir} is inside the library (${inside}): its notes would be read as briefings; export somewhere else`);
    mkdirSync(target, { recursive: true });
    const marks = ctx.marks();
    let index: Index = {};
    try {
      const read = JSON.parse(readFileSync(join(target, INDEX), 'utf8')) as unknown;
      if (read && typeof read === 'object' && !Array.isArray(read)) index = read as Index;
    } catch {
      /* a first export, or an index that cannot be read: every note is new (and none is overwritten, see below) */
    }
    const taken = new Set(Object.values(index).map((entry) => entry.file));
    const counts = { written: 0, updated: 0, unchanged: 0, edited: 0 };
    const shown = (id: string) => (!values.unread || !marks.isRead(id)) && (!values.starred || marks.isStarred(id));
    for (const head of library.briefings) {
      if (!head.stories.some((story) => shown(story.id))) continue;
      const briefing = fullBriefing(head);
      for (const story of briefing.stories) {
        if (!shown(story.id)) continue;
        const note = noteOf(briefing, story);
        const known = index[story.id];
        if (known && typeof known.file === 'string' && typeof known.sha1 === 'string') {
          const path = join(target, known.file);
          // Deleted, or changed since digest wrote it: the user's now, left as it is.
          if (!existsSync(path) || sha1(readFileSync(path, 'utf8')) !== known.sha1) {
            counts.edited++;
            continue;
          }
          if (known.sha1 === sha1(note)) {
            counts.unchanged++;
            continue;
          }
          writeAtomically(path, note);
          index[story.id] = { file: known.file, sha1: sha1(note) };
          counts.updated++;
          continue;
        }
        // A new note: its title for a name, and its short id too when the name is someone else's.
        let file = `${noteName(story.title)}.md`;
        if (taken.has(file) || existsSync(join(target, file))) file = `${noteName(story.title)} (${library.shortId(story.id)}).md`;
        if (existsSync(join(target, file))) {
          counts.edited++;
          continue;
        }
        writeAtomically(join(target, file), note);
        taken.add(file);
        index[story.id] = { file, sha1: sha1(note) };
        counts.written++;
      }
    }
    writeAtomically(join(target, INDEX), `${JSON.stringify(index, null, 1)}\n`);
    const parts = [
      `${counts.written} new`,
      counts.updated > 0 ? `${counts.updated} updated` : null,
      counts.unchanged > 0 ? `${counts.unchanged} unchanged` : null,
      counts.edited > 0 ? `${counts.edited} you changed or removed, left as they are` : null,
    ].filter(Boolean);
    ctx.io.err(`digest: exported to ${target}: ${parts.join(', ')}\n`);
    return 0;
  },
};
