import { Text, useInput } from 'ink';
import React from 'react';

/** A one-line input: printable keys type, Backspace deletes, Enter submits, Esc cancels. */
export function TextInput({ label, value, onChange, onSubmit, onCancel, onKey, onQuit }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: (value: string) => void;
  onCancel: () => void;
  /** Keys the input does not use (arrows, Ctrl-N/P) go here. */
  onKey?: (name: 'up' | 'down') => void;
  /** Ctrl-C: quits the app from inside the input too. */
  onQuit?: () => void;
}) {
  useInput((input, key) => {
    if (key.escape) onCancel();
    else if (key.return) onSubmit(value);
    else if (key.backspace || key.delete) onChange(value.slice(0, -1));
    else if (key.upArrow || (key.ctrl && input === 'p')) onKey?.('up');
    else if (key.downArrow || (key.ctrl && input === 'n')) onKey?.('down');
    else if (key.ctrl && input === 'u') onChange('');
    else if (key.ctrl && input === 'c') (onQuit ?? onCancel)();
    else if (!key.ctrl && !key.meta && !key.tab && input && !/[\x00-\x1f\x7f]/.test(input)) onChange(value + input);
  });
  return (
    <Text wrap="truncate-start">
      <Text color="cyan">{label}</Text>
      {value}
      <Text inverse> </Text>
    </Text>
  );
}
