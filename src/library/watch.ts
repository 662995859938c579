import { watch, type FSWatcher } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ParseCache } from './cache';
import { BRIEFING_EXTENSIONS } from './find';
import { assemble, loadFile, type Library, type LoadedFile } from './load';

/**
 * Watches the library's folders and hands over a rebuilt library when briefings arrive,
 * change or go. Only the files named in the events are read again.
 */
export function watchLibrary(paths: readonly string[], initial: Library, onChange: (library: Library, added: number) => void, cache?: ParseCache, delayMs = 300): () => void {
  const files = new Map<string, LoadedFile>(initial.files.map((file) => [file.path, file]));
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];

  const flush = () => {
    timer = undefined;
    let added = 0;
    for (const path of pending) {
      const result = loadFile(path, cache);
      if ('skip' in result) files.delete(path);
      else {
        if (!files.has(path)) added++;
        files.set(path, { briefing: result.briefing, path, mtimeMs: result.mtimeMs });
      }
    }
    pending.clear();
    onChange(assemble([...files.values()], initial.skipped.filter((skip) => !files.has(skip.path))), added);
  };

  for (const given of paths) {
    const root = resolve(given);
    try {
      const watcher = watch(root, { recursive: true, persistent: false }, (_event, name) => {
        if (!name || !BRIEFING_EXTENSIONS.test(name.toString())) return;
        pending.add(join(root, name.toString()));
        clearTimeout(timer);
        timer = setTimeout(flush, delayMs);
      });
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      /* a single file, or a folder that cannot be watched: the library still works, unwatched */
    }
  }
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
