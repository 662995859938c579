import { allStories } from '../../library/refs';
import type { Command } from '../command';
import { refsAndPaths, resolveOrThrow, UsageError } from '../context';

/** `mark star` says "marked … starred". */
const PAST: Record<string, string> = { star: 'starred', unstar: 'unstarred' };

const ACTIONS: Record<string, ['read' | 'starred', boolean]> = {
  read: ['read', true],
  unread: ['read', false],
  star: ['starred', true],
  unstar: ['starred', false],
};

export const MARK_ACTIONS = Object.keys(ACTIONS);

export const mark: Command = {
  name: 'mark',
  summary: 'mark stories read, unread, starred or unstarred',
  usage: ['mark read|unread|star|unstar REF... [PATH...]', 'mark read|unread --all [PATH...]'],
  options: ['all'],
  completes: 'mark',
  examples: [['digest mark read 1.1 1.2', 'mark two stories read']],
  async run({ positionals, values }, ctx) {
    const [action, ...rest] = positionals;
    const chosen = action ? ACTIONS[action] : undefined;
    if (!chosen) throw new UsageError('mark needs read, unread, star or unstar, then REFs (or --all)');
    const [key, value] = chosen;
    const { refs, paths } = values.all ? { refs: [], paths: rest } : refsAndPaths(rest);
    if (!values.all && refs.length === 0) throw new UsageError(`mark ${action} needs at least one REF, or --all`);
    if (values.all && key === 'starred') throw new UsageError('--all goes with mark read and mark unread');
    const library = ctx.library(paths);
    // A story named twice (1.1 and its short id) is one story.
    const named = values.all ? allStories(library) : refs.map((ref) => resolveOrThrow(library, ref, ctx));
    const targets = [...new Map(named.map((t) => [t.story.id, t])).values()];
    const marks = ctx.marks();
    const changed = marks.setMany(targets.map((t) => ({ id: t.story.id, key, value })));
    if (marks.error) {
      ctx.io.err(`digest: could not save the marks: ${marks.error}\n`);
      return 1;
    }
    const already = targets.length - changed;
    ctx.io.err(
      `digest: marked ${targets.length} ${targets.length === 1 ? 'story' : 'stories'} ${PAST[action!] ?? action}${already > 0 ? ` (${already} already ${already === 1 ? 'was' : 'were'})` : ''}\n`,
    );
    return 0;
  },
};
