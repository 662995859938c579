import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, HAVE_SEEDS, SEEDS, isolatedEnv, runDigest } from './helpers';

const list = (args: string[] = [], env = isolatedEnv()) => JSON.parse(runDigest(['list', '--json', ...args], { env }).stdout);

describe('digest list', () => {
  it('prints every briefing newest first with refs and short ids; to a pipe no title is cut', () => {
    const { code, stdout, stderr } = runDigest(['list', FIXTURES]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^\s+1\s+Small Models, Big Audits/);
    expect(stdout).toMatch(/1\.1\s+[0-9a-f]{7}\s+● Small Models Close the Gap/);
    // `digest list | grep …` finds a whole title, however long.
    expect(stdout).toContain('November 21 PM: Open weights go mainstream & evals get audited & robots learn chores');
  });

  it('--width N cuts the listing at N columns', () => {
    const { stdout } = runDigest(['list', FIXTURES, '--width', '60']);
    for (const line of stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
    expect(stdout).toContain('…');
    expect(runDigest(['list', FIXTURES, '--width', 'wide']).code).toBe(2);
  });

  it('--json has exactly schema, briefings and skipped, with the model fields and read per story', () => {
    const data = list([FIXTURES]);
    expect(Object.keys(data).sort()).toEqual(['briefings', 'schema', 'skipped']);
    const first = data.briefings[0];
    expect(Object.keys(first).sort()).toEqual(
      ['date', 'extras', 'format', 'highlights', 'id', 'path', 'publisher', 'stories', 'title'].sort(),
    );
    expect(first.stories[0]).toMatchObject({ read: false, starred: false });
    expect(first.stories[0].shortId).toHaveLength(7);
    const dates = data.briefings.map((b: { date: string | null }) => b.date).filter(Boolean);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(data.briefings.at(-1).date).toBeNull();
  });

  it.skipIf(!HAVE_SEEDS)('--json over the seed briefings gives all five shapes', () => {
    const data = list([SEEDS]);
    expect(data.briefings.map((b: { format: string }) => b.format).sort()).toEqual([
      'daily-digest',
      'discussion',
      'newsletter',
      'podcast-briefing',
      'video-summary',
    ]);
    expect(data.briefings.reduce((n: number, b: { stories: unknown[] }) => n + b.stories.length, 0)).toBe(5 + 1 + 5 + 1 + 9);
  });

  it('--unread leaves out read stories and fully read briefings', () => {
    const env = isolatedEnv();
    runDigest(['mark', 'read', '--all', join(FIXTURES, 'notes-plain.txt')], { env });
    runDigest(['mark', 'read', '1.1', FIXTURES], { env });
    const out = runDigest(['list', '--unread', FIXTURES], { env }).stdout;
    expect(out).not.toContain('Reading list for the weekend');
    expect(out).not.toContain('Small Models Close the Gap');
    expect(out).toContain('Benchmarks Under Audit');
  });

  it('exits 0 quietly when the reader closes the pipe', () => {
    const big = mkdtempSync(join(tmpdir(), 'digest-many-'));
    for (let i = 0; i < 200; i++) cpSync(join(FIXTURES, 'frontier-weekly-2026-11-20.txt'), join(big, `copy-${i}.txt`));
    const result = spawnSync('bash', ['-c', `set -o pipefail; node ${BIN} list ${big} | head -1`], {
      env: isolatedEnv(),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    // The JSON, written a briefing at a time, stops as soon as the reader has gone.
    const json = spawnSync('bash', ['-c', `set -o pipefail; node ${BIN} list --json ${big} | head -1`], {
      env: isolatedEnv(),
      encoding: 'utf8',
    });
    expect([json.status, json.stderr, json.stdout]).toEqual([0, '', '{\n']);
  });

  it('skips files that are not briefings, with a reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-mixed-'));
    cpSync(join(FIXTURES, 'notes-plain.txt'), join(dir, 'ok.txt'));
    writeFileSync(join(dir, 'empty.txt'), '  \n');
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    const data = list([dir]);
    expect(data.briefings).toHaveLength(1);
    expect(data.skipped.map((s: { reason: string }) => s.reason).sort()).toEqual(['binary file (PNG image)', 'empty file']);
  });

  it('opens the bundled samples with a note when no library is configured, else $DIGEST_DIR, else the saved folder', () => {
    const env = isolatedEnv();
    const samples = runDigest(['list'], { env });
    expect(samples.stderr).toMatch(/^digest: showing the sample briefings; point digest at yours with `digest config library DIR`/);
    expect(samples.stdout).toContain('Small Models, Big Audits');

    const mine = mkdtempSync(join(tmpdir(), 'digest-mine-'));
    cpSync(join(FIXTURES, 'notes-plain.txt'), join(mine, 'n.txt'));
    expect(runDigest(['config', 'library', mine], { env }).code).toBe(0);
    const saved = runDigest(['list'], { env });
    expect(saved.stderr).toBe('');
    expect(saved.stdout).toContain('Reading list for the weekend');
    expect(saved.stdout).not.toContain('Small Models');
    expect(runDigest(['config', 'library'], { env }).stdout.trim()).toBe(mine);
    const config = JSON.parse(readFileSync(join(env.XDG_CONFIG_HOME!, 'digest', 'config.json'), 'utf8'));
    expect(config.library).toBe(mine);

    const other = runDigest(['list'], { env: { ...env, DIGEST_DIR: FIXTURES } });
    expect(other.stdout).toContain('Small Models');
  });
});

