import { describe, expect, it } from 'vitest';
import { FIXTURES, isolatedEnv, runDigest } from './helpers';
import { KINDS } from './kindchecks';

describe('digest related, today, and related coverage in JSON', () => {
  const env = isolatedEnv({ DIGEST_NOW: '2026-11-23' });

  it('related REF names the same news in other briefings, with refs; --json carries ids and briefings', () => {
    const text = runDigest(['related', 'Benchmarks Under Audit', FIXTURES], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Also in 1 other story:/);
    expect(text.stdout).toMatch(/\d+\.\d+\s+\w{7}\s+● Benchmarks Are Leaking Into Training Sets/);
    const json = JSON.parse(runDigest(['related', 'Benchmarks Under Audit', FIXTURES, '--json'], { env }).stdout);
    expect(json.story.title).toBe('Benchmarks Under Audit');
    expect(json.related).toEqual([
      expect.objectContaining({
        title: 'Benchmarks Are Leaking Into Training Sets',
        read: false,
        briefing: expect.objectContaining({ date: '2026-11-20' }),
      }),
    ]);
    const none = runDigest(['related', 'Gas', FIXTURES], { env });
    expect(none.code).toBe(2);
  });

  it('show --format json and list --json carry the related stories', () => {
    const show = JSON.parse(runDigest(['show', 'Benchmarks Under Audit', FIXTURES, '--format', 'json'], { env }).stdout);
    expect(show.story.related.map((r: { title: string }) => r.title)).toEqual(['Benchmarks Are Leaking Into Training Sets']);
    const list = JSON.parse(runDigest(['list', '--json', FIXTURES], { env }).stdout);
    const stories = list.briefings.flatMap((b: { stories: unknown[] }) => b.stories) as { id: string; title: string; related: string[] }[];
    const audit = stories.find((s) => s.title === 'Benchmarks Under Audit')!;
    const leaking = stories.find((s) => s.title === 'Benchmarks Are Leaking Into Training Sets')!;
    expect(audit.related).toEqual([leaking.id]);
    expect(leaking.related).toEqual([audit.id]);
  });

  it('list --json gives related stories in the same order on the first run (compared afresh) and the next (links kept)', () => {
    const fresh = isolatedEnv({ DIGEST_NOW: '2026-11-23' });
    const first = runDigest(['list', '--json', KINDS], { env: fresh });
    const again = runDigest(['list', '--json', KINDS], { env: fresh });
    expect(first.code).toBe(0);
    // Stories with several related ones, where order can differ.
    const many = (JSON.parse(first.stdout).briefings as { stories: { related: string[] }[] }[])
      .flatMap((b) => b.stories)
      .filter((s) => s.related.length >= 2);
    expect(many.length).toBeGreaterThan(3);
    expect(again.stdout).toBe(first.stdout);
  });

  it('today prints the skim as text, markdown and JSON, most-covered news first', () => {
    const text = runDigest(['today', FIXTURES], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Today: \d+ unread stories, about \d+ min in \d+ pieces of news\n/);
    expect(text.stdout).toMatch(/\n1\. {2}.+\n {4}in 2 briefings: /);
    const markdown = runDigest(['today', FIXTURES, '--format', 'markdown'], { env }).stdout;
    expect(markdown).toMatch(/^# Today: /);
    expect(markdown).toMatch(/\n## .+\n\n\*in 2 briefings: /);
    const json = JSON.parse(runDigest(['today', FIXTURES, '--json'], { env }).stdout);
    expect(json.groups[0].briefings).toHaveLength(2);
    expect(json.groups[0].stories[0]).toEqual(expect.objectContaining({ id: expect.any(String), shortId: expect.any(String) }));
    expect(json.stories).toBe(json.groups.reduce((sum: number, g: { stories: unknown[] }) => sum + g.stories.length, 0));
  });

  it('config skip-covered takes on or off, and says what it does', () => {
    const own = isolatedEnv();
    expect(runDigest(['config', 'skip-covered'], { env: own }).stdout).toBe('off\n');
    const on = runDigest(['config', 'skip-covered', 'on'], { env: own });
    expect(on.stderr).toMatch(/pass over news you have read in another briefing/);
    expect(runDigest(['config', 'skip-covered'], { env: own }).stdout).toBe('on\n');
    const bad = runDigest(['config', 'skip-covered', 'maybe'], { env: own });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/skip-covered takes on or off/);
  });
});
