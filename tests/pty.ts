import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import * as pty from 'node-pty';
import { afterEach } from 'vitest';
import { BIN, isolatedEnv } from './helpers';

const { Terminal } = xterm;

export const KEY = {
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  down: '\x1b[B',
  up: '\x1b[A',
  ctrlC: '\x03',
  backspace: '\x7f',
} as const;

/**
 * The built `digest` in a real pseudo-terminal, its output fed to a headless xterm so tests
 * read the screen a person would see. CI=false: Ink prints only the last frame under CI.
 */
export class Session {
  readonly term: InstanceType<typeof Terminal>;
  readonly proc: pty.IPty;
  raw = '';
  exitCode: number | null = null;
  signal: number | null = null;
  private exited: Promise<void>;

  constructor(args: string[], options: { cols?: number; rows?: number; env?: NodeJS.ProcessEnv; shell?: string; term?: string } = {}) {
    const cols = options.cols ?? 80;
    const rows = options.rows ?? 24;
    this.term = new Terminal({ cols, rows, allowProposedApi: true });
    const env = { ...(options.env ?? isolatedEnv()), CI: 'false', TERM: options.term ?? 'xterm-256color' } as Record<string, string>;
    // The helpers' environment sets NO_COLOR for plain CLI output; a terminal test asks for it itself.
    if (!options.env?.NO_COLOR_KEEP) delete env.NO_COLOR;
    delete env.NO_COLOR_KEEP;
    const [file, argv] = options.shell ? ['bash', ['-c', options.shell]] : [process.execPath, [BIN, ...args]];
    this.proc = pty.spawn(file, argv as string[], {
      cols,
      rows,
      env,
      cwd: mkdtempSync(join(tmpdir(), 'digest-pty-')),
      name: options.term ?? 'xterm-256color',
    });
    this.proc.onData((data) => {
      this.raw += data;
      this.term.write(data);
    });
    this.exited = new Promise((resolve) => {
      this.proc.onExit(({ exitCode, signal }) => {
        this.exitCode = exitCode;
        this.signal = signal ?? null;
        resolve();
      });
    });
  }

  /** The screen as text, one trimmed line per row. */
  screen(): string[] {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < this.term.rows; i++) lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
    return lines;
  }

  text(): string {
    return this.screen().join('\n');
  }

  /**
   * Ink wraps each frame in synchronized-output marks (ESC[?2026h … ESC[?2026l); a screen read
   * between them is half old frame, half new, and could satisfy a check it should not.
   */
  private midFrame(): boolean {
    return this.raw.lastIndexOf('\x1b[?2026h') > this.raw.lastIndexOf('\x1b[?2026l');
  }

  async waitFor(predicate: (screen: string) => boolean, what: string, timeout = 8000): Promise<void> {
    const start = Date.now();
    while (Date.now() - start < timeout) {
      await new Promise<void>((resolve) => this.term.write('', resolve));
      if (!this.midFrame() && predicate(this.text())) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${this.text()}`);
  }

  waitForText(text: string | RegExp, timeout?: number) {
    return this.waitFor((screen) => (typeof text === 'string' ? screen.includes(text) : text.test(screen)), String(text), timeout);
  }

  /**
   * Sends keys one write each, 1 ms apart: faster than frames are drawn, as a fast typist or a
   * held key sends them. Nothing waits for the screen here; tests wait for what they expect.
   */
  async press(...keys: string[]): Promise<void> {
    for (const [i, key] of keys.entries()) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1));
      this.proc.write(key);
    }
  }

  /** Sends keys in one write, as a paste or a burst arrives: one read for the reader. */
  type(keys: string): void {
    this.proc.write(keys);
  }

  resize(cols: number, rows: number): void {
    this.proc.resize(cols, rows);
    this.term.resize(cols, rows);
  }

  async exit(timeout = 8000): Promise<number | null> {
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, timeout))]);
    await new Promise<void>((resolve) => this.term.write('', resolve));
    return this.exitCode;
  }

  kill(): void {
    try {
      this.proc.kill();
    } catch {
      /* already gone */
    }
  }

  /** The terminal is as the app found it: main screen, cursor shown. */
  restored(): boolean {
    const hid = this.raw.lastIndexOf('\x1b[?25l');
    const showed = this.raw.lastIndexOf('\x1b[?25h');
    return this.term.buffer.active.type === 'normal' && showed > hid;
  }
}

/** Starts sessions for a test file; each is killed after its test, passed or failed. */
export function sessions(): (...args: ConstructorParameters<typeof Session>) => Session {
  let started: Session[] = [];
  afterEach(() => {
    for (const session of started) session.kill();
    started = [];
  });
  return (...args) => {
    const session = new Session(...args);
    started.push(session);
    return session;
  };
}
