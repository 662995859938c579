import { describe, expect, it } from 'vitest';
import { reader, sampleLibrary } from './harness';

/** A story of the samples by its title. */
function ref(title: string) {
  for (const briefing of sampleLibrary.briefings) {
    const story = briefing.stories.find((s) => s.title === title);
    if (story) return { briefing: briefing.id, story: story.id };
  }
  throw new Error(`no sample story "${title}"`);
}

const AUDIT = ref('Benchmarks Under Audit');
const LEAKING = ref('Benchmarks Are Leaking Into Training Sets');

/** The reader opened on a story, as `n`, search or a restored position would. */
function openOn(r: ReturnType<typeof reader>, at: { briefing: string; story: string }) {
  r.state = { ...r.state, screen: 'story', briefing: at.briefing, story: at.story, scroll: 0, returnTo: 'briefing' };
}

const rowText = (row: { segments: { text: string }[] }) => row.segments.map((s) => s.text).join('');

describe('"Also in": the same news in other briefings, from the story', () => {
  it('lists it under the story; Tab reaches it, Enter opens it, Esc comes back to where you were', () => {
    const r = reader({ related: true });
    openOn(r, AUDIT);
    const layout = r.world.storyLayout(AUDIT, 80);
    const anchor = layout.anchors.find((a) => a.label === 'Also in');
    expect(anchor).toBeDefined();
    expect(layout.rows.slice(anchor!.row).map(rowText).join('\n')).toContain('Benchmarks Are Leaking Into Training Sets');
    // Tab round the sections until "Also in": the related story is selected.
    const onRelated = () => r.state.focus === 'sources' && r.state.source >= layout.sourceIndex.length;
    for (let i = 0; i < 10 && !onRelated(); i++) r.keys('tab');
    expect(r.state.focus).toBe('sources');
    expect(layout.related?.[r.state.source - layout.sourceIndex.length]).toEqual(LEAKING);
    const scroll = r.state.scroll;
    r.keys('enter');
    expect(r.state.screen).toBe('story');
    expect(r.state.story).toBe(LEAKING.story);
    expect(r.state.message).toMatch(/Esc comes back/);
    r.keys('escape');
    expect(r.state.story).toBe(AUDIT.story);
    expect(r.state.scroll).toBe(scroll);
    expect(r.state.focus).toBe('sources');
    // Back on "Also in" as it was left: its heading is the section the status line names.
    expect(layout.anchors[r.state.section!]?.label).toBe('Also in');
    r.keys('escape', 'escape');
    expect(r.state.screen).toBe('briefing');
    expect(r.state.briefing).toBe(AUDIT.briefing);
  });

  it('is absent without related coverage, and y on a related story copies nothing', () => {
    const plain = reader();
    expect(plain.world.storyLayout(AUDIT, 80).anchors.map((a) => a.label)).not.toContain('Also in');
    const r = reader({ related: true });
    openOn(r, AUDIT);
    const layout = r.world.storyLayout(AUDIT, 80);
    r.state = { ...r.state, focus: 'sources', source: layout.sourceIndex.length };
    r.keys('y');
    expect(r.effectsOf('copy')).toEqual([]);
    expect(r.state.message).toMatch(/Enter opens it/);
  });
});

describe('news already read elsewhere', () => {
  it('marks a story ≈ in its briefing once the same news was read in another', () => {
    const r = reader({ related: true });
    const row = () => r.world.briefingRows(AUDIT.briefing, 60, null).find((x) => rowText(x).includes('Benchmarks Under Audit'))!;
    expect(rowText(row())).toMatch(/^● /);
    r.marks.set(LEAKING.story, 'read', true);
    r.world.touch();
    expect(rowText(row())).toMatch(/^≈ /);
  });

  it('M marks the whole news read, in every briefing, as one undoable change', () => {
    const r = reader({ related: true });
    openOn(r, AUDIT);
    r.keys('M');
    expect(r.world.isRead(AUDIT.story) && r.world.isRead(LEAKING.story)).toBe(true);
    expect(r.state.message).toMatch(/Marked 2 stories of this news read/);
    r.keys('u');
    expect(r.world.isRead(AUDIT.story) || r.world.isRead(LEAKING.story)).toBe(false);
  });

  it('with skip-covered, n passes over news read in another briefing, and says so; without, it does not', () => {
    const head = sampleLibrary.briefings.find((b) => b.id === AUDIT.briefing)!;
    const before = head.stories[head.stories.findIndex((s) => s.id === AUDIT.story) - 1]!;
    for (const skipCovered of [true, false]) {
      const r = reader({ related: true, skipCovered });
      r.marks.set(LEAKING.story, 'read', true);
      r.marks.set(before.id, 'read', true);
      r.world.touch();
      openOn(r, { briefing: AUDIT.briefing, story: before.id });
      r.keys('n');
      if (skipCovered) {
        expect(r.state.story).not.toBe(AUDIT.story);
        expect(r.state.message).toMatch(/Passed over news you read/);
      } else expect(r.state.story).toBe(AUDIT.story);
    }
  });
});

