import { emptySource, emptyStory, type Part } from '../model/types';
import { briefing, isMarkdownName, type Shape } from './shape';
import { markdownAsText } from './markdown';
import { findDate, items, titleFrom } from './text';

/** The summariser site's own buttons and links, not part of the summary (one pattern: it runs on every line of every file). */
const CHROME =
  /^(?:share:?|copy(?: summary| link)?|chat with this video|ai-powered|load the transcript\b.*|related (?:videos|summaries)|(?:ready to )?summarize another video\W*|summarize (?:a )?youtube video|paste a youtube (?:link|url)\b.*|download (?:pdf|summary)|watch on youtube|try \w+ (?:free|pro|premium)\b.*|export as \w+|regenerate(?: summary)?|(?:copy|export|share|download|save|print)(?:\s+(?:copy|export|share|download|save|print)){1,5}|was this (?:recap|summary) helpful\?.*|powered by \w+\b.*|video (?:recap|summary)|ask a follow-up question\b.*|generate (?:flashcards|a quiz|notes)\b.*|more (?:from|by) .{1,60})$/i;
/** A row of the site's buttons, icons and all ("📋 Copy    ⬇ Export as PDF    🔁 Regenerate"). */
const BUTTONS = /^(?:(?:copy|export(?: as \w+)?|share|regenerate|download|save|print|like|dislike)(?: |$)){2,8}$/i;
export const isVideoChrome = (line: string) => {
  const text = line.trim();
  if (CHROME.test(text)) return true;
  return (
    text.length <= 120 &&
    /\S\s{2,}\S/.test(text) && // buttons sit apart, with wide gaps: only such a row is worth cleaning
    BUTTONS.test(
      text
        .replace(/[^\p{L}\s]/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
  );
};

/** A section's number: "2.", "II.", "B)". */
const NUMBER = /^(?:\d{1,2}|[IVX]{1,4}|[A-H])[.)]\s+/;
const HEADING = /^(?:(?:\d{1,2}|[IVX]{1,4}|[A-H])[.)]\s+)?[\p{Lu}"“][^.!?]{1,78}$/u;
const TAKEAWAYS =
  /^(?:key concepts|key terms|key takeaways|key points|main points|takeaways|highlights|key insights|core ideas|key ideas|main ideas)$/i;
const SUMMARY = /^(?:summary|abstract|overview|tl;?dr|tl;?dw|in brief)$/i;
const QUOTES = /^(?:(?:notable|key|memorable|best) )?(?:quotes?|lines)$/i;
const SYNTHESIS =
  /^(?:synthesis|conclusions?|synthesis and conclusion|final thoughts|in short|(?:the )?bottom line|(?:the )?verdict|what it means)$/i;
/** "18.4K views · Nov 14, 2026", "Channel: Maker Margins", "Duration: 24:38", "Uploaded: 2026-11-09". */
/** Section names that are headings even with their text right under them ("Key Ideas" then "→ …"). */
const KNOWN_SECTION =
  /^(?:key concepts|key ideas|key terms|key takeaways|key points|takeaways|highlights|key insights|core ideas|main ideas|summary|abstract|overview|tl;?dr|tl;?dw|(?:notable |memorable |best )?(?:quotes?|lines)|synthesis|conclusions?|bottom line|verdict|what it means|timeline|chapters|key moments)$/i;
const VIEWS = /^[\d.,]+[KMB]? views\b/i;
const FACT = /^(channel|duration|length|uploaded|published|speakers?|hosts?|url|link|video url|video link|youtube):\s+(.+)$/i;
/** "Title: …" as the first line (NoteGPT and other summarisers that write their facts as labels). */
const TITLE_FACT = /^title:\s+(.{2,300})$/i;
const WEB_ADDRESS = /^https?:\/\/\S+$/;
/** A video's own address: a summary of a video names it near the top. */
const VIDEO_URL = /\b(?:youtube\.com\/(?:watch|live|shorts)|youtu\.be\/|vimeo\.com\/\d)/i;

/** A short line as it reads, for the signs of `detect`: markdown's "## Highlights" and "**Channel:** X" read "Highlights" and "Channel: X". */
const asRead = (line: string) => (/[#*_]/.test(line) ? line.replace(/^\s*#{1,6}\s+/, '').replace(/\*\*|__/g, '') : line);

/**
 * Video summaries: the video's title, "By Channel", then "Key Concepts", numbered sections,
 * "Notable Quotes" and a closing "Synthesis", wrapped in the summariser site's chrome.
 */
export const videoSummary: Shape = {
  format: 'video-summary',
  detect({ lines: all, name }) {
    // Every sign is a short line; paragraphs need no look (this runs on every file of a library).
    const short = all.filter((line) => line.length <= 90);
    const lines = isMarkdownName(name) ? short.map(asRead) : short;
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
    // A video's own facts near the top: its views, channel, running time, upload day; a TL;DW.
    const top = lines.slice(0, 12).map((line) => line.trim());
    if (top.some((line) => VIEWS.test(line) || /^(?:channel|duration|uploaded):\s/i.test(line))) score += 0.45;
    if (top.some((line) => VIDEO_URL.test(line))) score += 0.35;
    if (lines.some((line) => /^\s*tl;?dw\s*$/i.test(line))) score += 0.3;
    // "Summary of \"…\"", "Video by Channel · date · 27 min", "Summary generated with Tubewise".
    if (top.some((line) => /^(?:summary of\b|video by\b)/i.test(line))) score += 0.3;
    if (top.some((line) => /\b(?:summary )?(?:generated|summari[sz]ed) (?:with|by) \w+/i.test(line))) score += 0.2;
    return Math.min(score, 0.95);
  },
  parse({ lines: raw, name }) {
    // A summary saved as markdown ("====" underlines, "**Term:**" bullets): read as the text it shows.
    const lines = isMarkdownName(name) ? markdownAsText(raw) : raw;
    // A line led by an emoji is an item of its own ("🤖 Roughly 70% …"), as summarisers write them.
    const kept = lines
      .filter((line) => !isVideoChrome(line))
      .map((line) => (/^\p{Extended_Pictographic}/u.test(line) ? `• ${line}` : line));
    let firstIndex = kept.findIndex((line) => line.trim() !== '');
    // A summariser's name alone above the video's title ("Recapio"): the site, not the title.
    const second = kept.findIndex((line, i) => i > firstIndex && line.trim() !== '');
    let site: string | null = null;
    if (firstIndex >= 0 && /^[\w.-]{2,20}$/.test(kept[firstIndex]!.trim()) && second > 0 && kept[second]!.trim().length > 20) {
      site = kept[firstIndex]!.trim();
      firstIndex = second;
    }
    // "Summary of "Title"": the video's title is inside the quotes; "Title: …", after the label.
    const first = firstIndex >= 0 ? kept[firstIndex]!.trim() : name;
    const title = TITLE_FACT.exec(first)?.[1]?.trim() ?? first.replace(/^summary of\s+["“](.+)["”]$/i, '$1');
    let url: string | null = null;
    const result = briefing('video-summary', title);
    const story = emptyStory(title);

    // Headings stand alone between blank lines; bullets and paragraphs under them are content.
    const rest = kept.slice(firstIndex + 1);
    const sections: Part[] = [{ heading: '', paragraphs: [] }];
    rest.forEach((line, i) => {
      const text = line.trim();
      if (text === '') return;
      const alone = (rest[i - 1] ?? '').trim() === '' && (rest[i + 1] ?? '').trim() === '';
      const fact = sections.length === 1 ? FACT.exec(text) : null;
      const videoBy = sections.length === 1 ? /^video by\s+([^·|]{2,60}?)\s*[·|]\s*(.*)$/i.exec(text) : null;
      if (videoBy) {
        // "Video by Gridline Explained · 2026/11/17 · 27 min".
        result.publisher = videoBy[1]!;
        result.date ??= findDate(videoBy[2]!);
        const length = /\b(\d{1,3} min(?:utes?)?|\d{1,2}:\d{2}(?::\d{2})?)\b/.exec(videoBy[2]!)?.[1];
        if (length) result.extras.push({ heading: 'Duration', paragraphs: [length] });
      } else if (text.length < 80 && /^(?:summary )?(?:generated|made|created) (?:with|by)\s+\S/i.test(text)) {
        // "Summary generated with Tubewise" at the top, "generated by NoteGPT · notegpt.io" at the end.
        result.extras.push({ heading: 'Summarised by', paragraphs: [text] });
      } else if (!result.publisher && sections.length === 1 && /^by\s+\S/i.test(text) && text.length < 80) {
        result.publisher = text.replace(/^by\s+/i, '');
      } else if (fact) {
        const [, key, value] = fact;
        if (/^channel|^host/i.test(key!)) result.publisher = value!;
        else if (/^(?:url|link|video|youtube)/i.test(key!) && WEB_ADDRESS.test(value!.trim())) url ??= value!.trim();
        else if (/^(?:uploaded|published)$/i.test(key!) && findDate(value!)) result.date = findDate(value!);
        else result.extras.push({ heading: key!.charAt(0).toUpperCase() + key!.slice(1).toLowerCase(), paragraphs: [value!] });
      } else if (sections.length === 1 && VIEWS.test(text)) {
        // "18.4K views · Nov 14, 2026" under the channel's name: the day counts, the views do not.
        result.date ??= findDate(text);
        const channel = sections[0]!.paragraphs.at(-1)?.trim();
        if (channel && !result.publisher && channel.length <= 60) {
          result.publisher = channel;
          sections[0]!.paragraphs.pop();
        }
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
      } else if (
        !/^\s/.test(line) &&
        ((alone && HEADING.test(text)) || (!(rest[i - 1] ?? '').trim() && KNOWN_SECTION.test(text.replace(NUMBER, ''))))
      ) {
        // A known section's name is a heading however it is written ("key insights" in lower case).
        sections.push({ heading: text.replace(NUMBER, ''), paragraphs: [] });
      } else {
        sections.at(-1)!.paragraphs.push(line);
      }
    });

    if (site) result.extras.push({ heading: 'Summarised by', paragraphs: [site] });
    for (const section of sections) {
      // Lines that each start with a quotation mark, a time or a bullet are items of their own.
      const listed = section.paragraphs.filter((line) => line.trim()).every((line) => /^\s*(?:["“‘]|\d{1,2}:\d{2}|[•◦▪‣-]\s)/.test(line));
      const content = listed
        ? section.paragraphs.filter((line) => line.trim()).map((line) => line.trim().replace(/^[•◦▪‣-]\s+/, ''))
        : items(section.paragraphs.map((line) => line.replace(/^(\s*)◦\s/, '$1• '))).map((item) => item.text);
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
    story.sources.push({ ...emptySource(), title, author: result.publisher, url });
    result.stories.push(story);
    return result;
  },
};

/** Quotes keep their attribution; only a redundant outer pair of quotation marks goes. */
function unquote(text: string): string {
  return text.replace(/^["“](.*?)["”](\s+[—–-]\s+.*)?$/, (_, quote: string, by = '') => `“${quote}”${by}`);
}
