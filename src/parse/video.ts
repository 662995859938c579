import { emptySource, emptyStory, type Part } from '../model/types';
import { briefing, type Shape } from './shape';
import { findDate, items, titleFrom } from './text';

/** The summariser site's own buttons and links, not part of the summary (one pattern: it runs on every line of every file). */
const CHROME =
  /^(?:share:?|copy(?: summary| link)?|chat with this video|ai-powered|load the transcript\b.*|related (?:videos|summaries)|(?:ready to )?summarize another video[?!.]?|summarize (?:a )?youtube video|paste a youtube (?:link|url)\b.*|download (?:pdf|summary)|watch on youtube|try \w+ free\b.*)$/i;
export const isVideoChrome = (line: string) => CHROME.test(line.trim());

const HEADING = /^(?:\d{1,2}[.)]\s+)?[\p{Lu}"“][^.!?]{1,78}$/u;
const TAKEAWAYS = /^(?:key concepts|key terms|key takeaways|key points|main points|takeaways|highlights|key insights|key moments)$/i;
const SUMMARY = /^(?:summary|overview|tl;?dr|in brief)$/i;
const QUOTES = /^(?:notable |key |memorable )?quotes?$/i;
const SYNTHESIS = /^(?:synthesis|conclusions?|synthesis and conclusion|final thoughts|tl;?dr|in short)$/i;

/**
 * Video summaries: the video's title, "By Channel", then "Key Concepts", numbered sections,
 * "Notable Quotes" and a closing "Synthesis", wrapped in the summariser site's chrome.
 */
export const videoSummary: Shape = {
  format: 'video-summary',
  detect({ lines }) {
    let score = 0;
    if (lines.some((line) => /^\s*key concepts\s*$/i.test(line))) score += 0.35;
    if (lines.some((line) => /^\s*(?:\d+\.\s*)?notable quotes\s*$/i.test(line))) score += 0.25;
    if (lines.some((line) => /^\s*(?:\d+\.\s*)?synthesis\b/i.test(line))) score += 0.15;
    if (lines.some(isVideoChrome)) score += 0.2;
    if (lines.slice(0, 5).some((line) => /^by\s+\S/i.test(line.trim()))) score += 0.1;
    // Other summarisers: "Highlights" / "Key Insights" alone, a running time near the top, a transcript.
    if (lines.some((line) => /^\s*(?:key insights|highlights|key moments|chapters)\s*$/i.test(line))) score += 0.15;
    if (lines.slice(0, 6).some((line) => /(?:^|\s·\s)\d{1,2}:\d{2}(?::\d{2})?(?:\s·\s|$)/.test(line.trim()))) score += 0.1;
    if (lines.some((line) => /^\s*(?:transcript|full transcript)\s*$/i.test(line))) score += 0.1;
    return Math.min(score, 0.95);
  },
  parse({ lines, name }) {
    // A line led by an emoji is an item of its own ("🤖 Roughly 70% …"), as summarisers write them.
    const kept = lines
      .filter((line) => !isVideoChrome(line))
      .map((line) => (/^\p{Extended_Pictographic}/u.test(line) ? `• ${line}` : line));
    const firstIndex = kept.findIndex((line) => line.trim() !== '');
    const title = firstIndex >= 0 ? kept[firstIndex]!.trim() : name;
    const result = briefing('video-summary', title);
    const story = emptyStory(title);

    // Headings stand alone between blank lines; bullets and paragraphs under them are content.
    const rest = kept.slice(firstIndex + 1);
    const sections: Part[] = [{ heading: '', paragraphs: [] }];
    rest.forEach((line, i) => {
      const text = line.trim();
      if (text === '') return;
      const alone = (rest[i - 1] ?? '').trim() === '' && (rest[i + 1] ?? '').trim() === '';
      if (!result.publisher && sections.length === 1 && /^by\s+\S/i.test(text) && text.length < 80) {
        result.publisher = text.replace(/^by\s+/i, '');
      } else if (
        sections.length === 1 &&
        !result.date &&
        text.length < 100 &&
        findDate(text) &&
        /\s·\s|^(?:uploaded|published|posted)\b/i.test(text)
      ) {
        // "RoboConf Official · 48:12 · Uploaded Nov 16, 2026": channel, running time, day.
        result.date = findDate(text);
        const pieces = text.split(/\s+·\s+/);
        if (pieces.length > 1 && !findDate(pieces[0]!) && !/^\d/.test(pieces[0]!)) result.publisher = pieces[0]!;
        const length = pieces.find((piece) => /^\d{1,2}:\d{2}(?::\d{2})?$/.test(piece));
        if (length) result.extras.push({ heading: 'Duration', paragraphs: [length] });
      } else if (alone && !/^\s/.test(line) && HEADING.test(text)) {
        sections.push({ heading: text.replace(/^\d{1,2}[.)]\s+/, ''), paragraphs: [] });
      } else {
        sections.at(-1)!.paragraphs.push(line);
      }
    });

    for (const section of sections) {
      const content = items(section.paragraphs).map((item) => item.text);
      if (content.length === 0) {
        if (section.heading) story.body.push(section.heading); // a lone line that only looked like a heading
        continue;
      }
      if (section.heading === '') story.body.push(...content);
      else if (SUMMARY.test(section.heading) && story.summary === null) story.summary = content.join(' ');
      else if (TAKEAWAYS.test(section.heading)) story.takeaways.push(...content);
      else if (QUOTES.test(section.heading)) story.quotes.push(...content.map(unquote));
      else if (SYNTHESIS.test(section.heading)) {
        // The synthesis is the video's, so its story's; the briefing shows it as highlights too.
        result.highlights.push(...content);
        story.extras.push({ heading: section.heading, paragraphs: content });
      } else story.extras.push({ heading: section.heading, paragraphs: content });
    }
    const synthesis = result.highlights[0];
    if (synthesis && story.summary === null) story.summary = titleFrom(synthesis, 300);
    if (result.highlights.length === 0 && story.summary) result.highlights.push(story.summary);
    story.sources.push({ ...emptySource(), title, author: result.publisher });
    result.stories.push(story);
    return result;
  },
};

/** Quotes keep their attribution; only a redundant outer pair of quotation marks goes. */
function unquote(text: string): string {
  return text.replace(/^["“](.*?)["”](\s+[—–-]\s+.*)?$/, (_, quote: string, by = '') => `“${quote}”${by}`);
}
