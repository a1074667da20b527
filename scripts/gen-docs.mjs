// Writes the README's per-action input/output tables from the action.yml files, between
// `<!-- action-table:NAME -->` and `<!-- /action-table:NAME -->` markers. `--check` exits 1
// when the README is out of date (run in the tests), instead of writing.
import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { format, resolveConfig } from 'prettier';
import { parse, stringify } from 'yaml';

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

/** Every field of the config schema: path, type, default, description, in schema order. */
export async function configReference() {
  const outfile = join(mkdtempSync(join(tmpdir(), 'rollgate-docs-')), 'schema.mjs');
  await build({
    entryPoints: [join(root, 'src/config/schema.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  const { ConfigSchema } = await import(outfile);
  const rows = [];
  const typeOf = (s) =>
    s.anyOf
      ? s.anyOf.map(typeOf).join(' \\| ')
      : s.const !== undefined
        ? `\`${JSON.stringify(s.const)}\``
        : s.type === 'array'
          ? `${typeOf(s.items)}[]`
          : (s.type ?? 'any');
  const walk = (schema, path) => {
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      const here = path ? `${path}.${key}` : key;
      if (
        sub.type === 'object' &&
        sub.properties &&
        Object.keys(sub.properties).length > 0 &&
        here !== 'metrics.prometheus.queries'
      ) {
        rows.push(`| \`${here}\` | object | | ${cell(sub.description)} |`);
        walk(sub, here);
      } else {
        const fallback = sub.default === undefined ? '' : `\`${JSON.stringify(sub.default)}\``;
        rows.push(
          `| \`${here}\` | ${typeOf(sub)} | ${fallback} | ${cell(sub.description ?? (sub.pattern ? `matches \`${sub.pattern}\`` : ''))} |`,
        );
      }
    }
  };
  walk(ConfigSchema, '');
  return ['| field | type | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/**
 * The root action.yml: every action behind one `command` input. Its inputs and outputs are the
 * union of the per-action ones, each described by the actions that use it, so it never drifts.
 */
export async function renderRootAction() {
  const names = readdirSync(join(root, 'actions'))
    .filter((n) => existsSync(join(root, 'actions', n, 'action.yml')))
    .sort();
  const inputs = new Map();
  const outputs = new Map();
  for (const name of names) {
    const action = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8'));
    for (const [key, spec] of Object.entries(action.inputs ?? {})) {
      const seen = inputs.get(key) ?? { users: [], description: spec.description };
      seen.users.push(name);
      inputs.set(key, seen);
    }
    for (const [key, spec] of Object.entries(action.outputs ?? {})) {
      const seen = outputs.get(key) ?? { users: [], description: spec.description };
      seen.users.push(name);
      outputs.set(key, seen);
    }
  }
  const doc = {
    name: 'rollgate',
    description:
      'Evidence-gated progressive delivery: verified locks, signed releases, canary cohorts judged from frozen metrics snapshots, signed promotion and rollback.',
    author: 'rollgate',
    branding: { icon: 'shield', color: 'green' },
    inputs: {
      command: { description: `The operator to run: ${names.join(', ')}.`, required: true },
      ...Object.fromEntries(
        [...inputs.keys()].sort().map((key) => {
          const { users, description } = inputs.get(key);
          return [key, { description: `(${users.join(', ')}) ${description}`, required: false }];
        }),
      ),
    },
    outputs: Object.fromEntries(
      [...outputs.keys()].sort().map((key) => {
        const { users, description } = outputs.get(key);
        return [key, { description: `(${users.join(', ')}) ${description}` }];
      }),
    ),
    runs: { using: 'node24', main: 'dist/actions/rollgate.js' },
  };
  const text = `# Generated from actions/*/action.yml by scripts/gen-docs.mjs (npm run docs): do not edit.\n${stringify(doc, { lineWidth: 0 })}`;
  return format(text, { ...(await resolveConfig(join(root, 'action.yml'))), parser: 'yaml' });
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
  const re = /(<!-- config-reference -->)[\s\S]*?(<!-- \/config-reference -->)/;
  if (!re.test(out)) throw new Error('README.md has no <!-- config-reference --> section');
  const reference = await configReference();
  out = out.replace(re, (_m, open, close) => `${open}\n\n${reference}\n\n${close}`);
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
    if (readFileSync(join(root, 'action.yml'), 'utf8') !== (await renderRootAction())) {
      process.stderr.write('action.yml is out of date: run npm run docs\n');
      process.exitCode = 1;
    }
  } else {
    writeFileSync(readmePath, rendered);
    writeFileSync(join(root, 'action.yml'), await renderRootAction());
  }
}
