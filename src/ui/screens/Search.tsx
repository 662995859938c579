import { Box } from 'ink';
import React from 'react';
import { PromptLine } from '../components/StatusBar';
import { Rows } from '../components/Rows';
import { geometry, type ReaderState } from '../state';
import type { World } from '../world';
import { storyRow } from './Starred';

/** The search box over its results, which fill in while the library's text is read. */
export function SearchScreen({ state, world }: { state: ReaderState; world: World }) {
  const g = geometry(state.size, 'search');
  const query = state.search?.query ?? '';
  const hits = world.searchHits(query);
  const start = state.tops.search;
  const height = Math.max(1, g.body - 1);
  const rows = hits.slice(start, start + height).map((ref, i) => storyRow(world, ref, world.isRead(ref.story) ? ' ' : '●', start + i));
  const selected = hits.findIndex((ref) => ref.briefing === state.search?.at?.briefing && ref.story === state.search?.at?.story);
  return (
    <Box flexDirection="column" height={g.body}>
      <PromptLine label="/ " value={query} />
      <Rows rows={rows} start={0} height={height} selected={selected} />
    </Box>
  );
}

export function searchWhere(state: ReaderState, world: World): string {
  const query = state.search?.query ?? '';
  const count = world.searchHits(query).length;
  const reading = world.searchProgress < 1 ? ` · reading ${Math.floor(world.searchProgress * 100)}%` : '';
  const matches = `${count}${count === 200 ? '+' : ''} ${count === 1 ? 'match' : 'matches'}`;
  return `${query ? matches : 'Search'}${reading}`;
}
