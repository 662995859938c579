import { runCli, type Io } from '../cli/main';

/** Placeholder until the reader lands: prints the library as `digest list` does. */
export async function runReader(paths: string[], io: Io): Promise<number> {
  return runCli({ command: 'list', positionals: paths, values: {} }, io);
}
