import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_SEEDS, SEEDS, parseFile } from './helpers';

// The five real briefings in ../shared/seeds, one per shape. Skipped where that folder does not exist.
const seed = (prefix: string) =>
  parseFile(
    join(
      SEEDS,
      readdirSync(SEEDS).find((name) => name.startsWith(prefix))!,
    ),
  );

describe.skipIf(!HAVE_SEEDS)('seed briefings', () => {
  it('000 newsletter: title, day.month.year date, section, five stories with all their fields', () => {
    const b = seed('000');
    expect(b.format).toBe('newsletter');
    expect(b.title).toBe('No AI Jobpocalypse, Smarter Chips, Video Wars, and Robots That Remember');
    expect(b.date).toBe('2026-05-08');
    expect(b.stories.map((s) => s.title)).toEqual([
      'There Will Be No AI Jobpocalypse',
      'ByteDance Bids for Video Leadership',
      'How Nvidia Uses AI to Design Chips',
      'AI at Work, Quantified',
      'Robots That Adapt to New Tasks',
    ]);
    for (const story of b.stories) {
      expect(story.section).toBe('AI & AGENTS');
      expect(story.summary).toBeTruthy();
      expect(story.takeaways).toHaveLength(5);
      expect(story.body.length).toBeGreaterThanOrEqual(4);
      expect(story.extras.map((p) => p.heading)).toEqual(['Why do I care']);
      expect(story.sources).toHaveLength(1);
    }
    const first = b.stories[0]!;
    expect(first.summary).toMatch(/^Andrew Ng argues/);
    expect(first.body[0]).toMatch(/^Andrew's framing/);
    expect(first.body.at(-1)).toMatch(/^Where I'd push back/);
    expect(first.takeaways[0]).toBe(
      'AI job doom narratives serve financial incentives of labs and companies deflecting from pandemic overhiring',
    );
    expect(first.sources[0]!.title).toBe('Why there will be no AI jobpocalypse');
    expect(b.stories[4]!.sources[0]!.title).toBe('Robots That Adapt to New Tasks');
  });

  it('001 video summary: publisher, concepts as takeaways, quotes, sections as parts, synthesis its own and the highlights, no chrome', () => {
    const b = seed('001');
    expect(b.format).toBe('video-summary');
    expect(b.publisher).toBe('Valuetainment');
    expect(b.title).toMatch(/^"Humans WILL Make A Comeback"/);
    expect(b.stories).toHaveLength(1);
    const story = b.stories[0]!;
    expect(story.takeaways).toHaveLength(5);
    expect(story.takeaways[0]).toMatch(/^AI-Driven Workforce Disruption:/);
    expect(story.quotes).toHaveLength(3);
    expect(story.quotes[1]).toContain('Skills pay the bills, degrees pay fees.');
    expect(story.extras.map((p) => p.heading)).toEqual([
      'Main Topics and Key Points',
      'Real-World Applications and Frameworks',
      'Key Arguments and Perspectives',
      'Synthesis and Conclusion',
    ]);
    expect(story.extras.at(-1)!.paragraphs).toEqual(b.highlights);
    expect(b.highlights).toHaveLength(1);
    expect(b.highlights[0]).toMatch(/^The video presents a sobering outlook/);
    const all = JSON.stringify(b);
    for (const chrome of [
      'Share:',
      'Chat with this Video',
      'AI-Powered',
      'Load the transcript',
      'Related Videos',
      'Ready to summarize',
      'Summarize YouTube Video',
    ])
      expect(all).not.toContain(chrome);
  });

  it('002 podcast briefing: edition, year from sources, chapters with timestamps, speakers split, sources with kind/date/author/excerpt', () => {
    const b = seed('002');
    expect(b.format).toBe('podcast-briefing');
    expect(b.publisher).toBe('absorb.md');
    expect(b.title).toMatch(/^April 20 AM: Sprawl triggers AWS outage/);
    expect(b.date).toBe('2026-04-20');
    expect(b.highlights).toEqual(['Ng says AI agents create more software jobs, not destroy them.']);
    expect(b.stories.map((s) => [s.title, s.timestamp])).toEqual([
      ['Enterprise AI Sprawl and Governance Failures', '0:13'],
      ['Automated Alignment Research', '1:45'],
      ['Inference Optimization and Job Acceleration', '3:11'],
      ["Python's Dominance in AI Development Tools", '4:41'],
      ['Marvel Talent Exodus for AI Character Startups', '6:01'],
    ]);
    const first = b.stories[0]!;
    expect(first.summary).toMatch(/^AI tools at Amazon are duplicating/);
    const positions = (story: (typeof b.stories)[number]) => story.extras.find((p) => p.heading === 'Key positions')!.paragraphs;
    expect(first.takeaways).toEqual([]);
    expect(positions(first)[0]).toMatch(/^Chamath Palihapitiya: AI acceleration without governance/);
    expect(positions(first)[1]).toMatch(/^Counter View: Consolidation processes/);
    expect(first.body[0]).toContain('[1]');
    expect(first.extras.map((p) => p.heading)).toEqual(['Signal', 'Key positions', 'Connects to']);
    expect(first.sources).toHaveLength(2);
    expect(first.sources[0]).toMatchObject({ title: 'X post', date: '2026-04-20', author: 'Chamath Palihapitiya' });
    expect(first.sources[0]!.excerpt).toMatch(/^Amazon faces rampant AI tool sprawl/);
    expect(first.sources[1]).toMatchObject({ title: 'Contradiction on sprawl claims', author: 'Counter Argument' });
    expect(b.stories[2]!.sources).toHaveLength(4);
    expect(b.stories.map((s) => s.sources.length).reduce((a, n) => a + n, 0)).toBe(12);
    expect(positions(b.stories[1]!).map((t) => t.split(':')[0])).toEqual(['Anthropic', 'Yann LeCun']);
    expect(b.stories[2]!.quotes[0]).toMatch(/^SGLang processes the same system prompt.*Andrew Ng \[1\]$/);
    const parts = b.extras.map((p) => p.heading);
    expect(parts).toEqual(expect.arrayContaining(['The open question', 'Transcript', 'Thinkers']));
    expect(b.extras.find((p) => p.heading === 'Thinkers')!.paragraphs).toHaveLength(6);
    expect(b.extras.find((p) => p.heading === 'Transcript')!.paragraphs[0]).toMatch(/^REZA: /);
  });

  it('003 discussion: one story, comments as paragraphs, "> " quotes in place above their replies, no "reply"', () => {
    const b = seed('003');
    expect(b.format).toBe('discussion');
    expect(b.stories).toHaveLength(1);
    const story = b.stories[0]!;
    expect(b.title).toBe(story.title);
    expect(story.title).toMatch(/^Today, I’m going to argue/);
    expect(story.body.length).toBeGreaterThan(100);
    expect(story.quotes).toEqual([]);
    const quoted = story.body.filter((p) => p.startsWith('> '));
    expect(quoted.length).toBeGreaterThan(15);
    // A quote of a quote keeps its depth.
    expect(story.body.some((p) => p.startsWith('> > '))).toBe(true);
    // Each quote sits where it was written: right above the reply, never gathered at the end.
    const last = story.body.findLastIndex((p) => !p.startsWith('> '));
    expect(story.body.findIndex((p) => p.startsWith('> '))).toBeLessThan(last / 2);
    expect(story.body).not.toContain('reply');
  });

  it('004 daily digest: chrome dropped, title and date, highlights, 6 + 3 stories in their sections', () => {
    const b = seed('004');
    expect(b.format).toBe('daily-digest');
    expect(b.title).toBe('The Death of Sora and the AI-Driven Engineering Boom');
    expect(b.date).toBe('2026-03-25');
    expect(b.highlights).toHaveLength(1);
    expect(b.highlights[0]).toMatch(/^The generative video dream/);
    expect(b.stories).toHaveLength(9);
    expect(b.stories.filter((s) => s.section === 'Top Stories')).toHaveLength(6);
    expect(b.stories.filter((s) => s.section === 'Articles Worth Reading')).toHaveLength(3);
    expect(b.stories[0]!.title).toBe('The Demise of Sora');
    expect(b.stories[6]!.title).toBe('The Jevons Paradox in Software Production');
    expect(b.stories[6]!.summary).toMatch(/^Aaron Levie sharply diagnoses/);
    expect(JSON.stringify(b)).not.toMatch(/#"/);
    expect(b.stories.every((s) => s.sources.length === 1)).toBe(true);
  });
});
