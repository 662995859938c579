/**
 * Characters that take one column each and stand alone (no grapheme joins them to the next):
 * ASCII, Latin letters, dashes and quotes, arrows, mathematical operators, box drawing and
 * geometric shapes, and the few symbols the reader draws. For text of these only, the width
 * is its length; tests/width.test.ts checks every one of them against string-width.
 * Left out: the soft hyphen (no column), ◽ and ◾ (emoji, two).
 */
export const NARROW_CLASS = String.raw`[\x20-\x7e\u00a0-\u00ac\u00ae-\u024f\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2200-\u22ff\u2500-\u25fc\u25ff\u2605\u2606\u26a0\u2713\u2717\u2726]`;

export const NARROW = new RegExp(`^${NARROW_CLASS}*$`);
