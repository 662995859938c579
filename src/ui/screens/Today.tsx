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

/** The header: how much is there, and since when. */
export function todayTitle(state: ReaderState): string {
  const skim = state.skim?.skim;
  return skim ? `Today: ${skimHeadline(skim)} (${skimSince(skim)})` : 'Today';
}
