import { stemmer } from 'stemmer';
import stopword from 'stopword';
import { linkKey } from '../model/links';
import type { Briefing, Story } from '../model/types';

/**
 * What related coverage compares of a story: its weighted terms (title, summary, takeaways
 * and the start of its text), the links it cites, and its length. Small and plain, so a
 * library's worth is kept in the cache and compared without reading any file again.
 */
export interface StoryFeatures {
  /** Stemmed terms, most telling first, at most MAX_TERMS. */
  terms: string[];
  /** Each term's weight in this story (before the library's inverse document frequency). */
  weights: number[];
  /** Normalised links (see linkKey). */
  links: string[];
  /** Its main names (companies, people, products: capitalised inside a sentence of its text), at most three. */
  names: string[];
  /** Words in the whole story: for minutes of reading. */
  words: number;
}

/** Enough terms to tell one news item from another; more cost memory at 10,000 briefings. */
export const MAX_TERMS = 32;
/** Of a long story's text only the start is compared: news is said first, and a thread's 300 comments are not its news. */
const BODY_CHARS = 1200;

// Words that say nothing about which news it is: English function words (the `stopword`
// package's list, which is short, and those it lacks), and the vocabulary every briefing uses
// about itself.
const STOP = new Set([
  ...stopword.eng,
  ...(
    'no not nor yes every once without within upon across against along among around behind below above beyond ' +
    "its it's he she his hers they them whose whom yet though although however instead rather already " +
    'almost always often never ever again further less least few fewer own whether either neither else ' +
    "don't doesn't didn't isn't aren't wasn't weren't won't can't couldn't shouldn't wouldn't hasn't haven't " +
    "i'm you're we're they're that's there's what's let's " +
    'also just would could should may might can will one two three four five new news first last year years ' +
    'week weeks month months day days today yesterday tomorrow said says say saying report reports reported ' +
    'according via per key takeaway takeaways summary source sources story stories briefing episode video ' +
    'podcast newsletter thread comment comments read reading more link links http https www com html amp ' +
    'get gets got make makes made use used uses using way ways thing things lot lots much many really still ' +
    'even well back going go goes know think now time times people part parts point points something ' +
    'anything everything nothing someone anyone everyone here there where when why how ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec january february march april june july august september october november december ' +
    'mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday'
  ).split(' '),
]);

/** "6.6bn" and "6.6 billion" are the same number. */
const SCALE: Record<string, string> = {
  bn: 'billion',
  b: 'billion',
  m: 'million',
  mn: 'million',
  k: 'thousand',
  tn: 'trillion',
  t: 'trillion',
};

// A number (thousands separators and decimals kept together), a word (apostrophes inside),
// each taken whole; anything else separates them.
const TOKEN = /\d+(?:[.,]\d+)*|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

interface Scored {
  weight: number;
  /** Weight from where the term is a name in running text (titles capitalise every word, so they do not count). */
  named: number;
}

/** Adds a text's terms to `into`, each occurrence worth `weight`; names (capitalised inside a sentence) and big numbers count more. */
function addTerms(text: string, weight: number, into: Map<string, Scored>, title = false): void {
  let previousEnd = 0;
  // A title in capitals ("OPENAI RELEASES GPT-5.5") says nothing about which words are names.
  const shouting = !/\p{Ll}/u.test(text);
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    const gap = text.slice(previousEnd, match.index);
    const starts = previousEnd === 0 || /[.!?:•\n]/.test(gap);
    previousEnd = match.index + raw.length;
    let term: string;
    let boost = 1;
    if (/^\d/.test(raw)) {
      const number = raw.replace(/,(?=\d{3}\b)/g, '');
      // Years and single digits say little; 67,000 or 736 say a lot.
      if (number.replace(/\D/g, '').length < 3 || /^(?:19|20)\d\d$/.test(number)) continue;
      term = number;
      boost = 1.3;
    } else {
      const lower = raw.toLowerCase().replace(/’/g, "'");
      const scale = SCALE[lower];
      if (scale && /\d$/.test(text.slice(0, match.index).trimEnd())) {
        term = scale;
      } else {
        if (lower.length < 2 || STOP.has(lower)) continue;
        term = stemmer(lower.replace(/'s$/, ''));
        if (term.length < 2 || STOP.has(term)) continue;
        // A name: capitalised where a sentence does not begin (Sora, ByteDance, Levie), or an acronym.
        if (!shouting && ((!starts && /^\p{Lu}/u.test(raw)) || /^\p{Lu}{2,}$/u.test(raw) || /\p{Ll}\p{Lu}/u.test(raw))) boost = 1.5;
        // A sentence's first word is capitalised anyway: perhaps a name ("Hyundai ordered…"), half as likely.
        else if (!shouting && starts && /^\p{Lu}/u.test(raw)) boost = 1.25;
      }
    }
    const named = boost > 1 && !title && !/^\d/.test(term) ? (boost === 1.5 ? weight : weight / 2) : 0;
    const entry = into.get(term);
    if (entry) {
      entry.weight += weight * boost;
      entry.named += named;
    } else into.set(term, { weight: weight * boost, named });
  }
}

function bodyStart(story: Story): string {
  let text = '';
  for (const paragraph of story.body) {
    if (text.length >= BODY_CHARS) break;
    text += `${paragraph}\n`;
  }
  return text.slice(0, BODY_CHARS);
}

function wordCount(story: Story): number {
  const counter = { count: 0 };
  const count = (text: string | null) => {
    if (text) for (const _ of text.matchAll(/\S+/g)) counter.count++;
  };
  count(story.summary);
  for (const text of story.body) count(text);
  for (const text of story.takeaways) count(text);
  for (const text of story.quotes) count(text);
  for (const part of story.extras) for (const text of part.paragraphs) count(text);
  return counter.count;
}

export function storyFeatures(story: Story): StoryFeatures {
  const terms = new Map<string, Scored>();
  addTerms(story.title, 2, terms, true);
  if (story.summary) addTerms(story.summary, 1, terms);
  for (const text of story.takeaways) addTerms(text, 0.8, terms);
  // Without a summary the text's start is what says the news.
  addTerms(bodyStart(story), story.summary ? 0.5 : 1, terms);
  // Sublinear: a word said five times is not five times the news.
  const ranked = [...terms]
    .map(([term, { weight }]) => [term, 1 + Math.log(weight)] as const)
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_TERMS);
  const links = new Set<string>();
  for (const source of story.sources) {
    const key = source.url && linkKey(source.url);
    if (key) links.add(key);
  }
  const names = [...terms]
    .filter(([, scored]) => scored.named > 0)
    // The names the story is most about (in its title too), not merely the most capitalised.
    .sort((a, b) => b[1].weight - a[1].weight || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3)
    .map(([term]) => term);
  return {
    names,
    terms: ranked.map(([term]) => term),
    weights: ranked.map(([, weight]) => Math.round(weight * 100) / 100),
    links: [...links],
    words: wordCount(story),
  };
}

export function briefingFeatures(briefing: Briefing): StoryFeatures[] {
  return briefing.stories.map(storyFeatures);
}
