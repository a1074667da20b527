// Generates, from the sources, what must never drift from them: each actions/<name>/action.yml's
// `inputs:` from the operator's input specification (src/specs/<name>.ts, which the action and
// the CLI command both parse with); the root action.yml from those files; and the README's
// per-action input/output tables (between `<!-- action-table:NAME -->` and
// `<!-- /action-table:NAME -->`) and config reference. `--check` exits 1 when anything is out
// of date (run in the tests), instead of writing.
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

const imported = new Map();

/** Imports a TypeScript module of src/ (bundled with esbuild into a temporary file), once. */
function importSource(path) {
  if (!imported.has(path)) imported.set(path, bundleAndImport(path));
  return imported.get(path);
}

async function bundleAndImport(path) {
  const outfile = join(mkdtempSync(join(tmpdir(), 'rollgate-docs-')), 'module.mjs');
  await build({
    entryPoints: [join(root, path)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  return import(outfile);
}

const actionNames = () =>
  readdirSync(join(root, 'actions'))
    .filter((n) => existsSync(join(root, 'actions', n, 'action.yml')))
    .sort();

/**
 * actions/<name>/action.yml with its `inputs:` written from the operator's spec; name,
 * description, outputs and runs stay as written there.
 */
export async function renderAction(name) {
  const { OPERATOR_SPECS, actionYamlInputs } = await importSource('src/specs/index.ts');
  const spec = OPERATOR_SPECS[name];
  if (!spec) throw new Error(`actions/${name}/action.yml has no input specification in src/specs/index.ts`);
  const path = join(root, 'actions', name, 'action.yml');
  const doc = parse(readFileSync(path, 'utf8'));
  doc.inputs = actionYamlInputs(spec);
  const text = `# The inputs are generated from src/specs/${name}.ts by scripts/gen-docs.mjs (npm run docs): edit them there.\n${stringify(doc, { lineWidth: 0 })}`;
  return format(text, { ...(await resolveConfig(path)), parser: 'yaml' });
}

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
  const { ConfigSchema } = await importSource('src/config/schema.ts');
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
  const names = actionNames();
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
  const names = actionNames();
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
  const check = process.argv.includes('--check');
  // The action files first: the root action.yml and the README tables are rendered from them.
  for (const name of actionNames()) {
    const path = join(root, 'actions', name, 'action.yml');
    const action = await renderAction(name);
    if (!check) writeFileSync(path, action);
    else if (readFileSync(path, 'utf8') !== action) {
      process.stderr.write(`actions/${name}/action.yml inputs are out of date: run npm run docs\n`);
      process.exitCode = 1;
    }
  }
  const text = readFileSync(readmePath, 'utf8');
  const rendered = await renderReadme(text);
  if (check) {
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
