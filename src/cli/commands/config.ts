import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
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
      return `a story now counts as read after ${seconds} s open`;
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

export const config: Command = {
  name: 'config',
  summary: 'show or change a setting; with no KEY, every setting with its value and where it comes from',
  usage: ['config [KEY [VALUE]]'],
  options: [],
  completes: 'config',
  examples: [
    ['digest config library ~/briefings', 'the folder digest opens by default'],
    ['digest config read-delay 3', 'a story counts as read after 3 s open'],
    ['digest config sync-folder ~/Sync/digest', 'read marks follow you through your file sync'],
    ['digest config skip-covered on', 'n and Space pass over news you read elsewhere'],
  ],
  async run({ positionals }, ctx) {
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
      lines.push(`${'marks'.padEnd(width)}${markSources(settings.get('syncFolder')).own}`, `${'file'.padEnd(width)}${settings.path}`);
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
