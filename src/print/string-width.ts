// The bundle's `string-width` (an esbuild alias, scripts/build.mjs) for Ink and everything else,
// and print/width.ts's measure. Ink measures every text node of every frame, and string-width takes
// any text that is not plain ASCII grapheme by grapheme through Intl.Segmenter and an emoji
// regular expression: the reader's rows (●, ›, …, ·) all went that way, and the first of them
// compiled the emoji expression inside the first frame. Text of characters known to take one
// column each (print/narrow.ts, checked against string-width one by one) is measured by its
// length; anything else, or other options, goes to string-width itself.
import type * as StringWidth from '../../node_modules/string-width/index.js';
import { lazily } from './lazily';
import { NARROW } from './narrow';

export type { Options } from '../../node_modules/string-width/index.js';

/**
 * string-width itself, loaded the first time some text needs it: loading it builds its
 * regular expressions (the emoji one with the v flag) and an Intl.Segmenter, 20 ms of every
 * start when it was imported up front.
 */
const stringWidthLibrary = lazily<typeof StringWidth>(
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy start (see lazily)
  () => require('../../node_modules/string-width/index.js'),
  '../../node_modules/string-width/index.js',
  import.meta.url,
);

export default function stringWidth(text: string, options?: StringWidth.Options): number {
  // string-width's defaults; any other ambiguousIsNarrow (false, null) counts ambiguous characters as two.
  const plain = options === undefined || options.ambiguousIsNarrow === undefined || !!options.ambiguousIsNarrow;
  return plain && typeof text === 'string' && NARROW.test(text) ? text.length : stringWidthLibrary().default(text, options);
}
