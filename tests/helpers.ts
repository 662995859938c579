import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseText } from '../src/parse/index';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const FIXTURES = join(ROOT, 'fixtures');
export const BIN = join(ROOT, 'dist', 'digest.js');
/** The real briefings beside the project; absent on machines without ../shared. */
export const SEEDS = resolve(ROOT, '..', 'shared', 'seeds');
export const HAVE_SEEDS = existsSync(SEEDS);

export function parseFile(path: string) {
  return parseText(readFileSync(path, 'utf8'), basename(path));
}

/** One sample of each shape the parsers know (plain aside). */
export const SHAPE_FIXTURES = [
  'frontier-weekly-2026-11-20.txt',
  'absorb-briefing-2026-11-21.txt',
  'daily-digest-2026-11-22.txt',
  'agents-roundup-2026-11-18.md',
  'thread-local-models.txt',
  'video-summary-2026-11-19.txt',
] as const;

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A fresh HOME and XDG folders, so no test sees another's marks or settings. */
export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'digest-test-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: join(home, 'cache'),
    NO_COLOR: '1',
    ...extra,
  };
  delete env.DIGEST_DIR;
  for (const [key, value] of Object.entries(extra)) if (value === '') delete env[key];
  return env;
}

export function runDigest(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: options.env ?? isolatedEnv(),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
    // Past 1 MB of output (the default) the child is killed, and its status is null.
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every word of a text, lower-cased, for checking that parsing loses nothing. */
export function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/**
 * Characters that measure and cut differently: narrow, soft hyphen, emoji (with a skin tone),
 * wide, combining, joiners, half-width kana. The bundle's fast paths are checked against the
 * libraries on text made of these (with escapes of their own).
 */
export const MIXED_CHARACTERS = [
  'a',
  ' ',
  '●',
  '›',
  '…',
  '·',
  '✦',
  '─',
  'é',
  '\u00ad',
  '◽',
  '😀',
  '👍🏽',
  '中',
  '\u0301',
  'ｱ',
  '\u200d',
  '\ufe0f',
];