describe('digest show', () => {
  it('finds a story by B.S, short id and title piece, in text, markdown and json', () => {
    const env = isolatedEnv();
    const data = list([FIXTURES], env);
    const story = data.briefings[2].stories[1];
    const byRef = runDigest(['show', '3.2', FIXTURES], { env });
    expect(byRef.code).toBe(0);
    expect(byRef.stdout.split('\n')[0]).toBe(story.title);
    expect(byRef.stdout).toContain('Key takeaways');
    expect(runDigest(['show', story.shortId, FIXTURES], { env }).stdout).toBe(byRef.stdout);
    expect(runDigest(['show', 'leaking into', FIXTURES], { env }).stdout).toBe(byRef.stdout);
    const md = runDigest(['show', '3.2', FIXTURES, '--format', 'markdown'], { env }).stdout;
    expect(md).toMatch(/^# Benchmarks Are Leaking Into Training Sets\n/);
    expect(md).toContain('## Key takeaways\n\n- Eight of twelve suites');
    const json = JSON.parse(runDigest(['show', '3.2', FIXTURES, '--format', 'json'], { env }).stdout);
    expect(json.story.id).toBe(story.id);
    expect(json.briefing.title).toBe(data.briefings[2].title);
  });

  it('B alone prints the whole briefing: its highlights, then every story, in text, markdown and json', () => {
    const env = isolatedEnv();
    const data = list([FIXTURES], env);
    const whole = runDigest(['show', '4', FIXTURES], { env });
    expect(whole.code).toBe(0);
    const titles = data.briefings[3].stories.map((story: { title: string }) => story.title);
    expect(titles.length).toBeGreaterThan(1);
    expect(whole.stdout.split('\n')[0]).toBe(data.briefings[3].title);
    let at = whole.stdout.indexOf(data.briefings[3].highlights[0].slice(0, 30));
    expect(at).toBeGreaterThan(0);
    for (const title of titles) {
      const next = whole.stdout.indexOf(`\n${title}\n`, at);
      expect(next).toBeGreaterThan(at);
      at = next;
    }
    const md = runDigest(['show', '4', FIXTURES, '--format', 'markdown'], { env }).stdout;
    expect(md).toMatch(new RegExp(`^# ${data.briefings[3].title}\n`));
    for (const title of titles) expect(md).toContain(`\n## ${title}\n`);
    const json = JSON.parse(runDigest(['show', '4', FIXTURES, '--format', 'json'], { env }).stdout);
    expect(json.briefing.stories.map((story: { title: string }) => story.title)).toEqual(titles);
  });

  it('wraps to 80 columns in a pipe, to --width N, and not at all with --width 0', () => {
    const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));
    const piped = runDigest(['show', '3.2', FIXTURES]).stdout;
    expect(widest(piped)).toBeLessThanOrEqual(80);
    expect(widest(piped)).toBeGreaterThan(60);
    expect(widest(runDigest(['show', '3.2', FIXTURES, '--width', '50']).stdout)).toBeLessThanOrEqual(50);
    const unwrapped = runDigest(['show', '3.2', FIXTURES, '--width', '0']).stdout;
    expect(widest(unwrapped)).toBeGreaterThan(80);
    // Wrapping only moves line breaks: the words are the same.
    expect(piped.split(/\s+/).join(' ')).toBe(unwrapped.split(/\s+/).join(' '));
    expect(runDigest(['show', '3.2', FIXTURES, '--width', '5']).code).toBe(2);
  });

  it('prints a thread with its quotes in place, a video summary with its synthesis, code and tables verbatim', () => {
    const kinds = join(FIXTURES, '..', 'tests', 'fixtures', 'kinds');
    const thread = runDigest(['show', '1.1', join(kinds, 'hn-thread.txt')]).stdout;
    // Each comment under its author; a quote barred inside the reply that answers it.
    expect(thread).toMatch(/\nornella_p · 5 hours ago\nDid you try per-tenant prefix caching\?[^\n]*\n\n│ Caching helped less/);
    expect(thread).not.toMatch(/points by|\| hide \||\[–\]/);
    const forum = runDigest(['show', '1.1', join(kinds, 'thread-quotes.txt')]).stdout;
    expect(forum).toContain('│ │ I stopped accepting code');
    expect(forum).toContain('───');
    // Two paragraphs of one comment (a blank line, no "reply" between) stay together.
    expect(forum).toMatch(/boilerplate help\.\n\nThe keystroke setting/);
    const video = runDigest(['show', '1.1', join(kinds, 'video-summary-variant.txt')]).stdout;
    expect(video).toMatch(/\nConclusion\nThe episode frames the rush toward small models/);
    const md = join(kinds, 'md-newsletter-export.md');
    const story = list([md]).briefings[0].stories.findIndex((s: { title: string }) => /Rotating Their Eval Sets/.test(s.title));
    expect(story).toBeGreaterThanOrEqual(0);
    const text = runDigest(['show', `1.${story + 1}`, md]).stdout;
    expect(text).toContain('\n    # install the eval harness\n    pip install heldout-evals==0.9.2\n');
    expect(text).not.toContain('INSTALL THE EVAL HARNESS');
    const markdown = runDigest(['show', `1.${story + 1}`, md, '--format', 'markdown']).stdout;
    expect(markdown).toContain('```bash\n# install the eval harness\n');
    const table = runDigest(['show', '1', md]).stdout;
    expect(table).toMatch(/\n\| Card class +\| Sep 2026 \(\$\/h\) \|/);
    const rows = table.split('\n').filter((line) => line.startsWith('|'));
    expect(new Set(rows.map((line) => line.length)).size).toBe(1);
  });

  it('an ambiguous or unknown REF exits 2 and lists candidates on stderr', () => {
    const ambiguous = runDigest(['show', 'models', FIXTURES]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr).toMatch(/Small Models Close the Gap/);
    expect(ambiguous.stderr.trim().split('\n').at(-1)).toMatch(/^digest: "models" matches \d+ stories$/);
    const unknown = runDigest(['show', 'no such story anywhere', FIXTURES]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('digest: no story matches "no such story anywhere"\n');
    expect(runDigest(['show', '99.1', FIXTURES]).code).toBe(2);
  });

  it('marks survive a rename of the briefing file', () => {
    const env = isolatedEnv();
    const dir = mkdtempSync(join(tmpdir(), 'digest-rename-'));
    cpSync(join(FIXTURES, 'daily-digest-2026-11-22.txt'), join(dir, 'a.txt'));
    runDigest(['mark', 'read', '1.2', dir], { env });
    renameSync(join(dir, 'a.txt'), join(dir, 'renamed.txt'));
    const data = list([dir], env);
    expect(data.briefings[0].stories.map((s: { read: boolean }) => s.read)).toEqual([false, true, false, false, false, false]);
  });
});

