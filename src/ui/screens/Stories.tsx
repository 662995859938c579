import { Box, Text } from 'ink';
import React from 'react';
import { Rows } from '../components/Rows';
import { geometry, positionOf, selectedRef, type ReaderState } from '../state';
import { clamp } from '../window';
import type { World } from '../world';

/**
 * The briefing screen (highlights, then its stories) and the story screen (the reader); from
 * 120 columns the two stand side by side, the list on the left.
 */
export function StoriesScreen({ state, world }: { state: ReaderState; world: World }) {
  const g = geometry(state.size, state.screen);
  const head = world.head(state.briefing);
  const storyIndex = head ? head.stories.findIndex((s) => s.id === state.story) : -1;
  const list = (
    <Rows
      rows={world.briefingRows(state.briefing, g.listWidth, state.unreadOnly)}
      start={state.tops.briefing}
      height={g.body}
      selected={storyIndex}
    />
  );
  if (state.screen === 'briefing' && !g.split) return list;
  const layout = world.storyLayout(selectedRef(state), g.readerWidth);
  const reading = state.screen === 'story';
  const reader = (
    <Rows
      rows={layout.rows}
      start={reading ? state.scroll : 0}
      height={g.body}
      selected={reading && state.focus === 'sources' ? state.source : null}
      marked={reading && state.section !== null ? (layout.anchors[state.section]?.row ?? null) : null}
      links={state.options.hyperlinks}
    />
  );
  if (!g.split) return reader;
  return (
    <Box flexDirection="row" height={g.body}>
      <Box width={g.leftWidth} flexShrink={0}>
        {list}
      </Box>
      <Box width={1} flexShrink={0} flexDirection="column">
        <Text color="gray">{'│\n'.repeat(g.body).trimEnd()}</Text>
      </Box>
      <Box flexGrow={1} marginLeft={1}>
        {reader}
      </Box>
    </Box>
  );
}

export function storiesWhere(state: ReaderState, world: World): string {
  const at = positionOf(state, world);
  let percent = '';
  if (state.screen === 'story') {
    const g = geometry(state.size, 'story');
    const layout = world.storyLayout(selectedRef(state), g.readerWidth);
    const max = layout.rows.length - g.body;
    percent = ` · ${max <= 0 ? 'all' : `${Math.round((clamp(state.scroll, 0, max) / max) * 100)}%`}`;
    if (layout.progress < 1) percent += ` · laying out ${Math.floor(layout.progress * 100)}%`;
    // Where Tab went, or the section the top of the screen is in.
    const section = state.section !== null ? layout.anchors[state.section] : layout.anchors.findLast((a) => a.row <= state.scroll);
    if (section && section.label !== 'Top') percent += ` · ${section.label}`;
  }
  return `Briefing ${at.briefing}/${at.briefings} · story ${at.story}/${at.stories}${percent} · ${world.unreadTotal()} unread`;
}
