import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from './paths';

/** Where the reader was when it closed: the briefing, the story, the screen and the scroll in it. */
export interface Position {
  briefing: string;
  story: string | null;
  screen?: 'library' | 'briefing' | 'story';
  scroll?: number;
}

export interface SettingsShape {
  /** The folder `digest` opens when given no PATH. */
  library?: string;
  /** Where the reader was when it last closed. */
  lastPosition?: Position;
  /** Seconds a story must stay open before it counts as read (0: at once). */
  readDelay?: number;
  /** A folder the user's own sync tool shares between machines: read marks live there. */
  syncFolder?: string;
  /** n and Space pass over stories whose news was read in another briefing. */
  skipCovered?: boolean;
  /** When the reader was last closed (ms since 1970): what arrived after it is new. */
  lastVisit?: number;
  /** Sources as clickable links (OSC 8): auto (terminals known to show them), on or off. */
  hyperlinks?: 'auto' | 'on' | 'off';
  /** The user's keys, by action ("next-story": ["J", "ctrl+n"]); checked against the keymap when the reader starts. */
  keys?: Record<string, string[]>;
  /** Colours by role ("title": "magenta"); checked when the reader starts. */
  theme?: Record<string, string>;
}

/** Each setting's check: a value that fails it is ignored (and named in a warning), never used. */
const CHECKS: { [K in keyof SettingsShape]-?: (value: unknown) => boolean } = {
  library: (value) => typeof value === 'string' && value.length > 0,
  syncFolder: (value) => typeof value === 'string' && value.length > 0,
  skipCovered: (value) => typeof value === 'boolean',
  hyperlinks: (value) => value === 'auto' || value === 'on' || value === 'off',
  keys: (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((keys) => Array.isArray(keys) && keys.every((key) => typeof key === 'string')),
  theme: (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((colour) => typeof colour === 'string'),
  lastVisit: (value) => typeof value === 'number' && Number.isSafeInteger(value) && value > 0,
  readDelay: (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 3600,
  lastPosition: (value) => {
    const p = value as Position | null;
    return (
      typeof p === 'object' &&
      p !== null &&
      typeof p.briefing === 'string' &&
      (p.story === null || typeof p.story === 'string') &&
      (p.screen === undefined || ['library', 'briefing', 'story'].includes(p.screen)) &&
      (p.scroll === undefined || (Number.isSafeInteger(p.scroll) && p.scroll >= 0))
    );
  },
};

/** The settings of a parsed file that pass their checks, and one warning per one that does not. */
export function checkSettings(data: unknown, file: string): { settings: SettingsShape; warnings: string[] } {
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return { settings: {}, warnings: [`settings file ${file} does not hold an object; ignored`] };
  const settings: Record<string, unknown> = {};
  const warnings: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    const check = CHECKS[key as keyof SettingsShape];
    if (!check) continue;
    if (check(value)) settings[key] = value;
    else warnings.push(`setting "${key}" in ${file} has a value of the wrong kind (${JSON.stringify(value)?.slice(0, 40)}); ignored`);
  }
  return { settings: settings as SettingsShape, warnings };
}

export interface SavedSettings {
  settings: SettingsShape;
  warnings: string[];
}

/**
 * The settings as last saved, read straight from conf's JSON file. Start-up only reads them,
 * and loading conf (with its schema validator) cost more than start-up's own work; writes, and
 * conf's checks with them, still go through conf (settings.ts, loaded when needed). A file
 * that cannot be read or parsed gives the defaults and a warning; it is never changed here.
 */
export function readSettings(cwd = configDir()): SavedSettings {
  const file = join(cwd, 'config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: {}, warnings: [] };
    return {
      settings: {},
      warnings: [`cannot read settings file ${file} (${code === 'EACCES' ? 'permission denied' : (code ?? 'error')}); using defaults`],
    };
  }
  try {
    return checkSettings(JSON.parse(text), file);
  } catch {
    return { settings: {}, warnings: [`settings file ${file} is not valid JSON; using defaults`] };
  }
}
