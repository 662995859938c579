/**
 * Synthetic briefings in every shape, for benchmarks and fuzzing: deterministic for a seed,
 * about `size` bytes each. Run: node --import tsx scripts/generate.ts DIR COUNT [SIZE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const WORDS =
  'model agent token inference chip data benchmark audit open weights training cluster memory latency review code test launch price market research robot video voice search privacy device cloud startup team policy safety compute paper result method'.split(
    ' ',
  );

export function rng(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export function generateBriefing(index: number, size = 5000, seed = 1): { name: string; text: string } {
  const random = rng(seed * 100003 + index);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const sentence = () => {
    const text = words(8 + Math.floor(random() * 12));
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: 3 + Math.floor(random() * 3) }, sentence).join(' ');
  const title = () => {
    const text = words(3 + Math.floor(random() * 4));
    return text.replace(/\b\w/g, (c) => c.toUpperCase());
  };
  const day = new Date(Date.UTC(2026, 10, 23) - index * 43_200_000);
  const iso = day.toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  const shape = index % 5;
  const out: string[] = [];
  const full = () => out.join('\n').length >= size;

  if (shape === 0) {
    out.push(title(), '', `Published on ${d}.${m}.${y}`, '', 'AI & AGENTS', '');
    while (!full())
      out.push(
        title(),
        '',
        `TLDR: ${paragraph()}`,
        '',
        'Summary:',
        '',
        paragraph(),
        '',
        paragraph(),
        '',
        'Key takeaways:',
        '',
        ...Array.from({ length: 4 }, () => `  • ${sentence()}`),
        '',
        `Why do I care: ${paragraph()}`,
        '',
        title(),
        '',
        '',
      );
  } else if (shape === 1) {
    out.push(
      `"${title()}" - ${title()}`,
      '',
      `By ${title()}`,
      '',
      'Share:',
      '',
      'Key Concepts',
      '',
      ...Array.from({ length: 4 }, () => `  • ${title()}: ${sentence()}`),
      '',
    );
    let n = 1;
    while (!full()) out.push(`${n++}. ${title()}`, '', ...Array.from({ length: 3 }, () => `  • ${title()}: ${paragraph()}`), '');
    out.push(
      `${n}. Notable Quotes`,
      '',
      `  • "${sentence()}" — ${sentence()}`,
      '',
      `${n + 1}. Synthesis and Conclusion`,
      '',
      paragraph(),
      '',
      'Summarize YouTube Video',
    );
  } else if (shape === 2) {
    const chapters = Array.from({ length: 3 + Math.floor(random() * 3) }, title);
    out.push(
      'absorb.md',
      '',
      `${day.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${Number(d)} AM: ${title()}`,
      '',
      sentence(),
      '',
      '0:00',
      '7:00',
      'In This Briefing',
    );
    chapters.forEach((chapter, i) =>
      out.push(String(i + 1), chapter, `${sentence().slice(0, 60)}...`, `${i}:${String(10 + i).padStart(2, '0')}`),
    );
    out.push('9 sources · 4 thinkers', '');
    for (const chapter of chapters) {
      out.push(
        chapter,
        '',
        sentence(),
        '',
        `Signal · ${sentence()}`,
        'Key Positions',
        `Ada Lovelace${sentence()}[1]`,
        `Counter View${sentence()}[2]`,
        '',
        paragraph(),
        '',
        `Connects to: ${sentence()}`,
        'Sources (2)',
        `  1. X post ${iso} — Ada Lovelace`,
        `    ${paragraph()}`,
        `  2. Contradiction on ${words(2)} — Counter Argument`,
        `    ${paragraph()}`,
        '',
      );
    }
    out.push('Ada Lovelace', '@ada');
  } else if (shape === 3) {
    while (!full()) out.push(random() < 0.2 ? `> ${sentence()}` : paragraph(), ...(random() < 0.1 ? ['reply'] : []));
  } else {
    out.push('Sources', '', `${title()} — ${iso}#`, '', 'Highlights#', '', paragraph(), '', 'Top Stories#', '');
    while (!full()) out.push(`  • ${title()}: ${paragraph()} (Source)`);
    out.push('', 'Articles Worth Reading#', '', `${title()} (Source) ${paragraph()}`);
  }
  return { name: `briefing-${String(index).padStart(5, '0')}.${shape === 4 ? 'md' : 'txt'}`.replace('.md', '.txt'), text: out.join('\n') };
}

export function writeLibrary(dir: string, count: number, size = 5000, seed = 1): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const { name, text } = generateBriefing(i, size, seed);
    writeFileSync(join(dir, name), text);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, count, size] = process.argv.slice(2);
  if (!dir || !count) {
    console.error('usage: generate.ts DIR COUNT [SIZE]');
    process.exit(2);
  }
  writeLibrary(dir, Number(count), size ? Number(size) : undefined);
}
