import { Box, Text } from 'ink';
import React, { useSyncExternalStore } from 'react';
import { StatusBar, PromptLine } from './components/StatusBar';
import { statusHints } from './keymap';
import { fit } from './layout';
import { LibraryScreen, libraryWhere } from './screens/Library';
import { PageOverlay, pageWhere } from './screens/Page';
import { SearchScreen, searchWhere } from './screens/Search';
import { StarredScreen, starredWhere } from './screens/Starred';
import { StoriesScreen, storiesWhere } from './screens/Stories';
import { TodayScreen, todayTitle, todayWhere } from './screens/Today';
import { geometry, MIN_COLUMNS, MIN_ROWS, modeOf } from './state';
import type { ReaderStore } from './store';

/**
 * The reader's root: draws the store's snapshot. Keys never come through here; the input
 * layer hands them to the store, and this only wires the screens together.
 */
export function App({ store }: { store: ReaderStore }) {
  const { state, world } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { columns, rows } = state.size;
  const g = geometry(state.size, state.screen);
  if (g.tooSmall)
    return <Text wrap="truncate-end">{`Terminal too small (${columns}x${rows}); digest needs ${MIN_COLUMNS}x${MIN_ROWS}. q quits.`}</Text>;

  const overlay = state.overlay;
  let body: React.ReactNode;
  let where: string;
  if (overlay?.kind === 'page') {
    body = <PageOverlay state={state} world={world} page={overlay} />;
    where = pageWhere(state, world, overlay);
  } else if (state.screen === 'library') {
    body = <LibraryScreen state={state} world={world} />;
    where = libraryWhere(state, world);
  } else if (state.screen === 'starred') {
    body = <StarredScreen state={state} world={world} />;
    where = starredWhere(state, world);
  } else if (state.screen === 'today') {
    body = <TodayScreen state={state} world={world} />;
    where = todayWhere(state, world);
  } else if (state.screen === 'search') {
    body = <SearchScreen state={state} world={world} />;
    where = searchWhere(state, world);
  } else {
    body = <StoriesScreen state={state} world={world} />;
    where = storiesWhere(state, world);
  }

  // Until the marks are on disk again, the status line says so on every screen.
  if (world.marks.error) where = `⚠ marks not saved · ${where}`;
  // Drawn from the snapshot of the last run: until every file is checked against it, the screen says so.
  if (world.checking) where = `${where} · checking files…`;
  const title = world.head(state.briefing)?.title ?? '';
  // The header names the view: a briefing's title on its screens, Starred and Search on theirs.
  const view =
    overlay?.kind === 'page' || state.screen === 'library'
      ? null
      : state.screen === 'starred'
        ? 'Starred'
        : state.screen === 'search'
          ? 'Search'
          : state.screen === 'today'
            ? todayTitle(state, world)
            : title;
  const header =
    view === null ? `digest${state.options.pick ? ' · pick a story: | prints it' : ''}` : `digest › ${fit(view, columns - 12)}`;
  let status: React.ReactNode = <StatusBar width={columns} where={where} message={state.message} hints={statusHints(modeOf(state))} />;
  if (overlay?.kind === 'confirm')
    status = <StatusBar width={columns} where={overlay.question} message={null} hints={statusHints('confirm')} />;
  if (overlay?.kind === 'pipe') status = <PromptLine label="| pipe the story to: " value={overlay.command} />;

  return (
    <Box flexDirection="column" width={columns} height={g.height}>
      <Text bold color="cyan" wrap="truncate-end">
        {header}
      </Text>
      <Box height={g.body} flexDirection="column">
        {body}
      </Box>
      {status}
    </Box>
  );
}
