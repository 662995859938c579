import { Box, Text } from 'ink';
import React from 'react';

export function StatusBar({ where, message, keys, width }: { where: string; message: string | null; keys: string; width: number }) {
  const right = message ?? keys;
  return (
    <Box width={width} height={1} overflow="hidden">
      <Box flexShrink={0}>
        <Text color="cyan" wrap="truncate-end">
          {where}
        </Text>
      </Box>
      <Box flexGrow={1} justifyContent="flex-end" overflow="hidden" marginLeft={2}>
        <Text wrap={message ? 'truncate-end' : 'truncate-start'} color={message ? 'yellow' : 'gray'}>
          {right}
        </Text>
      </Box>
    </Box>
  );
}
