/**
 * The one input layer: every chunk read from the terminal becomes keys, in order, none
 * dropped, whatever their timing. A terminal delivers "jj\r", a paste, or a held key as one
 * chunk, and may split an escape sequence across two reads; each key here is handed on at
 * once, so it is judged against the state the key before it left, never against a frame.
 *
 * Key names: a printable character as itself ("j", "J", "é"), and "enter", "escape", "tab",
 * "shift+tab", "backspace", "delete", "space", "up", "down", "left", "right", "home", "end",
 * "pageup", "pagedown", "ctrl+<letter>".
 */

export type InputEvent = { type: 'key'; name: string } | { type: 'paste'; text: string };

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** CSI and SS3 final bytes and `~` numbers, without modifiers (digest binds none). */
const FINALS: Record<string, string> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', Z: 'shift+tab' };
const TILDES: Record<string, string> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '5': 'pageup', '6': 'pagedown', '3': 'delete' };

/** How long a lone ESC waits for the rest of a sequence before it counts as the Esc key. */
export const ESCAPE_WAIT_MS = 40;

export class KeyReader {
  private pending = '';
  private pasted: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly emit: (event: InputEvent) => void,
    private readonly escapeWaitMs = ESCAPE_WAIT_MS,
  ) {}

  feed(chunk: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const text = this.pending + chunk;
    this.pending = '';
    this.parse(text, false);
    if (this.pending && this.escapeWaitMs >= 0) this.timer = setTimeout(() => this.flush(), this.escapeWaitMs);
  }

  /** Nothing more is coming for now: whatever waits (a lone ESC) is a key of its own. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const text = this.pending;
    this.pending = '';
    if (text) this.parse(text, true);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private key(name: string): void {
    this.emit({ type: 'key', name });
  }

  private parse(text: string, final: boolean): void {
    let i = 0;
    while (i < text.length) {
      if (this.pasted !== null) {
        const end = text.indexOf(PASTE_END, i);
        if (end < 0) {
          // Keep a tail that may be the start of the end marker split across reads.
          const keep = final ? 0 : Math.min(PASTE_END.length - 1, text.length - i);
          this.pasted += text.slice(i, text.length - keep);
          this.pending = text.slice(text.length - keep);
          if (final) this.endPaste();
          return;
        }
        this.pasted += text.slice(i, end);
        this.endPaste();
        i = end + PASTE_END.length;
        continue;
      }
      const char = text[i]!;
      if (char === '\x1b') {
        const used = this.escape(text, i, final);
        if (used < 0) {
          this.pending = text.slice(i);
          return;
        }
        i += used;
        continue;
      }
      if (char === '\r') {
        this.key('enter');
        i += text[i + 1] === '\n' ? 2 : 1;
        continue;
      }
      const code = text.codePointAt(i)!;
      const width = code > 0xffff ? 2 : 1;
      i += width;
      if (char === '\n') this.key('enter');
      else if (char === '\t') this.key('tab');
      else if (char === '\x7f' || char === '\b') this.key('backspace');
      else if (char === ' ') this.key('space');
      else if (code >= 1 && code <= 26) this.key(`ctrl+${String.fromCharCode(code + 96)}`);
      else if (code < 0x20 || (code >= 0x80 && code < 0xa0)) continue;
      else this.key(String.fromCodePoint(code));
    }
  }

  /** Reads an escape sequence at `i`: how many characters it used, or -1 when it may be cut short. */
  private escape(text: string, i: number, final: boolean): number {
    const next = text[i + 1];
    if (next === undefined) {
      if (!final) return -1;
      this.key('escape');
      return 1;
    }
    if (next === '[') {
      let j = i + 2;
      while (j < text.length && /[0-?]/.test(text[j]!)) j++;
      while (j < text.length && /[ -/]/.test(text[j]!)) j++;
      if (j >= text.length) {
        if (!final) return -1;
        // Never completed: Esc, then the rest as the keys they are.
        this.key('escape');
        return 1;
      }
      const last = text[j]!;
      if (!/[@-~]/.test(last)) {
        this.key('escape');
        return 1;
      }
      const sequence = text.slice(i, j + 1);
      if (sequence === PASTE_START) this.pasted = '';
      else if (last === '~') {
        const name = TILDES[sequence.slice(2, -1).split(';')[0]!];
        if (name) this.key(name);
      } else if (FINALS[last]) this.key(FINALS[last]);
      // Anything else (focus reports, function keys digest does not bind) is dropped whole.
      return j + 1 - i;
    }
    if (next === 'O') {
      const last = text[i + 2];
      if (last === undefined && !final) return -1;
      if (last && FINALS[last]) {
        this.key(FINALS[last]);
        return 3;
      }
      if (last && /[P-S]/.test(last)) return 3;
    }
    // ESC before any other key is Esc and then that key: digest binds no Alt keys, and a fast
    // "Esc q" arrives exactly as Alt-q does.
    this.key('escape');
    return 1;
  }

  private endPaste(): void {
    const text = this.pasted ?? '';
    this.pasted = null;
    if (text) this.emit({ type: 'paste', text });
  }
}
