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

/** Where you are on the left; a message, or the keys worth knowing here, on the right. */
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
  const room = Math.max(0, width - widthOf(where) - 2);
  // A message says something the user needs now: when it does not fit beside the position, it takes the line.
  if (message && widthOf(message) > room)
    return (
      <Text color="yellow" wrap="truncate-end">
        {message}
      </Text>
    );
  return (
    <Box width={width} height={1} overflow="hidden">
      <Box flexShrink={0}>
        <Text color="cyan" wrap="truncate-end">
          {where}
        </Text>
      </Box>
      <Box flexGrow={1} justifyContent="flex-end" overflow="hidden" marginLeft={2}>
        <Text wrap="truncate-end" color={message ? 'yellow' : 'gray'}>
          {message ?? fitHints(hints, room)}
        </Text>
      </Box>
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
