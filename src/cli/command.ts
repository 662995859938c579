import type { Context } from './context';

/**
 * Every option of every command, with what it does: parsing, --help, the man page and the
 * shell completions are all made from this one list (see table.ts).
 */
export const OPTIONS = {
  help: { type: 'boolean', short: 'h', help: 'this help' },
  version: { type: 'boolean', short: 'v', help: 'the version' },
  json: { type: 'boolean', help: 'JSON output (its shape: "schema": 1, see the README)' },
  ndjson: { type: 'boolean', help: 'one JSON briefing per line, as each is read' },
  format: { type: 'string', short: 'f', help: 'text (default), markdown or json', value: 'F', choices: ['text', 'markdown', 'json'] },
  unread: { type: 'boolean', help: 'only unread stories' },
  starred: { type: 'boolean', help: 'only starred stories' },
  all: { type: 'boolean', help: 'every story in the library' },
  color: {
    type: 'string',
    help: 'auto (the default: colour on a terminal), always or never',
    value: 'WHEN',
    choices: ['auto', 'always', 'never'],
  },
  edit: { type: 'boolean', help: 'open the settings file in $VISUAL or $EDITOR, and check it when the editor closes' },
  width: {
    type: 'string',
    short: 'w',
    help: "wrap (show, next) or cut (list, today) at N columns; 0 for neither. Default: the terminal's width (show: at most 100); to a pipe, show wraps at 80 and list cuts nothing",
    value: 'N',
  },
} as const;

export type OptionName = keyof typeof OPTIONS;

export interface Parsed {
  command: string | null;
  positionals: string[];
  values: Partial<Record<OptionName, string | boolean>> & {
    help?: boolean;
    version?: boolean;
    json?: boolean;
    ndjson?: boolean;
    unread?: boolean;
    starred?: boolean;
    all?: boolean;
    format?: string;
    width?: string;
    color?: string;
    edit?: boolean;
  };
}

/** What the words after a command complete to, in the shells. */
export type Completes = 'refs' | 'paths' | 'mark' | 'config' | 'shells' | 'nothing';

/** One command: what it is called, how it is used, and what it does. */
export interface Command {
  name: string;
  /** One line for --help and the man page. */
  summary: string;
  /** Its usage after `digest `, as many lines as it has forms. */
  usage: string[];
  options: OptionName[];
  completes: Completes;
  /** Examples for --help and the man page: the command line and what it does. */
  examples: [string, string][];
  run(parsed: Parsed, ctx: Context): Promise<number>;
}
