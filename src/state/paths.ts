import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';

/** XDG base folders, with the spec's defaults; "digest" inside each, never "digest-nodejs". */
function xdg(variable: string, fallback: string): string {
  const value = process.env[variable];
  return join(value && value.startsWith('/') ? value : join(homedir(), fallback), 'digest');
}

export const configDir = () => xdg('XDG_CONFIG_HOME', '.config');
export const stateDir = () => xdg('XDG_STATE_HOME', '.local/state');
export const cacheDir = () => xdg('XDG_CACHE_HOME', '.cache');

/**
 * This machine's name among the devices sharing a sync folder: made once, kept in the state
 * folder (which is per machine and never synced), so each device appends to a file of its own.
 */
export function deviceId(): string {
  const file = join(stateDir(), 'device');
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[a-z0-9-]{4,40}$/.test(id)) return id;
  } catch {
    /* made below */
  }
  const id = randomBytes(5).toString('hex');
  try {
    mkdirSync(stateDir(), { recursive: true });
    writeFileSync(file, `${id}\n`, { flag: 'wx' });
    return id;
  } catch {
    // Another process made it first, or the state folder is not writable: read it, or fall
    // back to a name that stays the same for this machine and user.
    try {
      const made = readFileSync(file, 'utf8').trim();
      if (/^[a-z0-9-]{4,40}$/.test(made)) return made;
    } catch {
      /* below */
    }
    return createHash('sha1').update(`${hostname()}\0${homedir()}`).digest('hex').slice(0, 10);
  }
}

/** Journals in a sync folder: every device's, and the copies sync tools make on a conflict. */
const SYNCED_JOURNAL = /^marks-.+\.jsonl$/;

/**
 * Where read marks are kept. Without a sync folder, one journal in the state folder. With one,
 * this device appends to marks-<device>.jsonl there and reads every other journal in it
 * (conflict copies included: "marks-ab12 (conflicted copy).jsonl", "marks-ab12.sync-conflict-….jsonl",
 * "marks-ab12 2.jsonl"), and the local journal from before the folder was set.
 */
export function markSources(syncFolder?: string): { own: string; others: () => string[] } {
  const local = join(stateDir(), 'marks.jsonl');
  if (!syncFolder) return { own: local, others: () => [] };
  const own = join(syncFolder, `marks-${deviceId()}.jsonl`);
  return {
    own,
    others: () => {
      let names: string[] = [];
      try {
        names = readdirSync(syncFolder).filter((name) => SYNCED_JOURNAL.test(name));
      } catch {
        /* the folder is not there (yet): only the local journal */
      }
      const found = names.map((name) => join(syncFolder, name)).filter((path) => path !== own);
      return existsSync(local) ? [local, ...found.sort()] : found.sort();
    },
  };
}
