import React from 'react';
import { Rows } from '../components/Rows';
import type { Row } from '../layout';
import { geometry, type ReaderState } from '../state';
import type { World } from '../world';

type Page = Extract<ReaderState['overlay'], { kind: 'page' }>;

export function pageRows(state: ReaderState, world: World, page: Page): Row[] {
  return world.pageRows(page.what, state.screen, state.briefing, state.size.columns);
}

/** A page over the screen: the help, or the briefing's own parts; j/k scroll it. */
export function PageOverlay({ state, world, page }: { state: ReaderState; world: World; page: Page }) {
  const g = geometry(state.size, state.screen);
  return <Rows rows={pageRows(state, world, page)} start={page.scroll} height={g.body} selected={null} />;
}

export function pageWhere(state: ReaderState, world: World, page: Page): string {
  const g = geometry(state.size, state.screen);
  const length = pageRows(state, world, page).length;
  const title = page.what === 'help' ? 'Help' : 'About this briefing';
  return length > g.body ? `${title} · j/k scroll${page.scroll + g.body < length ? ' · more below' : ''}` : title;
}
