import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, isolatedEnv } from './helpers';

type TextResult = { content: { type: string; text: string }[]; isError?: boolean };

describe('digest mcp: the library over the Model Context Protocol', () => {
  it('a client lists the tools, lists and shows stories, marks one read, and sees it read', async () => {
    const env = Object.fromEntries(Object.entries(isolatedEnv()).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', FIXTURES], env, stderr: 'pipe' });
    const client = new Client({ name: 'digest-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
      expect(tools).toEqual(['list', 'mark', 'related', 'search', 'show', 'today']);
      const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as TextResult;

      const listed = JSON.parse((await call('list', { limit: 3 })).content[0]!.text) as { ref: string; title: string; read: boolean }[];
      expect(listed).toHaveLength(3);
      expect(listed[0]).toEqual(expect.objectContaining({ ref: '1.1', read: false }));

      const shown = (await call('show', { ref: '1.1' })).content[0]!.text;
      expect(shown.startsWith(`# ${listed[0]!.title}\n`)).toBe(true);

      expect((await call('mark', { ref: '1.1', as: 'read' })).content[0]!.text).toBe(`marked "${listed[0]!.title}" read`);
      const unread = JSON.parse((await call('list', { unread: true, limit: 1 })).content[0]!.text) as { ref: string }[];
      expect(unread[0]!.ref).toBe('1.2');

      const found = JSON.parse((await call('search', { query: 'benchmarks' })).content[0]!.text) as { title: string }[];
      expect(found.map((story) => story.title)).toContain('Benchmarks Under Audit');
      const related = JSON.parse((await call('related', { ref: 'Benchmarks Under Audit' })).content[0]!.text) as { title: string }[];
      expect(related.map((story) => story.title)).toEqual(['Benchmarks Are Leaking Into Training Sets']);
      expect((await call('today', {})).content[0]!.text).toMatch(/^# Today: /);

      const missing = await call('show', { ref: 'no such story anywhere' });
      expect(missing.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});
