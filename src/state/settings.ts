import Conf from 'conf';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { reasonOf } from '../model/errors';
import { configDir } from './paths';
import { checkSettings, type SettingsShape } from './saved';

export type { Position, SettingsShape } from './saved';

/**
 * Small settings in conf's JSON file under XDG_CONFIG_HOME/digest. Dot-notation is off
 * because story ids and paths contain dots. Only a file that reads but does not parse is set
 * aside (and said so); one that cannot be read is reported and left alone; a value of the
 * wrong kind is ignored with a warning naming its key.
 */
export class Settings {
  private conf: Conf<SettingsShape>;
  private readonly valid: SettingsShape;
  warnings: string[] = [];

  constructor(cwd = configDir()) {
    const options = { projectName: 'digest', projectSuffix: '', cwd, accessPropertiesByDotNotation: false } as const;
    const file = join(cwd, 'config.json');
    let text: string | null = null;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error(`cannot read settings file ${file}: ${reasonOf(error)}; left as it is`, { cause: error });
    }
    let data: unknown = {};
    if (text !== null && text.trim() !== '') {
      try {
        data = JSON.parse(text);
        if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('it does not hold an object');
      } catch (error) {
        const backup = `${file}.corrupt-${Date.now()}`;
        renameSync(file, backup);
        this.warnings.push(
          `settings file ${file} could not be read (${(error as Error).message.split('\n')[0]}); kept it as ${backup} and started afresh`,
        );
        data = {};
      }
    }
    const checked = checkSettings(data, file);
    this.valid = checked.settings;
    this.warnings.push(...checked.warnings);
    this.conf = new Conf<SettingsShape>(options);
  }

  /** The first warning, for callers that show one line. */
  get warning(): string | null {
    return this.warnings[0] ?? null;
  }

  get<K extends keyof SettingsShape>(key: K): SettingsShape[K] {
    return this.valid[key];
  }

  set<K extends keyof SettingsShape>(key: K, value: NonNullable<SettingsShape[K]>): void {
    this.conf.set(key, value);
    this.valid[key] = value;
  }

  delete(key: keyof SettingsShape): void {
    this.conf.delete(key);
    delete this.valid[key];
  }

  get path(): string {
    return this.conf.path;
  }
}
