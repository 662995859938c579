/**
 * Every key the reader knows, as data. The reducer looks actions up here, and the `?` help,
 * the status-line hints and the README's key table are all made from the same list, so they
 * cannot disagree (tests/keymap.test.ts checks the README).
 */

/** Screens own the body; the other modes are prompts and pages over a screen. */
export type Screen = 'library' | 'briefing' | 'story' | 'starred' | 'search' | 'today';
export type Mode = Screen | 'pipe' | 'confirm' | 'page';

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
  | 'suspend'
  | 'nextStory'
  | 'prevStory'
  | 'nextUnread'
  | 'prevUnread'
  | 'nextSection'
  | 'prevSection'
  | 'copySource'
  | 'openNumbered'
  | 'search'
  | 'help'
  | 'parts'
  | 'pipe'
  | 'edit'
  | 'toggleRead'
  | 'markAllRead'
  | 'markNewsRead'
  | 'undo'
  | 'unreadOnly'
  | 'star'
  | 'starred'
  | 'today'
  | 'submit'
  | 'cancel'
  | 'deleteChar'
  | 'deleteWord'
  | 'clearInput'
  | 'yes'
  | 'no'
  | 'close';

export interface Binding {
  action: Action;
  keys: string[];
  help: string;
  modes: Mode[];
  /** A word or two for the status line; bindings without one appear only in the help. */
  hint?: string;
}

const SCREENS: Mode[] = ['library', 'briefing', 'story', 'starred', 'today'];
const LISTS: Mode[] = ['library', 'briefing', 'starred', 'today'];
const LIBRARY_AND_STORIES: Mode[] = ['library', 'briefing', 'story', 'starred'];
const STORIES: Mode[] = ['briefing', 'story', 'starred'];
const INPUTS: Mode[] = ['search', 'pipe'];
const EVERYWHERE: Mode[] = [...SCREENS, 'search', 'pipe', 'confirm', 'page'];

