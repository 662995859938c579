import type { ParseCache } from './cache';
import { comparing, type Comparison } from './compare';
import { loading, type Library } from './load';
import type { Snapshot } from './snapshot';

/**
 * The check of a library drawn from its snapshot, run after the first frame in slices between
 * keystrokes: first every file's stamp is compared with the snapshot's (compare.ts), which
 * makes nothing per file; only when something differs is the library loaded again (load.ts
 * `loading`, with the snapshot as its cache, so only changed files are parsed).
 */
export class LibraryCheck {
  private readonly comparison: Generator<void, Comparison>;
  private steps: Generator<void, Library> | null = null;

  constructor(
    private readonly roots: readonly string[],
    private readonly cache: ParseCache,
    private readonly snapshot: Snapshot,
    private readonly shown: Library,
  ) {
    this.comparison = comparing(roots, () => snapshot.paths, snapshot.stamps, snapshot.walkOrder, snapshot.skippedStamps);
  }

  /** Gives up the check (the library was read whole meanwhile): folders it has open are closed. */
  dispose(): void {
    this.comparison.return({ same: false, folders: [], skipped: [] });
    this.steps?.return(this.shown);
  }

  /** Works for about `budgetMs`; returns the library as it is once the check is over (the very library shown when nothing changed), else null. */
  step(budgetMs: number): Library | null {
    const until = performance.now() + budgetMs;
    while (!this.steps) {
      const next = this.comparison.next();
      if (next.done) {
        // A snapshot whose records are out of order is written afresh, its files unchanged or not.
        if (next.value.same && this.snapshot.ordered()) {
          // Nothing changed: the library shown is the library, with the folders the walk found
          // (its skipped files stay the snapshot's: the walk alone does not know which files fail to parse).
          this.shown.folders = next.value.folders;
          return this.shown;
        }
        this.steps = loading(this.roots, { cache: this.cache });
      } else if (performance.now() >= until) return null;
    }
    let next = this.steps.next();
    while (!next.done && performance.now() < until) next = this.steps.next();
    return next.done ? next.value : null;
  }
}
