import Conf from 'conf';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from './paths';
import type { SettingsShape } from './saved';

export type { Position, SettingsShape } from './saved';

/**
 * Small settings in conf's JSON file under XDG_CONFIG_HOME/digest. Dot-notation is off
 * because story ids and paths contain dots. A damaged file is set aside, never fatal.
 */
export class Settings {
  private conf: Conf<SettingsShape>;
  warning: string | null = null;

  constructor(cwd = configDir()) {
    const options = { projectName: 'digest', projectSuffix: '', cwd, accessPropertiesByDotNotation: false } as const;
    try {
      this.conf = new Conf<SettingsShape>(options);
    } catch (error) {
      const file = join(cwd, 'config.json');
      const backup = `${file}.corrupt-${Date.now()}`;
      if (existsSync(file)) renameSync(file, backup);
      this.conf = new Conf<SettingsShape>(options);
      this.warning = `settings file ${file} could not be read (${(error as Error).message.split('\n')[0]}); kept it as ${backup} and started afresh`;
    }
  }

  get<K extends keyof SettingsShape>(key: K): SettingsShape[K] {
    return this.conf.get(key);
  }

  set<K extends keyof SettingsShape>(key: K, value: NonNullable<SettingsShape[K]>): void {
    this.conf.set(key, value);
  }

  get path(): string {
    return this.conf.path;
  }
}
