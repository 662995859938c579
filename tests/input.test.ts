import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyReader, type InputEvent } from '../src/ui/input';

/** Feeds chunks to a reader that never waits on a timer (flushed by hand), and lists what came out. */
function read(chunks: string[], options: { flush?: boolean } = {}): string[] {
  const out: InputEvent[] = [];
  const reader = new KeyReader((event) => out.push(event), -1);
  for (const chunk of chunks) reader.feed(chunk);
  if (options.flush !== false) reader.flush();
  return out.map((event) => (event.type === 'key' ? event.name : `paste:${event.text}`));
}

describe('the input layer', () => {
  it('splits a chunk of several keys into each key, in order', () => {
    expect(read(['jj\r\r'])).toEqual(['j', 'j', 'enter', 'enter']);
    expect(read(['/python'])).toEqual(['/', 'p', 'y', 't', 'h', 'o', 'n']);
    expect(read(['|wc -w\r'])).toEqual(['|', 'w', 'c', 'space', '-', 'w', 'enter']);
    expect(read(['j'.repeat(50)])).toEqual(Array(50).fill('j'));
    expect(read(['\x7f'.repeat(10)])).toEqual(Array(10).fill('backspace'));
  });

  it('names control keys, arrows, paging keys and Shift-Tab in their common spellings', () => {
    expect(read(['\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\x1bOB'])).toEqual(['up', 'down', 'right', 'left', 'up', 'down']);
    expect(read(['\x1b[5~\x1b[6~\x1b[H\x1b[F\x1b[1~\x1b[4~\x1b[7~\x1b[8~\x1bOH\x1bOF'])).toEqual([
      'pageup',
      'pagedown',
      'home',
      'end',
      'home',
      'end',
      'home',
      'end',
      'home',
      'end',
    ]);
    expect(read(['\t\x1b[Z\x03\x04\x15\x1a\x08\x1b[3~'])).toEqual([
      'tab',
      'shift+tab',
      'ctrl+c',
      'ctrl+d',
      'ctrl+u',
      'ctrl+z',
      'backspace',
      'delete',
    ]);
    // Modifiers are dropped (digest binds none): Ctrl-Up is up.
    expect(read(['\x1b[1;5A'])).toEqual(['up']);
    // \r\n is one Enter; a lone \n (Enter typed before raw mode) is Enter too.
    expect(read(['\r\n\n'])).toEqual(['enter', 'enter']);
  });

  it('Esc followed at once by a key is Esc, then that key (digest binds no Alt keys)', () => {
    expect(read(['\x1bq'])).toEqual(['escape', 'q']);
    expect(read(['\x1b\x1b'])).toEqual(['escape', 'escape']);
    expect(read(['\x1b\x03'])).toEqual(['escape', 'ctrl+c']);
    expect(read(['\x1b\x1b[A'])).toEqual(['escape', 'up']);
  });

  it('an escape sequence split across reads is one key; a lone ESC waits, then is Esc', () => {
    expect(read(['\x1b', '[A'])).toEqual(['up']);
    expect(read(['\x1b[', 'B'])).toEqual(['down']);
    expect(read(['\x1b[6', '~j'])).toEqual(['pagedown', 'j']);
    expect(read(['\x1bO', 'D'])).toEqual(['left']);
    expect(read(['\x1b'], { flush: false })).toEqual([]);
    expect(read(['\x1b'])).toEqual(['escape']);
    expect(read(['j\x1b', 'q'])).toEqual(['j', 'escape', 'q']);
  });

  it('a lone ESC becomes Esc by itself after a moment, with no more input', async () => {
    const out: InputEvent[] = [];
    const reader = new KeyReader((event) => out.push(event), 5);
    reader.feed('\x1b');
    expect(out).toEqual([]);
    await expect.poll(() => out, { timeout: 2000, interval: 5 }).toEqual([{ type: 'key', name: 'escape' }]);
  });

  it('a bracketed paste is one paste, whatever it holds and however it is split', () => {
    expect(read(['\x1b[200~open weights\x1b[201~'])).toEqual(['paste:open weights']);
    expect(read(['\x1b[200~q\x1b[Aj', '\rk\x1b[2', '01~n'])).toEqual(['paste:q\x1b[Aj\rk', 'n']);
    expect(read(['/\x1b[200~a', 'b\x1b[201~\r'])).toEqual(['/', 'paste:ab', 'enter']);
  });

  it('keeps characters beyond the basic plane whole, and drops other control bytes', () => {
    expect(read(['é😀'])).toEqual(['é', '😀']);
    expect(read(['\x1c\x1fj\x9b'])).toEqual(['j']);
    // Unknown sequences (focus reports, F-keys) go whole; they never leak as letters.
    expect(read(['\x1b[I\x1b[O\x1b[15~\x1bOPj'])).toEqual(['j']);
  });

  it('gives the same keys however a stream of keys is cut into chunks', () => {
    const keys = ['j', 'k', '\r', '\x1b', '\x1b[A', '\x1b[6~', '\x7f', ' ', '/', 'q', '\x03', '\t', '\x1b[Z', 'é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...keys), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 10 }), (typed, cuts) => {
        const text = typed.join('');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let last = 0;
        for (const point of points) {
          chunks.push(text.slice(last, point));
          last = point;
        }
        chunks.push(text.slice(last));
        // Esc then "[" typed by hand would read as a sequence; these lists never hold one.
        expect(read(chunks)).toEqual(read([text]));
      }),
      { numRuns: 500 },
    );
  });
});
