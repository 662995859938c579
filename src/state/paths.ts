import { homedir } from 'node:os';
import { join } from 'node:path';

/** XDG base folders, with the spec's defaults; "digest" inside each, never "digest-nodejs". */
function xdg(variable: string, fallback: string): string {
  const value = process.env[variable];
  return join(value && value.startsWith('/') ? value : join(homedir(), fallback), 'digest');
}

export const configDir = () => xdg('XDG_CONFIG_HOME', '.config');
export const stateDir = () => xdg('XDG_STATE_HOME', '.local/state');
export const cacheDir = () => xdg('XDG_CACHE_HOME', '.cache');
