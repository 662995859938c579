import { stemmer } from 'stemmer';
import { eng } from 'stopword/src/stopwords_eng.js';
import { linkKey } from '../model/links';
import type { ParsedStory } from '../model/types';

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
  ...eng,
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

/** What a word is, worked out once per spelling: most words of a library recur. */
interface Word {
  /** Its stemmed term, or null for a stop word, a short number or a year. */
  term: string | null;
  number: boolean;
  /** Begins with a capital. */
  capital: boolean;
  /** An acronym (NVIDIA) or a name with a capital inside (ByteDance, xAI): a name wherever it stands. */
  name: boolean;
  /** "bn" after a number is "billion". */
  scale: string | undefined;
}

const words = new Map<string, Word>();

function classify(raw: string): Word {
  let word = words.get(raw);
  if (word) return word;
  if (/^\d/.test(raw)) {
    const number = raw.replace(/,(?=\d{3}\b)/g, '');
    // Years and single digits say little; 67,000 or 736 say a lot.
    const telling = number.replace(/\D/g, '').length >= 3 && !/^(?:19|20)\d\d$/.test(number);
    word = { term: telling ? number : null, number: true, capital: false, name: false, scale: undefined };
  } else {
    const lower = raw.toLowerCase().replace(/’/g, "'");
    let term: string | null = null;
    if (lower.length >= 2 && !STOP.has(lower)) {
      term = stemmer(lower.replace(/'s$/, ''));
      if (term.length < 2 || STOP.has(term)) term = null;
    }
    const name = /^\p{Lu}{2,}$/u.test(raw) || /\p{Ll}\p{Lu}/u.test(raw);
    word = { term, number: false, capital: /^\p{Lu}/u.test(raw), name, scale: SCALE[lower] };
  }
  // A cap on what is remembered: a library's vocabulary, not every typo of 10,000 files.
  if (words.size > 200_000) words.clear();
  words.set(raw, word);
  return word;
}

/** Whether text[from, to) holds the end of a sentence (or a line), so the next word starts one. */
function sentenceBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // . ! ? : • and a line break
    if (c === 46 || c === 33 || c === 63 || c === 58 || c === 0x2022 || c === 10) return true;
  }
  return false;
}

/** Adds a text's terms to `into`, each occurrence worth `weight`; names (capitalised inside a sentence) and big numbers count more. */
function addTerms(text: string, weight: number, into: Map<string, Scored>, title = false): void {
  let previousEnd = 0;
  let afterNumber = false;
  // A title in capitals ("OPENAI RELEASES GPT-5.5") says nothing about which words are names.
  const shouting = !/\p{Ll}/u.test(text);
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    const starts = previousEnd === 0 || sentenceBreak(text, previousEnd, match.index);
    const glued = match.index - previousEnd <= 1;
    previousEnd = match.index + raw.length;
    const word = classify(raw);
    const number = afterNumber;
    afterNumber = word.number;
    let term = word.term;
    let boost = 1;
    if (word.scale && number && glued) term = word.scale;
    else if (term === null) continue;
    else if (word.number) boost = 1.3;
    // A name: capitalised where a sentence does not begin (Sora, ByteDance, Levie), or an acronym.
    else if (!shouting && (word.name || (!starts && word.capital))) boost = 1.5;
    // A sentence's first word is capitalised anyway: perhaps a name ("Hyundai ordered…"), half as likely.
    else if (!shouting && starts && word.capital) boost = 1.25;
    const named = boost > 1 && !title && !word.number ? (boost === 1.5 ? weight : weight / 2) : 0;
    const entry = into.get(term);
    if (entry) {
      entry.weight += weight * boost;
      entry.named += named;
    } else into.set(term, { weight: weight * boost, named });
  }
}

function bodyStart(story: ParsedStory): string {
  let text = '';
  for (const paragraph of story.body) {
    if (text.length >= BODY_CHARS) break;
    text += `${paragraph}\n`;
  }
  return text.slice(0, BODY_CHARS);
}

/** Words in a text: runs of non-space, counted without a pattern (this runs over every story's whole text). */
function countWords(text: string | null): number {
  if (!text) return 0;
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/** Words in a whole story: for minutes of reading. */
export function wordCount(story: ParsedStory): number {
  let count = countWords(story.summary);
  for (const text of story.body) count += countWords(text);
  for (const text of story.takeaways) count += countWords(text);
  for (const text of story.quotes) count += countWords(text);
  for (const part of story.extras) for (const text of part.paragraphs) count += countWords(text);
  return count;
}

export function storyFeatures(story: ParsedStory): StoryFeatures {
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
