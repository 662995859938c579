import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { commandWords } from '../../model/links';
import { checkSettings, type SettingsShape } from '../../state/saved';
import { withUserKeys } from '../../ui/keymap';
import { themeOf } from '../../ui/theme';
import { markSources } from '../../state/paths';
import type { Settings } from '../../state/settings';
import type { Command } from '../command';
import { UsageError } from '../context';

interface Key {
  /** What `digest config` shows for it, and where that comes from. */
  show(settings: Settings): { value: string; from: string };
  /** Its value alone, for scripts; null when it has none (exit 1, nothing printed, as `git config` does). */
  get(settings: Settings): string | null;
  set(settings: Settings, value: string): string;
  /** What it takes, for messages and completion. */
  takes: string;
  help: string;
}

const folder = (value: string) => {
  const dir = resolve(value);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${value}: not a folder`);
  return dir;
};

export const CONFIG_KEYS: Record<string, Key> = {
  library: {
    takes: 'DIR',
    help: 'the folder `digest` opens when given no PATH',
    show: (s) =>
      process.env.DIGEST_DIR
        ? { value: process.env.DIGEST_DIR, from: 'DIGEST_DIR' }
        : { value: s.get('library') ?? '(not set: the bundled samples)', from: s.get('library') ? 'config file' : 'default' },
    get: (s) => s.get('library') ?? null,
    set: (s, value) => {
      const dir = folder(value);
      s.set('library', dir);
      return `library set to ${dir}`;
    },
  },
  'read-delay': {
    takes: 'SECONDS',
    help: 'seconds a story stays open before it counts as read (0: at once)',
    show: (s) => ({ value: String(s.get('readDelay') ?? 0), from: s.get('readDelay') === undefined ? 'default' : 'config file' }),
    get: (s) => String(s.get('readDelay') ?? 0),
    set: (s, value) => {
      const seconds = Number(value);
      if (!/^\d+(?:\.\d+)?$/.test(value) || seconds > 3600) throw new UsageError(`${value}: read-delay takes seconds, 0 to 3600`);
      s.set('readDelay', seconds);
      return seconds === 0 ? 'a story now counts as read as soon as it is opened' : `a story now counts as read after ${seconds} s open`;
    },
  },
  'sync-folder': {
    takes: 'DIR|off',
    help: 'a folder your own sync tool shares between machines: read marks follow you through it',
    show: (s) => ({
      value: s.get('syncFolder') ?? '(not set: marks stay on this machine)',
      from: s.get('syncFolder') ? 'config file' : 'default',
    }),
    get: (s) => s.get('syncFolder') ?? null,
    set: (s, value) => {
      if (value === 'off') {
        s.delete('syncFolder');
        return `read marks stay on this machine again (${markSources().own}); the sync folder is left as it is`;
      }
      const dir = folder(value);
      s.set('syncFolder', dir);
      // The marks made here before stay in the local journal, which is read beside the folder's.
      return `read marks now sync through ${dir}; this device writes ${markSources(dir).own}`;
    },
  },
  'skip-covered': {
    takes: 'on|off',
    help: 'n and Space pass over news you have read in another briefing',
    show: (s) => ({ value: s.get('skipCovered') ? 'on' : 'off', from: s.get('skipCovered') === undefined ? 'default' : 'config file' }),
    get: (s) => (s.get('skipCovered') ? 'on' : 'off'),
    set: (s, value) => {
      if (value !== 'on' && value !== 'off') throw new UsageError(`${value}: skip-covered takes on or off`);
      s.set('skipCovered', value === 'on');
      return value === 'on'
        ? 'n and Space now pass over news you have read in another briefing'
        : 'n and Space now go to every unread story';
    },
  },
  hyperlinks: {
    takes: 'auto|on|off',
    help: 'sources as clickable links (OSC 8) in the reader and in show: auto for terminals known to show them',
    show: (s) => ({ value: s.get('hyperlinks') ?? 'auto', from: s.get('hyperlinks') === undefined ? 'default' : 'config file' }),
    get: (s) => s.get('hyperlinks') ?? 'auto',
    set: (s, value) => {
      if (value !== 'auto' && value !== 'on' && value !== 'off') throw new UsageError(`${value}: hyperlinks takes auto, on or off`);
      s.set('hyperlinks', value);
      return value === 'auto'
        ? 'sources are links on terminals known to show them'
        : `sources are ${value === 'on' ? 'always' : 'never'} links`;
    },
  },
};

/** What is wrong with the settings file's keys and theme, if anything (the reader would say the same). */
function checkKeysAndTheme(keys: SettingsShape['keys'], theme: SettingsShape['theme']): string[] {
  const problems: string[] = [];
  const keymap = withUserKeys(keys);
  if ('error' in keymap) problems.push(keymap.error);
  const colours = themeOf(theme);
  if ('error' in colours) problems.push(colours.error);
  return problems;
}

/** `config --edit`: the settings file in the user's editor, then checked as digest will read it. */
async function editSettings(file: string, ctx: Parameters<Command['run']>[1]): Promise<number> {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{}\n');
  }
  const [program, ...args] = commandWords(process.env.VISUAL || process.env.EDITOR || 'vi');
  if (!program) throw new UsageError('no editor: set $VISUAL or $EDITOR');
  const ran = spawnSync(program, [...args, file], { stdio: 'inherit' });
  if (ran.error)
    throw new UsageError(
      `${program} could not be run (${(ran.error as NodeJS.ErrnoException).code ?? ran.error.message}); set $VISUAL or $EDITOR`,
    );
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    ctx.io.err(`digest: ${file} is not JSON now (${(error as Error).message.split('\n')[0]}); run digest config --edit again to fix it\n`);
    return 1;
  }
  const { settings, warnings } = checkSettings(data, file);
  const problems = [...warnings, ...checkKeysAndTheme(settings.keys, settings.theme)];
  for (const problem of problems) ctx.io.err(`digest: ${problem}\n`);
  if (problems.length === 0) ctx.io.err(`digest: ${file} checked: every setting in it is used\n`);
  return problems.length === 0 ? 0 : 1;
}

export const config: Command = {
  name: 'config',
  summary: 'show or change a setting; with no KEY, every setting with its value and where it comes from',
  usage: ['config [KEY [VALUE]]', 'config --edit'],
  options: ['edit'],
  completes: 'config',
  examples: [
    ['digest config library ~/briefings', 'the folder digest opens by default'],
    ['digest config read-delay 3', 'a story counts as read after 3 s open'],
    ['digest config sync-folder ~/Sync/digest', 'read marks follow you through your file sync'],
    ['digest config skip-covered on', 'n and Space pass over news you read elsewhere'],
  ],
  async run({ positionals, values }, ctx) {
    if (values.edit) {
      if (positionals.length > 0) throw new UsageError('config --edit takes no KEY');
      return editSettings((await ctx.settings()).path, ctx);
    }
    const [name, value, ...extra] = positionals;
    const keys = Object.entries(CONFIG_KEYS);
    const key = name === undefined ? undefined : CONFIG_KEYS[name];
    if (extra.length > 0 || (name !== undefined && !key))
      throw new UsageError(`config takes: ${keys.map(([k, { takes }]) => `${k} [${takes}]`).join(', ')}`);
    const settings = await ctx.settings();
    if (!key) {
      const rows = keys.map(([k, entry]) => [k, entry.show(settings)] as const);
      const width = Math.max(...rows.map(([k]) => k.length)) + 2;
      const lines = rows.map(([k, { value: v, from }]) => `${k.padEnd(width)}${v}${from === 'default' ? '' : `  (${from})`}`);
      const custom = (shape: object | undefined, what: string) =>
        shape && Object.keys(shape).length > 0 ? `${Object.keys(shape).length} ${what} of your own` : 'built in';
      const problems = checkKeysAndTheme(settings.get('keys'), settings.get('theme'));
      lines.push(
        `${'keys'.padEnd(width)}${custom(settings.get('keys'), 'actions')}  (config --edit: "keys": {"next-story": ["J"]})`,
        `${'theme'.padEnd(width)}${custom(settings.get('theme'), 'roles')}  (config --edit: "theme": {"title": "magenta"})`,
        ...problems.map((problem) => `${'problem'.padEnd(width)}${problem}; the built-in ones are used`),
        `${'marks'.padEnd(width)}${markSources(settings.get('syncFolder')).own}`,
        `${'file'.padEnd(width)}${settings.path}`,
      );
      ctx.io.out(`${lines.join('\n')}\n`);
      return 0;
    }
    if (value === undefined) {
      const current = key.get(settings);
      if (current === null) return 1;
      ctx.io.out(`${current}\n`);
      return 0;
    }
    ctx.io.err(`digest: ${key.set(settings, value)}\n`);
    return 0;
  },
};
