// A workflow's `uses:` values through the parser and into the SBOM: what GitHub runs (a local
// path, a container image, an action in a repository) is an entry, anything else is refused at
// its line; container images become pkg:docker purls. Found by fuzzing runLockVerify: a
// `docker://alpine` step or a `uses: checkout@…` typo crashed lock-verify (INTERNAL_ERROR).
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../src/lock/parsers/workflow.js';
import { buildSbom } from '../../src/lock/sbom.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

function workflow(...uses: string[]): string {
  return [
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    ...uses.map((u) => `      - uses: ${u}`),
    '',
  ].join('\n');
}

describe('workflow uses', () => {
  it.each([
    'checkout@v4',
    'checkout',
    'actions/checkout',
    '@v4',
    'docker://',
    'docker://@sha256:x',
    'actions /checkout@v4',
  ])('refuses %j at its line with LOCK_PARSE_FAILED', (uses) => {
    expect(() => parseWorkflow(workflow(`actions/setup-node@${SHA}`, JSON.stringify(uses)), 'ci.yml')).toThrow(
      expect.objectContaining({ code: 'LOCK_PARSE_FAILED', message: expect.stringContaining('ci.yml:7') as string }),
    );
  });

  it('gives container images pkg:docker purls, by digest or tag, with the registry as repository_url', () => {
    const lock = parseWorkflow(
      workflow(
        `docker://alpine@${DIGEST}`,
        'docker://ghcr.io/octo/tools/img:1.2',
        'docker://localhost:5000/app',
        `actions/checkout@${SHA}`,
        `octo/repo/.github/workflows/build.yml@${SHA}`,
      ),
      'ci.yml',
    );
    const purls = buildSbom([lock], { name: 'rollgate', version: '0.1.0' }).components.map((c) => c.purl);
    expect(purls).toEqual(
      [
        `pkg:docker/alpine@${DIGEST}`,
        'pkg:docker/octo/tools/img@1.2?repository_url=ghcr.io',
        'pkg:docker/app@latest?repository_url=localhost%3A5000',
        `pkg:githubactions/actions/checkout@${SHA}`,
        `pkg:githubactions/octo/repo%2F.github%2Fworkflows%2Fbuild.yml@${SHA}`,
      ].sort(),
    );
  });
});
