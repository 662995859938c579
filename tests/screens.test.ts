import { cpSync, mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, isolatedEnv } from './helpers';
import { KEY, sessions } from './pty';

const start = sessions();

/** The samples with fixed file times (undated briefings sort by them) and a fixed today. */
function samples() {
  const dir = mkdtempSync(join(tmpdir(), 'digest-screens-'));
  readdirSync(FIXTURES).forEach((name, i) => {
    cpSync(join(FIXTURES, name), join(dir, name));
    const when = new Date(Date.UTC(2026, 10, 1, 12, i));
    utimesSync(join(dir, name), when, when);
  });
  return dir;
}

/**
 * One readable snapshot per terminal size: the library, a briefing and a story of the samples,
 * screen for screen, as a person sees them. A reviewer reads tests/screens/WxH.txt; a change
 * that moves a column or cuts a title shows there.
 */
describe('the reader, screen for screen', () => {
  for (const [cols, rows] of [
    [80, 24],
    [100, 30],
    [200, 50],
  ] as const) {
    it(`at ${cols}x${rows}`, async () => {
      const s = start([samples()], { cols, rows, env: isolatedEnv({ DIGEST_NOW: '2026-11-23' }) });
      const shots: string[] = [];
      // Each shot once the background work it may show is over: a status line saying coverage
      // or files are being checked is a moment of a run, not the screen.
      const shot = async (what: string) => {
        await s.waitFor((screen) => !/checking (coverage|files)/.test(screen), `${what}, settled`);
        shots.push(`== ${what} ==\n${s.screen().join('\n').replace(/\s+$/, '')}\n`);
      };
      await s.waitForText(/^Library · 1\/7 · 18 unread/m);
      await shot('library');
      s.type(KEY.enter);
      await s.waitForText(/^Briefing 1\/7 · story 1\/6/m);
      // From 120 columns the story stands beside the list: its "Also in" comes once related coverage is worked out.
      if (cols >= 120) await s.waitForText('ALSO IN');
      await shot('briefing (first unread story under the cursor)');
      s.type(KEY.enter);
      await s.waitForText(/^Briefing 1\/7 · story 1\/6 · (all|\d+%) · 17 unread/m);
      // Related coverage is worked out after the first frame: the shot waits for its "Also in".
      await s.waitForText('ALSO IN');
      await shot('story');
      s.type(`${KEY.escape}${KEY.escape}j${KEY.enter}j${KEY.enter}`);
      await s.waitForText(/^Briefing 2\/7 · story 2\/3 · (all|\d+%)/m);
      await shot('a podcast briefing story');
      s.type('i');
      await s.waitForText('TRANSCRIPT');
      await shot("the briefing's own parts (i)");
      s.type(`${KEY.escape}t`);
      // Grouped once related coverage is worked out: news told in two briefings says so.
      await s.waitForText(/in 2 briefings: /);
      await shot('the morning skim (t)');
      s.type(KEY.ctrlC);
      expect(await s.exit()).toBe(0);
      await expect(shots.join('\n')).toMatchFileSnapshot(`screens/${cols}x${rows}.txt`);
    }, 30_000);
  }
});
