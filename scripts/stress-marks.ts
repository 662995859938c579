/**
 * A stress harness for the read-marks journal: several writer processes marking stories,
 * a reader-like process compacting the journal over and over, the journal created mid-run,
 * and kill -9 at random moments. Every mark a writer was told was saved (it printed the id
 * after `set` returned with no error) must be on disk at the end.
 *
 * `npm run stress` runs it large; tests/marks.faults.test.ts runs it small in `npm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MarkStore } from '../src/state/marks';

const ROOT = resolve(import.meta.dirname, '..');

export interface StressOptions {
  writers: number;
  /** Marks each writer makes. */
  marks: number;
  /** How many kill -9s, spread over the run, each of a random writer or the compactor. */
  kills: number;
}

export interface StressResult {
  acknowledged: number;
  lost: string[];
  kills: number;
  compactions: number;
  ms: number;
}

const WRITER = `
import { MarkStore } from './src/state/marks.ts';
const [file, prefix, from, to] = process.argv.slice(1);
const store = MarkStore.open(file);
let out = '';
for (let i = Number(from); i < Number(to); i++) {
  const id = prefix + String(i).padStart(6, '0');
  store.set(id, 'read', true);
  // Told saved only when it was written; the id goes out at once, so a kill loses no acknowledgement we count.
  if (!store.error) require('node:fs').writeSync(1, id + '\\n');
  if (i % 7 === 0) store.refresh();
}
`;

const COMPACTOR = `
import { Journal } from './src/state/journal.ts';
import { MarkStore } from './src/state/marks.ts';
const [file] = process.argv.slice(1);
const store = MarkStore.open(file);
const journal = new Journal(file);
for (;;) {
  store.refresh();
  if (journal.compact()) require('node:fs').writeSync(1, 'c\\n');
  await new Promise((r) => setTimeout(r, Math.random() * 4));
}
`;

function node(script: string, args: string[]): ChildProcess {
  // CommonJS require inside the ESM snippets: give them one.
  const code = `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);\n${script}`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

export async function runStress(options: StressOptions): Promise<StressResult> {
  const started = Date.now();
  // The journal does not exist when the run starts: its first writer creates it.
  const file = join(mkdtempSync(join(tmpdir(), 'digest-stress-')), 'marks.jsonl');
  const acknowledged = new Set<string>();
  let compactions = 0;
  let kills = 0;

  const writer = (n: number, from: number): Promise<void> =>
    new Promise((done) => {
      let next = from;
      let buffered = '';
      const child = node(WRITER, [file, `w${n}-`, String(from), String(options.marks)]);
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const id of lines) {
          acknowledged.add(id);
          next = Number(id.slice(id.indexOf('-') + 1)) + 1;
        }
      });
      running.set(n, child);
      child.on('exit', (_code, signal) => {
        running.delete(n);
        // Killed: start again where it was acknowledged to have got to.
        if (signal === 'SIGKILL' && next < options.marks) void writer(n, next).then(done);
        else done();
      });
    });

  const running = new Map<number, ChildProcess>();
  const compactor: { current: ChildProcess | null } = { current: null };
  const startCompactor = () => {
    compactor.current = node(COMPACTOR, [file]);
    compactor.current.stdout!.on('data', (chunk: Buffer) => (compactions += chunk.toString().split('\n').length - 1));
  };
  startCompactor();

  const writers = Array.from({ length: options.writers }, (_, n) => writer(n, 0));
  const killer = (async () => {
    for (let k = 0; k < options.kills; k++) {
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 400));
      const victims = [...running.values()];
      if (Math.random() < 0.25 && compactor.current) {
        compactor.current.kill('SIGKILL');
        startCompactor();
        kills++;
      } else if (victims.length > 0) {
        victims[Math.floor(Math.random() * victims.length)]!.kill('SIGKILL');
        kills++;
      }
    }
  })();
  await Promise.all(writers);
  await killer;
  compactor.current?.kill('SIGKILL');

  const store = MarkStore.open(file);
  const lost = [...acknowledged].filter((id) => !store.isRead(id));
  return { acknowledged: acknowledged.size, lost, kills, compactions, ms: Date.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const runs = Number(process.env.STRESS_RUNS ?? 5);
  let lostTotal = 0;
  for (let run = 1; run <= runs; run++) {
    const result = await runStress({ writers: 4, marks: 1500, kills: 12 });
    lostTotal += result.lost.length;
    console.log(
      `run ${run}: ${result.acknowledged} acknowledged, ${result.lost.length} lost, ${result.kills} kill -9s, ${result.compactions} compactions, ${(result.ms / 1000).toFixed(1)} s`,
    );
  }
  console.log(lostTotal === 0 ? `${runs} runs: no acknowledged mark lost` : `${runs} runs: ${lostTotal} acknowledged marks lost`);
  process.exitCode = lostTotal === 0 ? 0 : 1;
}
