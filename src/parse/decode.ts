// Bytes to text, or why a file is not a briefing: apart from the parsers, so the library can
// tell binary files without loading them (see library/parser.ts).

const MAGIC: [string, number[]][] = [
  ['PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['zip archive', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip archive', [0x1f, 0x8b]],
  ['ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
];

/** The file's text, or why it is not a briefing. */
export function decode(bytes: Uint8Array): { text: string } | { skip: string } {
  for (const [kind, magic] of MAGIC) {
    if (magic.every((byte, i) => bytes[i] === byte)) return { skip: `binary file (${kind})` };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { skip: 'binary file (contains NUL bytes)' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let replaced = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) replaced++;
  if (replaced > 16 && replaced > text.length / 10) return { skip: 'binary file (not UTF-8 text)' };
  if (
    text
      .trim()
      .replace(/^\ufeff/, '')
      .trim() === ''
  )
    return { skip: 'empty file' };
  return { text };
}