describe('digest next and mark', () => {
  it('next prints the next unread story and marks it read; exits 1 when all are read', () => {
    const env = isolatedEnv();
    const dir = mkdtempSync(join(tmpdir(), 'digest-next-'));
    cpSync(join(FIXTURES, 'absorb-briefing-2026-11-21.txt'), join(dir, 'a.txt'));
    const titles = [1, 2, 3].map(() => runDigest(['next', dir], { env }).stdout.split('\n')[0]);
    expect(titles).toEqual(['Open Weights Go Mainstream', 'Evaluation Audits Become Routine', 'Household Robots Learn From Video']);
    const done = runDigest(['next', dir], { env });
    expect(done.code).toBe(1);
    expect(done.stderr).toBe('digest: no unread stories\n');
    runDigest(['mark', 'unread', '1.2', dir], { env });
    expect(runDigest(['next', dir], { env }).stdout.split('\n')[0]).toBe('Evaluation Audits Become Routine');
  });

  it('mark star and unstar show in list --json', () => {
    const env = isolatedEnv();
    expect(runDigest(['mark', 'star', '1.1', '2.3', FIXTURES], { env }).code).toBe(0);
    let data = list([FIXTURES], env);
    expect(data.briefings[0].stories[0].starred).toBe(true);
    expect(data.briefings[1].stories[2].starred).toBe(true);
    runDigest(['mark', 'unstar', '1.1', FIXTURES], { env });
    data = list([FIXTURES], env);
    expect(data.briefings[0].stories[0].starred).toBe(false);
    expect(runDigest(['list', '--starred', FIXTURES], { env }).stdout).toContain('Household Robots');
  });
});

