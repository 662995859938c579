// The baseline for keystroke latency: a bare Ink list as tall and wide as digest's library
// screen (27 rows of three styled segments, a header and a status line), j moves the cursor.
import { Box, render, Text, useApp, useInput } from 'ink';
import React, { useState } from 'react';

const ROWS = 27;
// How many items the list holds (argv), each with a title as a library holds it: at 100,000 the
// floor for memory as well as for keys.
const COUNT = Number(process.argv[2] ?? 10_000);
const titles = Array.from({ length: COUNT }, (_, n) => `Briefing number ${n}: a title of about the usual length`);

function List() {
  const { exit } = useApp();
  const [cursor, setCursor] = useState(0);
  useInput((input) => {
    if (input === 'j') setCursor((c) => c + 1);
    if (input === 'q') exit();
  });
  const first = Math.max(0, cursor - ROWS + 1);
  return (
    <Box flexDirection="column">
      <Text bold color="cyan">
        hello, list
      </Text>
      {Array.from({ length: ROWS }, (_, i) => first + i).map((n) => (
        <Text key={n} wrap="truncate-end" inverse={n === cursor}>
          <Text color="cyan">{n === cursor ? '› ● ' : '  ● '}</Text>
          <Text bold>{(titles[n] ?? '').padEnd(58)}</Text>
          <Text color="gray">{'  yesterday   newsletter   3/5'}</Text>
        </Text>
      ))}
      <Text color="cyan">{`List · ${cursor + 1}/${COUNT}`}</Text>
    </Box>
  );
}

render(<List />, { maxFps: 250 });
