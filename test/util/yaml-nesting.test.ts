// The nesting bound checked before the yaml library composes anything (issue 9): a deeply nested
// config ends in CONFIG_INVALID with its line and the fix, quickly, and the same bound guards
// every YAML rollgate reads (the lock policy, pnpm locks, workflows) through one helper.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { globSync } from 'tinyglobby';
import { isMap, isPair, isSeq, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { RollgateError } from '../../src/core/errors.js';
import { parsePnpmLock } from '../../src/lock/parsers/pnpm-lock.js';
import { parseWorkflow } from '../../src/lock/parsers/workflow.js';
import { MAX_YAML_NESTING, yamlNestingExcess } from '../../src/util/yaml-nesting.js';
import { parseLockPolicy } from '../../src/lock/policy.js';
import { repoRoot } from '../helpers/run-dist.js';
import { hasSharedVectors } from '../helpers/vectors.js';

function refusal(run: () => unknown): RollgateError {
  try {
    run();
  } catch (error) {
    if (error instanceof RollgateError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The depth the yaml library builds: collections inside collections. */
function builtDepth(node: unknown): number {
  if (!isMap(node) && !isSeq(node)) return 0;
  let deepest = 0;
  for (const item of node.items as unknown[])
    deepest = Math.max(
      deepest,
      ...(isPair(item) ? [builtDepth(item.key), builtDepth(item.value)] : [builtDepth(item)]),
    );
  return 1 + deepest;
}

/** The depth the scan counts: the smallest bound it does not exceed. */
function scannedDepth(text: string): number {
  let depth = 0;
  while (yamlNestingExcess(text, depth) !== undefined) depth++;
  return depth;
}

describe('the config nesting bound', () => {
  it('a flow sequence 100,000 deep is CONFIG_INVALID at its line, with the fix, quickly', () => {
    const started = performance.now();
    const error = refusal(() => parseConfig('rollout:\n  cohorts: [1]\na: ' + '['.repeat(100_000), 'rollgate.yml'));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(
      `rollgate.yml:3: YAML nested deeper than ${MAX_YAML_NESTING} levels (flow [ { and indented blocks): no rollgate document needs this; flatten it or check that this is the file you meant`,
    );
  });

  it('block maps 2,000 deep are refused at the line that passes the bound', () => {
    const text = Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    const error = refusal(() => parseConfig(text, 'rollgate.yml'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^rollgate\.yml:65: YAML nested deeper than 64 levels/);
  });

  it('compact sequences on one line (`- - - …`) count each level', () => {
    expect(refusal(() => parseConfig('- '.repeat(1_000) + 'x\n', 'c.yml')).message).toMatch(/^c\.yml:1: YAML nested/);
  });

  it('the bound is exact: 64 levels reach the schema, 65 do not', () => {
    const at = (levels: number) => `${'- '.repeat(levels - 1)}x\n`; // sequences, then a scalar
    expect(yamlNestingExcess(at(MAX_YAML_NESTING))).toBeUndefined();
    expect(refusal(() => parseConfig(at(MAX_YAML_NESTING), 'c.yml')).message).toContain('must be object');
    expect(yamlNestingExcess(at(MAX_YAML_NESTING + 1))).toEqual({ line: 1, depth: MAX_YAML_NESTING + 1 });
    expect(yamlNestingExcess(`a: ${'['.repeat(63)}${']'.repeat(63)}\n`)).toBeUndefined();
    expect(yamlNestingExcess(`a: ${'['.repeat(64)}${']'.repeat(64)}\n`)).toEqual({ line: 1, depth: 65 });
  });

  it('brackets in a block scalar, a quoted scalar or a comment are text, not nesting', () => {
    const deep = '['.repeat(500);
    const config = parseConfig(
      ['metrics:', '  source: command', '  command: |', `    echo "${deep}"`, `    ${deep}`, `  # ${deep}`, ''].join(
        '\n',
      ),
      'rollgate.yml',
    );
    expect(config.metrics.command).toBe(`echo "${deep}"\n${deep}\n`);
    for (const text of [`a: "${deep}"\n`, `a: '${deep}'\n`, `a: [b, "${deep}", '${deep}'] # ${deep}\n`])
      expect(yamlNestingExcess(text)).toBeUndefined();
  });
});

describe('one bound for every YAML document', () => {
  const deep = `x: ${'{a: '.repeat(10_000)}`;
  it.each([
    ['the lock policy', () => parseLockPolicy(deep, 'policy.yml'), 'LOCK_POLICY_INVALID', 'policy.yml:1: YAML nested'],
    ['a pnpm lock', () => parsePnpmLock(deep, 'pnpm-lock.yaml'), 'LOCK_PARSE_FAILED', 'pnpm-lock.yaml:1: YAML nested'],
    ['a workflow', () => parseWorkflow(deep, 'ci.yml'), 'LOCK_PARSE_FAILED', 'ci.yml:1: YAML nested'],
  ] as const)('%s', (_what, run, code, start) => {
    const error = refusal(run);
    expect(error.code).toBe(code);
    expect(error.message.startsWith(start)).toBe(true);
  });
});

describe('the scan bounds what the parser builds', () => {
  // Structural pieces in any order, errors included: the library's recovery must not nest deeper
  // than twice the scan (a block map and a block sequence may share a column).
  const piece = fc.constantFrom(
    ...['[', ']', '{', '}', ',', ':', ': ', '- ', '? ', '\n', ' ', '  ', 'a', '"', "'", '#', '|', '>'],
    ...['&x ', '!t ', '\n  ', '\n    ', '\r', '\\', 'b c', '---\n', '*x'],
  );
  it('for random documents', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(builtDepth(parseDocument(text, { version: '1.2' }).contents)).toBeLessThanOrEqual(
          2 * scannedDepth(text),
        );
      }),
      { numRuns: 3_000 },
    );
  });

  it.skipIf(!hasSharedVectors)('and lets every real workflow, lock and example through', () => {
    const files = [
      ...globSync(['**/*.{yml,yaml}', '!node_modules/**', '!dist/**'], { cwd: repoRoot, absolute: true }),
      ...globSync(['corpus/**/*.{yml,yaml}', 'vectors/**/*.{yml,yaml}'], {
        cwd: resolve(repoRoot, '../shared'),
        absolute: true,
      }),
    ];
    expect(files.length).toBeGreaterThan(20);
    for (const file of files)
      expect([file, scannedDepth(readFileSync(file, 'utf8'))]).toEqual([file, expect.any(Number)]);
    const deepest = Math.max(...files.map((file) => scannedDepth(readFileSync(file, 'utf8'))));
    expect(deepest).toBeLessThanOrEqual(16);
  });
});
