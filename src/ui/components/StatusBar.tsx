import { Box, Text } from 'ink';
import React from 'react';
import { widthOf } from '../../print/width';

/** As many whole hints as fit beside `where`, most useful first; a hint is never cut mid-word. */
export function fitHints(hints: readonly string[], room: number): string {
  let shown = '';
  for (const hint of hints) {
    const next = shown ? `${shown} · ${hint}` : hint;
    if (widthOf(next) > room) break;
    shown = next;
  }
  return shown;
}

/**
 * Where you are on the left; a message, or the keys worth knowing here, on the right. One line
 * of text padded between the two, with no box clipping it: Ink cuts every line drawn inside an
 * overflow="hidden" box through slice-ansi, whose loading alone costs a start 7-12 ms
 * (print/slice-ansi.ts). Only a position wider than the terminal is cut, by truncation.
 */
export function StatusBar({
  where,
  message,
  hints,
  width,
}: {
  where: string;
  message: string | null;
  hints: readonly string[];
  width: number;
}) {
  // One line whatever a message holds: a line break or tab in it would take another row.
  const said = message?.replace(/\s+/g, ' ') ?? null;
  const room = Math.max(0, width - widthOf(where) - 2);
  // A message says something the user needs now: when it does not fit beside the position, it takes the line.
  const crowded = said !== null && widthOf(said) > room;
  const right = crowded ? '' : (said ?? fitHints(hints, room));
  return (
    <Box width={width}>
      {crowded ? (
        <Text color="yellow" wrap="truncate-end">
          {said}
        </Text>
      ) : (
        <Text wrap="truncate-end">
          <Text color="cyan">{where}</Text>
          {right ? ' '.repeat(Math.max(2, width - widthOf(where) - widthOf(right))) : null}
          {right ? <Text color={said ? 'yellow' : 'gray'}>{right}</Text> : null}
        </Text>
      )}
    </Box>
  );
}

/** A one-line prompt: its label, what has been typed, and a block cursor. */
export function PromptLine({ label, value }: { label: string; value: string }) {
  return (
    <Text wrap="truncate-start">
      <Text color="cyan">{label}</Text>
      {value}
      <Text inverse> </Text>
    </Text>
  );
}
