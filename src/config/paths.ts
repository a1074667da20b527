// Where the config lives unless a flag or input says otherwise.
export const DEFAULT_CONFIG_PATH = '.github/rollgate.yml';
