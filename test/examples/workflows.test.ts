// Every workflow in examples/workflows and .github/workflows: valid against SchemaStore's
// workflow schema, accepted by GitHub's own parser, every action pinned by commit SHA, least
// permissions. Each check also rejects a literal invalid workflow, so none can pass vacuously.
import { describe, expect, it } from 'vitest';
import {
  hasSharedVectors,
  parseYaml,
  permissionProblems,
  pinningProblems,
  readRepoFile,
  workflowFiles,
  workflowParserProblems,
  workflowSchemaProblems,
} from './workflow-checks.js';

const FILES = workflowFiles('examples/workflows', '.github/workflows');

const GOOD = `name: ok
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - run: echo hi
`;

it('finds the example workflows and the project workflows', () => {
  expect(FILES).toEqual(
    expect.arrayContaining([
      'examples/workflows/release-pipeline.yml',
      'examples/workflows/matrix-regions.yml',
      'examples/workflows/manual-rollback.yml',
      'examples/workflows/lock-verify-pr.yml',
      '.github/workflows/ci.yml',
      '.github/workflows/release.yml',
    ]),
  );
});

describe.each(FILES)('%s', (file) => {
  const text = readRepoFile(file);

  it.skipIf(!hasSharedVectors)('is valid against the workflow JSON schema', () => {
    expect(workflowSchemaProblems(parseYaml(text))).toEqual([]);
  });

  it("is accepted by GitHub's workflow parser", async () => {
    expect(await workflowParserProblems(file, text)).toEqual([]);
  });

  it('pins every action by full commit SHA', () => {
    expect(pinningProblems(text)).toEqual([]);
  });

  it('has least permissions', () => {
    expect(permissionProblems(text)).toEqual([]);
  });
});

describe('the checks reject invalid workflows', () => {
  it('accepts the valid control workflow', async () => {
    expect(await workflowParserProblems('good.yml', GOOD)).toEqual([]);
    expect(pinningProblems(GOOD)).toEqual([]);
    expect(permissionProblems(GOOD)).toEqual([]);
    if (hasSharedVectors) expect(workflowSchemaProblems(parseYaml(GOOD))).toEqual([]);
  });

  // A step with neither run nor uses, and a job without runs-on.
  const BROKEN = `on: push
permissions: {}
jobs:
  build:
    steps:
      - name: nothing to do
`;

  it.skipIf(!hasSharedVectors)('schema: a step without run or uses, a job without runs-on', () => {
    expect(workflowSchemaProblems(parseYaml(BROKEN))).not.toEqual([]);
  });

  it('parser: the same workflow, and an unknown job key and a bad expression', async () => {
    expect(await workflowParserProblems('broken.yml', BROKEN)).not.toEqual([]);
    const typo = GOOD.replace('runs-on:', 'runs-onn:');
    expect(await workflowParserProblems('typo.yml', typo)).not.toEqual([]);
    const expr = GOOD.replace('echo hi', 'echo ${{ github.sha ) }}');
    expect(await workflowParserProblems('expr.yml', expr)).not.toEqual([]);
    const needs = GOOD.replace('    runs-on:', '    needs: missing\n    runs-on:');
    expect(await workflowParserProblems('needs.yml', needs)).not.toEqual([]);
  });

  it('pinning: a tag, a branch, a short SHA, a SHA without its version comment', () => {
    const checkout = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';
    expect(pinningProblems(GOOD.replace(checkout, 'actions/checkout@v4'))).toHaveLength(1);
    expect(pinningProblems(GOOD.replace(checkout, 'actions/checkout@main'))).toHaveLength(1);
    expect(pinningProblems(GOOD.replace(checkout, 'actions/checkout@11bd719'))).toHaveLength(1);
    expect(pinningProblems(GOOD.replace(' # v4.2.2', ''))).toHaveLength(1);
    expect(pinningProblems(GOOD.replace(checkout, 'org/deploy/.github/workflows/d.yml@main'))).toHaveLength(1);
    expect(pinningProblems(GOOD.replace(checkout, 'docker://alpine:3'))).toHaveLength(1);
    expect(pinningProblems(GOOD.replace(checkout, './.github/actions/local'))).toEqual([]);
  });

  it('permissions: none at the top, write-all, a write scope at the top, an unexpected job grant', () => {
    expect(permissionProblems(GOOD.replace('permissions: {}\n', ''))).toEqual(['no top-level permissions']);
    expect(permissionProblems(GOOD.replace('permissions: {}', 'permissions: write-all'))).toHaveLength(1);
    expect(permissionProblems(GOOD.replace('permissions: {}', 'permissions:\n  contents: write'))).toHaveLength(1);
    expect(permissionProblems(GOOD.replace('contents: read', 'packages: write'))).toHaveLength(1);
  });
});
