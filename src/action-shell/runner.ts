// The runner port: everything an action says to GitHub's runner goes through this interface,
// so operators never see @actions-style globals and tests can record every call.
import { appendFileSync } from 'node:fs';
import { formatCommand, formatKeyValue, inputVariable } from './workflow-commands.js';
import { logSafe, visibleControls } from './untrusted-text.js';

export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice';
  readonly message: string;
  readonly title?: string;
  readonly file?: string;
  readonly line?: number;
}

export interface RunnerPort {
  /** The raw input, trimmed; undefined when empty or absent (codeql-action's convention). */
  input(name: string): string | undefined;
  mask(secret: string): void;
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): void;
  annotate(annotation: Annotation): void;
  /** A log line: `label` is ours, `detail` may be untrusted and is made log-safe. */
  info(label: string, detail?: string): void;
  debug(text: string): void;
}

function appendTo(variable: string, env: NodeJS.ProcessEnv, text: string): void {
  const path = env[variable];
  if (!path) throw new Error(`${variable} is not set: this must run as a GitHub Actions step`);
  appendFileSync(path, text, 'utf8');
}

/** The runner this process runs under: inputs and file commands from `env` (the entry's), commands to stdout. */
export function processRunner(
  env: NodeJS.ProcessEnv,
  write: (text: string) => void = (t) => void process.stdout.write(t),
): RunnerPort {
  return {
    input(name) {
      const value = env[inputVariable(name)]?.trim();
      return value === undefined || value === '' ? undefined : value;
    },
    mask(secret) {
      // The runner masks a registered value line by line only when each line is registered.
      for (const part of [secret, ...secret.split(/\r?\n/)])
        if (part.trim().length > 3) write(formatCommand('add-mask', {}, part));
    },
    setOutput(name, value) {
      appendTo('GITHUB_OUTPUT', env, formatKeyValue(name, value));
    },
    appendSummary(markdown) {
      appendTo('GITHUB_STEP_SUMMARY', env, markdown);
    },
    annotate(a) {
      // Untrusted text in a title or message (package names, command output) keeps no raw ESC
      // or bidi control: the runner would print them into the log as they are.
      const title = a.title === undefined ? undefined : visibleControls(a.title);
      write(formatCommand(a.level, { title, file: a.file, line: a.line }, visibleControls(a.message)));
    },
    info(label, detail) {
      write(`${label}${detail === undefined ? '' : logSafe(detail)}\n`);
    },
    debug(text) {
      write(formatCommand('debug', {}, visibleControls(text)));
    },
  };
}
