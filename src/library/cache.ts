import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Briefing } from '../model/types';
import { PARSER_VERSION } from '../parse/index';
import { cacheDir } from '../state/paths';

/** Bump when what the cache holds changes shape. */
const CACHE_FORMAT = 2;

interface Entry {
  size: number;
  mtimeMs: number;
  briefing: Briefing;
}

/**
 * Parsed briefings kept between runs, keyed by path, size, modification time and parser
 * version, so a relaunch over unchanged files parses none of them. The file is one V8
 * serialisation (several times faster to read than JSON), replaced atomically; a damaged or
 * foreign one is ignored and rebuilt, never trusted.
 */
export class ParseCache {
  private entries = new Map<string, Entry>();
  private used = new Set<string>();
  private dirty = false;
  readonly file: string;

  constructor(dir = cacheDir()) {
    this.file = join(dir, `parsed-v${PARSER_VERSION}.${CACHE_FORMAT}.bin`);
    try {
      const data = deserialize(readFileSync(this.file)) as { version?: number; entries?: [string, Entry][] };
      if (data?.version === PARSER_VERSION && Array.isArray(data.entries)) this.entries = new Map(data.entries);
    } catch {
      this.entries = new Map();
    }
  }

  get(path: string, size: number, mtimeMs: number): Briefing | null {
    const entry = this.entries.get(path);
    if (!entry || entry.size !== size || entry.mtimeMs !== mtimeMs) return null;
    this.used.add(path);
    return entry.briefing;
  }

  set(path: string, size: number, mtimeMs: number, briefing: Briefing): void {
    this.entries.set(path, { size, mtimeMs, briefing });
    this.used.add(path);
    this.dirty = true;
  }

  /** Writes the cache when anything was parsed or removed; entries for other folders stay. */
  save(scanned: (path: string) => boolean): void {
    for (const path of this.entries.keys()) {
      if (scanned(path) && !this.used.has(path)) {
        this.entries.delete(path);
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    try {
      mkdirSync(join(this.file, '..'), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, serialize({ version: PARSER_VERSION, entries: [...this.entries] }));
      renameSync(temporary, this.file);
      this.dirty = false;
    } catch {
      /* a cache that cannot be written only costs the next start its speed */
    }
  }
}
