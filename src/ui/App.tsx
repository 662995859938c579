import { Box, Text, useApp, useInput } from 'ink';
import React, { useCallback, useMemo, useRef, useState } from 'react';
import { storyIds } from '../library/full';
import { fullBriefing, type Library } from '../library/load';
import { SearchIndex } from '../library/search';
import type { Briefing, Story } from '../model/types';
import { storyMarkdown } from '../print/story';
import type { MarkStore } from '../state/marks';
import { Rows } from './components/Rows';
import { StatusBar } from './components/StatusBar';
import { TextInput } from './components/TextInput';
import { useReadState } from './hooks/useReadState';
import { useTerminalSize } from './hooks/useTerminalSize';
import { actionFor, helpRows, keyName, splitKeys, STATUS_KEYS, type Action } from './keymap';
import { fit, layoutBriefing, layoutParts, layoutStory, libraryRow, type Row, type StoryLayout } from './layout';
import { initialNav, navigate, type NavState, type World } from './navigation';
import { clamp, windowStart } from './window';

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;
/** From this width the briefing list and the story stand side by side. */
export const SPLIT_COLUMNS = 120;

export type ExitResult =
  | { kind: 'quit'; nav: NavState; briefing: Briefing | null; story: Story | null }
  | { kind: 'pick'; markdown: string }
  | { kind: 'pipe'; command: string; markdown: string; nav: NavState };

export interface AppProps {
  library: Library;
  marks: MarkStore;
  initial?: Partial<NavState>;
  pick?: boolean;
  onExit: (result: ExitResult) => void;
  openUrl?: (url: string) => Promise<void>;
  copy?: (text: string) => void;
  /** How long a story must stay open before it counts as read. */
  readDelayMs?: number;
  /** Ctrl-Z: hand the terminal back to the shell until `fg`. */
  onSuspend?: () => void;
  /** Set with a new library (the folder changed): said in the status line. */
  libraryNote?: string;
}

/** A scrollable page over the screen: the help, or the briefing's own parts. */
type Overlay = null | { kind: 'page'; what: 'help' | 'parts'; scroll: number } | { kind: 'search'; query: string; cursor: number } | { kind: 'pipe'; command: string } | { kind: 'confirm'; question: string; run: () => void };

