// Every action.yml (actions/<name>/action.yml, and the root action.yml when there is one):
// valid against SchemaStore's action schema and accepted by GitHub's own action parser; both
// also reject literal invalid actions, so neither passes vacuously.
import { describe, expect, it } from 'vitest';
import {
  actionFiles,
  actionParserProblems,
  actionSchemaProblems,
  hasSharedVectors,
  parseYaml,
  readRepoFile,
} from './workflow-checks.js';

const FILES = actionFiles();

it('finds every action', () => {
  expect(FILES).toEqual(
    expect.arrayContaining(
      ['canary-stage', 'gate', 'lock-verify', 'package', 'preflight', 'promote', 'rollback'].map(
        (name) => `actions/${name}/action.yml`,
      ),
    ),
  );
});

describe.each(FILES)('%s', (file) => {
  const text = readRepoFile(file);

  it.skipIf(!hasSharedVectors)('is valid against the action JSON schema', () => {
    expect(actionSchemaProblems(parseYaml(text))).toEqual([]);
  });

  it("is accepted by GitHub's action parser", () => {
    expect(actionParserProblems(file, text)).toEqual([]);
  });

  it('runs on node24 from the shared build', () => {
    const doc = parseYaml(text) as { runs?: { using?: string; main?: string } };
    expect(doc.runs?.using).toBe('node24');
    expect(doc.runs?.main).toMatch(/^(\.\.\/\.\.\/)?dist\/.+\.js$/);
  });
});

describe('the checks reject invalid actions', () => {
  const GOOD = `name: ok
description: A valid control action.
inputs:
  state:
    description: A state.
    required: true
runs:
  using: node24
  main: dist/index.js
`;

  it('accepts the valid control action', () => {
    expect(actionParserProblems('good.yml', GOOD)).toEqual([]);
    if (hasSharedVectors) expect(actionSchemaProblems(parseYaml(GOOD))).toEqual([]);
  });

  it.skipIf(!hasSharedVectors)('schema: no runs, no main, an unknown top-level key', () => {
    expect(actionSchemaProblems(parseYaml(GOOD.replace(/runs:[\s\S]*$/, '')))).not.toEqual([]);
    expect(actionSchemaProblems(parseYaml(GOOD.replace('  main: dist/index.js\n', '')))).not.toEqual([]);
    expect(actionSchemaProblems(parseYaml(`${GOOD}outputz: {}\n`))).not.toEqual([]);
  });

  it('parser: no runs, an unknown runtime, an unknown top-level key', () => {
    expect(actionParserProblems('a.yml', GOOD.replace(/runs:[\s\S]*$/, ''))).not.toEqual([]);
    expect(actionParserProblems('b.yml', GOOD.replace('node24', 'node99'))).not.toEqual([]);
    expect(actionParserProblems('c.yml', `${GOOD}outputz: {}\n`)).not.toEqual([]);
  });
});
