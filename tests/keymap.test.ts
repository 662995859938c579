import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionFor, KEYMAP, keyTable, statusHints, type Mode } from '../src/ui/keymap';
import { ROOT } from './helpers';

const MODES: Mode[] = ['library', 'briefing', 'story', 'starred', 'search', 'pipe', 'confirm', 'page'];

describe('the keymap', () => {
  it('is the README key table, word for word (npm run docs writes it)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- keys: made by npm run docs from src\/ui\/keymap\.ts -->\n([\s\S]*?)\n<!-- \/keys -->/.exec(readme);
    expect(block, 'README.md has the keys block').not.toBeNull();
    expect(block![1]).toBe(keyTable());
  });

  it('binds no key twice within a mode', () => {
    for (const mode of MODES) {
      const seen = new Map<string, string>();
      for (const binding of KEYMAP.filter((b) => b.modes.includes(mode))) {
        for (const key of binding.keys) {
          expect(seen.get(key), `${key} in ${mode}`).toBeUndefined();
          seen.set(key, binding.action);
        }
      }
    }
  });

  it('quits with Ctrl-C in every mode, and gives every mode a status hint', () => {
    for (const mode of MODES) {
      expect(actionFor(mode, 'ctrl+c'), mode).toBe('quit');
      expect(statusHints(mode).length, mode).toBeGreaterThan(0);
    }
  });
});
