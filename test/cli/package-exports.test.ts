// The public contract of the package: `rollgate/core` resolves from inside the package (self
// reference through package.json "exports") to the built bundle, and the CLI's version is the
// package's version.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.js';
import { repoRoot } from '../helpers/run-dist.js';

describe('package contract', () => {
  it("import … from 'rollgate/core' works from the repository root and gives the check values", () => {
    const script = `
      import { encodeCanonical, decodeCanonical, f64, objectDigest, taggedHash, traceHead, traceNext, toHex } from 'rollgate/core';
      const head = traceHead();
      const out = [toHex(head), toHex(encodeCanonical(f64(0.005))), toHex(taggedHash('toolchain_v1', '3.12.7', '24.2', 'uv 0.5.1')),
        typeof decodeCanonical, toHex(traceNext(head, { a: 1 })).length, toHex(objectDigest([])).length];
      console.log(JSON.stringify(out));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      '882b5851e1a6c9de1b44ee807ebf8fb74ce5bbcf1a851cba9ec84bfc5ec42e98',
      'fb3f747ae147ae147b',
      '50735406a274d31c421a5b4dcfd4d07611de3f4745a0745c8d81348df5245908',
      'function',
      64,
      64,
    ]);
  });

  it('the CLI version is the package version', () => {
    const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
