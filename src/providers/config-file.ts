// The config from disk: the file when it exists, the schema's defaults when it does not.
import { defaultConfig, parseConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { readTextIfPresent } from '../util/read-text.js';

export async function loadConfigFile(path: string): Promise<Config> {
  const text = await readTextIfPresent(path, 'config');
  return text === undefined ? defaultConfig() : parseConfig(text, path);
}
