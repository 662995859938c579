import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, runDigest } from './helpers';
import { KEY, sessions } from './pty';

const start = sessions();

/** A briefing whose one story cites a web page and a javascript: link. */
function library(): string {
  const dir = mkdtempSync(join(tmpdir(), 'digest-links-'));
  writeFileSync(
    join(dir, 'links.md'),
    '# Links\n\n## A story with sources\n\nIt cites [the report](https://example.com/report?id=7) and [a trap](javascript:alert(1)).\n',
  );
  return dir;
}

const OSC8 = '\x1b]8;;https://example.com/report?id=7\x1b\\';

describe('sources as hyperlinks (OSC 8)', () => {
  for (const setting of ['on', 'off'] as const)
    it(`in the reader, with hyperlinks ${setting}`, async () => {
      const env = isolatedEnv();
      runDigest(['config', 'hyperlinks', setting], { env });
      const s = start([library()], { cols: 100, rows: 30, env });
      await s.waitForText('Library · 1/1');
      s.type(`${KEY.enter}${KEY.enter}`);
      await s.waitForText(/^ {2}1\. the report <https:\/\/example\.com\/report\?id=7>$/m);
      if (setting === 'on') expect(s.raw).toContain(OSC8);
      else expect(s.raw).not.toContain('\x1b]8;');
      // Never a link for what digest would not open.
      expect(s.raw).not.toMatch(/\x1b\]8;;javascript/);
      s.type(KEY.ctrlC);
      expect(await s.exit()).toBe(0);
    });

  it('in show on a terminal: on writes links, off and a pipe do not', async () => {
    const dir = library();
    const env = isolatedEnv();
    runDigest(['config', 'hyperlinks', 'on'], { env });
    const s = start(['show', '1.1', dir], { cols: 100, rows: 30, env });
    expect(await s.exit()).toBe(0);
    expect(s.raw).toContain(`<${OSC8}https://example.com/report?id=7\x1b]8;;\x1b\\>`);
    expect(runDigest(['show', '1.1', dir], { env }).stdout).not.toContain('\x1b]8;');
    runDigest(['config', 'hyperlinks', 'off'], { env });
    const off = start(['show', '1.1', dir], { cols: 100, rows: 30, env });
    expect(await off.exit()).toBe(0);
    expect(off.raw).not.toContain('\x1b]8;');
  });
});
