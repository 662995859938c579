import { emptyStory, type ParsedStory } from '../model/types';
import { briefing, type Shape } from './shape';
import { isFooterText, partHeading, roleOf } from './labels';
import { inlineText, type InlineLink } from './inline';
import { addSources, linkSources, sourceLine } from './sources';
import { findDate, isCapsLabel, isDateLine, isDateOnly, items, sectionName, splitLabel, type Item } from './text';

/** "TLDR:", "TL;DR —", "TLDR - ": the line that gives a story's summary, and starts its body. */
const TLDR = /^(?:\*\*|__)?(?:TL;?DR|in short|the gist|short version|bottom line up front|BLUF)(?:\*\*|__)?\s*(?::|[-—–]\s)/i;
const isSectionLine = (text: string) => sectionName(text).length >= 2 && isCapsLabel(sectionName(text));
/**
 * Newsletters: a title line, "Published on 08.05.2026", upper-case section labels, and per
 * story a title, "TLDR:", "Summary:" paragraphs, "Key takeaways:" bullets, "Why do I care:",
 * and a closing line naming the original article.
 */
export const newsletter: Shape = {
  format: 'newsletter',
  detect({ lines }) {
    if (lines.some((line) => /^#{1,6}\s/.test(line))) return 0;
    const tldr = lines.filter((line) => TLDR.test(line.trim())).length;
    if (tldr === 0) return 0;
    const takeaways = lines.filter((line) => /^\s*(?:\*\*)?key takeaways?\b/i.test(line)).length;
    return Math.min(0.95, 0.6 + 0.1 * tldr + 0.05 * takeaways);
  },
  parse({ lines, name }) {
    const every = items(lines);
    // The sender's footer after the last story ("Unsubscribe", "Forwarded this issue?") is left out.
    const lastStart = every.findLastIndex((item, i) => TLDR.test(every[i + 1]?.text ?? '') && item.kind === 'para');
    const footer = every.findIndex((item, i) => i > lastStart + 1 && isFooterText(item.text) && item.text.length < 300);
    const all = footer > 0 ? every.slice(0, footer) : every;
    const isStart = (i: number) =>
      all[i]?.kind === 'para' && all[i]!.text.length <= 200 && !TLDR.test(all[i]!.text) && TLDR.test(all[i + 1]?.text ?? '');
    const starts = all.map((_, i) => i).filter(isStart);
    const first = all[0];
    const result = briefing('newsletter', first && !isStart(0) ? first.text : name);

    let section: string | null = null;
    const preamble = all.slice(first && !isStart(0) ? 1 : 0, starts[0] ?? all.length);
    for (const item of preamble) {
      const date = item.text.length < 80 ? findDate(item.text) : null;
      if (!result.date && date) result.date = date;
      if (isDateLine(item.text)) continue;
      // "Tuesday, November 3, 2026", "Published 24 November 2026 · Issue 58": the edition's line.
      if (date && (isDateLine(item.text.split(/\s[·|•]\s/)[0]!) || isDateOnly(item.text))) {
        if (item.text.includes('·') || item.text.includes('|')) result.extras.push({ heading: 'Edition', paragraphs: [item.text] });
        continue;
      }
      if (isSectionLine(item.text)) section = sectionName(item.text);
      else if (!result.publisher && /^(?:by|from)\s+\S/i.test(item.text) && item.text.length < 80)
        result.publisher = item.text.replace(/^(?:by|from)\s+/i, '');
      else result.highlights.push(item.text);
    }

    starts.forEach((start, k) => {
      let end = starts[k + 1] ?? all.length;
      // An upper-case line just before the next story is that story's section label.
      const nextSection = k + 1 < starts.length && isSectionLine(all[end - 1]!.text) ? sectionName(all[end - 1]!.text) : null;
      if (nextSection) end -= 1;
      result.stories.push(readStory(all.slice(start, end), section));
      if (nextSection) section = nextSection;
    });
    return result;
  },
};

function readStory(block: Item[], section: string | null): ParsedStory {
  const story = emptyStory(block[0]!.text);
  story.section = section;
  let mode: 'body' | 'takeaways' | 'quotes' | 'sources' | 'part' | null = null;
  const lastIndex = block.length - 1;

  // Markdown links in running text ("TLDR: … [the filing](url) …") keep their words and become sources.
  const links: InlineLink[] = [];
  block.slice(1).forEach((raw, offset) => {
    const index = offset + 1;
    const item =
      raw.text.includes('](') || raw.text.includes('&') ? { ...raw, text: inlineText(raw.text, mode === 'sources' ? [] : links) } : raw;
    if (item.kind === 'bullet') {
      if (mode === 'takeaways') story.takeaways.push(item.text);
      else if (mode === 'quotes') story.quotes.push(item.text);
      else if (mode === 'sources') story.sources.push(sourceLine(raw.text));
      else if (mode === 'part') story.extras.at(-1)!.paragraphs.push(`• ${item.text}`);
      else story.body.push(`• ${item.text}`);
      return;
    }
    const tldr = TLDR.exec(item.text);
    // A label alone on its line, with or without its colon: "Key Takeaways", "Summary".
    const bare = item.text.length <= 40 && !/[.!?]$/.test(item.text) && roleOf(item.text) !== null;
    const labelled = bare ? { label: item.text.replace(/:$/, ''), rest: '' } : splitLabel(item.text);
    const role = labelled ? roleOf(labelled.label) : null;
    if (tldr) {
      story.summary = item.text.slice(tldr[0].length).trim() || null;
      mode = null;
    } else if (labelled && role === 'summary') {
      mode = 'body';
      if (labelled.rest) story.body.push(labelled.rest);
    } else if (labelled && role === 'takeaways') {
      mode = 'takeaways';
      if (labelled.rest) story.takeaways.push(labelled.rest);
    } else if (labelled && role === 'quotes') {
      mode = 'quotes';
      if (labelled.rest) story.quotes.push(labelled.rest);
    } else if (labelled && role === 'sources') {
      mode = 'sources';
      if (labelled.rest) story.sources.push(sourceLine(splitLabel(raw.text)?.rest ?? labelled.rest));
    } else if (
      labelled &&
      labelled.rest &&
      (role !== null || (mode !== 'body' && mode !== 'part' && labelled.label.split(' ').length <= 4))
    ) {
      story.extras.push({ heading: role ? partHeading(labelled.label) : labelled.label, paragraphs: [labelled.rest] });
      mode = 'part';
    } else if (index === lastIndex && mode !== 'body' && item.text.length <= 200 && !/[.!?]$/.test(item.text)) {
      // The closing line repeats the linked article's title: it is the story's source.
      story.sources.push(sourceLine(raw.text));
    } else if (mode === 'part') {
      story.extras.at(-1)!.paragraphs.push(item.text);
    } else {
      story.body.push(item.text);
    }
  });
  addSources(story.sources, linkSources(links));
  return story;
}
