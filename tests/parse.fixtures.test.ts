import { SEPARATOR } from '../src/model/paragraph';
import { describe, expect, it } from 'vitest';
import { shortIds } from '../src/model/ids';
import { stripControls } from '../src/parse/clean';
import { parseText } from '../src/parse/index';
import { fixture } from './helpers';

const parse = (name: string, transform: (text: string) => string = (t) => t) => parseText(transform(fixture(name)), name);

describe('fixtures, one per shape', () => {
  it('newsletter', () => {
    const b = parse('frontier-weekly-2026-11-20.txt');
    expect(b).toMatchObject({
      format: 'newsletter',
      date: '2026-11-20',
      title: 'Cheaper Tokens, Louder Benchmarks, and a Quiet Win for Local Models',
    });
    expect(b.stories.map((s) => [s.section, s.title, s.takeaways.length, s.sources[0]?.title])).toEqual([
      ['MODELS & RESEARCH', 'Small Models Catch Up on Reasoning', 4, 'Small models catch up on reasoning'],
      ['MODELS & RESEARCH', 'Benchmarks Are Leaking Into Training Sets', 3, 'Benchmarks are leaking into training sets'],
      ['INFRASTRUCTURE', 'The Price of a Million Tokens Fell Again', 3, 'Inference prices drop again'],
    ]);
    expect(b.stories[0]!.body).toHaveLength(3);
  });

  it('video summary', () => {
    const b = parse('video-summary-2026-11-19.txt');
    expect(b).toMatchObject({ format: 'video-summary', publisher: 'Signal & Noise' });
    const s = b.stories[0]!;
    expect([s.takeaways.length, s.quotes.length, s.extras.length, b.highlights.length]).toEqual([4, 2, 3, 1]);
    // The synthesis is the video's: its story's last part, and the briefing's highlights.
    expect(s.extras.at(-1)!.paragraphs).toEqual(b.highlights);
  });

  it('podcast briefing', () => {
    const b = parse('absorb-briefing-2026-11-21.txt');
    expect(b).toMatchObject({ format: 'podcast-briefing', date: '2026-11-21', publisher: 'absorb.md' });
    expect(b.stories.map((s) => s.timestamp)).toEqual(['0:11', '1:52', '3:30']);
    // Who argued what: a labelled part, not the briefing's own takeaways.
    const positions = b.stories[2]!.extras.find((part) => part.heading === 'Key positions')!;
    expect(positions.paragraphs.map((t) => t.split(':')[0])).toEqual(['Lena Ortiz', 'Priya Nanda']);
    expect(b.stories[2]!.takeaways).toEqual([]);
    expect(b.stories[1]!.quotes).toEqual(['Held-out sets that rotate every quarter are the only numbers I trust now — Dev Raman [1]']);
    expect(b.stories[1]!.sources[0]).toMatchObject({ title: 'Blog post', date: '2026-11-20', author: 'Dev Raman' });
  });

  it('discussion', () => {
    const s = parse('thread-local-models.txt').stories[0]!;
    expect(s.title).toBe('Running a 9B model locally changed how I use assistants more than any cloud…');
    // Quotes stay in place, each just above the reply that answers it.
    expect(s.quotes).toEqual([]);
    const quoted = s.body.flatMap((p, i) => (p.startsWith('> ') ? [i] : []));
    expect(quoted).toHaveLength(3);
    for (const i of quoted) expect(s.body[i + 1]).not.toMatch(/^> /);
    expect(s.body.filter((p) => !p.startsWith('> ') && p !== SEPARATOR)).toHaveLength(10);
  });

  it('daily digest', () => {
    const b = parse('daily-digest-2026-11-22.txt');
    expect(b).toMatchObject({ format: 'daily-digest', date: '2026-11-22', title: 'Small Models, Big Audits, and the Week Prices Fell' });
    expect(b.stories.map((s) => s.section)).toEqual([...Array(4).fill('Top Stories'), ...Array(2).fill('Articles Worth Reading')]);
  });

  it('markdown with sections, labels and linked sources', () => {
    const b = parse('agents-roundup-2026-11-18.md');
    expect(b).toMatchObject({ format: 'markdown', publisher: 'The Build Log', date: '2026-11-18' });
    expect(b.stories.map((s) => [s.section, s.title])).toEqual([
      ['Tooling', 'Agents Learn to Run the Test Suite First'],
      ['Tooling', 'Diff Summaries Get Honest'],
      ['Teams', 'Review Capacity Is the Constraint'],
    ]);
    const first = b.stories[0]!;
    expect(first.summary).toMatch(/^New agent releases/);
    expect(first.takeaways).toHaveLength(3);
    expect(first.extras[0]).toMatchObject({ heading: 'Why it matters' });
    expect(first.sources[0]).toEqual({
      title: 'Release notes: test-first mode',
      author: 'Kai Lindqvist',
      date: '2026-11-17',
      url: 'https://example.com/agents/test-first',
      excerpt: null,
    });
    expect(b.stories[1]!.quotes).toHaveLength(1);
    expect(b.stories[2]!.sources[0]!.url).toBe('https://example.com/teams/review-survey');
  });

  it('plain text', () => {
    const b = parse('notes-plain.txt');
    expect(b).toMatchObject({ format: 'plain', title: 'Reading list for the weekend' });
    expect(b.stories[0]!.body).toHaveLength(3);
  });

  it('plain text with labels alone on their lines, each over its list after a blank line', () => {
    const text = [
      'Episode notes',
      '',
      'KEY QUOTES',
      '',
      '"First quote." - Ana',
      '"Second quote." - Ben',
      '',
      'CHAPTERS',
      '',
      '00:00 Intro',
      '05:10 Costs',
      '',
    ].join('\n');
    const [story] = parseText(text, 'notes.txt').stories;
    expect(story!.quotes).toEqual(['"First quote." - Ana', '"Second quote." - Ben']);
    expect(story!.extras).toEqual([{ heading: 'Chapters', paragraphs: ['00:00 Intro', '05:10 Costs'] }]);
    expect(story!.body).toEqual([]);
  });
});

