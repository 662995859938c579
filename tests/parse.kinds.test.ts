import { describe, expect, it } from 'vitest';
import { checks, kindFiles } from './kindchecks';

describe('every kind of briefing reads right', () => {
  const files = kindFiles();
  let passed = 0;
  let total = 0;
  for (const { name, raw, expected } of files) {
    it(`${name} (${expected.kind})`, () => {
      const results = checks(raw, name, expected);
      passed += results.filter(([, ok]) => ok).length;
      total += results.length;
      expect(results.filter(([, ok]) => !ok).map(([what]) => what)).toEqual([]);
    });
  }
  it('reports the score', () => {
    console.log(`kinds: ${passed}/${total} checks`);
    expect(files.length).toBeGreaterThan(10);
  });
});
