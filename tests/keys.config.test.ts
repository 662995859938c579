import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { actionFor, helpRows, KEYMAP, statusHints, applyKeymap, withUserKeys } from '../src/ui/keymap';
import { themeOf } from '../src/ui/theme';
import { FIXTURES, isolatedEnv, runDigest } from './helpers';
import { KEY, sessions } from './pty';

const start = sessions();
afterEach(() => applyKeymap(KEYMAP));

describe('keys of your own', () => {
  it('an action takes the keys given instead of its own, in help and hints too', () => {
    const result = withUserKeys({ 'next-story': ['x', 'ctrl+n'], 'next-unread': ['ctrl+o'] });
    if (!('keymap' in result)) throw new Error(result.error);
    applyKeymap(result.keymap);
    expect(actionFor('story', 'x')).toBe('nextStory');
    expect(actionFor('briefing', 'ctrl+n')).toBe('nextStory');
    expect(actionFor('story', 'J')).toBeNull();
    expect(helpRows('story').find((row) => row.help.startsWith('next story'))?.keys).toBe('x Ctrl-n');
    expect(statusHints('library')).toContain('ctrl-o unread');
  });

  it('an unknown action, a key that cannot be typed, or a clash is one line naming it, and the built-in keys stay', () => {
    expect(withUserKeys({ 'jump-around': ['x'] })).toEqual({ error: expect.stringMatching(/^keys: there is no action "jump-around"/) });
    expect(withUserKeys({ 'next-story': ['hyper+x'] })).toEqual({
      error: expect.stringMatching(/^keys: "hyper\+x" \(for next-story\) is not a key name/),
    });
    expect(withUserKeys({ 'next-story': ['j'] })).toEqual({ error: 'keys: j would be both down and next-story (briefing)' });
    expect(withUserKeys({ 'next-story': [] })).toEqual({ error: 'keys: "next-story" needs at least one key' });
    expect(actionFor('story', 'J')).toBe('nextStory');
  });

  it('a theme colours the roles it names; an unknown role or colour is named', () => {
    const theme = themeOf({ title: 'magenta', link: '#ff8800', selection: 'blue' });
    if ('error' in theme) throw new Error(theme.error);
    expect(theme.tones.title.color).toBe('magenta');
    expect(theme.tones.source.color).toBe('#ff8800');
    expect(theme.selection).toBe('blue');
    expect(themeOf({ titel: 'red' })).toEqual({ error: expect.stringMatching(/^theme: there is no role "titel"/) });
    expect(themeOf({ title: 'puce' })).toEqual({ error: expect.stringMatching(/^theme: "puce" \(for title\) is not a colour/) });
  });
});

/** A settings file as the user would write it. */
function settingsEnv(settings: object): NodeJS.ProcessEnv {
  const env = isolatedEnv();
  mkdirSync(join(env.XDG_CONFIG_HOME!, 'digest'), { recursive: true });
  writeFileSync(join(env.XDG_CONFIG_HOME!, 'digest', 'config.json'), JSON.stringify(settings));
  return env;
}

describe('keys and colours in the reader', () => {
  it('uses the user’s key and colour, and shows the key in its help', async () => {
    // FORCE_COLOR: the PTY's CI=false (which keeps Ink drawing every frame) turns chalk's colour off.
    const env = { ...settingsEnv({ keys: { 'next-unread': ['x'] }, theme: { title: 'magenta' } }), FORCE_COLOR: '1' };
    const s = start([FIXTURES], { cols: 100, rows: 30, env });
    await s.waitForText('Library · 1/7');
    expect(s.text()).toContain('x unread');
    s.type('x');
    await s.waitForText(/story 1\/\d+/);
    // Magenta (SGR 35) for titles.
    expect(s.raw).toMatch(/\x1b\[(?:\d+;)*35(?:;\d+)*m/);
    s.type('?');
    await s.waitForText(/^ {2}x +next unread story, anywhere$/m);
    s.type(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });

  it('says what is wrong with the keys, and keeps the built-in ones', async () => {
    const s = start([FIXTURES], { cols: 100, rows: 30, env: settingsEnv({ keys: { 'next-story': ['j'] } }) });
    await s.waitForText('keys: j would be both down and next-story');
    s.type('j');
    await s.waitForText('Library · 2/7');
    s.type(KEY.ctrlC);
    expect(await s.exit()).toBe(0);
  });
});

describe('digest config --edit', () => {
  /** An "editor" that writes `text` into the file it is given. */
  function editorWriting(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'digest-editor-'));
    writeFileSync(join(dir, 'text'), text);
    writeFileSync(join(dir, 'ed'), `#!/bin/sh\ncp "${join(dir, 'text')}" "$1"\n`);
    chmodSync(join(dir, 'ed'), 0o755);
    return join(dir, 'ed');
  }

  it('checks the file when the editor closes: good, a wrong key, and not JSON at all', () => {
    const good = runDigest(['config', '--edit'], {
      env: isolatedEnv({ EDITOR: editorWriting('{"readDelay": 2, "keys": {"next-story": ["x"]}}') }),
    });
    expect([good.code, good.stderr]).toEqual([0, expect.stringMatching(/checked: every setting in it is used\n$/)]);
    const clash = runDigest(['config', '--edit'], { env: isolatedEnv({ EDITOR: editorWriting('{"keys": {"next-story": ["j"]}}') }) });
    expect([clash.code, clash.stderr]).toEqual([1, 'digest: keys: j would be both down and next-story (briefing)\n']);
    const broken = runDigest(['config', '--edit'], { env: isolatedEnv({ EDITOR: editorWriting('{"readDelay": ') }) });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/is not JSON now \(.+\); run digest config --edit again to fix it\n$/);
  });
});
