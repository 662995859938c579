import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandWords, openableLink } from '../src/model/links';
import { isolatedEnv } from './helpers';
import { KEY, sessions } from './pty';

const start = sessions();

describe('links that cannot attack', () => {
  it('only http, https and mailto links open; options and other schemes are refused', () => {
    expect(openableLink('https://example.com/a?b=1')).toEqual({ url: 'https://example.com/a?b=1' });
    expect(openableLink('mailto:editor@example.com')).toEqual({ url: 'mailto:editor@example.com' });
    expect(openableLink(' http://example.com ')).toEqual({ url: 'http://example.com/' });
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<b>x</b>',
      'vbscript:x',
      'ssh://host',
      '--gpu-launcher=xcalc',
      '-x',
      'example.com',
      '',
    ]) {
      expect(openableLink(bad), bad).toHaveProperty('refused');
    }
  });

  it('a command is split into words like a shell would, without a shell', () => {
    expect(commandWords('firefox --new-tab')).toEqual(['firefox', '--new-tab']);
    expect(commandWords(`"/opt/My Browser/bin" -a 'two words' x\\ y`)).toEqual(['/opt/My Browser/bin', '-a', 'two words', 'x y']);
    expect(commandWords('open $(rm -rf ~) `id` ; ls')).toEqual(['open', '$(rm', '-rf', '~)', '`id`', ';', 'ls']);
    expect(commandWords('  ')).toEqual([]);
    expect(commandWords('a "" b')).toEqual(['a', '', 'b']);
  });
});

describe('opening links from the reader', () => {
  function library() {
    const dir = mkdtempSync(join(tmpdir(), 'digest-links-'));
    writeFileSync(
      join(dir, 'links.md'),
      [
        '# Links of every kind',
        '',
        '## A story with links',
        '',
        'Some text.',
        '',
        '### Sources',
        '',
        '- [Local file](file:///etc/passwd)',
        '- [Script](javascript:alert(1))',
        '- [Web page](https://example.com/page)',
        '',
      ].join('\n'),
    );
    return dir;
  }
  const recorder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-opener-'));
    const script = join(dir, 'opener.sh');
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$@" > ${join(dir, 'args')}\n`);
    chmodSync(script, 0o755);
    return { script, args: join(dir, 'args') };
  };

  it('refuses file: and javascript: links with a reason, and hands a web link to the command with its own arguments', async () => {
    const opener = recorder();
    const s = start([library()], { env: isolatedEnv({ DIGEST_OPEN_COMMAND: `${opener.script} --new-tab` }) });
    await s.waitForText('Library · 1/1');
    await s.press(KEY.enter, KEY.enter, KEY.enter);
    await s.waitForText(/› 1\. Local file/);
    await s.press('o');
    await s.waitForText('Not opened: only http, https and mailto links open, and this one is file:');
    await s.press('j', 'o');
    await s.waitForText('Not opened: only http, https and mailto links open, and this one is javascript:');
    await s.press('j', 'o');
    await s.waitForText('Opening https://example.com/page');
    await expect.poll(() => readFileSync(opener.args, 'utf8'), { timeout: 5000 }).toBe('--new-tab\nhttps://example.com/page\n');
    s.type(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });

  // With no open command set, the link goes to the `open` package, which the bundle loads from
  // dist/reader.js: here its xdg-open finds no desktop and hands the link to www-browser on PATH.
  it.runIf(process.platform === 'linux')('with no open command, hands a web link to the system opener', async () => {
    const opener = recorder();
    const bin = dirname(opener.script);
    renameSync(opener.script, join(bin, 'www-browser'));
    const env = isolatedEnv({ PATH: `${bin}:${process.env.PATH ?? ''}`, DIGEST_OPEN_COMMAND: '', BROWSER: '' });
    for (const desktop of [
      'DISPLAY',
      'WAYLAND_DISPLAY',
      'XDG_CURRENT_DESKTOP',
      'DESKTOP_SESSION',
      'KDE_FULL_SESSION',
      'GNOME_DESKTOP_SESSION_ID',
    ])
      delete env[desktop];
    const s = start([library()], { env });
    await s.waitForText('Library · 1/1');
    await s.press(KEY.enter, KEY.enter, KEY.enter, 'j', 'j', 'o');
    await s.waitForText('Opening https://example.com/page');
    await expect
      .poll(() => existsSync(opener.args) && readFileSync(opener.args, 'utf8'), { timeout: 5000 })
      .toBe('https://example.com/page\n');
    s.type(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });

  it('an open command that is not installed is one line in the status bar, not a crash', async () => {
    const s = start([library()], { env: isolatedEnv({ DIGEST_OPEN_COMMAND: 'no-such-browser-here --new-tab' }) });
    await s.waitForText('Library · 1/1');
    await s.press(KEY.enter, KEY.enter, KEY.enter, 'j', 'j', 'o');
    await s.waitForText('Could not open the URL: no-such-browser-here is not installed (or not on PATH)');
    await s.press('k');
    await s.waitForText(/› 2\. Script/);
    s.type(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });
});
