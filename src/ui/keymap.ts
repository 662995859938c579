import type { Key } from 'ink';

export type Screen = 'library' | 'briefing' | 'story' | 'starred';

export type Action =
  | 'down'
  | 'up'
  | 'top'
  | 'bottom'
  | 'pageDown'
  | 'pageUp'
  | 'halfDown'
  | 'halfUp'
  | 'space'
  | 'open'
  | 'back'
  | 'quit'
  | 'nextStory'
  | 'prevStory'
  | 'nextUnread'
  | 'prevUnread'
  | 'nextSection'
  | 'prevSection'
  | 'openSource'
  | 'copySource'
  | 'search'
  | 'help'
  | 'parts'
  | 'pipe'
  | 'toggleRead'
  | 'markAllRead'
  | 'undo'
  | 'unreadOnly'
  | 'star'
  | 'starred';

export interface Binding {
  action: Action;
  keys: string[];
  help: string;
  screens: Screen[];
}

const ALL: Screen[] = ['library', 'briefing', 'story', 'starred'];
const LISTS: Screen[] = ['library', 'briefing', 'starred'];
const STORIES: Screen[] = ['briefing', 'story', 'starred'];

/** Every key the reader knows, as data: input handling looks actions up here and the help screen lists it. */
export const KEYMAP: Binding[] = [
  { action: 'down', keys: ['j', 'down'], help: 'move down', screens: LISTS },
  { action: 'up', keys: ['k', 'up'], help: 'move up', screens: LISTS },
  { action: 'down', keys: ['j', 'down'], help: 'scroll down (next source in sources)', screens: ['story'] },
  { action: 'up', keys: ['k', 'up'], help: 'scroll up (previous source in sources)', screens: ['story'] },
  { action: 'top', keys: ['g', 'home'], help: 'to the top', screens: ALL },
  { action: 'bottom', keys: ['G', 'end'], help: 'to the bottom', screens: ALL },
  { action: 'pageDown', keys: ['pagedown', 'ctrl+f'], help: 'page down', screens: ALL },
  { action: 'pageUp', keys: ['pageup', 'ctrl+b'], help: 'page up', screens: ALL },
  { action: 'halfDown', keys: ['ctrl+d'], help: 'half a page down', screens: ALL },
  { action: 'halfUp', keys: ['ctrl+u'], help: 'half a page up', screens: ALL },
  { action: 'space', keys: ['space'], help: 'page down; at the end, the next unread story', screens: ['story'] },
  { action: 'space', keys: ['space'], help: 'page down', screens: LISTS },
  { action: 'open', keys: ['enter', 'l', 'right'], help: 'open', screens: LISTS },
  { action: 'open', keys: ['enter', 'o'], help: 'open the selected source in the browser', screens: ['story'] },
  { action: 'back', keys: ['escape', 'h', 'left', 'q'], help: 'back one level', screens: ['briefing', 'story', 'starred'] },
  { action: 'quit', keys: ['q'], help: 'quit', screens: ['library'] },
  { action: 'quit', keys: ['ctrl+c'], help: 'quit from anywhere', screens: ALL },
  { action: 'nextStory', keys: ['J'], help: 'next story (into the next briefing at the end)', screens: STORIES },
  { action: 'prevStory', keys: ['K'], help: 'previous story', screens: STORIES },
  { action: 'nextUnread', keys: ['n'], help: 'next unread story, anywhere', screens: ALL },
  { action: 'prevUnread', keys: ['N'], help: 'previous unread story', screens: ALL },
  { action: 'nextSection', keys: ['tab'], help: 'next section: summary, takeaways, quotes, sources…', screens: ['story'] },
  { action: 'prevSection', keys: ['shift+tab'], help: 'previous section', screens: ['story'] },
  { action: 'copySource', keys: ['y'], help: "copy the selected source's URL (OSC 52)", screens: ['story'] },
  { action: 'toggleRead', keys: ['m'], help: 'mark read / unread', screens: STORIES },
  { action: 'markAllRead', keys: ['A'], help: 'mark the whole briefing read (asks first)', screens: ['library', 'briefing'] },
  { action: 'undo', keys: ['u'], help: 'undo the last read-state change', screens: ALL },
  { action: 'unreadOnly', keys: ['U'], help: 'show only unread', screens: ['library', 'briefing'] },
  { action: 'star', keys: ['s'], help: 'star / unstar', screens: STORIES },
  { action: 'starred', keys: ['S'], help: 'starred stories', screens: ['library'] },
  { action: 'search', keys: ['/'], help: 'search titles and text in the whole library', screens: ALL },
  { action: 'pipe', keys: ['|'], help: 'pipe the story to a command (in pick mode: print it and exit)', screens: STORIES },
  { action: 'parts', keys: ['i'], help: "the briefing's other parts: open question, transcript, notes…", screens: ['briefing', 'story'] },
  { action: 'help', keys: ['?'], help: 'this help', screens: ALL },
];