export const KEYMAP: Binding[] = [
  { action: 'down', keys: ['j', 'down'], help: 'move down', modes: LISTS },
  { action: 'up', keys: ['k', 'up'], help: 'move up', modes: LISTS },
  { action: 'down', keys: ['j', 'down'], help: 'scroll down (next source in sources)', modes: ['story'] },
  { action: 'up', keys: ['k', 'up'], help: 'scroll up (previous source in sources)', modes: ['story'] },
  { action: 'top', keys: ['g', 'home'], help: 'to the top', modes: SCREENS },
  { action: 'bottom', keys: ['G', 'end'], help: 'to the bottom', modes: SCREENS },
  { action: 'pageDown', keys: ['pagedown', 'ctrl+f'], help: 'page down', modes: SCREENS },
  { action: 'pageUp', keys: ['pageup', 'ctrl+b'], help: 'page up', modes: SCREENS },
  { action: 'halfDown', keys: ['ctrl+d'], help: 'half a page down', modes: SCREENS },
  { action: 'halfUp', keys: ['ctrl+u'], help: 'half a page up', modes: SCREENS },
  { action: 'space', keys: ['space'], help: 'page down; at the end, the next unread story', modes: ['story'], hint: 'page' },
  { action: 'space', keys: ['space'], help: 'page down', modes: LISTS },
  { action: 'open', keys: ['enter', 'l', 'right'], help: 'open', modes: ['library'], hint: 'open' },
  { action: 'open', keys: ['enter', 'l', 'right'], help: 'open', modes: ['briefing', 'starred'], hint: 'read' },
  { action: 'open', keys: ['enter', 'l', 'right'], help: 'read the news: its first unread story', modes: ['today'], hint: 'read' },
  { action: 'open', keys: ['enter', 'o'], help: 'open the selected source in the browser', modes: ['story'] },
  {
    action: 'back',
    keys: ['escape', 'h', 'left', 'q'],
    help: 'back one level',
    modes: ['briefing', 'story', 'starred', 'today'],
    hint: 'back',
  },
  { action: 'quit', keys: ['q'], help: 'quit', modes: ['library'], hint: 'quit' },
  { action: 'quit', keys: ['ctrl+c'], help: 'quit from anywhere', modes: EVERYWHERE },
  { action: 'suspend', keys: ['ctrl+z'], help: 'suspend to the shell (fg comes back)', modes: EVERYWHERE },
  { action: 'nextStory', keys: ['J'], help: 'next story (into the next briefing at the end)', modes: STORIES },
  { action: 'prevStory', keys: ['K'], help: 'previous story', modes: STORIES },
  { action: 'nextUnread', keys: ['n'], help: 'next unread story, anywhere', modes: LIBRARY_AND_STORIES, hint: 'unread' },
  { action: 'prevUnread', keys: ['N'], help: 'previous unread story', modes: LIBRARY_AND_STORIES },
  { action: 'nextUnread', keys: ['n'], help: 'read the next news with an unread story', modes: ['today'] },
  { action: 'prevUnread', keys: ['N'], help: 'read the previous news with an unread story', modes: ['today'] },
  { action: 'nextSection', keys: ['tab'], help: 'next section: summary, takeaways, quotes, sources…', modes: ['story'], hint: 'section' },
  { action: 'prevSection', keys: ['shift+tab'], help: 'previous section', modes: ['story'] },
  { action: 'copySource', keys: ['y'], help: "copy the selected source's URL (OSC 52)", modes: ['story'] },
  {
    action: 'openNumbered',
    keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    help: 'open source 1-9 (the numbers under Sources)',
    modes: ['story'],
  },
  { action: 'toggleRead', keys: ['m'], help: 'mark read / unread', modes: STORIES, hint: 'mark' },
  { action: 'toggleRead', keys: ['m'], help: 'mark the news read (every story of it) / unread', modes: ['today'], hint: 'mark' },
  {
    action: 'markNewsRead',
    keys: ['M'],
    help: 'mark the news read everywhere: this story and the same news in other briefings',
    modes: STORIES,
  },
  { action: 'markAllRead', keys: ['A'], help: 'mark the whole briefing read (asks first)', modes: ['library', 'briefing'] },
  { action: 'undo', keys: ['u'], help: 'undo the last read-state change', modes: SCREENS },
  { action: 'unreadOnly', keys: ['U'], help: 'show only unread', modes: ['library', 'briefing'] },
  { action: 'star', keys: ['s'], help: 'star / unstar', modes: STORIES, hint: 'star' },
  { action: 'starred', keys: ['S'], help: 'starred stories, from anywhere', modes: ['library', 'briefing', 'story'] },
  {
    action: 'today',
    keys: ['t'],
    help: 'the morning skim: what arrived since your last visit, by news, most-covered first',
    modes: ['library', 'briefing', 'story', 'starred'],
    hint: 'today',
  },
  { action: 'search', keys: ['/'], help: 'search titles and text in the whole library', modes: SCREENS, hint: 'search' },
  {
    action: 'pipe',
    keys: ['|'],
    help: 'pipe the story to a command; Enter alone reads it in $PAGER (in pick mode: print it and exit)',
    modes: STORIES,
  },
  { action: 'edit', keys: ['e'], help: "open the briefing's file in $VISUAL or $EDITOR, at the story", modes: STORIES },
  { action: 'parts', keys: ['i'], help: "the briefing's other parts: open question, transcript, notes…", modes: ['briefing', 'story'] },
  { action: 'help', keys: ['?'], help: 'every key of this screen', modes: SCREENS, hint: 'help' },

  { action: 'down', keys: ['down', 'ctrl+n'], help: 'next result', modes: ['search'] },
  { action: 'up', keys: ['up', 'ctrl+p'], help: 'previous result', modes: ['search'] },
  { action: 'pageDown', keys: ['pagedown'], help: 'a page of results down', modes: ['search'] },
  { action: 'pageUp', keys: ['pageup'], help: 'a page of results up', modes: ['search'] },
  { action: 'submit', keys: ['enter'], help: 'open the selected result', modes: ['search'], hint: 'open' },
  { action: 'submit', keys: ['enter'], help: 'run the command with the story on its input', modes: ['pipe'], hint: 'run' },
  { action: 'cancel', keys: ['escape'], help: 'leave, back where you were', modes: INPUTS, hint: 'cancel' },
  { action: 'deleteChar', keys: ['backspace'], help: 'delete the last character', modes: INPUTS },
  { action: 'deleteWord', keys: ['ctrl+w'], help: 'delete the last word', modes: INPUTS },
  { action: 'clearInput', keys: ['ctrl+u'], help: 'clear the line', modes: INPUTS },

  { action: 'yes', keys: ['y', 'Y'], help: 'yes, do it', modes: ['confirm'], hint: 'yes' },
  { action: 'no', keys: ['n', 'N', 'escape'], help: 'no (so does any other key)', modes: ['confirm'], hint: 'no' },

  { action: 'down', keys: ['j', 'down'], help: 'scroll down', modes: ['page'] },
  { action: 'up', keys: ['k', 'up'], help: 'scroll up', modes: ['page'] },
  { action: 'pageDown', keys: ['space', 'pagedown', 'ctrl+f', 'ctrl+d'], help: 'page down', modes: ['page'] },
  { action: 'pageUp', keys: ['pageup', 'ctrl+b', 'ctrl+u'], help: 'page up', modes: ['page'] },
  { action: 'top', keys: ['g', 'home'], help: 'to the top', modes: ['page'] },
  { action: 'bottom', keys: ['G', 'end'], help: 'to the end', modes: ['page'] },
  { action: 'close', keys: ['escape', 'q', '?'], help: 'close (so does any other key)', modes: ['page'], hint: 'close' },
];

/** Modes in which a printable key that is not bound is typed into the line. */
export const TEXT_MODES: ReadonlySet<Mode> = new Set(INPUTS);

