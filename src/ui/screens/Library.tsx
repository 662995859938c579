import { Text } from 'ink';
import React from 'react';
import { today } from '../../print/dates';
import { Rows } from '../components/Rows';
import { libraryColumns, libraryRow, type Row } from '../layout';
import { geometry, listedBriefings, type ReaderState } from '../state';
import type { World } from '../world';

/** One row per briefing, newest first, with unread/total; only the rows on screen are built. */
export function LibraryScreen({ state, world }: { state: ReaderState; world: World }) {
  const g = geometry(state.size, 'library');
  const list = listedBriefings(state, world);
  if (list.length === 0) {
    return (
      <Text dimColor>
        {state.unreadOnly ? 'No unread stories. U shows everything.' : 'No briefings here. Run digest PATH, or digest config library DIR.'}
      </Text>
    );
  }
  const now = today();
  const start = state.tops.library;
  const shown = list.slice(start, start + g.body);
  // Columns fit the rows on screen, so the title gets all the room they leave.
  const columns = libraryColumns(state.size.columns - 2, shown, now);
  const since = state.options.lastVisit;
  // Rows of the whole library are at their own places in it; a filtered list's are looked up.
  const place = (i: number) => (list === world.briefings ? start + i : -1);
  const rows: Row[] = shown.map((briefing, i) => ({
    item: i,
    segments: libraryRow(briefing, world.unreadIn(briefing), columns, now, world.isNew(briefing, since, place(i))),
  }));
  return <Rows rows={rows} start={0} height={g.body} selected={shown.findIndex((b) => b.id === state.briefing)} />;
}

export function libraryWhere(state: ReaderState, world: World): string {
  const list = listedBriefings(state, world);
  const here = list === world.briefings ? world.indexOf(state.briefing) : list.findIndex((b) => b.id === state.briefing);
  const fresh = world.newCount(state.options.lastVisit);
  return `Library · ${list.length ? here + 1 : 0}/${list.length} · ${world.unreadTotal()} unread${fresh > 0 ? ` · ${fresh} new ✦` : ''}${state.unreadOnly ? ' · unread only' : ''}`;
}
