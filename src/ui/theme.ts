import type { Tone } from './layout';

export interface ToneStyle {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
  italic?: boolean;
}

/**
 * Tones as Ink text props, in the terminal's own palette (named colours, which the terminal's
 * theme decides); under NO_COLOR chalk drops all of these and the "›" gutter still marks the cursor.
 */
const BUILT_IN: Record<Tone, ToneStyle> = {
  title: { bold: true },
  heading: { color: 'cyan', bold: true },
  meta: { color: 'gray' },
  body: {},
  quote: { italic: true },
  source: { color: 'blue' },
  dim: { dimColor: true },
  section: { bold: true },
  unread: { color: 'cyan' },
};

export interface Theme {
  tones: Record<Tone, ToneStyle>;
  /** The selected row's background; inverse video when none is set. */
  selection: string | null;
}

let active: Theme = { tones: BUILT_IN, selection: null };

export const theme = (): Theme => active;

/** The roles a theme may colour, and the tones each stands for. */
const ROLES: Record<string, Tone[]> = {
  title: ['title', 'section'],
  heading: ['heading'],
  meta: ['meta'],
  unread: ['unread'],
  link: ['source'],
  quote: ['quote'],
};

const NAMES = new Set(
  'black red green yellow blue magenta cyan white gray grey blackBright redBright greenBright yellowBright blueBright magentaBright cyanBright whiteBright'.split(
    ' ',
  ),
);

const isColour = (value: string) => NAMES.has(value) || /^#[0-9a-f]{6}$/i.test(value);

/**
 * A theme from the config file's "theme": {"title": "magenta", "selection": "blue"}: the roles
 * title, heading, meta, unread, link, quote and selection, each a colour name (the terminal's own
 * palette) or #rrggbb. An unknown role or colour is an error naming it, and the built-in colours stay.
 */
export function themeOf(custom: Record<string, string> | undefined): Theme | { error: string } {
  const tones = { ...BUILT_IN };
  let selection: string | null = null;
  for (const [role, colour] of Object.entries(custom ?? {})) {
    if (role !== 'selection' && !ROLES[role])
      return { error: `theme: there is no role "${role}" (the roles: ${[...Object.keys(ROLES), 'selection'].join(', ')})` };
    if (!isColour(colour))
      return { error: `theme: "${colour}" (for ${role}) is not a colour (a name such as magenta or blueBright, or #rrggbb)` };
    if (role === 'selection') selection = colour;
    else for (const tone of ROLES[role]!) tones[tone] = { ...tones[tone], color: colour };
  }
  return { tones, selection };
}

export function applyTheme(chosen: Theme): void {
  active = chosen;
}