describe('settings', () => {
  it('config read-delay stores seconds and rejects nonsense', () => {
    const env = isolatedEnv();
    expect(runDigest(['config', 'read-delay', '3'], { env }).code).toBe(0);
    expect(runDigest(['config', 'read-delay'], { env }).stdout).toBe('3\n');
    const bad = runDigest(['config', 'read-delay', 'soon'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^digest: soon: read-delay takes seconds/);
  });

  it('a damaged settings file is set aside with a one-line note, and the command still works', () => {
    const env = isolatedEnv();
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'digest'), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME!, 'digest', 'config.json'), '{"library": "/tmp", oops');
    const result = runDigest(['config'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^digest: settings file .*config\.json could not be read .*; kept it as .*config\.json\.corrupt-\d+ and started afresh\n$/,
    );
    expect(readdirSync(join(env.XDG_CONFIG_HOME!, 'digest')).some((f) => f.startsWith('config.json.corrupt-'))).toBe(true);
  });
});

describe('without a terminal', () => {
  it('plain `digest` prints the list as `digest list` does and never starts the reader', () => {
    const env = isolatedEnv();
    const bare = runDigest([FIXTURES], { env });
    expect(bare.code).toBe(0);
    expect(bare.stdout).toBe(runDigest(['list', FIXTURES], { env }).stdout);
    expect(bare.stdout).not.toMatch(/\x1b\[\?1049h/);
  });
});

describe('usage', () => {
  it('--help starts with examples; --version prints the version', () => {
    const help = runDigest(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.split('\n')[2]).toBe('Examples');
    expect(runDigest(['--version']).stdout).toMatch(/^digest \d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['--bogus'], /^digest: Unknown option '--bogus' \(see digest --help\)\n$/],
    [['show'], /^digest: show needs a REF/],
    [['show', '1.1', FIXTURES, '--format', 'pdf'], /^digest: unknown format "pdf"/],
    [['list', '/no/such/folder'], /^digest: \/no\/such\/folder: no such file or folder\n$/],
    [['mark', 'maybe', '1.1'], /^digest: mark needs read, unread, star or unstar/],
    [['config', 'library', '/no/such/folder'], /^digest: \/no\/such\/folder: not a folder/],
  ])('%j exits 2 with one line on stderr', (args, message) => {
    const result = runDigest(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('NO_COLOR and pipes give plain text without escape codes', () => {
    const result = runDigest(['show', '1.1', FIXTURES], { env: isolatedEnv({ FORCE_COLOR: '1' }) });
    expect(result.stdout).not.toMatch(/\x1b/);
  });
});

describe('list --json, written a briefing at a time', () => {
  it('is byte for byte the JSON of the whole library, with skipped files and when empty', async () => {
    const { writeListJson } = await import('../src/cli/commands/list');
    const { fullBriefing, loadLibrary } = await import('../src/library/load');
    const { MarkStore } = await import('../src/state/marks');
    const marks = MarkStore.open(join(mkdtempSync(join(tmpdir(), 'digest-json-')), 'marks.jsonl'));
    const withSkips = mkdtempSync(join(tmpdir(), 'digest-json-lib-'));
    cpSync(join(FIXTURES, 'notes-plain.txt'), join(withSkips, 'a.txt'));
    writeFileSync(join(withSkips, 'b.txt'), Buffer.from([0, 1, 2, 3]));
    // More stories than are written at once (AT_ONCE_STORIES): written a story at a time.
    const many = mkdtempSync(join(tmpdir(), 'digest-json-many-'));
    writeFileSync(
      join(many, 'many.md'),
      `# Many\n\n${Array.from({ length: 2100 }, (_, i) => `## Story ${i}\n\nIts body, “${i}”.\n`).join('\n')}`,
    );
    cpSync(join(FIXTURES, 'notes-plain.txt'), join(many, 'a.txt'));
    expect(loadLibrary([many]).briefings.map((b) => b.stories.length)).toContain(2100);
    for (const dir of [FIXTURES, withSkips, many, mkdtempSync(join(tmpdir(), 'digest-json-empty-'))]) {
      const library = loadLibrary([dir]);
      marks.set(library.briefings[0]?.stories[0]?.id ?? 'none', 'starred', true);
      // Some stories with related ones, so the arrays among the marks are laid out as in the whole.
      const related = (id: string) => (id < '8' ? [`${id.slice(0, 6)}-a`, `${id.slice(0, 6)}-b`] : []);
      let streamed = '';
      await writeListJson(
        library,
        marks,
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            streamed += chunk.toString();
            done();
          },
        }),
        { related },
      );
      const briefings = library.briefings.map(fullBriefing).map((b) => ({
        ...b,
        stories: b.stories.map((s) => ({
          ...s,
          shortId: library.shortId(s.id),
          read: marks.isRead(s.id),
          starred: marks.isStarred(s.id),
          related: related(s.id),
        })),
      }));
      expect(streamed).toBe(`${JSON.stringify({ schema: 1, briefings, skipped: library.skipped }, null, 2)}\n`);
      // --unread and --starred: only those stories, and only briefings with some.
      let starred = '';
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          starred += chunk.toString();
          done();
        },
      });
      await writeListJson(library, marks, sink, { starred: true, related });
      const only = briefings.map((b) => ({ ...b, stories: b.stories.filter((s) => s.starred) })).filter((b) => b.stories.length > 0);
      expect(starred).toBe(`${JSON.stringify({ schema: 1, briefings: only, skipped: library.skipped }, null, 2)}\n`);
    }
  });

  it("sends each story's marks to a pool thread packed, and they come out as they went in", async () => {
    const { packMarks, unpackMarks } = await import('../src/cli/listing');
    const mark = fc.record({
      shortId: fc.string({ maxLength: 9 }),
      read: fc.boolean(),
      starred: fc.boolean(),
      related: fc.array(fc.string(), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(fc.option(mark, { nil: null }), { maxLength: 40 }), (marks) => {
        // Through a structured clone, as a thread gets them.
        expect(unpackMarks(structuredClone(packMarks(marks)))).toEqual(marks);
      }),
    );
  });

  /**
   * list --json of 500 briefings written to a reader slower than the writer, by turns of the
   * event loop rather than by a clock: each chunk is taken two turns after it arrives, while a
   * writer that does not wait moves on after one. Says what was written, and the most the
   * stream held unread when a chunk came.
   */
  const toSlowReader = async (highWaterMark: number) => {
    const { writeListJson } = await import('../src/cli/commands/list');
    const { loadLibrary } = await import('../src/library/load');
    const { MarkStore } = await import('../src/state/marks');
    const marks = MarkStore.open(join(mkdtempSync(join(tmpdir(), 'digest-json-')), 'marks.jsonl'));
    const dir = mkdtempSync(join(tmpdir(), 'digest-json-slow-'));
    for (let i = 0; i < 500; i++) cpSync(join(FIXTURES, 'frontier-weekly-2026-11-20.txt'), join(dir, `copy-${i}.txt`));
    let written = 0;
    let mostBuffered = 0;
    const slow = new Writable({
      highWaterMark,
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        setImmediate(() => setImmediate(done));
      },
    });
    const write = slow.write.bind(slow);
    slow.write = ((chunk: string, ...rest: never[]) => {
      mostBuffered = Math.max(mostBuffered, slow.writableLength);
      return write(chunk, ...rest);
    }) as typeof slow.write;
    await writeListJson(loadLibrary([dir]), marks, slow);
    await new Promise((resolve) => slow.end(resolve)); // every chunk taken, whatever the writer did
    return { written, mostBuffered };
  };

  it('waits for a slow reader instead of holding the output in memory', async () => {
    const { UNREAD_BYTES } = await import('../src/cli/commands/list');
    const { written, mostBuffered } = await toSlowReader(1024);
    expect(written).toBeGreaterThan(2 * UNREAD_BYTES);
    // Never more than a megabyte and a chunk before waiting: without the wait, all of it piles up.
    expect(mostBuffered).toBeLessThan(UNREAD_BYTES + 128 * 1024);
  });

  it('finishes on a stream that holds more than a megabyte before it asks to be waited for', async () => {
    const { UNREAD_BYTES } = await import('../src/cli/commands/list');
    // 'drain' comes only after its own 4 MB limit was passed: waiting for it at one megabyte
    // would wait for ever.
    const { written, mostBuffered } = await toSlowReader(4 * UNREAD_BYTES);
    expect(written).toBeGreaterThan(2 * UNREAD_BYTES);
    expect(mostBuffered).toBeLessThan(4 * UNREAD_BYTES + 128 * 1024);
  });
});
