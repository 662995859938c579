import { fullBriefing, type Library } from '../library/load';
import type { RelatedIndex } from '../library/related';
import { buildSkim, type Skim } from '../library/skim';
import type { ReadView } from '../print/list';

/** The morning skim of a library: what arrived since `since` (the reader's last close), grouped by news. */
export function skimOf(library: Library, index: RelatedIndex, marks: ReadView, since: number | null): Skim {
  return buildSkim(library, since, { isRead: (id) => marks.isRead(id), related: (id) => index.related(id), whole: fullBriefing });
}
