import { Box } from 'ink';
import React from 'react';
import { PromptLine } from '../components/StatusBar';
import { Rows } from '../components/Rows';
import { fitSegments, type Row } from '../layout';
import { geometry, resultsPerScreen, type ReaderState } from '../state';
import type { StoryRef, World } from '../world';
import { storyRow } from './Starred';

/** The search box over its results, which fill in while the library's text is read. */
export function SearchScreen({ state, world }: { state: ReaderState; world: World }) {
  const g = geometry(state.size, 'search');
  const query = state.search?.query ?? '';
  const hits = world.searchHits(query);
  const start = state.tops.search;
  const height = Math.max(1, g.body - 1);
  const width = state.size.columns - 4;
  // Each result: its title and briefing, then where its text matches, the match emphasised.
  const rows: Row[] = hits.slice(start, start + resultsPerScreen(state.size)).flatMap((ref, i) => {
    const snippet = world.snippet(ref, query, width);
    const text: Row =
      snippet === undefined
        ? // Its text is still being read: the line fills in a frame later.
          { item: start + i, segments: [{ text: '  …', tone: 'dim' }] }
        : snippet
          ? {
              item: start + i,
              segments: fitSegments(
                [
                  { text: `  ${snippet.before}`, tone: 'dim' },
                  { text: snippet.match, tone: 'title' },
                  { text: snippet.after, tone: 'dim' },
                ],
                state.size.columns - 2,
              ),
            }
          : // Matched in the title only: the story's opening line, so the row still says what it is about.
            { item: start + i, segments: fitSegments([{ text: `  ${teaser(world, ref)}`, tone: 'dim' }], state.size.columns - 2) };
    return [storyRow(world, ref, world.isRead(ref.story) ? ' ' : '●', start + i, state.size.columns - 2), text];
  });
  const selected = hits.findIndex((ref) => ref.briefing === state.search?.at?.briefing && ref.story === state.search?.at?.story);
  return (
    <Box flexDirection="column" height={g.body}>
      <PromptLine label="/ " value={query} />
      <Rows rows={rows} start={0} height={height} selected={selected} />
    </Box>
  );
}

function teaser(world: World, ref: StoryRef): string {
  const story = world.story(ref)?.story;
  return story?.summary ?? story?.body[0] ?? story?.takeaways[0] ?? '';
}

export function searchWhere(state: ReaderState, world: World): string {
  const query = state.search?.query ?? '';
  const count = world.searchHits(query).length;
  const reading = world.searchProgress < 1 ? ` · reading ${Math.floor(world.searchProgress * 100)}%` : '';
  const matches = `${count}${count === 200 ? '+' : ''} ${count === 1 ? 'match' : 'matches'}`;
  return `${query ? matches : 'Search'}${reading}`;
}
