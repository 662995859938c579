import { Box, Text } from 'ink';
import React from 'react';
import type { Row, Tone } from '../layout';

/** Tones as Ink text props; under NO_COLOR chalk drops all of these and the "›" gutter still marks the cursor. */
const TONES: Record<Tone, { color?: string; bold?: boolean; dimColor?: boolean; italic?: boolean }> = {
  title: { bold: true },
  heading: { color: 'cyan', bold: true },
  meta: { color: 'gray' },
  body: {},
  quote: { italic: true },
  source: { color: 'blue' },
  dim: { dimColor: true },
  section: { bold: true },
  unread: { color: 'cyan' },
};

export function RowLine({ row, selected, gutter, marked = false }: { row: Row; selected: boolean; gutter: boolean; marked?: boolean }) {
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {gutter ? <Text color="cyan">{selected ? '› ' : marked ? '▸ ' : '  '}</Text> : null}
      {row.segments.map((segment, i) => (
        <Text key={i} {...TONES[segment.tone]}>
          {segment.text}
        </Text>
      ))}
    </Text>
  );
}

/**
 * A window of rows: only what fits is rendered, so a keypress costs the same at any library size.
 * Each row is one truncated line, so nothing can spill: no overflow="hidden", which makes Ink
 * measure and slice every line of every frame again (a fifth of a frame's cost).
 */
export function Rows({
  rows,
  start,
  height,
  selected,
  gutter = true,
  marked = null,
}: {
  rows: Row[];
  start: number;
  height: number;
  selected: number | null;
  gutter?: boolean;
  /** A row to point at without selecting it: the heading of the section Tab went to. */
  marked?: number | null;
}) {
  const visible = rows.slice(start, start + height);
  return (
    <Box flexDirection="column" height={height}>
      {visible.map((row, i) => (
        <RowLine
          key={start + i}
          row={row}
          gutter={gutter}
          selected={selected !== null && row.item === selected}
          marked={marked === start + i}
        />
      ))}
    </Box>
  );
}
