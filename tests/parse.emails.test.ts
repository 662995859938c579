// Newsletters as email clients keep them in plain text (email.ts, brevity.ts kickers, roundup.ts
// named link lines, plain.ts lone labels): what they read, and what they must leave alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../src/parse/index';
import { isChromeRow } from '../src/parse/labels';
import { KINDS } from './kindchecks';

const kind = (name: string) => readFileSync(join(KINDS, name), 'utf8');
const titles = (text: string, name = 'x.txt') => parseText(text, name).stories.map((story) => story.title);

describe('plain-text emails', () => {
  it('hard-wrapped prose under a capitals heading stays one story', () => {
    const prose = [
      'Notes from the planning meeting',
      '',
      'INTRODUCTION',
      '',
      'The committee met on Tuesday to discuss the proposed changes to the',
      'travel policy and the new approval process for conference trips that',
      'was drafted over the summer by the finance team and circulated.',
      '',
      'Most members agreed that the current limits are too low for trips',
      'abroad, though several asked for clearer rules on booking classes and',
      'on who signs off when the usual approver is away or unavailable.',
      '',
      'A second draft will go round next month, with examples for the most',
      'common kinds of trip and a short form for the ones that fall outside.',
    ].join('\n');
    const parsed = parseText(prose, 'notes.txt');
    expect(parsed.format).toBe('plain');
    expect(parsed.stories).toHaveLength(1);
  });

  it("an item may use the footer's words, and 'That's it for …' before the next section is no sign-off", () => {
    const base = kind('email-newsletter-plain.txt');
    const varied = base
      .replace('fewer wrong [', 'fewer wrong, hosted on Hugging Face, with a form to sign up for the beta [')
      .replace('💸 BUSINESS', "That's it for models. Now to the money.\n\n💸 BUSINESS");
    expect(titles(varied)).toEqual(titles(base));
    expect(parseText(varied, 'x.txt').extras.filter((part) => part.heading === 'Sign-off')).toHaveLength(2);
  });

  it('capitals alone inside a smart-brevity item are not a new item', () => {
    const base = kind('brevity-kickers.txt');
    const varied = base.replace('Why it matters:', 'ADVERTISEMENT\n\nWhy it matters:');
    expect(titles(varied)).toEqual(titles(base));
  });

  it('sentences over "Link:" lines are not a roundup the parser cannot read', () => {
    const list = [
      'Reading list',
      '',
      'A long read on chip export rules.',
      'Link: https://a.example/1',
      '',
      'Why small models win.',
      'Link: https://b.example/2',
      '',
      'Notes on evals.',
      'Link: https://c.example/3',
      '',
    ];
    expect(parseText(list.join('\n'), 'x.txt').format).toBe('plain');
  });

  it('two labels alone in a row keep the first as written', () => {
    const text = ['Episode notes', '', 'IN THIS EPISODE', '', 'KEY TAKEAWAYS', '', '- One', '- Two', ''].join('\n');
    const [story] = parseText(text, 'x.txt').stories;
    expect(story!.body).toContain('IN THIS EPISODE');
    expect(story!.takeaways).toEqual(['One', 'Two']);
  });

  it('a feed line with a byline is left to the text, the byline kept', () => {
    const text = [
      'Evening links',
      '',
      'Courts test AI evidence rules',
      'Courtroom Tech · 6 min · by Elena Ward',
      'https://courts.example/ai-evidence',
      '',
      'Chips get stacked',
      'Fab Report · 3 min',
      'https://fab.example/stacked',
      '',
      'Cheaper tokens',
      'Token Desk · 2h',
      'https://tokens.example/cheap',
      '',
    ].join('\n');
    const parsed = parseText(text, 'x.txt');
    expect(parsed.format).toBe('link-roundup');
    expect(JSON.stringify(parsed.stories[0])).toContain('Elena Ward');
    expect(parsed.stories[1]!.sources[0]!.author).toBe('Fab Report');
  });

  it('a row of the sender links is chrome, and a long line of spaces is read in linear time', () => {
    expect(isChromeRow('View Online | Sign Up | Advertise')).toBe(true);
    expect(isChromeRow('Share | Subscribe')).toBe(true);
    expect(isChromeRow('Models | Chips | Policy')).toBe(false);
    const start = performance.now();
    for (const line of [`x${' '.repeat(200_000)}y`, `View Online${' '.repeat(100_000)}| Sign Up`]) {
      isChromeRow(line);
      parseText(`${kind('brevity-kickers.txt')}\n${line}\n`, 'x.txt');
    }
    expect(performance.now() - start).toBeLessThan(1500);
  });
});
