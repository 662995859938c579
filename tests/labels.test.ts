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
    // Short words are not initials.
    ['YES, BUT:', 'Yes, but'],
    ['TOP 5', 'Top 5'],
  ])('%j reads %j', (label, heading) => {
    expect(partHeading(label)).toBe(heading);
  });
});