export function App({ library, marks, initial, pick = false, onExit, openUrl, copy, readDelayMs = 0, onSuspend, libraryNote }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const read = useReadState(marks);
  const [nav, setNav] = useState<NavState>({ ...initialNav, ...initial });
  const [overlay, setOverlay] = useState<Overlay>(null);
  /** Unread-only view: the stories unread when it was switched on stay listed until it is switched off. */
  const [unreadOnly, setUnreadOnly] = useState<Set<string> | null>(null);
  const listStart = useRef({ library: 0, briefing: 0, starred: 0, left: 0 });

  const briefings = useMemo(
    () => (unreadOnly ? library.briefings.filter((b) => b.stories.some((s) => unreadOnly.has(s.id))) : library.briefings),
    [library, unreadOnly],
  );

  // Layout: one header row, the body, one status row; the whole frame stays at most rows - 1
  // tall, since Ink redraws everything (and loses scrollback) when a frame fills the terminal.
  const height = Math.max(1, rows - 1);
  const bodyHeight = Math.max(1, height - 2);
  const split = columns >= SPLIT_COLUMNS && (nav.screen === 'briefing' || nav.screen === 'story');
  const leftWidth = split ? clamp(Math.floor(columns * 0.38), 36, 64) : columns;
  // Long lines are hard to read: the story keeps to 100 columns however wide the terminal.
  const readerWidth = Math.min(100, (split ? columns - leftWidth - 3 : columns) - 2);

  // Back from Ctrl-Z (fg) on a blank screen: a changed frame is what makes Ink draw it again.
  React.useEffect(() => {
    const resumed = () => setNav((n) => ({ ...n, message: `Resumed at ${new Date().toLocaleTimeString()}` }));
    process.on('SIGCONT', resumed);
    return () => {
      process.off('SIGCONT', resumed);
    };
  }, []);

  const storyLayouts = useRef(new Map<string, StoryLayout>());
  const storyLayout = useCallback(
    (b: number, s: number): StoryLayout => {
      const head = briefings[b];
      const headStory = head?.stories[s];
      if (!head || !headStory) return { rows: [], anchors: [], sourceRows: [] };
      const key = `${headStory.id}:${readerWidth}`;
      let layout = storyLayouts.current.get(key);
      if (!layout) {
        if (storyLayouts.current.size > 64) storyLayouts.current.clear();
        const briefing = fullBriefing(head);
        layout = layoutStory(briefing, briefing.stories[s] ?? headStory, readerWidth);
        storyLayouts.current.set(key, layout);
      }
      return layout;
    },
    [briefings, readerWidth],
  );

  const visibleStories = useCallback(
    (b: number) => (briefings[b]?.stories ?? []).flatMap((story, s) => (!unreadOnly || unreadOnly.has(story.id) ? [s] : [])),
    [briefings, unreadOnly],
  );

  // Whole-library questions take the marks as one set: at 10,000 briefings, asking story by
  // story cost 100 ms at start and on every mark.
  const starred = useMemo(() => {
    const ids = marks.ids('starred');
    return ids.size === 0 ? [] : briefings.flatMap((briefing, b) => storyIds(briefing).flatMap((id, s) => (ids.has(id) ? [{ b, s }] : [])));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [briefings, marks, read.version]);

  const briefingRows = useCallback(
    (b: number): Row[] => {
      const briefing = briefings[b];
      if (!briefing) return [];
      // The library holds heads: highlights, parts and teasers come from the whole briefing.
      return layoutBriefing(fullBriefing(briefing), (split ? leftWidth - 1 : columns) - 2, read.isRead, read.isStarred, unreadOnly ? (story) => unreadOnly.has(story.id) : undefined);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [briefings, split, leftWidth, columns, unreadOnly, read.version],
  );

  const world: World = { briefings, isRead: read.isRead, starred, page: bodyHeight, storyLayout, briefingRows, visibleStories };

  const currentBriefing = briefings[nav.b] ?? null;
  const currentStory = currentBriefing?.stories[nav.s] ?? null;

  // A new library (files arrived or changed): stay on the same briefing and story, by id.
  const shownIds = useRef({ library, briefing: currentBriefing?.id, story: currentStory?.id });
  if (shownIds.current.library !== library) {
    const { briefing, story } = shownIds.current;
    shownIds.current.library = library;
    const b = Math.max(0, briefings.findIndex((x) => x.id === briefing));
    const s = Math.max(0, briefings[b]?.stories.findIndex((x) => x.id === story) ?? 0);
    storyLayouts.current.clear();
    if (b !== nav.b || s !== nav.s || libraryNote) setNav((n) => ({ ...n, b, s, message: libraryNote ?? n.message }));
  } else {
    shownIds.current.briefing = currentBriefing?.id;
    shownIds.current.story = currentStory?.id;
  }

  const leave = (result: ExitResult) => {
    onExit(result);
    exit();
  };

  const say = (message: string) => setNav((n) => ({ ...n, message }));

  // Opening a story marks it read; auto-marking only ever sets read, never toggles back.
  // With a read delay (like mutt's pager_read_delay) only a story that stays open that long counts.
  const openedId = nav.screen === 'story' ? currentStory?.id : undefined;
  React.useEffect(() => {
    if (!openedId) return;
    const markRead = () => read.change([{ id: openedId, key: 'read', value: true }]);
    if (readDelayMs <= 0) return void markRead();
    const timer = setTimeout(markRead, readDelayMs);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openedId]);

  const selectedStory = (): { briefing: Briefing; story: Story } | null => {
    if (nav.screen === 'starred') {
      const at = starred[nav.starred];
      const briefing = at ? briefings[at.b] : undefined;
      return briefing && at ? { briefing, story: briefing.stories[at.s]! } : null;
    }
    if (nav.screen === 'library' || !currentBriefing || !currentStory) return null;
    return { briefing: currentBriefing, story: currentStory };
  };
  /** The chosen story whole, for printing and piping. */
  const chosenMarkdown = (): string | null => {
    const chosen = selectedStory();
    if (!chosen) return null;
    const briefing = fullBriefing(chosen.briefing);
    return storyMarkdown(briefing, briefing.stories.find((s) => s.id === chosen.story.id) ?? chosen.story);
  };

  const selectedSource = () => (nav.screen === 'story' && nav.focus === 'sources' && currentBriefing ? fullBriefing(currentBriefing).stories[nav.s]?.sources[nav.source] : undefined);

  const act = (action: Action) => {
    switch (action) {
      case 'quit':
        return leave(pick ? { kind: 'quit', nav, briefing: null, story: null } : { kind: 'quit', nav, briefing: currentBriefing, story: nav.screen === 'library' ? null : currentStory });
      case 'help':
        return setOverlay({ kind: 'page', what: 'help', scroll: 0 });
      case 'parts':
        if (!currentBriefing || fullBriefing(currentBriefing).extras.length === 0) return say('This briefing has no other parts');
        return setOverlay({ kind: 'page', what: 'parts', scroll: 0 });
      case 'search':
        return setOverlay({ kind: 'search', query: '', cursor: 0 });
      case 'pipe': {
        const markdown = chosenMarkdown();
        if (markdown === null) return;
        if (pick) return leave({ kind: 'pick', markdown });
        return setOverlay({ kind: 'pipe', command: '' });
      }
      case 'toggleRead':
      case 'star': {
        const chosen = selectedStory();
        if (!chosen) return;
        const key = action === 'star' ? 'starred' : 'read';
        const value = !marks.get(chosen.story.id, key);
        read.change([{ id: chosen.story.id, key, value }]);
        return say(action === 'star' ? (value ? 'Starred' : 'Unstarred') : value ? 'Marked read' : 'Marked unread');
      }
      case 'markAllRead': {
        const briefing = currentBriefing;
        if (!briefing) return;
        const unread = briefing.stories.filter((s) => !read.isRead(s.id));
        if (unread.length === 0) return say('Every story here is read already');
        return setOverlay({
          kind: 'confirm',
          question: `Mark all ${unread.length} unread stories in "${fit(briefing.title, 40)}" read? y/n`,
          run: () => {
            read.change(unread.map((s) => ({ id: s.id, key: 'read' as const, value: true })));
            say(`Marked ${unread.length} stories read (u undoes)`);
          },
        });
      }
      case 'undo': {
        const undone = read.undo();
        return say(undone > 0 ? `Undid ${undone} change${undone === 1 ? '' : 's'}` : 'Nothing to undo');
      }
      case 'unreadOnly': {
        const id = currentBriefing?.id;
        const readIds = unreadOnly ? null : marks.ids('read');
        const next = readIds ? new Set(library.briefings.flatMap((b) => b.stories.filter((s) => !readIds.has(s.id)).map((s) => s.id))) : null;
        setUnreadOnly(next);
        const list = next ? library.briefings.filter((b) => b.stories.some((s) => next.has(s.id))) : library.briefings;
        const b = Math.max(0, list.findIndex((x) => x.id === id));
        const first = Math.max(0, list[b]?.stories.findIndex((story) => !next || next.has(story.id)) ?? 0);
        return setNav((n) => ({ ...n, b, s: first, message: next ? 'Showing unread only (U shows all)' : 'Showing all stories' }));
      }
      case 'copySource': {
        const url = selectedSource()?.url;
        if (!url) return say(nav.focus === 'sources' ? 'This source has no URL' : 'Tab to Sources first, then y copies a URL');
        copy?.(url);
        return say('Copied the URL');
      }
      case 'open': {
        const source = selectedSource();
        if (source) {
          if (!source.url) return say('This source has no URL');
          say(`Opening ${source.url}`);
          openUrl?.(source.url).catch((error: Error) => say(`Could not open the URL: ${error.message}`));
          return;
        }
        break;
      }
    }
    setNav((n) => navigate(n, action, world));
  };

  // Keys are judged against the screen the key before them left: one that arrives before that
  // screen is drawn (several keys in one chunk, or fast typing on a slow machine: Enter then |
  // used to pipe nothing) waits in this queue and is handled after the next frame.
  const keyQueue = useRef<string[]>([]);
  const frameOwed = useRef(false);
  const [queueTick, setQueueTick] = useState(0);
  React.useLayoutEffect(() => {
    frameOwed.current = false;
  });
  const enqueue = (names: string[]) => {
    keyQueue.current.push(...names);
    setQueueTick((t) => t + 1);
  };
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return act('quit');
      if (key.ctrl && input === 'z') return onSuspend?.();
      const names = input.length > 1 && !key.ctrl && !key.meta ? splitKeys(input) : [keyName(input, key)];
      if (frameOwed.current || keyQueue.current.length > 0) return enqueue(names);
      const [first, ...rest] = names;
      const action = first ? actionFor(nav.screen, first) : null;
      if (action) {
        act(action);
        frameOwed.current = true;
      }
      if (rest.length > 0) enqueue(rest);
    },
    { isActive: overlay === null },
  );
  React.useEffect(() => {
    const name = keyQueue.current.shift();
    if (name === undefined) return;
    frameOwed.current = true;
    // Every queued key gets a frame of its own, even one that changes nothing.
    if (keyQueue.current.length > 0) setQueueTick((t) => t + 1);
    // Typed straight after "/" or "|", in the same chunk: the text belongs to the input.
    if (overlay?.kind === 'search' || overlay?.kind === 'pipe') {
      const char = name === 'space' ? ' ' : name;
      if ([...char].length !== 1) return;
      if (overlay.kind === 'search') setOverlay({ ...overlay, query: overlay.query + char, cursor: 0 });
      else setOverlay({ ...overlay, command: overlay.command + char });
      return;
    }
    if (overlay !== null) return;
    if (name === 'ctrl+c') return act('quit');
    const action = actionFor(nav.screen, name);
    if (action) act(action);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queueTick]);

  useInput(
    (input, key) => {
      if (overlay?.kind === 'page') {
        // j/k and paging scroll a page longer than the screen; any other key closes it.
        const name = keyName(input, key);
        const step = { j: 1, down: 1, k: -1, up: -1, space: bodyHeight - 1, pagedown: bodyHeight - 1, pageup: 1 - bodyHeight }[name];
        if (step !== undefined) setOverlay({ ...overlay, scroll: clamp(overlay.scroll + step, 0, Math.max(0, pageRows(overlay.what).length - bodyHeight)) });
        else if (key.ctrl && input === 'c') act('quit');
        else setOverlay(null);
      } else if (overlay?.kind === 'confirm') {
        setOverlay(null);
        if (input === 'y' || input === 'Y') overlay.run();
        else say('Left as it was');
      } else if (key.ctrl && input === 'c') act('quit');
    },
    { isActive: overlay?.kind === 'page' || overlay?.kind === 'confirm' },
  );

  const pageRows = (what: 'help' | 'parts'): Row[] => {
    if (what === 'parts') return currentBriefing ? layoutParts(fullBriefing(currentBriefing), columns - 4) : [];
    return [
      { segments: [{ text: `Keys on the ${nav.screen} screen (j/k scroll, any other key closes)`, tone: 'heading' }] },
      { segments: [{ text: '', tone: 'body' }] },
      ...helpRows(nav.screen).map((row) => ({ segments: [{ text: row.keys.padEnd(22), tone: 'title' as const }, { text: row.help, tone: 'body' as const }] })),
    ];
  };

  // The search reads the library's text a slice at a time while the search is open, so typing
  // never waits for 10,000 files; results fill in as it goes.
  const searchIndex = useMemo(() => new SearchIndex(library.briefings, fullBriefing), [library]);
  const [searchRead, setSearchRead] = useState(0);
  const searching = overlay?.kind === 'search';
  React.useEffect(() => {
    if (!searching || searchIndex.done) return;
    // Slices of 30 ms with the keyboard read between them; results redrawn a few times a second.
    let shown = performance.now();
    let next = setImmediate(function step() {
      const more = searchIndex.step(30);
      if (!more || performance.now() - shown > 250) {
        shown = performance.now();
        setSearchRead(searchIndex.progress);
      }
      if (more) next = setImmediate(step);
    });
    return () => clearImmediate(next);
  }, [searching, searchIndex]);
  const results = useMemo(
    () => (overlay?.kind === 'search' ? searchIndex.search(overlay.query, 200) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [searchIndex, overlay, searchRead],
  );

  // Counted once per change of marks or library, not on every keypress.
  const totalUnread = useMemo(() => {
    const ids = marks.ids('read');
    let unread = 0;
    for (const briefing of library.briefings) for (const id of storyIds(briefing)) if (!ids.has(id)) unread++;
    return unread;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [library, marks, read.version]);

  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return <Text wrap="truncate-end">{`Terminal too small (${columns}x${rows}); digest needs ${MIN_COLUMNS}x${MIN_ROWS}. q quits.`}</Text>;
  }



  let body: React.ReactNode;
  let where = '';
  if (overlay?.kind === 'page') {
    const lines = pageRows(overlay.what);
    const scroll = clamp(overlay.scroll, 0, Math.max(0, lines.length - bodyHeight));
    body = <Rows rows={lines} start={scroll} height={bodyHeight} selected={null} />;
    const title = overlay.what === 'help' ? 'Help' : 'About this briefing';
    where = lines.length > bodyHeight ? `${title} · j/k scroll${scroll + bodyHeight < lines.length ? ' · more below' : ''}` : title;
  } else if (overlay?.kind === 'search') {
    const cursor = clamp(overlay.cursor, 0, Math.max(0, results.length - 1));
    const resultRows: Row[] = results.map((r, i) => {
      const briefing = library.briefings[r.b]!;
      const story = briefing.stories[r.s]!;
      return { item: i, segments: [{ text: read.isRead(story.id) ? '  ' : '● ', tone: 'unread' }, { text: `${story.title}`, tone: 'title' }, { text: `  ${briefing.title}`, tone: 'dim' }] };
    });
    const start = windowStart(cursor, resultRows.length, bodyHeight - 1);
    const submit = () => {
      const hit = results[cursor];
      setOverlay(null);
      if (!hit) return;
      const target = library.briefings[hit.b]!;
      setUnreadOnly(null);
      setNav((n) => ({ ...n, screen: 'story', b: library.briefings.indexOf(target), s: hit.s, scroll: 0, focus: 'text', source: 0, section: null, returnTo: 'briefing', message: null }));
    };
    body = (
      <Box flexDirection="column" height={bodyHeight}>
        <TextInput
          label="/ "
          value={overlay.query}
          onChange={(query) => setOverlay({ kind: 'search', query, cursor: 0 })}
          onSubmit={submit}
          onCancel={() => setOverlay(null)}
          onQuit={() => act('quit')}
          onKey={(dir) => setOverlay({ ...overlay, cursor: clamp(cursor + (dir === 'down' ? 1 : -1), 0, Math.max(0, results.length - 1)) })}
        />
        <Rows rows={resultRows} start={start} height={bodyHeight - 1} selected={cursor} />
      </Box>
    );
    const reading = searchIndex.done ? '' : ` · reading ${Math.floor(searchIndex.progress * 100)}%`;
    where = `${overlay.query ? `${results.length}${results.length === 200 ? '+' : ''} matches` : 'Search'}${reading}`;
  } else if (nav.screen === 'library') {
    const now = new Date();
    const start = windowStart(nav.b, briefings.length, bodyHeight, listStart.current.library);
    listStart.current.library = start;
    const visible: Row[] = briefings.slice(start, start + bodyHeight).map((briefing, i) => ({
      item: start + i,
      segments: libraryRow(briefing, storyIds(briefing).filter((id) => !read.isRead(id)).length, columns - 2, now),
    }));
    body = briefings.length === 0 ? <Text dimColor>{unreadOnly ? 'No unread stories. U shows everything.' : 'No briefings here. Run digest PATH, or digest config library DIR.'}</Text> : <Rows rows={visible} start={0} height={bodyHeight} selected={nav.b} />;
    where = `Library · ${briefings.length ? nav.b + 1 : 0}/${briefings.length} · ${totalUnread} unread${unreadOnly ? ' · unread only' : ''}`;
  } else if (nav.screen === 'starred') {
    const starredRows: Row[] = starred.map((at, i) => {
      const briefing = briefings[at.b]!;
      return { item: i, segments: [{ text: '★ ', tone: 'unread' }, { text: briefing.stories[at.s]!.title, tone: 'title' }, { text: `  ${briefing.title}`, tone: 'dim' }] };
    });
    const start = windowStart(nav.starred, starredRows.length, bodyHeight, listStart.current.starred);
    listStart.current.starred = start;
    body = starredRows.length === 0 ? <Text dimColor>No starred stories yet: s stars the story under the cursor.</Text> : <Rows rows={starredRows} start={start} height={bodyHeight} selected={nav.starred} />;
    where = `Starred · ${starred.length ? nav.starred + 1 : 0}/${starred.length}`;
  } else {
    const rowsHere = briefingRows(nav.b);
    const cursorRow = Math.max(0, rowsHere.findIndex((r) => r.item === nav.s));
    const listHeight = bodyHeight;
    const firstVisible = visibleStories(nav.b)[0];
    let start = nav.s === firstVisible ? 0 : windowStart(cursorRow + 1, rowsHere.length, listHeight, listStart.current.briefing);
    if (cursorRow < start) start = cursorRow;
    listStart.current.briefing = start;
    const list = <Rows rows={rowsHere} start={start} height={listHeight} selected={nav.s} />;
    const storyNumber = `${nav.s + 1}/${currentBriefing?.stories.length ?? 0}`;
    const briefingNumber = `${nav.b + 1}/${briefings.length}`;
    if (nav.screen === 'briefing' && !split) {
      body = list;
    } else {
      const layout = storyLayout(nav.b, nav.s);
      const scroll = nav.screen === 'story' ? clamp(nav.scroll, 0, Math.max(0, layout.rows.length - bodyHeight)) : 0;
      const reader = <Rows rows={layout.rows} start={scroll} height={bodyHeight} selected={nav.screen === 'story' && nav.focus === 'sources' ? nav.source : null} />;
      body = split ? (
        <Box flexDirection="row" height={bodyHeight}>
          <Box width={leftWidth} flexShrink={0}>
            {list}
          </Box>
          <Box width={1} flexShrink={0} flexDirection="column">
            <Text color="gray">{'│\n'.repeat(bodyHeight).trimEnd()}</Text>
          </Box>
          <Box flexGrow={1} marginLeft={1}>
            {reader}
          </Box>
        </Box>
      ) : (
        reader
      );
    }
    const percent = nav.screen === 'story' ? (() => {
      const layout = storyLayout(nav.b, nav.s);
      const max = layout.rows.length - bodyHeight;
      return max <= 0 ? 'all' : `${Math.round((clamp(nav.scroll, 0, max) / max) * 100)}%`;
    })() : null;
    where = `Briefing ${briefingNumber} · story ${storyNumber}${percent ? ` · ${percent}` : ''} · ${totalUnread} unread`;
  }

  const header = nav.screen === 'library' || overlay ? `digest${pick ? ' · pick a story: | prints it' : ''}` : `digest › ${fit(currentBriefing?.title ?? '', columns - 12)}`;
  let status: React.ReactNode = <StatusBar width={columns} where={where} message={nav.message} keys={STATUS_KEYS[nav.screen]} />;
  if (overlay?.kind === 'confirm') status = <Text color="yellow" wrap="truncate-end">{overlay.question}</Text>;
  if (overlay?.kind === 'pipe') {
    status = (
      <TextInput
        label="| pipe the story to: "
        value={overlay.command}
        onChange={(command) => setOverlay({ kind: 'pipe', command })}
        onCancel={() => setOverlay(null)}
        onQuit={() => act('quit')}
        onSubmit={(command) => {
          setOverlay(null);
          const markdown = chosenMarkdown();
          if (command.trim() && markdown !== null) leave({ kind: 'pipe', command: command.trim(), markdown, nav });
        }}
      />
    );
  }

  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Text bold color="cyan" wrap="truncate-end">
        {header}
      </Text>
      <Box height={bodyHeight} flexDirection="column">
        {body}
      </Box>
      {status}
    </Box>
  );
}
