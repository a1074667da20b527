// The CLI's port to the terminal: one place that writes, so commands stay testable and the
// JSON mode prints exactly one document.
import { stableJson } from '../core/json-view.js';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: CliOutput = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export function printJson(output: CliOutput, value: unknown): void {
  output.out(stableJson(value));
}
