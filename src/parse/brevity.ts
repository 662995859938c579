import { emptySource, emptyStory, type ParsedStory } from '../model/types';
import { isChromeRow, isFooterText, isSponsorText, partHeading, roleOf } from './labels';
import { briefing, type Shape } from './shape';
import { sourceLine } from './sources';
import { findDate, isCapsLabel, isDayLine, items, splitLabel } from './text';

/** "1 big thing: …", "2. …": the start of an item. */
const ITEM = /^(?:(\d{1,2}) big things?:|the big thing:|(?:item|story|no\.?) ?\d{1,2}[:.]|(\d{1,2})[.)/])\s+(\S.{2,160})$/i;
/** Never in cleaned text (controls are stripped), so it cannot be forged by a file. */
const START = '\u0000';
/** Between an item's title and the kicker above it (its section), after START. */
const KICKER = '\u0001';

/** "GPU landlords wobble": a headline under a kicker, one line of words with no sentence ending in it or after it. */
const isHeadline = (line: string) =>
  line.length >= 8 &&
  line.length <= 120 &&
  /\p{Ll}/u.test(line) &&
  !/[.!?:]$|[.!?]\s/.test(line) &&
  !/^[-*•\d]/.test(line) &&
  !splitLabel(line);

/** Whether line `i` is an item's title under its kicker ("NEOCLOUDS" over "GPU landlords wobble"), the two alone (or over a credit). */
function isKicked(lines: readonly string[], i: number): boolean {
  const kicker = lines[i - 1]?.trim() ?? '';
  return (
    i > 1 &&
    !lines[i - 2]?.trim() &&
    (!lines[i + 1]?.trim() || /^(?:illustration|photo|image|chart):/i.test(lines[i + 1]!.trim())) &&
    isCapsLabel(kicker) &&
    !isSponsorText(kicker) &&
    !splitLabel(kicker) &&
    isHeadline(lines[i]!.trim())
  );
}
const LABELS =
  /^(?:why it matters|driving the news|the big picture|yes,? but|go deeper|between the lines|what'?s next|zoom (?:in|out)|state of play|by the numbers|the intrigue|reality check|what they'?re saying|flashback|the bottom line):/i;

/**
 * "Smart brevity" newsletters as plain text: a masthead, "1 big thing: …" and numbered items,
 * each a lede then labelled paragraphs ("Why it matters:", "Driving the news:", "Yes, but:") and
 * "Go deeper: title (url)". The labels are structure: parts of the story, never stories.
 */
