import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, isolatedEnv } from './helpers';
import { KEY, sessions } from './pty';

const start = sessions();

/** A fake editor and pager: each writes its arguments (and what it read) to a file, then exits. */
function fakes() {
  const dir = mkdtempSync(join(tmpdir(), 'digest-fake-'));
  const log = join(dir, 'log');
  writeFileSync(join(dir, 'vim'), `#!/bin/sh\necho "editor $*" >> ${log}\n`);
  writeFileSync(join(dir, 'pager'), `#!/bin/sh\necho "pager $(head -1)" >> ${log}\n`);
  chmodSync(join(dir, 'vim'), 0o755);
  chmodSync(join(dir, 'pager'), 0o755);
  return { dir, log };
}

describe('the editor and the pager', () => {
  it("e opens the briefing's file at the story's line and comes back; | then Enter reads the story in $PAGER", async () => {
    const library = mkdtempSync(join(tmpdir(), 'digest-edit-'));
    cpSync(join(FIXTURES, 'frontier-weekly-2026-11-20.txt'), join(library, 'frontier.txt'));
    const { dir, log } = fakes();
    const s = start([library], { cols: 100, rows: 30, env: isolatedEnv({ EDITOR: join(dir, 'vim'), PAGER: join(dir, 'pager') }) });
    await s.waitForText('Library · 1/1');
    s.type(`${KEY.enter}j`);
    await s.waitForText('story 2/');
    const title = readFileSync(join(library, 'frontier.txt'), 'utf8').split('\n');
    s.type('e');
    await s.waitForText('Back from vim');
    const [call] = readFileSync(log, 'utf8').trimEnd().split('\n');
    const [, line, path] = /^editor \+(\d+) (.+)$/.exec(call!)!;
    expect(path).toBe(join(library, 'frontier.txt'));
    // The line it opens at is the second story's title.
    const second = s
      .screen()
      .find((row) => row.startsWith('› '))!
      .replace(/^› [●★ ] /, '')
      .trim();
    expect(title[Number(line) - 1]).toContain(second.replace(/…$/, ''));
    s.type(`${KEY.enter}|${KEY.enter}`);
    await s.waitForText(/Read in \S+pager/);
    expect(readFileSync(log, 'utf8')).toMatch(/\npager # /);
    s.type(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });

  it('a missing editor is a message, not a crash', async () => {
    const s = start([FIXTURES], { cols: 100, rows: 30, env: isolatedEnv({ EDITOR: 'no-such-editor-here', VISUAL: '' }) });
    await s.waitForText('Library · 1/7');
    s.type(`${KEY.enter}e`);
    await s.waitForText('no-such-editor-here is not installed (set $VISUAL or $EDITOR)');
    s.type(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });
});
