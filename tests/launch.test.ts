// The command runs the program through V8's cache of its compiled code (src/launch.ts): a cache
// it cannot use, or cannot write, changes nothing but the time it takes.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, isolatedEnv, runDigest } from './helpers';
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
    expect(cache).toMatch(/code-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.bin$/);
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

  it("replaces another build's cache, and DIGEST_NO_CACHE neither reads nor writes one", () => {
    const env = isolatedEnv();
    mkdirSync(join(env.XDG_CACHE_HOME!, 'digest'), { recursive: true });
    const other = join(env.XDG_CACHE_HOME!, 'digest', 'code-0123456789abcdef-v20.0.0-x64.bin');
    writeFileSync(other, 'an older build');
    runDigest(['--version'], { env: { ...env, DIGEST_NO_CACHE: '1' } });
    expect(codeCaches(env)).toEqual([other]);
    runDigest(['--version'], { env });
    const caches = codeCaches(env);
    expect(caches).toHaveLength(1);
    expect(caches[0]).not.toBe(other);
    expect(readdirSync(join(env.XDG_CACHE_HOME!, 'digest')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
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
