import type { Format, ParsedBriefing } from '../model/types';

/**
 * The parsers (every shape, marked and entities), bound once loaded. They take about 17 ms to
 * load, and the reader's first frame, drawn from the library snapshot, needs none of them: it
 * loads them right after (run.tsx), and every other entry point before it starts
 * (`runCommand`, the parse worker, the tests' setup).
 */
let parseText: ((raw: string, name: string, format?: Format) => ParsedBriefing) | null = null;
let loading: Promise<void> | null = null;

export function loadParser(): Promise<void> {
  loading ??= import('../parse/index').then((parsers) => {
    parseText = parsers.parseText;
  });
  return loading;
}

export const parserLoaded = (): boolean => parseText !== null;

/** Parses a briefing's text (see parse/index.ts); throws if the parsers are not loaded yet. */
export function parse(raw: string, name: string, format?: Format): ParsedBriefing {
  if (!parseText) throw new Error('the parsers are not loaded yet');
  return parseText(raw, name, format);
}
