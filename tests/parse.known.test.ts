import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../src/library/load';
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
