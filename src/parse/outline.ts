import { parseMarkdown } from './markdown';
import { roleOf } from './labels';
import type { Shape } from './shape';

/** "II. Key Themes", "B. Operators Build Their Own Power": an outline's heading, alone on its line. */
const NUMBERED = /^(?:([IVX]{1,4})|([A-H])|(\d{1,2}))[.)]\s+(\S.{0,118})$/;
const BULLET = /^(\s*)[•▪◦‣]\s+/;
/** '"Words." — Speaker': a quotation set on its own. */
const QUOTATION = /^["“].{10,}["”]\s+[—–]\s+\S/;

const alone = (lines: readonly string[], i: number) => !lines[i - 1]?.trim() && !lines[i + 1]?.trim();

function headingDepth(lines: readonly string[], i: number): number | null {
  const line = lines[i]!.trim();
  if (!alone(lines, i) || /[.!?:]$/.test(line)) return null;
  const numbered = NUMBERED.exec(line);
  if (numbered) return numbered[1] ? 2 : 3;
  // "Works cited", "Executive Summary": a labelled section named by the shared vocabulary.
  return line.length <= 40 && roleOf(line) !== null ? 2 : null;
}

/**
 * Briefing documents as plain text (what AI research tools export without markdown): a title
 * line, "I. Executive Summary", "II. Key Themes" with "A. Theme" sections, "•" bullets under
 * "Key details:" labels, quotations with "— Speaker", "III. Conclusion", "Works cited". Read by
 * giving the outline its markdown marks and handing it to the markdown reader.
 */
export const outlineDocument: Shape = {
  format: 'markdown',
  // Read by the markdown reader, which may find a thread.
  alsoGives: ['discussion'],
  detect({ lines }) {
    if (lines.some((line) => /^#{1,6}\s/.test(line))) return 0;
    let roman = 0;
    let lettered = 0;
    lines.forEach((line, i) => {
      const match = alone(lines, i) ? NUMBERED.exec(line.trim()) : null;
      if (match?.[1]) roman++;
      else if (match?.[2]) lettered++;
    });
    // Below the shapes with their own marks: a video summary may number its sections too.
    return roman >= 2 && roman + lettered >= 3 ? Math.min(0.6, 0.4 + 0.1 * (roman + lettered)) : 0;
  },
  parse({ lines, name }) {
    const marked = lines.map((line, i) => {
      const depth = headingDepth(lines, i);
      if (depth) return `${'#'.repeat(depth)} ${line.trim()}`;
      if (BULLET.test(line)) return line.replace(BULLET, '$1- ');
      if (QUOTATION.test(line.trim()) && alone(lines, i)) return `> ${line.trim()}`;
      return line;
    });
    return parseMarkdown(marked, name.replace(/\.txt$/i, '.md'));
  },
};
