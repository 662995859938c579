// The baseline for time to first frame: the smallest Ink program, bundled as digest is.
import { render, Text } from 'ink';
import React from 'react';

const app = render(<Text>hello, briefing</Text>);
process.stdin.resume();
process.stdin.on('data', () => app.unmount());
