import { KEYMAP, keyLabel, MODE_NAMES } from '../ui/keymap';
import { OPTIONS, type Command, type OptionName } from './command';
import { completion } from './commands/completion';
import { config, CONFIG_KEYS } from './commands/config';
import { exportNotes } from './commands/export';
import { list } from './commands/list';
import { mark } from './commands/mark';
import { mcp } from './commands/mcp';
import { related } from './commands/related';
import { next, show } from './commands/show';
import { today } from './commands/today';

/** Every command, in the order help lists them: this table drives parsing, --help, the man page and completions. */
export const COMMANDS: readonly Command[] = [list, show, next, today, related, mark, exportNotes, config, completion, mcp];

export function commandNamed(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}

const READER_EXAMPLES: [string, string][] = [
  ['digest', 'open the reader on your library (or the samples)'],
  ['digest ~/briefings', 'open the reader on a folder'],
];
const PICK_EXAMPLE: [string, string] = ['digest > story.md', 'pick a story in the reader (| prints it); it goes to the file'];

const REFS = `REF is a short id (3f2a9c1), B.S (briefing and story number in list order) or a piece of a story's title that matches one story; B alone is a whole briefing. PATH is a briefing file or a folder (.txt, .md, .markdown, searched recursively). With no PATH: $DIGEST_DIR, else the folder saved with \`digest config library\`, else the bundled samples.`;
const EXIT =
  'Exit status: 0 ok, 1 failure (nothing unread for next; a config key with no value), 2 usage error, 130 the reader closed in pick mode without a pick.';
const FILES =
  'Read marks live in $XDG_STATE_HOME/digest, settings in $XDG_CONFIG_HOME/digest, caches in $XDG_CACHE_HOME/digest. NO_COLOR turns colour off.';

function flags(name: OptionName): string {
  const option = OPTIONS[name] as { short?: string; value?: string };
  return `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`;
}

/** Words wrapped to `width`, each line after the first indented by `indent`. */
function wrapped(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

const column = (left: string, right: string, at = 34) => `  ${left.padEnd(at - 2)}${right}`;

/** `digest --help`, made from the table. */
export function helpText(): string {
  const examples = [...READER_EXAMPLES, ...COMMANDS.flatMap((command) => command.examples), PICK_EXAMPLE];
  const options = (Object.keys(OPTIONS) as OptionName[]).map((name) => {
    const users = COMMANDS.filter((command) => command.options.includes(name)).map((command) => command.name);
    const where = name === 'help' || name === 'version' || users.length === 0 ? '' : ` (${users.join(', ')})`;
    return column(flags(name), wrapped(`${OPTIONS[name].help}${where}`, 78 - 20, ' '.repeat(20)), 20);
  });
  return [
    'digest: read your news briefings in the terminal',
    '',
    'Examples',
    ...examples.map(([line, what]) => (line.length > 31 ? `  ${line}\n${' '.repeat(34)}${what}` : column(line, what))),
    '',
    'Usage',
    column('digest [PATH...]', 'the interactive reader'),
    ...COMMANDS.flatMap((command) => command.usage.map((usage) => `  digest ${usage}`)),
    '',
    'Commands',
    ...COMMANDS.map((command) => column(command.name, wrapped(command.summary, 78 - 14, ' '.repeat(14)), 14)),
    '',
    wrapped(REFS, 78),
    '',
    'Options',
    ...options,
    '',
    wrapped(EXIT, 78),
    wrapped(FILES, 78),
    '',
  ].join('\n');
}

const ENVIRONMENT: [string, string][] = [
  ['DIGEST_DIR', 'the folder to open when no PATH is given (before the one saved with digest config library)'],
  [
    'DIGEST_OPEN_COMMAND',
    'the program that opens links (split into words like a shell would, never run by one); else BROWSER, else the system opener',
  ],
  ['BROWSER', 'the browser that opens links (its first entry) when DIGEST_OPEN_COMMAND is not set'],
  ['VISUAL, EDITOR', 'the editor of e and config --edit (vi when neither is set)'],
  ['PAGER', 'the pager of | with no command (less when not set)'],
  ['NO_COLOR', 'no colour or style codes (as --color never)'],
  ['DIGEST_NO_CACHE', 'read every file, keeping no cache (for tests and measurements)'],
  ['DIGEST_NOW', 'an ISO day to take as today, for output that must not change from day to day'],
  ['XDG_STATE_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME', 'where read marks, settings and caches live'],
];

/** roff: the text of a line, with what roff would take as commands escaped. */
const roff = (text: string) =>
  text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');

/** `man digest`: the same commands, options and examples as --help, and the reader's keys from its keymap. */
export function manPage(version: string): string {
  const lines = [
    `.TH DIGEST 1 "" "digest ${roff(version)}" "User Commands"`,
    '.SH NAME',
    'digest \\- read your news briefings in the terminal',
    '.SH SYNOPSIS',
    '.nf',
    '\\fBdigest\\fR [\\fIPATH\\fR...]',
    ...COMMANDS.flatMap((command) => command.usage.map((usage) => `\\fBdigest\\fR ${roff(usage)}`)),
    '.fi',
    '.SH DESCRIPTION',
    roff(
      'digest opens a folder of briefings (newsletters, podcast briefings, video summaries, discussion threads, daily digests, saved as .txt or .md by many tools) in the terminal, turns each into stories with their highlights, key takeaways and sources, links the stories that report the same news, remembers what you have read, and prints any story to stdout for other tools.',
    ),
    '.SH COMMANDS',
    ...COMMANDS.flatMap((command) => ['.TP', `\\fB${command.name}\\fR`, roff(command.summary)]),
    '.SH OPTIONS',
    ...(Object.keys(OPTIONS) as OptionName[]).flatMap((name) => ['.TP', `\\fB${roff(flags(name))}\\fR`, roff(OPTIONS[name].help)]),
    '.SH REFS',
    roff(REFS),
    '.SH CONFIGURATION',
    ...Object.entries(CONFIG_KEYS).flatMap(([key, entry]) => [
      '.TP',
      `\\fB${roff(key)}\\fR \\fI${roff(entry.takes)}\\fR`,
      roff(entry.help),
    ]),
    '.SH READER KEYS',
    ...KEYMAP.flatMap((binding) => [
      '.TP',
      `\\fB${roff(binding.keys.map(keyLabel).join(' '))}\\fR`,
      roff(`${binding.help} (${binding.modes.map((mode) => MODE_NAMES[mode]).join(', ')})`),
    ]),
    '.SH EXAMPLES',
    ...[...READER_EXAMPLES, ...COMMANDS.flatMap((command) => command.examples), PICK_EXAMPLE].flatMap(([line, what]) => [
      '.TP',
      `\\fB${roff(line)}\\fR`,
      roff(what),
    ]),
    '.SH EXIT STATUS',
    roff(EXIT),
    '.SH ENVIRONMENT',
    ...ENVIRONMENT.flatMap(([name, what]) => ['.TP', `\\fB${roff(name)}\\fR`, roff(what)]),
    '.SH FILES',
    roff(FILES),
    '.SH SEE ALSO',
    'The README of digest, for the briefing shapes it reads and the JSON it writes.',
    '',
  ];
  return lines.join('\n');
}
