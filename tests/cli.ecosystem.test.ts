import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT, isolatedEnv, runDigest } from './helpers';

const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;

/** A `digest` on PATH that runs the built one, as a global install would. */
function digestOnPath(): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), 'digest-bin-'));
  writeFileSync(join(bin, 'digest'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'digest'), 0o755);
  return isolatedEnv({ PATH: `${bin}:${process.env.PATH}`, DIGEST_DIR: FIXTURES });
}

describe('outputs scripts can trust', () => {
  it('every --json output says its schema', () => {
    const env = isolatedEnv();
    for (const args of [
      ['list', '--json'],
      ['show', '1.1', '--json'],
      ['show', '1', '--format', 'json'],
      ['related', '1.1', '--json'],
      ['today', '--json'],
    ]) {
      const result = runDigest([...args, FIXTURES], { env });
      expect(result.code, args.join(' ')).toBe(0);
      expect(JSON.parse(result.stdout).schema, args.join(' ')).toBe(1);
    }
    const next = runDigest(['next', '--json', FIXTURES], { env });
    expect(JSON.parse(next.stdout)).toEqual(expect.objectContaining({ schema: 1, story: expect.objectContaining({ read: false }) }));
  });

  it('each JSON output has the shape the README documents', () => {
    const env = isolatedEnv();
    const json = (...args: string[]) => JSON.parse(runDigest([...args, FIXTURES], { env }).stdout);
    const keys = (value: object) => Object.keys(value).sort();
    const BRIEFING = ['date', 'extras', 'format', 'highlights', 'id', 'path', 'publisher', 'title'];
    const STORY = ['body', 'extras', 'id', 'quotes', 'section', 'sources', 'summary', 'takeaways', 'timestamp', 'title'];
    const RELATED = ['briefing', 'id', 'read', 'shortId', 'title'];
    const list = json('list', '--json');
    expect(keys(list)).toEqual(['briefings', 'schema', 'skipped']);
    expect(keys(list.briefings[0])).toEqual([...BRIEFING, 'stories'].sort());
    expect(keys(list.briefings[0].stories[0])).toEqual([...STORY, 'read', 'related', 'shortId', 'starred'].sort());
    const show = json('show', 'Benchmarks Under Audit', '--json');
    expect(keys(show)).toEqual(['briefing', 'schema', 'story']);
    expect(keys(show.briefing)).toEqual(BRIEFING);
    expect(keys(show.story)).toEqual([...STORY, 'read', 'related', 'shortId', 'starred'].sort());
    expect(keys(show.story.related[0])).toEqual(RELATED);
    expect(keys(show.story.related[0].briefing)).toEqual(['date', 'format', 'id', 'title']);
    expect(keys(show.story.sources[0] ?? { author: 0, date: 0, excerpt: 0, title: 0, url: 0 })).toEqual([
      'author',
      'date',
      'excerpt',
      'title',
      'url',
    ]);
    const whole = json('show', '1', '--json');
    expect(keys(whole.briefing)).toEqual([...BRIEFING, 'stories'].sort());
    expect(keys(whole.briefing.stories[0])).toEqual([...STORY, 'read', 'starred'].sort());
    const related = json('related', 'Benchmarks Under Audit', '--json');
    expect(keys(related)).toEqual(['related', 'schema', 'story']);
    expect(keys(related.story)).toEqual(['briefing', 'id', 'shortId', 'title']);
    const today = json('today', '--json');
    expect(keys(today)).toEqual(['fresh', 'groups', 'minutes', 'schema', 'stories']);
    expect(keys(today.groups[0])).toEqual(['briefings', 'stories', 'summary', 'takeaway', 'title', 'words']);
    expect(keys(today.groups[0].stories[0])).toEqual(['briefing', 'id', 'shortId', 'title']);
  });

  it('list --json honours --unread and --starred; --ndjson is one briefing per line', () => {
    const env = isolatedEnv();
    runDigest(['mark', 'read', '--all', FIXTURES], { env });
    runDigest(['mark', 'unread', '1.2', FIXTURES], { env });
    runDigest(['mark', 'star', '2.1', FIXTURES], { env });
    const unread = JSON.parse(runDigest(['list', '--unread', '--json', FIXTURES], { env }).stdout);
    expect(unread.briefings).toHaveLength(1);
    expect(unread.briefings[0].stories.map((s: { read: boolean }) => s.read)).toEqual([false]);
    const starred = JSON.parse(runDigest(['list', '--starred', '--json', FIXTURES], { env }).stdout);
    expect(starred.briefings.flatMap((b: { stories: { starred: boolean }[] }) => b.stories.map((s) => s.starred))).toEqual([true]);
    const lines = runDigest(['list', '--ndjson', FIXTURES], { env }).stdout.trimEnd().split('\n');
    const all = JSON.parse(runDigest(['list', '--json', FIXTURES], { env }).stdout);
    expect(lines).toHaveLength(all.briefings.length);
    expect(lines.map((line) => JSON.parse(line).title)).toEqual(all.briefings.map((b: { title: string }) => b.title));
    expect(JSON.parse(lines[0]!).schema).toBe(1);
    expect(runDigest(['list', '--ndjson', '--unread', FIXTURES], { env }).stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('config: a negative value gets its own message; an unset key prints nothing and exits 1; the listing says where values come from', () => {
    const env = isolatedEnv();
    const negative = runDigest(['config', 'read-delay', '-1'], { env });
    expect(negative.code).toBe(2);
    expect(negative.stderr).toBe('digest: -1: read-delay takes seconds, 0 to 3600 (see digest --help)\n');
    const unset = runDigest(['config', 'library'], { env });
    expect([unset.code, unset.stdout]).toEqual([1, '']);
    runDigest(['config', 'read-delay', '2'], { env });
    const listing = runDigest(['config'], { env: { ...env, DIGEST_DIR: FIXTURES } }).stdout;
    expect(listing).toMatch(/^library +\S+fixtures {2}\(DIGEST_DIR\)$/m);
    expect(listing).toMatch(/^read-delay +2 {2}\(config file\)$/m);
    expect(listing).toMatch(/^skip-covered +off$/m);
  });

  it('--color always colours a pipe, never a terminal-less run; any other value is refused', () => {
    const env = isolatedEnv({ NO_COLOR: '' });
    expect(runDigest(['list', '--color', 'always', FIXTURES], { env }).stdout).toMatch(/\x1b\[/);
    expect(runDigest(['show', '1.1', '--color', 'never', FIXTURES], { env }).stdout).not.toMatch(/\x1b/);
    const bad = runDigest(['list', '--color', 'sometimes', FIXTURES], { env });
    expect([bad.code, bad.stderr]).toEqual([2, 'digest: --color takes auto, always or never, not "sometimes" (see digest --help)\n']);
  });

  it('a number alone never picks a story by its title; a story named twice is marked once', () => {
    const env = isolatedEnv();
    // "12" is in no sample's briefing count, but would match a title with "12" in it.
    for (const ref of ['12', '1.']) {
      const result = runDigest(['mark', 'read', ref, FIXTURES], { env });
      expect([result.code, result.stderr], ref).toEqual([
        2,
        `digest: no story ${ref}: a number alone is a briefing (B); a story is B.S, a short id or part of its title\n`,
      ]);
    }
    const shortId = /1\.1 +([0-9a-f]{7,})/.exec(runDigest(['list', FIXTURES], { env }).stdout)![1]!;
    expect(runDigest(['mark', 'read', '1.1', shortId, FIXTURES], { env }).stderr).toBe('digest: marked 1 story read\n');
  });

  it('export refuses a folder inside the library (its notes would be read as briefings)', () => {
    const library = mkdtempSync(join(tmpdir(), 'digest-export-in-'));
    writeFileSync(join(library, 'a.md'), '# One\n\n## A story\n\nText.\n');
    const result = runDigest(['export', join(library, 'notes'), library]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/notes is inside the library \(.+\): its notes would be read as briefings/);
    expect(existsSync(join(library, 'notes'))).toBe(false);
  });

  it('an option a command does not take is named, with those it does', () => {
    const result = runDigest(['mark', 'read', '1.1', '--json', FIXTURES]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^digest: mark does not take --json \(it takes --all\)/);
  });
});

describe('digest export: stories as notes', () => {
  it('writes each story once, with front matter; a second run changes nothing; a note you edited or removed is left as it is', () => {
    const env = isolatedEnv();
    const vault = mkdtempSync(join(tmpdir(), 'digest-vault-'));
    const first = runDigest(['export', vault, FIXTURES], { env });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/: 18 new\n$/);
    const notes = readdirSync(vault).filter((name) => name.endsWith('.md'));
    expect(notes).toHaveLength(18);
    const note = readFileSync(join(vault, 'Benchmarks Under Audit.md'), 'utf8');
    expect(note).toMatch(
      /^---\ntitle: "Benchmarks Under Audit"\ndate: 2026-11-22\nbriefing: ".+"\n(?:sources:\n(?: {2}- ".+"\n)+)?tags:\n {2}- "digest"\n(?: {2}- ".+"\n)+id: "[0-9a-f]{40}"\n---\n\n# Benchmarks Under Audit\n/,
    );
    expect(runDigest(['export', vault, FIXTURES], { env }).stderr).toMatch(/: 0 new, 18 unchanged\n$/);
    writeFileSync(join(vault, 'Benchmarks Under Audit.md'), `${note}\nMy own thoughts.\n`);
    rmSync(join(vault, 'Assistants Move On Device.md'));
    expect(runDigest(['export', vault, FIXTURES], { env }).stderr).toMatch(
      /: 0 new, 16 unchanged, 2 you changed or removed, left as they are\n$/,
    );
    expect(readFileSync(join(vault, 'Benchmarks Under Audit.md'), 'utf8')).toContain('My own thoughts.');
    expect(existsSync(join(vault, 'Assistants Move On Device.md'))).toBe(false);
  });

  it('names a note from its title, inside the folder whatever the title says, and tells same-titled stories apart', () => {
    const library = mkdtempSync(join(tmpdir(), 'digest-export-lib-'));
    writeFileSync(join(library, 'a.md'), '# One\n\n## ../../escape/..\n\nText.\n\n## Same title\n\nFirst.\n');
    writeFileSync(join(library, 'b.md'), '# Two\n\n## Same title\n\nSecond, other news.\n');
    // Undated, the newer file comes first: one second apart, not whatever the clock's tick made of two writes.
    utimesSync(join(library, 'a.md'), 1_700_000_000, 1_700_000_000);
    utimesSync(join(library, 'b.md'), 1_700_000_001, 1_700_000_001);
    const vault = mkdtempSync(join(tmpdir(), 'digest-vault-'));
    expect(runDigest(['export', vault, library]).code).toBe(0);
    const names = readdirSync(vault).sort();
    expect(names).toContain('escape.md');
    // The later of the two in the library's order is told apart by its id.
    const sameTitled = [...runDigest(['list', library]).stdout.matchAll(/ ([0-9a-f]{7,}) +● Same title$/gm)].map((m) => m[1]);
    expect(sameTitled).toHaveLength(2);
    expect(names.filter((name) => name.startsWith('Same title'))).toEqual([`Same title (${sameTitled[1]}).md`, 'Same title.md']);
  });
});

describe('at home in the shell', () => {
  it('the man page renders, made from the same table as --help', () => {
    const man = spawnSync('man', ['-l', join(ROOT, 'dist', 'digest.1')], {
      encoding: 'utf8',
      env: { ...process.env, MANWIDTH: '80', MAN_KEEP_FORMATTING: '' },
    });
    if (man.error) throw man.error;
    expect(man.status).toBe(0);
    const page = man.stdout.replace(/.\x08/g, '');
    for (const heading of ['NAME', 'SYNOPSIS', 'COMMANDS', 'OPTIONS', 'READER KEYS', 'EXAMPLES', 'EXIT STATUS'])
      expect(page).toContain(heading);
    const help = runDigest(['--help']).stdout;
    for (const usage of help.split('\n').filter((line) => line.startsWith('  digest ') && line.includes('['))) {
      const synopsis = usage.trim().replace(/ {2,}.*$/, '');
      expect(page.replace(/\s+/g, ' ')).toContain(synopsis.replace(/\s+/g, ' '));
    }
    // The reader's keys come from its keymap: the skim's key is there.
    expect(page).toMatch(/\bt\s+the\s+morning\s+skim/);
  });

  it('bash: the completion script loads and completes commands, options, settings and story refs', () => {
    const env = digestOnPath();
    const complete = (words: string[]) => {
      const line = words.map((word) => `'${word}'`).join(' ');
      const run = spawnSync(
        'bash',
        [
          '-c',
          `eval "$(digest completion bash)"; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _digest; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { env, encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      return run.stdout.split('\n').filter(Boolean);
    };
    expect(complete(['digest', 'sh'])).toContain('show');
    expect(complete(['digest', 'list', '--un'])).toEqual(['--unread']);
    expect(complete(['digest', 'config', 'skip-covered', ''])).toEqual(['on', 'off']);
    expect(complete(['digest', 'show', '--format', 'm'])).toEqual(['markdown']);
    const refs = runDigest(['completion', 'refs'], { env }).stdout.trimEnd().split('\n');
    const [shortId, title] = refs[0]!.split('\t');
    expect(title).toBeTruthy();
    expect(complete(['digest', 'show', shortId!.slice(0, 5)])).toContain(shortId);
    expect(complete(['digest', 'mark', 're'])).toEqual(['read']);
  });

  it.skipIf(!has('zsh'))('zsh: the completion script loads and defines its functions', () => {
    const load = 'autoload -Uz compinit; compinit -u; eval "$(digest completion zsh)"; whence -w _digest _digest_refs';
    const run = spawnSync('zsh', ['-c', load], { env: digestOnPath(), encoding: 'utf8' });
    expect([run.status, run.stderr, run.stdout]).toEqual([0, '', '_digest: function\n_digest_refs: function\n']);
  });

  it.skipIf(!has('fish'))('fish: the completion script loads and completes commands, settings and story refs with titles', () => {
    const env = digestOnPath();
    const complete = (line: string) =>
      spawnSync('fish', ['-c', `digest completion fish | source; complete -C ${JSON.stringify(line)}`], { env, encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean);
    expect(complete('digest sh')).toEqual([expect.stringMatching(/^show\tprint a story/)]);
    expect(complete('digest config skip-covered ')).toEqual(['off', 'on']);
    expect(complete('digest list --un')).toEqual(['--unread\tonly unread stories']);
    expect(complete('digest show ')).toContain(runDigest(['completion', 'refs'], { env }).stdout.split('\n')[0]);
  });

  it('prints a script for each shell, and refuses others', () => {
    for (const shell of ['bash', 'zsh', 'fish']) expect(runDigest(['completion', shell]).stdout).toMatch(/digest completion refs/);
    const bad = runDigest(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/completion takes one of: bash, zsh, fish/);
  });
});