export const smartBrevity: Shape = {
  format: 'smart-brevity',
  detect({ lines }) {
    const labels = lines.filter((line) => line.includes(':') && LABELS.test(line.trim())).length;
    const big = lines.some((line) => /^(?:\d{1,2} big things?|the big thing):/i.test(line.trim()));
    // "NEOCLOUDS" over "GPU landlords wobble": items under kickers, with a label or two among them.
    if (labels === 0 || lines.some((line) => /^#{1,6}\s/.test(line))) return 0;
    const kickers = lines.filter((line, i) => isKicked(lines, i)).length;
    if (labels + kickers < 2) return 0;
    return Math.min(0.96, (big ? 0.6 : 0.3) + 0.05 * (labels + kickers));
  },
  parse({ lines, name }) {
    // Item lines stand alone between blank lines; marked here, as "2. …" would read as a list item.
    const marked = lines.map((line, i) => {
      const item = ITEM.exec(line.trim());
      // (An illustration's credit may sit right under the item's title.)
      const alone = !lines[i - 1]?.trim() && (!lines[i + 1]?.trim() || /^(?:illustration|photo|image|chart):/i.test(lines[i + 1]!.trim()));
      // "🤖 Agents get their own corporate cards": an emoji can number an item as well as a digit.
      const emoji = !item && alone && i > 0 ? /^(?:\p{Extended_Pictographic}|\ufe0f|\u200d)+\s+(\S.{2,160})$/u.exec(line.trim()) : null;
      if (emoji && !/[.!?:]$/.test(line.trim()) && !splitLabel(emoji[1]!) && !isFooterText(emoji[1]!)) return `${START}${emoji[1]!.trim()}`;
      if (!item && isKicked(lines, i)) return `${START}${line.trim()}${KICKER}${lines[i - 1]!.trim()}`;
      return item && alone && !/[.!?]$/.test(line.trim()) ? `${START}${item[3]!.trim()}` : line;
    });
    // A kicker is its item's section, not a line of its own.
    for (let i = 1; i < marked.length; i++) if (marked[i]!.includes(KICKER)) marked[i - 1] = '';
    // An item's title stands apart from the credit line under it.
    for (let i = marked.length - 2; i >= 0; i--) if (marked[i]!.startsWith(START) && marked[i + 1]!.trim()) marked.splice(i + 1, 0, '');
    // The masthead's first line is the title; a byline under it ("By … · Nov 23, 2026") is not.
    // (As is a day line under it: "Tuesday, November 24".)
    const head = marked.findIndex((line) => line.trim() !== '' && !isChromeRow(line));
    if (head >= 0 && marked[head + 1]?.trim() && /^by\s/i.test(marked[head + 1]!.trim())) marked.splice(head + 1, 0, '');
    if (head >= 0 && marked[head + 1] && isDayLine(marked[head + 1]!)) marked.splice(head + 1, 0, '');
    // The sender's share row and ad blocks ("A MESSAGE FROM …") are not the story's.
    const paragraphs = items(marked.filter((line) => !/^share:\s*(?:\w+\s*·\s*){1,6}\w+$/i.test(line.trim()) && !isChromeRow(line)));
    const result = briefing('smart-brevity', paragraphs[0]?.text ?? name);
    let sponsored = false;
    const sponsor: string[] = [];
    let story: ParsedStory | null = null;
    let part: { heading: string; paragraphs: string[] } | null = null;
    let signedOff = false;
    const credits: string[] = [];
    const lastStart = paragraphs.findLastIndex(({ text }) => text.startsWith(START));
    for (let p = 1; p < paragraphs.length; p++) {
      const { kind, text } = paragraphs[p]!;
      if (text.startsWith(START)) {
        const [title, kicker] = text.slice(START.length).split(KICKER);
        story = emptyStory(title!);
        story.section = kicker ?? null;
        result.stories.push(story);
        part = null;
        signedOff = false;
        sponsored = false;
        continue;
      }
      // "TOUR DE HEADLINES" alone after the last item: the title of one more, made of the paragraphs
      // under it. (Within the items, capitals alone are an ad's mark or a heading of the story's.)
      if (
        kind === 'para' &&
        story &&
        p > lastStart &&
        text.length <= 40 &&
        isCapsLabel(text) &&
        !splitLabel(text) &&
        !isSponsorText(text) &&
        !isFooterText(text)
      ) {
        story = emptyStory(partHeading(text));
        result.stories.push(story);
        part = null;
        sponsored = false;
        continue;
      }
      if ((sponsored || isSponsorText(text)) && !isFooterText(text)) {
        sponsored = true;
        sponsor.push(text);
        continue;
      }
      if (!story) {
        const date = text.length < 100 ? findDate(text) : null;
        if (date && !result.date) {
          result.date = date;
          // "By Farah Nwosu · Friday, Nov. 20, 2026": the byline may share the date's line.
          const byline = /(?:^|[·|•—–]\s*)by\s+([^·|•—–]{2,60}?)\s*(?:[·|•—–]|$)/i.exec(text);
          if (byline && !result.publisher) result.publisher = byline[1]!.trim();
        } else if (/^by\s+\S/i.test(text) && text.length < 100 && !result.publisher) result.publisher = text.replace(/^by\s+/i, '');
        else if (isDayLine(text)) result.extras.push({ heading: 'Edition', paragraphs: [text] });
        else result.highlights.push(text);
        continue;
      }
      if (signedOff || (kind === 'para' && isFooterText(text))) {
        // After the last item: the editors' credits are kept aside, sign-up lines left out.
        signedOff = true;
        if (!isFooterText(text)) credits.push(text);
        continue;
      }
      // "Go deeper (https://…)": the link with no title of its own.
      const deeper = /^go deeper\s*\((https?:\/\/[^\s)]+)\)$/i.exec(text);
      if (deeper && story) {
        story.sources.push({ ...emptySource(), title: story.title, url: deeper[1]! });
        continue;
      }
      const labelled = kind === 'para' ? splitLabel(text) : null;
      const role = labelled ? roleOf(labelled.label) : null;
      if (labelled && role === 'sources') {
        story.sources.push(sourceLine(labelled.rest));
        part = null;
      } else if (labelled && role !== null) {
        part = { heading: partHeading(labelled.label), paragraphs: labelled.rest ? [labelled.rest] : [] };
        story.extras.push(part);
      } else if (kind === 'bullet') (part ? part.paragraphs : story.body).push(`• ${text}`);
      // "Illustration: Sofia Reyes/Lantern" under the title: a credit, kept apart, so the first
      // paragraph of words is still the summary (as the credit it was what the skim showed).
      else if (!part && story.summary === null && story.body.length === 0 && /^(?:illustration|photo|image|chart)s?:/i.test(text))
        story.extras.push({ heading: 'Credit', paragraphs: [text] });
      else if (story.summary === null && story.body.length === 0) story.summary = text;
      else if (part && /^(?:thanks to|edited by|copy ?edited by)\b/i.test(text)) {
        signedOff = true;
        credits.push(text);
      } else (part ? part.paragraphs : story.body).push(text);
    }
    if (credits.length > 0) result.extras.push({ heading: 'Credits', paragraphs: credits });
    if (sponsor.length > 0) result.extras.push({ heading: 'Sponsor', paragraphs: sponsor });
    return result;
  },
};
