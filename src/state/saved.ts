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
}

/**
 * The settings as last saved, read straight from conf's JSON file. Start-up only reads them,
 * and loading conf (with its schema validator) cost more than start-up's own work; writes, and
 * conf's checks with them, still go through conf (settings.ts, loaded when needed).
 */
export function readSettings(cwd = configDir()): SettingsShape {
  try {
    const data: unknown = JSON.parse(readFileSync(join(cwd, 'config.json'), 'utf8'));
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as SettingsShape) : {};
  } catch {
    return {};
  }
}