/** Ink's (input, key) as one name: "j", "J", "enter", "ctrl+d", "shift+tab", "space". */
export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  // Ctrl-J (a newline) is Enter too, as in most terminal programs; it is also what an Enter
  // typed before the reader took the terminal (while a large library loads) arrives as.
  if (key.return || input === '\n') return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}

export function actionFor(screen: Screen, name: string): Action | null {
  return KEYMAP.find((binding) => binding.screens.includes(screen) && binding.keys.includes(name))?.action ?? null;
}

/** The few keys worth showing in the status line, per screen. */
export const STATUS_KEYS: Record<Screen, string> = {
  library: 'enter open · n unread · / search · ? help · q quit',
  briefing: 'enter read · m mark · s star · ? help',
  story: 'space page · tab section · n unread · ? help',
  starred: 'enter read · s unstar · esc back',
};

const KEY_LABELS: Record<string, string> = { space: 'Space', enter: 'Enter', escape: 'Esc', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End', up: '↑', down: '↓', left: '←', right: '→' };
export const keyLabel = (name: string) => KEY_LABELS[name] ?? name.replace(/^ctrl\+/, 'Ctrl-').replace(/^shift\+tab$/, 'Shift-Tab').replace(/^tab$/, 'Tab');

/** The help screen's rows for one screen: every binding that works there. */
export function helpRows(screen: Screen): { keys: string; help: string }[] {
  return KEYMAP.filter((binding) => binding.screens.includes(screen)).map((binding) => ({ keys: binding.keys.map(keyLabel).join(' '), help: binding.help }));
}

const SEQUENCES: Record<string, string> = {
  '\x1b[A': 'up',
  '\x1b[B': 'down',
  '\x1b[C': 'right',
  '\x1b[D': 'left',
  '\x1bOA': 'up',
  '\x1bOB': 'down',
  '\x1bOC': 'right',
  '\x1bOD': 'left',
  '\x1b[5~': 'pageup',
  '\x1b[6~': 'pagedown',
  '\x1b[H': 'home',
  '\x1b[F': 'end',
  '\x1b[1~': 'home',
  '\x1b[4~': 'end',
  '\x1b[Z': 'shift+tab',
  '\x1b': 'escape',
  '\r': 'enter',
  '\n': 'enter',
  '\t': 'tab',
  '\x7f': 'backspace',
  ' ': 'space',
};

/**
 * Key names from a chunk of several keys: typed fast, repeated or pasted, a terminal delivers
 * "jj\r" in one read, which Ink hands over as one input.
 */
export function splitKeys(chunk: string): string[] {
  return (chunk.match(/\x1b\[[0-9;]*[A-Za-z~]|\x1bO[A-Z]|\x1b|[\s\S]/gu) ?? []).map((token) => {
    if (SEQUENCES[token]) return SEQUENCES[token]!;
    const code = token.charCodeAt(0);
    if (token.length === 1 && code >= 1 && code <= 26) return `ctrl+${String.fromCharCode(code + 96)}`;
    return token;
  });
}
