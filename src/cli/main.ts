import { parseArgs } from 'node:util';
import { PathError } from '../library/find';
import { loadParser } from '../library/parser';
import { stripControls } from '../parse/clean';
import { chooseColor } from '../print/style';
import { OPTIONS, type Parsed } from './command';
import { Context, UsageError, type Io } from './context';
import { commandNamed, COMMANDS, helpText } from './table';

export type { Parsed } from './command';
export { Context, UsageError, type Io } from './context';

declare const DIGEST_VERSION: string | undefined;
export const VERSION = typeof DIGEST_VERSION === 'string' ? DIGEST_VERSION : '0.0.0-dev';

// parseArgs takes the options' types, not their help.
const PARSE_OPTIONS = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, option]) => [name, { type: option.type, ...('short' in option ? { short: option.short } : {}) }]),
) as Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Options every command takes. */
const GLOBAL = new Set(['help', 'version', 'color']);

// A negative number is a value, not an option: `config read-delay -1` gets its own message.
const NEGATIVE = /^-\d+(?:\.\d+)?$/;
const HIDDEN = '\u0000';

export function parseCommandLine(argv: readonly string[]): Parsed {
  let parsed;
  try {
    const args = argv.map((arg) => (NEGATIVE.test(arg) ? `${HIDDEN}${arg}` : arg));
    parsed = parseArgs({ args, options: PARSE_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, '').split('\n')[0]);
  }
  const positionals = parsed.positionals.map((arg) => (arg.startsWith(HIDDEN) ? arg.slice(1) : arg));
  const color = parsed.values.color;
  if (color !== undefined) {
    if (color !== 'auto' && color !== 'always' && color !== 'never')
      throw new UsageError(`--color takes auto, always or never, not "${color}"`);
    chooseColor(color);
  }
  const [first, ...rest] = positionals;
  // A folder or file named like a command still opens: `digest list` is the command unless ./list exists and more follows.
  const command = first !== undefined && commandNamed(first) ? first : null;
  return { command, positionals: command ? rest : positionals, values: parsed.values as Parsed['values'] };
}

/** The commands as `--help` describes them (made from the command table). */
export const HELP = helpText();

export async function runCommand(parsed: Parsed, ctx: Context): Promise<number> {
  const { command: name, values } = parsed;
  if (values.help) {
    ctx.io.out(HELP);
    return 0;
  }
  if (values.version) {
    ctx.io.out(`digest ${VERSION}\n`);
    return 0;
  }
  // With no command and no terminal, `digest` lists (as `digest list` does).
  const command = commandNamed(name ?? 'list');
  if (!command) throw new UsageError(`unknown command "${name}"`);
  const stray = (Object.keys(values) as (keyof typeof OPTIONS)[]).filter(
    (option) => values[option] !== undefined && !command.options.includes(option) && !GLOBAL.has(option),
  );
  if (stray.length > 0 && name !== null)
    throw new UsageError(
      `${command.name} does not take --${stray[0]}${command.options.length > 0 ? ` (it takes ${command.options.map((o) => `--${o}`).join(', ')})` : ''}`,
    );
  await loadParser();
  return command.run(parsed, ctx);
}

/** Runs the non-interactive CLI; turns known failures into one-line errors and exit codes. */
export async function runCli(parsed: Parsed, io: Io): Promise<number> {
  try {
    return await runCommand(parsed, new Context(io));
  } catch (error) {
    if (error instanceof UsageError || error instanceof PathError) {
      io.err(
        `digest: ${stripControls(error.message)}${error instanceof UsageError && !/matches|no story/.test(error.message) ? ' (see digest --help)' : ''}\n`,
      );
      return 2;
    }
    io.err(`digest: ${stripControls((error as Error).message ?? String(error))}\n`);
    return 1;
  }
}

export { COMMANDS };
