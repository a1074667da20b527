// The runner's workflow-command and file-command protocol, written out rather than loaded from
// @actions/core: its entry point imports an HTTP client (undici, ~400 KB minified) that every
// action would then load at start-up. test/github/workflow-commands.test.ts proves these
// functions write exactly what @actions/core writes for the same calls.
import { randomUUID } from 'node:crypto';
import { EOL } from 'node:os';

/** Escapes a command's message (@actions/core escapeData). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property value (@actions/core escapeProperty). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatCommand(
  name: string,
  properties: Readonly<Record<string, string | number | undefined>>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`;
}

/** A `name<<delimiter` block for GITHUB_OUTPUT (and GITHUB_ENV/GITHUB_STATE). */
export function formatKeyValue(name: string, value: string, delimiter = `ghadelimiter_${randomUUID()}`): string {
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`output ${name} contains the file-command delimiter`);
  }
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}

/** The environment variable that carries an input: `INPUT_` + name upper-cased, spaces as `_`. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