describe('the shapes as other senders vary them', () => {
  const shapes = [
    'frontier-weekly-2026-11-20.txt',
    'video-summary-2026-11-19.txt',
    'absorb-briefing-2026-11-21.txt',
    'thread-local-models.txt',
    'daily-digest-2026-11-22.txt',
    'agents-roundup-2026-11-18.md',
  ];
  const variants: [string, (text: string) => string][] = [
    ['CRLF line ends', (t) => t.replace(/\n/g, '\r\n')],
    ['a byte-order mark', (t) => `\ufeff${t}`],
    ['"- " bullets instead of "•"', (t) => t.replace(/•/g, '-')],
    ['trailing spaces', (t) => t.replace(/\n/g, '  \n')],
  ];
  for (const name of shapes) {
    for (const [label, transform] of variants) {
      it(`${name} with ${label} parses the same`, () => {
        expect(parse(name, transform)).toEqual(parse(name));
      });
    }
  }

  it('heading case and label case do not matter', () => {
    const upper = parse('frontier-weekly-2026-11-20.txt', (t) =>
      t.replace(/Key takeaways:/g, 'KEY TAKEAWAYS:').replace(/TLDR:/g, 'TL;DR:'),
    );
    expect(upper.stories.map((s) => s.takeaways.length)).toEqual([4, 3, 3]);
    const digest = parse('daily-digest-2026-11-22.txt', (t) => t.replace('Top Stories#', 'TOP STORIES #'));
    expect(digest.stories.filter((s) => s.section === 'TOP STORIES')).toHaveLength(4);
  });

  it('fewer stories: a newsletter with one story, a digest without articles', () => {
    const one = parse('frontier-weekly-2026-11-20.txt', (t) => t.slice(0, t.indexOf('Benchmarks Are Leaking')));
    expect(one.stories.map((s) => s.title)).toEqual(['Small Models Catch Up on Reasoning']);
    const digest = parse('daily-digest-2026-11-22.txt', (t) => t.slice(0, t.indexOf('Articles Worth Reading')));
    expect(digest.stories).toHaveLength(4);
  });

  it('a podcast briefing without its chapter list still finds its chapters', () => {
    const b = parse('absorb-briefing-2026-11-21.txt', (t) => t.replace(/In This Briefing[\s\S]*?thinkers\n/, ''));
    expect(b.stories.map((s) => s.title)).toEqual([
      'Open Weights Go Mainstream',
      'Evaluation Audits Become Routine',
      'Household Robots Learn From Video',
    ]);
  });
});

describe('untrusted text', () => {
  it('escape sequences, controls and bidi overrides never survive parsing', () => {
    const hostile = 'Title\x1b]0;pwned\x07 here\x1b[2J\x1b[H\n\nBody \x1b]52;c;aGk=\x07with\u202e bidi\x9b31m and \x1bP1$q\x1b\\ DCS\x08.';
    const json = JSON.stringify(parseText(hostile, 'h.txt'));
    expect(json).not.toMatch(/\\u001b|\\u0007|\\u0008|\u202e|\u009b/);
    expect(json).toContain('Title here');
    expect(stripControls('a\tb\nc')).toBe('a\tb\nc');
  });

  it('short ids are 7 characters and grow only to stay unique', () => {
    const ids = shortIds(['abcdef1234', 'abcdef1299', '1234567890']);
    expect(ids('1234567890')).toBe('1234567');
    expect(ids('abcdef1234')).toBe('abcdef123');
    expect(ids('abcdef1299')).toBe('abcdef129');
    // Unknown ids are told apart from their neighbours too.
    expect(ids('abcdef1200')).toBe('abcdef120');
    expect(ids('ffffffffff')).toBe('fffffff');
  });
});
