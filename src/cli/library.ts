import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SettingsShape } from '../state/saved';

/** The bundled sample briefings, beside dist/ (built) or src/ (tests). */
export function fixturesDir(): string {
  const candidates = ['../fixtures', '../../fixtures'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
}

/**
 * Which folders to open: the PATHs given, else $DIGEST_DIR, else the saved library folder,
 * else the bundled samples (with a note saying how to point digest at your own).
 */
export function libraryPaths(paths: readonly string[], settings: () => SettingsShape): { paths: string[]; note: string | null } {
  if (paths.length > 0) return { paths: [...paths], note: null };
  const fromEnv = process.env.DIGEST_DIR;
  if (fromEnv) return { paths: [fromEnv], note: null };
  const saved = settings().library;
  if (saved) return { paths: [saved], note: null };
  return {
    paths: [fixturesDir()],
    note: 'showing the sample briefings; point digest at yours with `digest config library DIR` or DIGEST_DIR=DIR',
  };
}