/** The keys in use: the built-in ones, or those with the user's own (see `withUserKeys`). */
let active: Binding[] = KEYMAP;

export function actionFor(mode: Mode, name: string): Action | null {
  return active.find((binding) => binding.modes.includes(mode) && binding.keys.includes(name))?.action ?? null;
}

/** An action as the config file names it: nextStory is "next-story". */
export const actionName = (action: Action) => action.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const NAMED_KEYS = new Set([
  'enter',
  'escape',
  'tab',
  'shift+tab',
  'backspace',
  'delete',
  'space',
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
]);

/** Whether the input layer can send a key of this name (see input.ts). */
export function isKeyName(name: string): boolean {
  return NAMED_KEYS.has(name) || /^ctrl\+[a-z]$/.test(name) || [...name].length === 1;
}

/**
 * The keymap with the user's keys (from the config file's "keys": {"next-story": ["J",
 * "ctrl+n"]}): each named action takes those keys instead of its own, wherever it is bound.
 * An unknown action, a key the terminal cannot send, or a key that would then mean two things
 * on one screen is an error naming it, and the built-in keys stay.
 */
export function withUserKeys(custom: Record<string, readonly string[]> | undefined): { keymap: Binding[] } | { error: string } {
  if (!custom || Object.keys(custom).length === 0) return { keymap: KEYMAP };
  const actions = new Map(KEYMAP.map((binding) => [actionName(binding.action), binding.action]));
  for (const [name, keys] of Object.entries(custom)) {
    if (!actions.has(name)) return { error: `keys: there is no action "${name}" (the actions are those of ? help, e.g. next-story)` };
    if (keys.length === 0) return { error: `keys: "${name}" needs at least one key` };
    const unknown = keys.find((key) => !isKeyName(key));
    if (unknown !== undefined) return { error: `keys: "${unknown}" (for ${name}) is not a key name (a character, enter, tab, ctrl+n…)` };
  }
  const keymap = KEYMAP.map((binding) => {
    const keys = custom[actionName(binding.action)];
    return keys ? { ...binding, keys: [...keys] } : binding;
  });
  const seen = new Map<string, Action>();
  for (const binding of keymap)
    for (const mode of binding.modes)
      for (const key of binding.keys) {
        const other = seen.get(`${mode} ${key}`);
        if (other && other !== binding.action)
          return {
            error: `keys: ${keyLabel(key)} would be both ${actionName(other)} and ${actionName(binding.action)} (${MODE_NAMES[mode]})`,
          };
        seen.set(`${mode} ${key}`, binding.action);
      }
  return { keymap };
}

/** Puts a keymap in use (the user's, once checked); help, hints and the reader all follow it. */
export function applyKeymap(keymap: Binding[]): void {
  active = keymap;
}

const KEY_LABELS: Record<string, string> = {
  space: 'Space',
  enter: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  tab: 'Tab',
  'shift+tab': 'Shift-Tab',
};
export const keyLabel = (name: string) => KEY_LABELS[name] ?? name.replace(/^ctrl\+/, 'Ctrl-');

/** The help page's rows for one mode: every binding that works there. */
export function helpRows(mode: Mode): { keys: string; help: string }[] {
  return active
    .filter((binding) => binding.modes.includes(mode))
    .map((binding) => ({
      keys: binding.keys.map(keyLabel).join(' '),
      help: binding.help,
    }));
}

/** The status line's hints for a mode, most useful first ("enter open", "? help"). */
export function statusHints(mode: Mode): string[] {
  // Leaving comes last: it is the key people know already.
  const last = (binding: Binding) => (binding.action === 'back' || binding.action === 'quit' || binding.action === 'cancel' ? 1 : 0);
  return active
    .filter((binding) => binding.hint && binding.modes.includes(mode))
    .sort((a, b) => last(a) - last(b))
    .map((binding) => `${keyLabel(binding.keys[0]!).toLowerCase()} ${binding.hint}`);
}

/** Each mode as the help, the README and the man page name it. */
export const MODE_NAMES: Record<Mode, string> = {
  library: 'library',
  briefing: 'briefing',
  story: 'story',
  starred: 'starred',
  today: 'today',
  search: 'search box',
  pipe: 'pipe prompt',
  confirm: 'question',
  page: 'help page',
};

/** The README's key table: one row per binding, the same list the reader uses. */
export function keyTable(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = KEYMAP.map((binding) => {
    const keys = binding.keys.map((key) => `\`${escape(keyLabel(key))}\``).join(' ');
    const where = binding.modes.length === EVERYWHERE.length ? 'everywhere' : binding.modes.map((mode) => MODE_NAMES[mode]).join(', ');
    return `| ${keys} | ${escape(binding.help)} | ${where} |`;
  });
  return ['| keys | what | where |', '| --- | --- | --- |', ...rows].join('\n');
}
