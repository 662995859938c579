// The command runs the program through V8's cache of its compiled code (src/launch.ts): a cache
// it cannot use, or cannot write, changes nothing but the time it takes.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, isolatedEnv, ROOT, runDigest } from './helpers';
import { KEY, sessions } from './pty';

const start = sessions();

const codeCaches = (env: NodeJS.ProcessEnv) => {
  const folder = join(env.XDG_CACHE_HOME!, 'digest');
  try {
    return readdirSync(folder)
      .filter((name) => name.startsWith('code-'))
      .map((name) => join(folder, name));
  } catch {
    return [];
  }
};

describe('the code cache', () => {
  it('is made by the first command and used by the next, which leave the output as it was', () => {
    const env = isolatedEnv();
    const first = runDigest(['list', '--json', FIXTURES], { env });
    expect(first.code).toBe(0);
    const [cache, ...more] = codeCaches(env);
    expect(more).toEqual([]);
    expect(cache).toMatch(/code-[0-9a-f]{16}-\d+-\d+-v\d+\.\d+\.\d+-\w+\.bin$/);
    const made = { bytes: readFileSync(cache!), time: statSync(cache!).mtimeMs };
    // Used, not made again: a cache V8 rejected would be written anew as this run ends.
    const second = runDigest(['list', '--json', FIXTURES], { env });
    expect(second).toEqual(first);
    expect(readFileSync(cache!)).toEqual(made.bytes);
    expect(statSync(cache!).mtimeMs).toBe(made.time);
  });

  it('a damaged cache is not used, and is made again', () => {
    const env = isolatedEnv();
    const clean = runDigest(['show', '1.1', FIXTURES], { env: isolatedEnv({ DIGEST_NO_CACHE: '1' }) });
    runDigest(['--version'], { env });
    const [cache] = codeCaches(env);
    const made = readFileSync(cache!);
    for (const damage of [made.subarray(0, made.length >> 1), Buffer.alloc(made.length, 7), Buffer.from('not a cache')]) {
      writeFileSync(cache!, damage);
      expect(runDigest(['show', '1.1', FIXTURES], { env })).toEqual(clean);
      const remade = { bytes: readFileSync(cache!), time: statSync(cache!).mtimeMs };
      expect(remade.bytes).not.toEqual(damage);
      // And the one made in its place is used: the next run leaves it as it is.
      runDigest(['show', '1.1', FIXTURES], { env });
      expect(statSync(cache!).mtimeMs).toBe(remade.time);
    }
  });

  it('a cache folder that cannot be written costs nothing but the cache', () => {
    const env = isolatedEnv();
    // The cache folder's place is taken by a file: nothing can be written under it.
    writeFileSync(env.XDG_CACHE_HOME!, 'in the way');
    const result = runDigest(['show', '1.1', FIXTURES], { env });
    expect(result).toEqual(runDigest(['show', '1.1', FIXTURES], { env: isolatedEnv({ DIGEST_NO_CACHE: '1' }) }));
    expect(result.stderr).toBe('');
  });

  it("keeps the newest of other builds' caches beside its own, and DIGEST_NO_CACHE neither reads nor writes one", () => {
    const env = isolatedEnv();
    const folder = join(env.XDG_CACHE_HOME!, 'digest');
    mkdirSync(folder, { recursive: true });
    const others = [1, 2, 3].map((age) => {
      const other = join(folder, `code-${String(age).repeat(16)}-1-1-v20.0.0-x64.bin`);
      writeFileSync(other, 'another build');
      utimesSync(other, new Date(Date.now() - age * 60_000), new Date(Date.now() - age * 60_000));
      return other;
    });
    runDigest(['--version'], { env: { ...env, DIGEST_NO_CACHE: '1' } });
    expect(codeCaches(env).sort()).toEqual([...others].sort());
    runDigest(['--version'], { env });
    const caches = codeCaches(env);
    expect(caches).toHaveLength(3);
    expect(caches).toEqual(expect.arrayContaining([others[0], others[1]]));
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a command that ran twice as long as the one that made the cache makes it again', () => {
    const env = isolatedEnv();
    runDigest(['--version'], { env });
    const [cache] = codeCaches(env);
    const setMaker = (ms: number) => {
      const bytes = readFileSync(cache!);
      bytes.writeUInt32LE(ms, 4);
      writeFileSync(cache!, bytes);
      const old = new Date(Date.now() - 60_000);
      utimesSync(cache!, old, old);
      return statSync(cache!).mtimeMs;
    };
    // Made by a run that took longer: kept.
    let time = setMaker(0xffffff);
    runDigest(['list', FIXTURES], { env });
    expect(statSync(cache!).mtimeMs).toBe(time);
    // Made by a run of 1 ms: made again by this one.
    time = setMaker(1);
    runDigest(['list', FIXTURES], { env });
    expect(statSync(cache!).mtimeMs).not.toBe(time);
    expect(readFileSync(cache!).readUInt32LE(4)).toBeGreaterThan(1);
  });

  it('a program file patched in place is run as patched, and a missing one is a one-line error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-launch-'));
    for (const name of ['digest.js', 'digest.cjs']) copyFileSync(join(ROOT, 'dist', name), join(dir, name));
    const env = isolatedEnv();
    const version = () => spawnSync(process.execPath, [join(dir, 'digest.js'), '--version'], { env, encoding: 'utf8' });
    expect(version().stdout).toMatch(/^digest \d+\.\d+\.\d+/);
    const program = join(dir, 'digest.cjs');
    const text = readFileSync(program, 'utf8');
    // The same length, another version: V8 alone would take the old cache for it.
    const release = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    const patched = release.replace(/\d/g, '9');
    writeFileSync(program, text.replaceAll(JSON.stringify(release), JSON.stringify(patched)));
    const later = new Date(Date.now() + 5_000);
    utimesSync(program, later, later);
    expect(version().stdout).toBe(`digest ${patched}\n`);
    rmSync(program);
    const missing = version();
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^digest: cannot start: .*digest\.cjs.*\n$/);
  });

  it("the reader keeps the program's code as it loaded, without the reader's own functions", async () => {
    const reader = async (env: NodeJS.ProcessEnv) => {
      const s = start([FIXTURES], { env });
      await s.waitForText(/Library · 1\/.*unread/);
      s.type(KEY.ctrlC);
      expect(await s.exit()).toBe(0);
    };
    const env = isolatedEnv();
    await reader(env);
    const [cache, ...more] = codeCaches(env);
    expect(more).toEqual([]);
    const made = statSync(cache!);
    await reader(env);
    expect(statSync(cache!).mtimeMs).toBe(made.mtimeMs);
    // A command's cache holds what it ran (here the library's loading and parsing); the reader's does not.
    const other = isolatedEnv();
    runDigest(['list', FIXTURES], { env: other });
    expect(made.size).toBeLessThan(statSync(codeCaches(other)[0]!).size);
  });
});
