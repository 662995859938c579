// Writes the reader's key table into README.md from the keymap (`npm run docs`);
// tests/keymap.test.ts fails when the README and the keymap disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { keyTable } from '../src/ui/keymap';

export const START = '<!-- keys: made by npm run docs from src/ui/keymap.ts -->';
export const END = '<!-- /keys -->';

const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} block`);
writeFileSync(file, `${readme.slice(0, from + START.length)}\n${keyTable()}\n${readme.slice(to)}`);
