import { emptySource, emptyStory } from '../model/types';
import { markdownBlocks, type Block } from './blocks';
import { inlineText } from './inline';
import { briefing, type Shape } from './shape';
import { isoDate, splitLabel } from './text';

// Starts at its "(": a leading \s* would rescan every run of spaces from each of its spaces.
const VIEW_LINK = /\(\s{0,4}\[(?:View Highlight|Location \d+|Page \d+)\]\([^()\s]{1,2000}\)\s{0,4}\)$/i;
const isHighlightsHeading = (line: string) => /^#{1,3}\s+highlights\b/i.test(line);

/**
 * Read-later highlight exports (Readwise and the like): "# Title", "## Metadata" (Author, Full
 * Title, Category, Summary, URL), "## Highlights" of bullets ending in "([View Highlight](…))"
 * with "- Note:" children. One story: the article, its highlights as quotes with their notes,
 * its URL the source.
 */
export const readLaterHighlights: Shape = {
  format: 'highlights',
  detect({ lines }) {
    if (!lines.some(isHighlightsHeading)) return 0;
    let score = 0.5;
    if (lines.some((line) => /^#{1,3}\s+metadata\b/i.test(line))) score += 0.3;
    if (lines.some((line) => VIEW_LINK.test(line))) score += 0.2;
    if (lines.some((line) => /^\s*-\s+(?:full title|url|category):/i.test(line))) score += 0.1;
    return Math.min(score, 0.97);
  },
  parse({ lines, name }) {
    const blocks = markdownBlocks(lines);
    const result = briefing('highlights', name.replace(/\.\w+$/, ''));
    const story = emptyStory(result.title);
    const details: string[] = [];
    let section = '';
    const take = (block: Block) => {
      if (block.type === 'heading') {
        section = inlineText(block.text).toLowerCase();
        if (block.depth === 1) result.title = inlineText(block.text);
        return;
      }
      if (section === 'metadata' && block.type === 'list') {
        for (const item of block.items) {
          const field = splitLabel(inlineText(item.text));
          const key = field?.label.toLowerCase() ?? '';
          const value = field?.rest ?? inlineText(item.text);
          if (key === 'author') result.publisher = value;
          else if (key === 'full title') story.title = value;
          else if (key === 'summary') story.summary = value;
          else if (key === 'url' && /^https?:\/\//i.test(value))
            story.sources.unshift({ ...emptySource(), title: story.title, url: value });
          else if (/^(?:published|date|published date)$/.test(key) && isoDate(value)) result.date = isoDate(value);
          else details.push(inlineText(item.text).replace(/^(\w[^:]*):\s*#?/, '$1: '));
        }
        return;
      }
      if (section.startsWith('highlights') && block.type === 'list') {
        for (const item of block.items) {
          let quote = inlineText(item.text.trimEnd().replace(VIEW_LINK, ''));
          for (const child of item.blocks) {
            if (child.type !== 'list') continue;
            for (const sub of child.items) {
              const note = inlineText(sub.text);
              quote += /^note:/i.test(note) ? ` — ${note}` : ` (${note})`;
            }
          }
          if (quote) story.quotes.push(quote);
        }
        return;
      }
      if (block.type === 'paragraph' || block.type === 'list' || block.type === 'quote') {
        const text =
          block.type === 'paragraph'
            ? inlineText(block.text)
            : block.type === 'list'
              ? block.items.map((item) => inlineText(item.text)).join('; ')
              : '';
        if (text) story.body.push(text);
      }
    };
    for (const block of blocks) take(block);
    if (story.title === name.replace(/\.\w+$/, '')) story.title = result.title;
    if (story.summary) result.highlights.push(story.summary);
    if (details.length > 0) story.extras.push({ heading: 'Details', paragraphs: details });
    result.stories.push(story);
    return result;
  },
};
