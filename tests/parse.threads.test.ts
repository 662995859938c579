// Threads saved as markdown (discussion.ts `threadFromMarkdown`): what they read, and the
// markdown documents with bold names and times that must stay documents.
import { describe, expect, it } from 'vitest';
import { parseText } from '../src/parse/index';

const md = (...lines: string[]) => lines.join('\n');

describe('threads exported as markdown', () => {
  it('a reply quoted under its own head is a comment; a quote inside a comment keeps its depth', () => {
    const parsed = parseText(
      md(
        '# Does anyone cache embeddings across model versions?',
        '',
        'r/LocalLLaMA · Posted by u/vec_vera · 40 points · 12 comments',
        '',
        'We re-embed 20M documents on every model upgrade. Is there a shortcut?',
        '',
        '**u/index_ivan** · 25 points',
        '',
        '> > every model upgrade',
        '>',
        '> No shortcut: the spaces differ.',
        '',
        'Re-embed in the background and switch when done.',
        '',
        '> **u/vec_vera** · 9 points',
        '>',
        '> That is what we do now, it takes two days.',
      ),
      'thread.md',
    );
    expect(parsed.format).toBe('discussion');
    expect(parsed.publisher).toBe('r/LocalLLaMA');
    const comments = parsed.stories[0]!.extras;
    expect(comments.map((part) => part.heading)).toEqual(['index_ivan · 25 points', 'vec_vera · 9 points']);
    expect(comments[0]!.paragraphs).toEqual([
      '> > every model upgrade',
      '> No shortcut: the spaces differ.',
      'Re-embed in the background and switch when done.',
    ]);
    expect(comments[1]!.paragraphs).toEqual(['That is what we do now, it takes two days.']);
  });

  it('a list of events, a feed digest and team notes with bold names and times stay documents', () => {
    const events = md(
      '# AI events this month',
      '',
      '- **NeurIPS** · Dec 2: the main conference, San Diego.',
      '- **EMNLP** · Nov 12: papers on retrieval and evaluation.',
    );
    const feed = md(
      '# Morning feeds',
      '',
      '## [OpenAI ships a cheaper reasoning tier](https://example.com/a)',
      '',
      '**TechCrunch** · 3 hours ago',
      '',
      'The new tier costs a fifth of the old one.',
      '',
      '## [Chip export rules tighten again](https://example.com/b)',
      '',
      '**Reuters** · 5 hours ago',
      '',
      'New limits cover memory as well as accelerators.',
    );
    const notes = md(
      '# Team sync',
      '',
      '**alice** — 2026-11-20',
      'Shipped the eval harness.',
      '',
      '**bob** — 2026-11-20',
      'Still blocked on GPU quota.',
    );
    for (const [name, text] of [
      ['events.md', events],
      ['feed.md', feed],
      ['notes.md', notes],
    ] as const)
      expect([name, parseText(text, name).format]).toEqual([name, 'markdown']);
  });
});
