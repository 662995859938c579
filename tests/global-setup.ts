import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary folder of a test run (the tests' own, and those of each digest they start,
 * which inherit TMPDIR) is made in one folder of the run, removed when the run ends. Each run
 * left a few hundred folders in the system's temporary folder: 60,000 by session eleven.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'digest-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
