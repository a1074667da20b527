// Extracts from GitHub's published OpenAPI description (the npm package @octokit/openapi, a
// copy of github/rest-api-description with Octokit's x-octokit extension) only the operations
// the deployments client uses, with every component they $ref, transitively. The fake GitHub
// in test/github validates each request and response against this extract, so the fake cannot
// drift from what GitHub documents; the extract is checked in so tests need no 13 MB file.
// Run: node scripts/extract-github-openapi.mjs (after changing the operations or the package).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import * as prettier from 'prettier';

const PACKAGE = '@octokit/openapi';
const SOURCE = 'generated/api.github.com.json';
const OUT_DIR = 'test/github/openapi';
const OUT_FILE = join(OUT_DIR, 'api.github.com.deployments.json');

/** [path, method] of every operation src/github/deployments-client.ts calls. */
const OPERATIONS = [
  ['/repos/{owner}/{repo}/deployments', 'get'],
  ['/repos/{owner}/{repo}/deployments', 'post'],
  ['/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', 'get'],
  ['/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', 'post'],
  ['/repos/{owner}/{repo}/check-runs', 'post'],
];

/**
 * Components kept although no operation names them: the body of the errors GitHub sends for
 * any operation (rate limits, 5xx from its edge), which the fake sends when told to fail.
 */
const EXTRA_REFS = ['#/components/schemas/basic-error'];

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve(`${PACKAGE}/package.json`));
const packageJson = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const description = JSON.parse(readFileSync(join(packageDir, SOURCE), 'utf8'));

const paths = {};
for (const [path, method] of OPERATIONS) {
  const operation = description.paths[path]?.[method];
  if (operation === undefined) throw new Error(`${method.toUpperCase()} ${path} is not in ${PACKAGE} ${SOURCE}`);
  paths[path] ??= {};
  paths[path][method] = operation;
}

// Collect every #/components/<kind>/<name> reachable from the kept operations.
const components = {};
const pending = [...EXTRA_REFS];
const seen = new Set();
collectRefs(paths, pending);
while (pending.length > 0) {
  const ref = pending.pop();
  if (seen.has(ref)) continue;
  seen.add(ref);
  const [, , kind, name, ...rest] = ref.split('/');
  if (rest.length > 0 || kind === undefined || name === undefined) throw new Error(`unexpected $ref ${ref}`);
  const target = description.components[kind]?.[name];
  if (target === undefined) throw new Error(`dangling $ref ${ref}`);
  components[kind] ??= {};
  components[kind][name] = target;
  collectRefs(target, pending);
}
for (const kind of Object.keys(components)) components[kind] = sortKeys(components[kind]);

const extract = {
  openapi: description.openapi,
  info: {
    ...description.info,
    'x-rollgate-extract': `${OPERATIONS.length} operations from ${PACKAGE}@${packageJson.version} ${SOURCE}; regenerate with node scripts/extract-github-openapi.mjs`,
  },
  servers: description.servers,
  paths,
  components: sortKeys(components),
};

await write(OUT_FILE, JSON.stringify(extract), 'json');
await write(join(OUT_DIR, 'PROVENANCE.md'), provenance(), 'markdown');

function collectRefs(value, into) {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') into.push(item);
      else collectRefs(item, into);
    }
  }
}

function sortKeys(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function write(file, text, parser) {
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(text, { ...options, parser }));
  console.log(`wrote ${relative(process.cwd(), file)}`);
}

function provenance() {
  const kinds = Object.entries(components)
    .map(([kind, entries]) => `${Object.keys(entries).length} ${kind}`)
    .join(', ');
  return `# Provenance of api.github.com.deployments.json

An extract of GitHub's published OpenAPI description of its REST API, used by
\`test/github/fake-github.ts\` to validate every request the deployments client sends and every
response the fake answers.

- Package: \`${packageJson.name}\` version \`${packageJson.version}\` (npm, a devDependency pinned in
  \`package.json\`; its own repository is ${packageJson.repository})
- Source file inside the package: \`${SOURCE}\` (OpenAPI ${description.openapi}, \`info.version\`
  \`${description.info.version}\`)
- Upstream: the package copies https://github.com/github/rest-api-description and adds an
  \`x-octokit\` extension to operations.
- License: ${packageJson.license}, from the package metadata: its \`license\` field, its \`LICENSE\`
  file, and the description's own \`info.license\` (\`${description.info.license?.name}\`,
  ${description.info.license?.url}). github/rest-api-description itself could not be consulted
  from the machine that made this extract (no access to github.com).
- Kept: ${OPERATIONS.map(([path, method]) => `\`${method.toUpperCase()} ${path}\``).join(', ')}, and
  every component they reference, transitively (${kinds}), plus \`basic-error\` for the errors GitHub
  sends for any operation. Nothing inside a kept operation or component is changed.
- Regenerate: \`node scripts/extract-github-openapi.mjs\` after \`npm ci\` (writes this file and the
  extract, formatted with the project's prettier settings).
`;
}
