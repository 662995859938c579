import { describe, expect, it } from 'vitest';
import { parseText } from '../src/parse/index';

describe('a roundup of numbered sentences with their links', () => {
  const roundup = (items: string[]) => parseText(['Chip and model notes, 27 November 2026', '', ...items].join('\n'), 'notes.txt');

  it('splits title and summary at the first sentence, whatever the spaces', () => {
    const parsed = roundup([
      '1. Northgate cut  its GPU rental price for December.  Reserved capacity is sold out.',
      'https://northgate.example/pricing',
      '',
      '2. Corvid shipped a speech model.',
      'https://corvid.example/speech',
      '',
      '3. The UK regulator opened a consultation on synthetic images.',
      'https://regwatch.example/uk',
    ]);
    expect(parsed.stories.map((story) => [story.title, story.summary])).toEqual([
      ['Northgate cut its GPU rental price for December.', 'Reserved capacity is sold out.'],
      ['Corvid shipped a speech model.', null],
      ['The UK regulator opened a consultation on synthetic images.', null],
    ]);
  });

  it('leaves a numbered how-to in one block to the story before it', () => {
    const parsed = roundup([
      '1. Corvid shipped a speech model.',
      'https://corvid.example/speech',
      '',
      '2. The UK regulator opened a consultation on synthetic images.',
      'https://regwatch.example/uk',
      '',
      '1. Open the app.',
      '2. Tap Settings, then Labs.',
      '3. Turn on Export → https://help.example/export',
    ]);
    expect(parsed.stories.map((story) => story.title)).toEqual([
      'Corvid shipped a speech model.',
      'The UK regulator opened a consultation on synthetic images.',
    ]);
  });
});
