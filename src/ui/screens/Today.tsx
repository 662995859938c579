import { Text } from 'ink';
import React from 'react';
import { skimHeadline, skimSince } from '../../print/skim';
import { Rows } from '../components/Rows';
import { geometry, type ReaderState } from '../state';
import type { World } from '../world';

/** The morning skim: a block per piece of news, most-covered first (see library/skim.ts). */
export function TodayScreen({ state, world }: { state: ReaderState; world: World }) {
  const g = geometry(state.size, 'today');
  const skim = state.skim?.skim;
  if (!skim || skim.groups.length === 0) return <Text dimColor>Nothing unread. Esc goes back.</Text>;
  return <Rows rows={world.skimRows(skim, g.listWidth)} start={state.tops.today} height={g.body} selected={state.skim!.at} />;
}

export function todayWhere(state: ReaderState, world: World): string {
  const skim = state.skim?.skim;
  if (!skim) return 'Today';
  const checking = world.relatedPending ? ' · checking coverage…' : '';
  return `Today · ${skim.groups.length ? state.skim!.at + 1 : 0}/${skim.groups.length}${checking}`;
}

/** The header: how much is left to read, as marks change, then since when. */
export function todayTitle(state: ReaderState, world: World): string {
  const skim = state.skim?.skim;
  if (!skim) return 'Today';
  let stories = 0;
  let words = 0;
  for (const group of skim.groups) {
    const unread = group.stories.filter(({ story }) => !world.isRead(story.id)).length;
    stories += unread;
    if (unread > 0) words += (group.words * unread) / group.stories.length;
  }
  const left = { ...skim, stories, minutes: stories === 0 ? 0 : Math.max(1, Math.round(words / 230)) };
  return `Today: ${skimHeadline(left, false)} (${skimSince(skim)})`;
}
