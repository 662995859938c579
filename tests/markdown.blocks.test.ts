import { Lexer } from 'marked';
import { describe, expect, it } from 'vitest';
import { markdownBlocks, tame } from '../src/parse/blocks';
import { inlineLinks, inlineText } from '../src/parse/inline';
import { parseText } from '../src/parse/index';

describe('markdown blocks through marked', () => {
  it('keeps code verbatim, tables as rows, list numbers, nested quotes', () => {
    const blocks = markdownBlocks([
      '# Title',
      '',
      '```bash',
      '# not a heading',
      '```',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      '3. three',
      '4. four',
      '',
      '> q',
      '> > deeper',
    ]);
    expect(blocks[0]).toEqual({ type: 'heading', depth: 1, text: 'Title' });
    expect(blocks[1]).toEqual({ type: 'code', text: '# not a heading', lang: 'bash' });
    expect(blocks[2]).toEqual({ type: 'table', header: ['a', 'b'], rows: [['1', '2']] });
    expect(blocks[3]).toMatchObject({ type: 'list', ordered: true, start: 3 });
    expect(blocks[4]).toEqual({
      type: 'quote',
      blocks: [
        { type: 'paragraph', text: 'q' },
        { type: 'quote', blocks: [{ type: 'paragraph', text: 'deeper' }] },
      ],
    });
  });

  // Each of these overflowed marked's stack (a container in a container, 16,000 deep) before
  // tame() capped them: the lexer must take the tamed line itself, not a fallback.
  it.each([
    ['>', '>'.repeat(100_000)],
    ['> ', '> '.repeat(50_000)],
    ['1. ', '1. '.repeat(30_000)],
    ['- ', '- '.repeat(30_000)],
    ['> - 1. ', '> - 1. '.repeat(15_000)],
  ])('a line of %j containers is lexed, its depth capped', (_, line) => {
    expect(() => new Lexer().blockTokens(`${tame(`${line}words`)}\n`, [])).not.toThrow();
    expect(JSON.stringify(markdownBlocks([`${line}words`]))).toContain('words');
  });
});

describe('inline markdown to text', () => {
  it('keeps link and image text, collects links but never images', () => {
    const links: { text: string; url: string }[] = [];
    expect(inlineText('See [the **report**](https://a.example/r "t") and ![a chart](https://img.example/c.png).', links)).toBe(
      'See the report and a chart.',
    );
    expect(links).toEqual([{ text: 'the report', url: 'https://a.example/r' }]);
  });

  it('drops emphasis, strike and code marks but leaves snake_case and arithmetic', () => {
    expect(inlineText('**bold** _it_ *em* ~~gone~~ `code` snake_case 2*3*4')).toBe('bold it em gone code snake_case 2*3*4');
  });

  it('drops the marks of a highlight (==marked==) but leaves comparisons and rules', () => {
    expect(inlineText('Read ==this part== twice; ==one==.')).toBe('Read this part twice; one.');
    expect(inlineText('if a == b and c==d, ===== stays')).toBe('if a == b and c==d, ===== stays');
    expect(inlineText('Why `a==b` and `b==c` do not make `a==c`; `if (x==1 || y==2)`')).toBe(
      'Why a==b and b==c do not make a==c; if (x==1 || y==2)',
    );
  });

  it('decodes entities, removes simple HTML tags, reads wiki links and autolinks', () => {
    expect(inlineText('R&amp;D &mdash; <b>bold</b><br>[[Page|alias]] [[Plain Page]]')).toBe('R&D — bold alias Plain Page');
    expect(inlineLinks('<https://x.example/a> and https://y.example/b.')).toEqual([
      { text: 'https://x.example/a', url: 'https://x.example/a' },
      { text: 'https://y.example/b', url: 'https://y.example/b' },
    ]);
  });
});

/** A markdown briefing of these lines, parsed as a file of that name. */
const markdown = (name: string, lines: string[]) => parseText(lines.join('\n'), name);

describe('a markdown heading that starts with a time', () => {
  it('is a story at that time in the episode, its title without it', () => {
    const parsed = markdown('snips.md', [
      '# Compute Hour #88 — Power contracts are the new GPUs',
      '',
      '## Snips',
      '',
      '### [04:12] Why power became the bottleneck',
      'Grid connection queues now run three to five years.',
      '',
      '### (1:02:05) Chiplets stretch hardware life',
      'Memory is added to existing racks.',
      '',
      '### 41:50 — What small labs should do',
      'Rent where there is spare power.',
      '',
      '### 9:30 standups are back',
      'A time of day, not a place in the episode.',
      '',
      '### 09:00 - 09:30 Registration and coffee',
      'An agenda: a span of the day.',
      '',
      '### 98:95 — Lakers edge Celtics in overtime',
      'A score, not a time.',
    ]);
    expect(parsed.stories.map((story) => [story.title, story.timestamp])).toEqual([
      ['Why power became the bottleneck', '04:12'],
      ['Chiplets stretch hardware life', '1:02:05'],
      ['What small labs should do', '41:50'],
      ['9:30 standups are back', null],
      ['09:00 - 09:30 Registration and coffee', null],
      ['98:95 — Lakers edge Celtics in overtime', null],
    ]);
  });
});

describe('images at the top of a markdown briefing', () => {
  it('are not its highlights when they stand alone; in a sentence their words stay', () => {
    const parsed = markdown('cover.md', [
      '# Compute Hour #88',
      '',
      '![Episode cover](https://img.example/cover.jpg)',
      '',
      'Power, not chips, is the bottleneck ![chart](https://img.example/c.png) this year.',
      '',
      '## Why power became the bottleneck',
      '',
      'Grid queues run three to five years.',
    ]);
    expect(parsed.highlights).toEqual(['Power, not chips, is the bottleneck chart this year.']);
  });
});

describe("a feed reader's line under a title", () => {
  it('is read as the outlet only under a linked title; under any other it is words', () => {
    const parsed = markdown('day.md', [
      '# Conference day',
      '',
      '### Opening keynote',
      '',
      'With Ana Lopez · 45 min',
      '',
      'The keynote covers the year in open models.',
      '',
      'Slides follow.',
      '',
      '### [Prices fall](https://infra.example/p/1)',
      '',
      '*The Infra Brief* · 3h · 4 min read',
      '',
      'Prices fell again.',
    ]);
    const [keynote, prices] = parsed.stories;
    expect(keynote!.summary).toBe('With Ana Lopez · 45 min');
    expect(prices!.sources[0]).toMatchObject({ url: 'https://infra.example/p/1', author: 'The Infra Brief' });
    expect(JSON.stringify(prices)).not.toContain('4 min read');
  });
});

describe("an export's metadata section", () => {
  it('gives the briefing its day and show, and is a part, not a story (unless the briefing says them itself)', () => {
    const lines = (title: string) => [
      title,
      '',
      '## Episode metadata',
      '- Show: [[Compute Hour]]',
      '- Published: 2026-11-26',
      '',
      '## Snips',
      '',
      '### [04:12] Why power matters',
      'Queues run years.',
    ];
    const parsed = markdown('snips.md', lines('# Compute Hour #88'));
    expect([parsed.date, parsed.publisher]).toEqual(['2026-11-26', 'Compute Hour']);
    expect(parsed.stories.map((story) => story.title)).toEqual(['Why power matters']);
    expect(parsed.extras.map((part) => part.heading)).toEqual(['Episode metadata']);
    expect(markdown('snips.md', lines('# Compute Hour — 2026-11-20')).date).toBe('2026-11-20');
  });
});
