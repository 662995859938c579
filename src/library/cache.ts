import type { BriefingHead } from '../model/types';
import { cacheDir } from '../state/paths';
import type { Skipped } from './find';
import { allStoryIds, parseFile, type Library, type LoadedFile } from './load';
import type { FileStamp, HeadRow } from './rows';
import { fromHeadRow } from './rows';
import { keptShortIds, shortIdsFile } from './short-ids';
import { keptStamp, placeInWalk, Snapshot, snapshotFile, writeSnapshot } from './snapshot';

/**
 * Heads of parsed briefings kept between runs, so a relaunch over unchanged files parses none
 * of them: the library snapshot (snapshot.ts) of the last load, one file per library (the
 * folders it was opened with), keyed by path and the file's stamp (size, modification and
 * change times, inode). When every file is as the snapshot has it, the load is the snapshot's
 * own library, whose heads are read from the file only when asked for. A damaged or foreign
 * file is ignored and rebuilt.
 */
export class ParseCache {
  readonly file: string;
  private readonly snapshot: Snapshot | null;
  private byPath: Map<string, number> | undefined;
  /** Files found at their place in the snapshot's walk order so far (see `placeOf`). */
  private walked = 0;
  private readonly fresh = new Map<string, { stamp: FileStamp; row: HeadRow }>();
  private used = 0;

  private readonly shortIdsFile: string;

  constructor(
    private readonly roots: readonly string[],
    dir = cacheDir(),
  ) {
    this.file = snapshotFile(roots, dir);
    this.shortIdsFile = shortIdsFile(roots, dir);
    this.snapshot = Snapshot.open(this.file, roots, (path) => {
      const parsed = parseFile(path);
      return 'row' in parsed ? parsed.row : null;
    });
  }

  /** The snapshot this cache read, if it could trust one. */
  get opened(): Snapshot | null {
    return this.snapshot;
  }

  /**
   * Where a file is in the snapshot, if it is. Asked for each file in the order a walk finds
   * them, the answer is first looked for at the next place in the snapshot's walk order; the
   * first file found elsewhere (added, gone, or walked in another order) has the map made.
   */
  placeOf(path: string): number | undefined {
    if (!this.byPath && this.snapshot) {
      const place = placeInWalk(this.snapshot.paths, this.snapshot.walkOrder, this.walked, path);
      if (place !== undefined) {
        this.walked++;
        return place;
      }
    }
    if (!this.byPath) {
      const byPath = new Map<string, number>();
      const paths = this.snapshot?.paths ?? [];
      for (let i = 0; i < paths.length; i++) byPath.set(paths[i]!, i);
      this.byPath = byPath;
    }
    return this.byPath.get(path);
  }

  /** Whether the file at a place in the snapshot (see `loadedFile`) is as the snapshot has it; each one so counts towards `unchanged`. */
  hit(place: number, file: FileStamp): boolean {
    if (!this.snapshot || !keptStamp(this.snapshot.stamps, place, file)) return false;
    this.used++;
    return true;
  }

  /** The file at a place in the snapshot, with its head as its file alone gives it (before any renumbering). */
  loadedFile(i: number): LoadedFile {
    return loadedAt(this.snapshot!, i);
  }

  set(path: string, file: FileStamp, row: HeadRow): BriefingHead {
    this.fresh.set(path, { stamp: file, row });
    return fromHeadRow(row, path);
  }

  /** Whether the load that asked found every file as the snapshot has it, and no other: the snapshot's library is the library. */
  get unchanged(): boolean {
    return !!this.snapshot && this.fresh.size === 0 && this.used === this.snapshot.count && this.snapshot.ordered();
  }

  /** The snapshot's library (lazy heads), as it was assembled when written, with this load's skipped files and folders. */
  library(skipped: Skipped[], folders: string[]): Library | null {
    return this.snapshot ? new KeptLibrary(this.snapshot, skipped, folders, this.shortIdsFile) : null;
  }

  /** Writes the library as the new snapshot, unless it is the one read; sets its generation. Never throws. */
  save(library: Library): void {
    if (this.unchanged && library.generation === this.snapshot?.generation) return;
    saveSnapshot(this.file, this.roots, library);
  }
}

/** Writes a library's snapshot (see snapshot.ts) and gives the library its generation; a cache that cannot be written only costs the next start its speed. */
export function saveSnapshot(file: string, roots: readonly string[], library: Library): void {
  try {
    library.generation = writeSnapshot(
      file,
      roots,
      library.briefings.map((head, i) => {
        const loaded = library.files[i]!;
        return { path: loaded.path, stamp: loaded.stamp, head, base: loaded.briefing };
      }),
      library.folders,
      library.skipped,
      library.skippedStamps,
    );
  } catch {
    library.generation = undefined;
  }
}

/** The stamp of briefing `i`'s file, without making the list of files of a library kept in a snapshot. */
export function stampAt(library: Library, i: number): FileStamp | undefined {
  return library instanceof KeptLibrary ? library.stampAt(i) : library.files[i]?.stamp;
}

/** The file at a place in a snapshot, with its head as its file alone gives it (before any renumbering). */
function loadedAt(snapshot: Snapshot, i: number): LoadedFile {
  return { briefing: snapshot.entries().bases[i]!, path: snapshot.paths[i]!, stamp: snapshot.stamp(i) };
}

/**
 * A library as its snapshot holds it. Everything the first frame needs is at hand without
 * reading a head: ids, paths and when each file arrived. The files' list (for the watcher and
 * related coverage) is made when first asked for.
 */
class KeptLibrary implements Library {
  readonly briefings: BriefingHead[];
  readonly arrivals: Float64Array;
  readonly generation: string;
  readonly shortId: (id: string) => string;
  skippedStamps: Map<string, FileStamp>;
  private kept: LoadedFile[] | undefined;

  constructor(
    private readonly snapshot: Snapshot,
    public skipped: Skipped[],
    public folders: string[],
    shortIdsFile: string,
  ) {
    this.briefings = snapshot.entries().heads;
    this.generation = snapshot.generation;
    this.skippedStamps = snapshot.skippedStamps;
    this.shortId = keptShortIds(
      shortIdsFile,
      () => this.generation,
      () => allStoryIds(this.briefings),
    );
    const { stamps } = snapshot;
    this.arrivals = new Float64Array(snapshot.count);
    for (let i = 0; i < snapshot.count; i++) this.arrivals[i] = Math.max(stamps[i * 4 + 1]!, stamps[i * 4 + 2]!);
  }

  get files(): LoadedFile[] {
    this.kept ??= this.briefings.map((_, i) => loadedAt(this.snapshot, i));
    return this.kept;
  }

  stampAt(i: number): FileStamp {
    return this.snapshot.stamp(i);
  }

  indexOf(id: string): number {
    return this.snapshot.indexOf(id);
  }
}
