// dist/reader.js: the reader's packages that the CommonJS program (dist/digest.cjs) cannot hold,
// as one ES module the program loads when the reader opens. Ink loads yoga's WebAssembly with a
// top-level await; React comes with it, one copy for Ink and the reader's components, and chalk,
// Ink's own, whose colours the reader turns off under NO_COLOR; `open` stays in node_modules,
// where it finds its xdg-open script, and is imported only to open a link.
// scripts/build.mjs resolves the program's imports of each to what is set here: a package's
// module.exports, which is what the program's default import of it takes.
import chalk from 'chalk';
import * as ink from 'ink';
import React from 'react';
import * as jsxRuntime from 'react/jsx-runtime';

globalThis[Symbol.for('digest.reader')] = {
  ink,
  react: React,
  'react/jsx-runtime': jsxRuntime,
  chalk,
  open: (...args) => import('open').then(({ default: open }) => open(...args)),
};
