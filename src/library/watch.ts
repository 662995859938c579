import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import { BRIEFING_EXTENSIONS } from './find';
import { assemble, reloadFile, type Library, type LoadedFile } from './load';

/**
 * Watches the library's folders and hands over a rebuilt library when briefings arrive,
 * change or go. Only the files named in the events are read again.
 *
 * One non-recursive watcher per folder (one inotify watch each): Node 20's recursive
 * fs.watch on Linux sets a polling stat watcher on every file, which at 10,000 briefings cost
 * 190 ms at start and a stat of every file every five seconds.
 */
export function watchLibrary(
  initial: Library,
  onChange: (library: Library, added: number) => void,
  delayMs = 300,
  /**
   * When the library shown came from a snapshot still being checked: the library the check ends
   * in. Changes seen before then wait, and are read against it (a file changed between its
   * check and a watch started after the check would otherwise go unseen until the next start).
   */
  checked?: Promise<Library>,
): () => void {
  let base = initial;
  let holding = checked !== undefined;
  let stopped = false;
  // Made at the first change: at 100,000 briefings the list of files alone is 100,000 objects.
  let known: Map<string, LoadedFile> | undefined;
  const filesNow = () => (known ??= new Map<string, LoadedFile>(base.files.map((file) => [file.path, file])));
  const pending = new Set<string>();
  const watchers = new Map<string, FSWatcher>();
  const fileWatchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    const files = filesNow();
    let added = 0;
    let changed = false;
    for (const path of pending) {
      const result = reloadFile(path);
      if ('skip' in result) changed = files.delete(path) || changed;
      else {
        if (!files.has(path)) added++;
        files.set(path, result);
        changed = true;
      }
    }
    pending.clear();
    if (changed)
      onChange(
        assemble(
          [...files.values()],
          base.skipped.filter((skip) => !files.has(skip.path)),
          [...watchers.keys()],
        ),
        added,
      );
  };
  const later = (path: string) => {
    pending.add(path);
    if (holding) return;
    clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  };

  const watchFolder = (folder: string) => {
    if (watchers.has(folder)) return;
    try {
      const watcher = watch(folder, { persistent: false }, (_event, name) => {
        if (!name) return;
        const path = join(folder, name.toString());
        if (BRIEFING_EXTENSIONS.test(path)) return later(path);
        if (name.toString().startsWith('.') || watchers.has(path)) return;
        // A new folder: watch it too, and take in what was already moved into it.
        try {
          if (statSync(path).isDirectory()) addFolder(path);
        } catch {
          /* gone again */
        }
      });
      watcher.on('error', () => {
        watcher.close();
        watchers.delete(folder);
      });
      watchers.set(folder, watcher);
    } catch {
      /* a folder that cannot be watched: the library still works, unwatched there */
    }
  };
  const addFolder = (folder: string) => {
    watchFolder(folder);
    try {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        if (entry.isDirectory()) addFolder(path);
        else if (BRIEFING_EXTENSIONS.test(entry.name) && !filesNow().has(path)) later(path);
      }
    } catch {
      /* unreadable: nothing to add */
    }
  };

  for (const folder of initial.folders) watchFolder(folder);
  // A briefing named on the command line, outside any folder given: watch the file itself.
  // (Once a check is over, if there is one: at 100,000 briefings this looks at every path.)
  const watchFiles = (library: Library) => {
    const folders = new Set(library.folders);
    for (const { path } of library.briefings) {
      if (folders.has(dirname(path))) continue;
      try {
        const watcher = watch(path, { persistent: false }, () => later(path));
        watcher.on('error', () => watcher.close());
        fileWatchers.push(watcher);
      } catch {
        /* unwatchable: shown as it was loaded */
      }
    }
  };
  if (!checked) watchFiles(initial);
  void checked?.then((library) => {
    if (stopped) return;
    base = library;
    known = undefined;
    holding = false;
    // Folders the check found that the snapshot did not have.
    for (const folder of library.folders) watchFolder(folder);
    watchFiles(library);
    if (pending.size > 0) timer = setTimeout(flush, delayMs);
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of [...watchers.values(), ...fileWatchers]) watcher.close();
    watchers.clear();
  };
}
