import { describe, expect, it } from 'vitest';
import { partHeading } from '../src/parse/labels';

describe("a part's heading as the reader shows it", () => {
  it.each([
    ['why it matters', 'Why it matters'],
    ['WHY IT MATTERS:', 'Why it matters'],
    ['Go deeper', 'Go deeper'],
    // Initials stay as written.
    ['Q&A', 'Q&A'],
    ['TL;DR', 'TL;DR'],
    ['FAQ', 'FAQ'],
  ])('%j reads %j', (label, heading) => {
    expect(partHeading(label)).toBe(heading);
  });
});
