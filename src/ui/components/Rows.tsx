import { Box, Text, Transform } from 'ink';
import { hyperlink } from '../../print/hyperlink';
import React from 'react';
import type { Row } from '../layout';
import { theme } from '../theme';

export function RowLine({
  row,
  selected,
  gutter,
  marked = false,
  links = false,
}: {
  row: Row;
  selected: boolean;
  gutter: boolean;
  marked?: boolean;
  links?: boolean;
}) {
  const { tones, selection } = theme();
  const line = (
    <Text wrap="truncate-end" inverse={selected && !selection} backgroundColor={selected && selection ? selection : undefined}>
      {gutter ? <Text color="cyan">{selected ? '› ' : marked ? '▸ ' : '  '}</Text> : null}
      {row.segments.map((segment, i) => (
        <Text key={i} {...tones[segment.tone]}>
          {segment.text}
        </Text>
      ))}
    </Text>
  );
  // Ink lays the row out as plain text; the link's escapes go round the drawn line afterwards.
  const url = links ? row.link : undefined;
  return url ? <Transform transform={(drawn) => hyperlink(drawn, url)}>{line}</Transform> : line;
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
  links = false,
}: {
  rows: Row[];
  start: number;
  height: number;
  selected: number | null;
  gutter?: boolean;
  /** A row to point at without selecting it: the heading of the section Tab went to. */
  marked?: number | null;
  /** Rows with a web address are links (OSC 8): the terminal shows them and the user said so. */
  links?: boolean;
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
          links={links}
        />
      ))}
    </Box>
  );
}
