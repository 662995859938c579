import { Text } from 'ink';
import React from 'react';
import { Rows } from '../components/Rows';
import { fitSegments, type Row, type Segment } from '../layout';
import { geometry, type ReaderState } from '../state';
import type { StoryRef, World } from '../world';

/** A row for a story found elsewhere (starred, search results): marker, title, its briefing, cut to `width`. */
export function storyRow(world: World, ref: StoryRef, marker: string, item: number, width: number): Row {
  const head = world.head(ref.briefing);
  const title = head?.stories.find((s) => s.id === ref.story)?.title ?? '';
  const segments: Segment[] = [
    { text: `${marker} `, tone: 'unread' },
    { text: title, tone: 'title' },
    { text: `  ${head?.title ?? ''}`, tone: 'dim' },
  ];
  return { item, segments: fitSegments(segments, width) };
}

export function StarredScreen({ state, world }: { state: ReaderState; world: World }) {
  const g = geometry(state.size, 'starred');
  const list = world.starred();
  if (list.length === 0) return <Text dimColor>No starred stories yet: s stars the story under the cursor.</Text>;
  const start = state.tops.starred;
  const rows = list.slice(start, start + g.body).map((ref, i) => storyRow(world, ref, '★', start + i, state.size.columns - 2));
  const selected = list.findIndex((ref) => ref.briefing === state.starredAt?.briefing && ref.story === state.starredAt?.story);
  return <Rows rows={rows} start={0} height={g.body} selected={selected} />;
}

export function starredWhere(state: ReaderState, world: World): string {
  const list = world.starred();
  const here = list.findIndex((ref) => ref.briefing === state.starredAt?.briefing && ref.story === state.starredAt?.story);
  return `Starred · ${list.length ? here + 1 : 0}/${list.length}`;
}
