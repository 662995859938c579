// The bundle's `slice-ansi` (an esbuild alias, scripts/build.mjs), for Ink's Output and
// cli-truncate: slice-ansi itself, loaded the first time a line is cut. Loading it makes an
// Intl.Segmenter, and the first one a process makes loads ICU's break data (7-12 ms). With
// the reader's own lines cut without one (ui/ansi-tokenize.ts) and nothing cut in its first
// frame, no start needs to pay for it.
import type * as SliceAnsi from '../../node_modules/slice-ansi/index.js';
import { lazily } from './lazily';

const sliceAnsiLibrary = lazily<typeof SliceAnsi>(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy start (see lazily)
  () => require('../../node_modules/slice-ansi/index.js'),
  '../../node_modules/slice-ansi/index.js',
  import.meta.url,
);

export default function sliceAnsi(text: string, start: number, end?: number): string {
  return sliceAnsiLibrary().default(text, start, end);
}
