import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullBriefing, loadLibrary, type Library } from '../src/library/load';
import { RelatedIndex } from '../src/library/related';
import { MarkStore } from '../src/state/marks';
import { reduce, type Effect, type ReaderEvent } from '../src/ui/reducer';
import { restore } from '../src/ui/reconcile';
import { initialState, type ReaderState } from '../src/ui/state';
import { World } from '../src/ui/world';
import { FIXTURES } from './helpers';

export const sampleLibrary = loadLibrary([FIXTURES]);
export const sampleIds = (b: number, s: number) => ({
  briefing: sampleLibrary.briefings[b]!.id,
  story: sampleLibrary.briefings[b]!.stories[s]!.id,
});

/** The reducer driven as the store drives it: marks applied between events. No Ink, no terminal. */
export function reader(
  options: {
    lib?: Library;
    size?: { columns: number; rows: number };
    readDelayMs?: number;
    pick?: boolean;
    /** Related coverage worked out in full first, as the reader has it once its background work is done. */
    related?: boolean;
    skipCovered?: boolean;
    lastVisit?: number | null;
  } = {},
) {
  const marks = MarkStore.open(join(mkdtempSync(join(tmpdir(), 'digest-reader-')), 'marks.jsonl'));
  const worldOf = (lib: Library) => new World(lib, marks, options.related ? new RelatedIndex(lib, fullBriefing, null).complete() : null);
  let world = worldOf(options.lib ?? sampleLibrary);
  let state: ReaderState = restore(
    initialState({
      size: options.size ?? { columns: 100, rows: 30 },
      readDelayMs: options.readDelayMs,
      pick: options.pick,
      skipCovered: options.skipCovered,
      lastVisit: options.lastVisit,
    }),
    undefined,
    world,
  );
  const effects: Effect[] = [];
  const apply = (event: ReaderEvent) => {
    const result = reduce(state, event, world);
    state = result.state;
    for (const effect of result.effects) {
      effects.push(effect);
      if (effect.kind === 'mark') {
        marks.setMany(effect.changes);
        world.touch();
      }
    }
  };
  return {
    marks,
    effects,
    get state() {
      return state;
    },
    set state(next: ReaderState) {
      state = next;
    },
    get world() {
      return world;
    },
    keys: (...names: string[]) => names.forEach((name) => apply({ type: 'key', name })),
    apply,
    replace(next: Library, note: string | null = null) {
      const before = world.briefings;
      world = worldOf(next);
      apply({ type: 'library', before, note });
    },
    effectsOf: (kind: Effect['kind']) => effects.filter((e) => e.kind === kind),
  };
}
