import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../src/library/load';
import type { Briefing } from '../src/model/types';
import { parseText } from '../src/parse/index';
import { FIXTURES, HAVE_SEEDS, SEEDS } from './helpers';
import { KINDS } from './kindchecks';

// A file the library has a head for is read again knowing the format it parsed to, and only the
// shapes that give that format are asked (parse/index.ts). The parse must be the same.
const sameKnowingFormat = (text: string, name: string) => {
  const alone = parseText(text, name);
  expect({ name, parse: parseText(text, name, alone.format) }).toEqual({ name, parse: alone });
};

const texts = (dir: string) =>
  readdirSync(dir)
    .filter((name) => !name.endsWith('.json'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

describe('a parse that knows the format the same text gave', () => {
  it('is the same parse, for every fixture and every kind of briefing', () => {
    const all = [...texts(FIXTURES), ...texts(KINDS)];
    expect(new Set(all.map(({ text, name }) => parseText(text, name).format)).size).toBeGreaterThanOrEqual(8);
    for (const { name, text } of all) sameKnowingFormat(text, name);
  });

  it.skipIf(!HAVE_SEEDS)('is the same parse, for every seed briefing', () => {
    for (const { name, text } of texts(SEEDS)) sameKnowingFormat(text, name);
  });

  it('is the same parse, for fixtures cut, spliced and re-named at random (a markdown file of comments is a discussion)', () => {
    const all = [...texts(FIXTURES), ...texts(KINDS)];
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.nat(), fc.nat(), fc.constantFrom('a.txt', 'b.md'), ({ text }, from, length, name) => {
        const start = from % (text.length + 1);
        sameKnowingFormat(text.slice(start, start + (length % 4000)), name);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});

describe('loadFile knowing the file', () => {
  it('takes the format it is told only while the file is as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-known-'));
    const path = join(dir, 'video.txt');
    writeFileSync(path, readFileSync(join(FIXTURES, 'video-summary-2026-11-19.txt')));
    const alone = loadFile(path);
    expect(alone).toHaveProperty('briefing.format', 'video-summary');
    const { size, mtimeMs, ctimeMs, ino } = statSync(path);
    // Told, wrongly, that it gave a newsletter: believed while the stamp holds, so the hint is used...
    const told = loadFile(path, { stamp: { size, mtimeMs, ctimeMs, ino }, format: 'newsletter' });
    expect(told).toHaveProperty('briefing.format', 'newsletter');
    // ...and not once the file has changed since (here only its times).
    utimesSync(path, new Date(mtimeMs + 5000), new Date(mtimeMs + 5000));
    expect(loadFile(path, { stamp: { size, mtimeMs, ctimeMs, ino }, format: 'newsletter' })).toEqual(loadFile(path));
    expect((loadFile(path) as { briefing: unknown }).briefing).toEqual((alone as { briefing: unknown }).briefing);
  });
});

describe('loadFile knowing the ids of the file', () => {
  it('gives the known ids while the file is as it was and has as many stories, and its own otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-known-ids-'));
    const path = join(dir, 'digest.txt');
    writeFileSync(path, readFileSync(join(FIXTURES, 'daily-digest-2026-11-22.txt')));
    const alone = (loadFile(path) as { briefing: Briefing }).briefing;
    const count = alone.stories.length;
    expect(count).toBeGreaterThan(1);
    const { size, mtimeMs, ctimeMs, ino } = statSync(path);
    const stamp = { size, mtimeMs, ctimeMs, ino };
    // The library's numbering (another briefing claimed the same identity first): taken as it is.
    const numbered = ['b#2', ...alone.stories.map((_, i) => `s#${i}`)];
    const told = (loadFile(path, { stamp, format: alone.format, ids: numbered }) as { briefing: Briefing }).briefing;
    expect([told.id, ...told.stories.map((story) => story.id)]).toEqual(numbered);
    expect({ ...told, id: alone.id, stories: told.stories.map((story, i) => ({ ...story, id: alone.stories[i]!.id })) }).toEqual(alone);
    // Ids for another number of stories are not this parse's: it is identified afresh.
    expect(loadFile(path, { stamp, format: alone.format, ids: numbered.slice(0, -1) })).toEqual(loadFile(path));
    // Nor once the file has changed since.
    utimesSync(path, new Date(mtimeMs + 5000), new Date(mtimeMs + 5000));
    expect(loadFile(path, { stamp, format: alone.format, ids: numbered })).toEqual(loadFile(path));
  });
});