describe('skip-covered and undo together', () => {
  it('after M and u, n stops at the story again: the undo undid what skip-covered went by', () => {
    const head = sampleLibrary.briefings.find((b) => b.id === AUDIT.briefing)!;
    const before = head.stories[head.stories.findIndex((s) => s.id === AUDIT.story) - 1]!;
    const r = reader({ related: true, skipCovered: true });
    r.marks.set(before.id, 'read', true);
    r.world.touch();
    openOn(r, LEAKING);
    r.keys('M');
    expect(r.world.covered(AUDIT.story)).toBe(false);
    expect(r.world.isRead(AUDIT.story)).toBe(true);
    r.keys('u');
    expect(r.world.isRead(AUDIT.story) || r.world.isRead(LEAKING.story)).toBe(false);
    openOn(r, { briefing: AUDIT.briefing, story: before.id });
    r.keys('n');
    expect(r.state.story).toBe(AUDIT.story);
  });
});

describe('the morning skim (t)', () => {
  it('groups unread news, most-covered first; Enter reads it, Esc comes back, m marks it read and u undoes', () => {
    const r = reader({ related: true, lastVisit: 0 });
    r.keys('t');
    expect(r.state.screen).toBe('today');
    const skim = r.state.skim!.skim;
    expect(skim.fresh).toBe(true);
    // News told in two briefings comes before news told in one.
    expect(new Set(skim.groups[0]!.briefings).size).toBe(2);
    expect(skim.groups.at(-1)!.briefings).toHaveLength(1);
    expect(skim.stories).toBe(skim.groups.reduce((sum, g) => sum + g.stories.length, 0));
    expect(skim.minutes).toBeGreaterThan(0);
    const first = skim.groups[0]!;
    r.keys('enter');
    expect(r.state.screen).toBe('story');
    expect(r.state.story).toBe(first.stories[0]!.story.id);
    r.keys('escape');
    expect(r.state.screen).toBe('today');
    r.keys('j', 'm');
    const second = skim.groups[1]!;
    expect(second.stories.every(({ story }) => r.world.isRead(story.id))).toBe(true);
    r.keys('u');
    expect(second.stories.some(({ story }) => r.world.isRead(story.id))).toBe(false);
    // A story of the news read already is not counted as marked again.
    r.marks.set(second.stories[0]!.story.id, 'read', true);
    r.world.touch();
    r.keys('m');
    expect(r.state.message).toMatch(
      new RegExp(`^Marked ${second.stories.length - 1 === 1 ? '1 story' : `${second.stories.length - 1} stories`} of this news read`),
    );
    r.keys('u');
    r.marks.set(second.stories[0]!.story.id, 'read', false);
    r.world.touch();
    // The rows stay where they were: a marked piece of news is ticked, not removed.
    r.keys('m');
    expect(r.state.skim!.skim.groups).toHaveLength(skim.groups.length);
    expect(rowText(r.world.skimRows(r.state.skim!.skim, 80).find((row) => row.item === 1)!)).toMatch(/^✓ /);
    r.keys('escape');
    expect(r.state.screen).toBe('library');
    expect(r.state.skim).toBeNull();
  });

  it('Back from the skim returns to the story it was opened from, whatever was read from it since', () => {
    const r = reader({ related: true, lastVisit: 0 });
    openOn(r, AUDIT);
    r.keys('t', 'j', 'enter');
    expect(r.state.story).not.toBe(AUDIT.story);
    r.keys('escape', 'escape');
    expect([r.state.screen, r.state.briefing, r.state.story]).toEqual(['story', AUDIT.briefing, AUDIT.story]);
  });

  it('holds only what arrived since the last visit, or says nothing did and shows the newest unread', () => {
    const later = reader({ related: true, lastVisit: Date.now() + 60_000 });
    later.keys('t');
    expect(later.state.skim!.skim.fresh).toBe(false);
    expect(later.state.skim!.skim.stories).toBeGreaterThan(0);
    expect(later.world.isNew(sampleLibrary.briefings[0]!, Date.now() + 60_000)).toBe(false);
    expect(later.world.isNew(sampleLibrary.briefings[0]!, 0)).toBe(true);
  });

  it('a briefing is new by its own arrival, whatever place the caller gives for it', () => {
    const { world } = reader({ related: true, lastVisit: 0 });
    const { briefings, arrivals } = world.library;
    const newest = arrivals.indexOf(Math.max(...arrivals));
    const since = Math.max(...arrivals) - 1;
    for (const at of [newest, -1, 0, briefings.length - 1, briefings.length + 5])
      expect(briefings.map((briefing, i) => world.isNew(briefing, since, at === newest ? i : at))).toEqual(
        briefings.map((_, i) => arrivals[i]! > since),
      );
  });
});
