import { fullBriefing, fullStory, readBriefing } from '../../library/load';
import { findStories, resolveRef } from '../../library/refs';
import { stampAt } from '../../library/cache';
import { SearchIndex, searchFile } from '../../library/search';
import { buildSkim } from '../../library/skim';
import { skimMarkdown } from '../../print/skim';
import { storyMarkdown } from '../../print/story';
import type { Command } from '../command';
import type { Context } from '../context';
import { relatedEntries } from './related';

const text = (value: unknown) => ({
  content: [{ type: 'text' as const, text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }],
});
const failure = (message: string) => ({ content: [{ type: 'text' as const, text: message }], isError: true });

/**
 * `digest mcp`: the library served over the Model Context Protocol on stdio (the official SDK),
 * so an assistant can answer "what did I miss today" from the user's own briefings. The tools:
 * list, show, search, related, today and mark. Nothing but the protocol goes to stdout.
 */
async function serve(paths: readonly string[], ctx: Context): Promise<number> {
  const [{ McpServer }, { StdioServerTransport }, { z }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/mcp.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('zod'),
  ]);
  const { VERSION } = await import('../main');
  // Read once; marks are read again on each call (another instance may have changed them).
  const library = ctx.library(paths);
  const marks = ctx.marks();
  const server = new McpServer({ name: 'digest', version: VERSION });
  const storyOf = (ref: string) => {
    const result = resolveRef(library, ref);
    return 'found' in result ? result.found : result.error;
  };
  const entry = (at: ReturnType<typeof findStories>[number]) => ({
    ref: at.ref,
    id: at.story.id,
    shortId: library.shortId(at.story.id),
    title: at.story.title,
    read: marks.isRead(at.story.id),
    starred: marks.isStarred(at.story.id),
    briefing: { title: at.briefing.title, date: at.briefing.date, format: at.briefing.format },
  });

  server.registerTool(
    'list',
    {
      description: "The user's briefings' stories, newest briefing first: ref (B.S), short id, title, read and starred, briefing.",
      inputSchema: {
        unread: z.boolean().optional().describe('only unread stories'),
        limit: z.number().int().positive().max(1000).optional(),
      },
    },
    async ({ unread, limit }) => {
      marks.refresh();
      return text(findStories(library, (story) => !unread || !marks.isRead(story.id), limit ?? 200).map(entry));
    },
  );
  server.registerTool(
    'show',
    {
      description: 'One story whole, as markdown: summary, body, key takeaways, quotes, sources.',
      inputSchema: { ref: z.string().describe('a short id, B.S or part of a title') },
    },
    async ({ ref }) => {
      const at = storyOf(ref);
      if (typeof at === 'string') return failure(at);
      const { briefing, story } = fullStory(at.briefing, at.story);
      return text(storyMarkdown(briefing, story));
    },
  );
  let index: SearchIndex | undefined;
  server.registerTool(
    'search',
    {
      description:
        'Stories whose title or text holds every word of the query (as words or word starts): title matches first, then text matches, each newest first.',
      inputSchema: { query: z.string().min(1), limit: z.number().int().positive().max(200).optional() },
    },
    async ({ query, limit }) => {
      // The reader's own index, kept in the cache: only files changed since are read.
      index ??= new SearchIndex(
        library.briefings,
        (b) => stampAt(library, b),
        readBriefing,
        process.env.DIGEST_NO_CACHE ? null : searchFile(ctx.libraryPaths(paths)),
        library.generation,
      );
      // Another reader writing the index holds it a moment: waited for, a few seconds at most.
      let waits = 0;
      while (!index.done && waits < 50) {
        if (index.step(1000)) continue;
        waits++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return text(
        index.search(query, limit ?? 50).map((hit) => {
          const briefing = library.briefings[hit.b]!;
          return entry({ briefing, story: briefing.stories[hit.s]!, ref: `${hit.b + 1}.${hit.s + 1}` });
        }),
      );
    },
  );
  server.registerTool(
    'related',
    {
      description: 'Stories about the same news as this one, in other briefings or elsewhere in the same one.',
      inputSchema: { ref: z.string() },
    },
    async ({ ref }) => {
      const at = storyOf(ref);
      if (typeof at === 'string') return failure(at);
      return text(relatedEntries(ctx.related(library, paths), library, marks, at.story.id));
    },
  );
  server.registerTool(
    'today',
    {
      description: 'What arrived since the user last closed the reader, grouped by news, most-covered first, as markdown.',
      inputSchema: {},
    },
    async () => {
      marks.refresh();
      const related = ctx.related(library, paths);
      const skim = buildSkim(library, ctx.saved().lastVisit ?? null, {
        isRead: (id) => marks.isRead(id),
        related: (id) => related.related(id),
        whole: fullBriefing,
      });
      return text(skimMarkdown(skim));
    },
  );
  server.registerTool(
    'mark',
    {
      description: 'Marks a story read, unread, starred or unstarred, in the same journal as the reader.',
      inputSchema: { ref: z.string(), as: z.enum(['read', 'unread', 'starred', 'unstarred']) },
    },
    async ({ ref, as }) => {
      const at = storyOf(ref);
      if (typeof at === 'string') return failure(at);
      const key = as === 'read' || as === 'unread' ? 'read' : 'starred';
      marks.set(at.story.id, key, as === 'read' || as === 'starred');
      if (marks.error) return failure(`could not save the mark: ${marks.error}`);
      return text(`marked "${at.story.title}" ${as}`);
    },
  );

  await server.connect(new StdioServerTransport());
  // Serves until the client closes stdin.
  await new Promise<void>((resolve) => process.stdin.once('close', resolve).once('end', resolve));
  marks.flush();
  return 0;
}

export const mcp: Command = {
  name: 'mcp',
  summary: 'serve the library to an AI assistant over the Model Context Protocol (stdio): list, show, search, related, today, mark',
  usage: ['mcp [PATH...]'],
  options: [],
  completes: 'paths',
  examples: [['digest mcp', 'for an assistant\'s MCP settings: {"command": "digest", "args": ["mcp"]}']],
  run: ({ positionals }, ctx) => serve(positionals, ctx),
};
