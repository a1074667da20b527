// Writes the README's per-action input/output tables from the action.yml files, between
// `<!-- action-table:NAME -->` and `<!-- /action-table:NAME -->` markers. `--check` exits 1
// when the README is out of date (run in the tests), instead of writing.
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const readmePath = join(root, 'README.md');
const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

export function actionTable(name) {
  const action = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8'));
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([k, v]) => `| \`${k}\` | ${v.required ? 'yes' : 'no'} | ${cell(v.description)} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(([k, v]) => `| \`${k}\` | ${cell(v.description)} |`);
  return [
    `| input | required | description |`,
    `| --- | --- | --- |`,
    ...inputs,
    '',
    `| output | description |`,
    `| --- | --- |`,
    ...outputs,
  ].join('\n');
}

/** The README with fresh tables, formatted as Prettier formats it (so the two never disagree). */
export async function renderReadme(text) {
  const names = readdirSync(join(root, 'actions')).filter((n) => existsSync(join(root, 'actions', n, 'action.yml')));
  let out = text;
  for (const name of names) {
    const re = new RegExp(`(<!-- action-table:${name} -->)[\\s\\S]*?(<!-- /action-table:${name} -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- action-table:${name} --> section`);
    out = out.replace(re, (_m, open, close) => `${open}\n\n${actionTable(name)}\n\n${close}`);
  }
  return format(out, { ...(await resolveConfig(readmePath)), parser: 'markdown' });
}

if (process.argv[1] === import.meta.filename) {
  const text = readFileSync(readmePath, 'utf8');
  const rendered = await renderReadme(text);
  if (process.argv.includes('--check')) {
    if (rendered !== text) {
      process.stderr.write('README.md action tables are out of date: run npm run docs\n');
      process.exitCode = 1;
    }
  } else {
    writeFileSync(readmePath, rendered);
  }
}
