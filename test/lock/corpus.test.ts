// Every real lockfile of ../shared/corpus parses into the model, with the counts and the
// facts its PROVENANCE.tsv describes, the default policy finds what is really wrong with it,
// and its SBOM validates against CycloneDX 1.6.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ErrorCode } from '../../src/core/error-codes.js';
import type { ParsedLockfile, SourceKind } from '../../src/lock/model.js';
import { parseLockfile } from '../../src/lock/parse-lockfile.js';
import { defaultLockPolicy } from '../../src/lock/policy.js';
import { buildSbom } from '../../src/lock/sbom.js';
import { validateLockfile } from '../../src/lock/validate-lockfile.js';
import { detectFormat } from '../../src/providers/lockfile-files.js';
import { repoRoot } from '../helpers/run-dist.js';
import { cyclonedxValidator } from './sbom.test.js';

const corpus = resolve(repoRoot, '../shared/corpus');

interface Expectation {
  file: string;
  entries: number;
  kinds: Partial<Record<SourceKind, number>>;
  findings: Partial<Record<ErrorCode, number>>;
  check?: (lock: ParsedLockfile) => void;
}

const hashCount = (lock: ParsedLockfile) =>
  lock.entries.reduce((n, e) => n + e.artifacts.reduce((m, a) => m + a.hashes.length, 0), 0);

const EXPECTED: Expectation[] = [
  {
    file: 'uv/pydantic-ai.uv.lock',
    entries: 347,
    kinds: { registry: 340, editable: 6, git: 1 },
    findings: { LOCK_SOURCE_FORBIDDEN: 1 },
    check: (l) => expect(l.entries.find((e) => e.source.kind === 'git')!.source.commit).toMatch(/^[0-9a-f]{40}$/),
  },
  {
    file: 'uv/mcp-python-sdk.uv.lock',
    entries: 131,
    kinds: { registry: 113, editable: 16, workspace: 1, git: 1 },
    findings: { LOCK_SOURCE_FORBIDDEN: 1 },
    check: (l) => expect(l.entries.filter((e) => e.artifacts.length === 0)).toHaveLength(18),
  },
  {
    file: 'uv/mcp-python-sdk-2025-03.uv.lock',
    entries: 48,
    kinds: { registry: 44, editable: 4 },
    findings: {},
    check: (l) => expect(l.format_version).toBe('1'),
  },
  {
    file: 'uv/mcp-example-private-gateway.uv.lock',
    entries: 39,
    kinds: { registry: 37, directory: 1, editable: 1 },
    findings: { LOCK_SOURCE_FORBIDDEN: 1 },
    check: (l) => expect(l.entries.find((e) => e.source.kind === 'directory')!.source.path).toBe('../../../'),
  },
  { file: 'uv/sigstore-python.uv.lock', entries: 89, kinds: { registry: 88, editable: 1 }, findings: {} },
  {
    file: 'uv/flask-directory-outside-repo.uv.lock',
    entries: 81,
    kinds: { registry: 79, editable: 1, directory: 1 },
    findings: { LOCK_SOURCE_FORBIDDEN: 1 },
    check: (l) => expect(l.entries.find((e) => e.source.kind === 'directory')!.source.path).toBe('../werkzeug'),
  },
  {
    file: 'uv/pydantic-ai-local-wheel.uv.lock',
    entries: 256,
    kinds: { registry: 247, editable: 6, path: 1, workspace: 1, git: 1 },
    findings: { LOCK_SOURCE_FORBIDDEN: 2 },
    check: (l) =>
      expect(l.entries.find((e) => e.source.kind === 'path')!.source.path).toMatch(
        /^dbos-1\.13\.0a2\+g4b56355-py3-none-any\.whl$/,
      ),
  },
  {
    file: 'poetry/poetry-2.4.1-git.poetry.lock',
    entries: 78,
    kinds: { registry: 77, git: 1 },
    findings: { LOCK_SOURCE_FORBIDDEN: 1 },
    check: (l) => {
      const git = l.entries.find((e) => e.source.kind === 'git')!;
      expect(git.source.commit).toBe('e3998b0e111dc03e4aa721fd054c48e5c7de6fc5');
      expect(git.artifacts).toEqual([]);
      expect(l.generator).toBe('Poetry 2.4.1');
    },
  },
  {
    file: 'poetry/poetry-1.8.5.poetry.lock',
    entries: 68,
    kinds: { registry: 68 },
    findings: {},
    check: (l) => expect(l.format_version).toBe('2.0'),
  },
  {
    file: 'poetry/langgraph-1.8.5-directory.poetry.lock',
    entries: 146,
    kinds: { registry: 141, editable: 5 },
    findings: { LOCK_SOURCE_FORBIDDEN: 5 },
  },
  {
    file: 'poetry/langgraph-checkpoint-postgres-2.1.2.poetry.lock',
    entries: 46,
    kinds: { registry: 45, editable: 1 },
    findings: { LOCK_SOURCE_FORBIDDEN: 1 },
  },
  {
    file: 'poetry/rich-2.1.3.poetry.lock',
    entries: 49,
    kinds: { registry: 49 },
    findings: {},
    check: (l) => expect(hashCount(l)).toBe(325),
  },
  {
    file: 'requirements/sigstore-python-install.pip-compile.txt',
    entries: 32,
    kinds: { registry: 32 },
    findings: {},
    check: (l) => expect(hashCount(l)).toBe(426),
  },
  {
    file: 'requirements/warehouse-main.pip-compile.txt',
    entries: 184,
    kinds: { registry: 184 },
    findings: {},
    check: (l) => {
      expect(hashCount(l)).toBe(2089);
      expect(l.entries.find((e) => e.name === 'celery')!.raw_name).toBe('celery[redis]');
    },
  },
  {
    file: 'requirements/python-build-standalone-win.uv-pip-compile.txt',
    entries: 19,
    kinds: { registry: 19 },
    findings: {},
    check: (l) => expect(l.generator).toBe('uv'),
  },
  {
    file: 'requirements/rules-python-bzlmod-3_9.uv-pip-compile.txt',
    entries: 47,
    kinds: { registry: 47 },
    findings: {},
    check: (l) => {
      expect(l.indexes.map((i) => i.option)).toEqual(['index-url', 'extra-index-url']);
      expect(l.entries.filter((e) => e.markers === "python_full_version < '3.10'").map((e) => e.name)).toEqual([
        'importlib-metadata',
        'typing-extensions',
        'zipp',
      ]);
    },
  },
  {
    file: 'requirements/jax-3_13-ft.pip-compile.txt',
    entries: 55,
    kinds: { registry: 55 },
    findings: {},
    check: (l) => expect(l.entries.some((e) => e.markers === 'python_version >= "3.13"')).toBe(true),
  },
  {
    file: 'requirements/gh-action-pypi-publish-runtime.no-hashes.txt',
    entries: 31,
    kinds: { registry: 31 },
    findings: { LOCK_HASH_MISSING: 31 },
    check: (l) => expect(l.entries.every((e) => e.version !== null)).toBe(true),
  },
  {
    file: 'requirements/jax-3_14-ft.handwritten-unpinned.txt',
    entries: 55,
    kinds: { registry: 55 },
    findings: { LOCK_HASH_MISSING: 55, LOCK_UNPINNED: 2, LOCK_HOST_NOT_ALLOWED: 2 },
    check: (l) => {
      expect(l.entries.filter((e) => e.version === null).map((e) => e.name)).toEqual(['numpy', 'scipy']);
      expect(l.indexes.every((i) => i.value.includes('pypi.anaconda.org'))).toBe(true);
    },
  },
  {
    file: 'npm/actions-toolkit.v3.package-lock.json',
    entries: 1173,
    kinds: { registry: 1173 },
    findings: {},
    check: (l) => expect(l.entries.every((e) => e.artifacts[0]!.hashes[0]!.algorithm === 'sha512')).toBe(true),
  },
  {
    file: 'npm/sigstore-js.v3.package-lock.json',
    entries: 1048,
    kinds: { unknown: 811, registry: 223, workspace: 14 },
    findings: { LOCK_SOURCE_UNKNOWN: 811 },
    check: (l) => expect(l.roots).toHaveLength(15),
  },
  {
    file: 'npm/actions-checkout.v2.package-lock.json',
    entries: 771,
    kinds: { registry: 771 },
    findings: { LOCK_HASH_WEAK: 52 },
  },
  {
    file: 'npm/deploy-cloudrun-example.v1.package-lock.json',
    entries: 66,
    kinds: { registry: 66 },
    findings: {},
    check: (l) => expect(l.format_version).toBe('1'),
  },
  {
    file: 'pnpm/argo-rollouts-ui.v9.pnpm-lock.yaml',
    entries: 1721,
    kinds: { registry: 1720, git: 1 },
    findings: { LOCK_SOURCE_FORBIDDEN: 1 },
    check: (l) =>
      expect(l.entries.find((e) => e.source.kind === 'git')).toMatchObject({
        name: 'argo-ui',
        source: { commit: '5ff344ac9692c14dd108468bd3c020c3c75181cb' },
      }),
  },
  {
    file: 'pnpm/changesets.v9.pnpm-lock.yaml',
    entries: 484,
    kinds: { registry: 484 },
    findings: {},
    check: (l) => {
      const importers = Object.keys(
        (parse(readFileSync(resolve(corpus, 'pnpm/changesets.v9.pnpm-lock.yaml'), 'utf8')) as { importers: object })
          .importers,
      );
      // PROVENANCE.tsv says 20 importers; the file's importers mapping has 24 (counted by hand too).
      expect(importers).toHaveLength(24);
      expect(l.roots).toEqual(expect.arrayContaining(importers));
    },
  },
  {
    file: 'pnpm/actions-toolkit.v6.pnpm-lock.yaml',
    entries: 553,
    kinds: { registry: 553 },
    findings: {},
    check: (l) => expect(l.format_version).toBe('6.0'),
  },
  {
    file: 'yarn/prettier-website.classic-missing-integrity.yarn.lock',
    entries: 1104,
    kinds: { registry: 1104 },
    findings: { LOCK_HOST_NOT_ALLOWED: 1104, LOCK_HASH_WEAK: 416 },
    check: (l) =>
      expect(l.entries.filter((e) => e.artifacts[0]!.hashes.every((h) => h.algorithm === 'sha1'))).toHaveLength(416),
  },
  {
    file: 'yarn/changesets.classic.yarn.lock',
    entries: 505,
    kinds: { registry: 505 },
    findings: { LOCK_HOST_NOT_ALLOWED: 505, LOCK_HASH_WEAK: 27 },
  },
  {
    file: 'yarn/prettier.berry-v10.yarn.lock',
    entries: 1052,
    kinds: { registry: 1051, workspace: 1 },
    findings: { LOCK_HASH_MISSING: 119 },
    check: (l) => {
      expect(l.roots).toEqual(['prettier']);
      expect(l.entries.filter((e) => e.markers === 'patch').length).toBeGreaterThan(0);
    },
  },
  {
    file: 'workflows/argo-rollouts-release.yaml',
    entries: 16,
    kinds: { 'local-action': 2, action: 14 },
    findings: { LOCK_ACTION_NOT_PINNED: 8 },
    check: (l) => {
      expect(l.entries.filter((e) => e.source.commit)).toHaveLength(6);
      expect(l.entries.find((e) => e.line === 107)).toMatchObject({
        name: 'actions/checkout',
        version_spec: 'v7',
        markers: 'v3.5.2',
      });
    },
  },
  {
    file: 'workflows/deploy-cloudrun-integration.yml',
    entries: 15,
    kinds: { 'local-action': 6, action: 9 },
    findings: { LOCK_ACTION_NOT_PINNED: 3 },
    check: (l) =>
      expect(l.entries.find((e) => e.name === 'google-github-actions/auth')!.markers).toBe('ratchet:exclude'),
  },
  {
    file: 'workflows/actions-checkout-test.yml',
    entries: 30,
    kinds: { 'local-action': 21, action: 8, docker: 1 },
    findings: { LOCK_ACTION_NOT_PINNED: 8, LOCK_IMAGE_NOT_PINNED: 1 },
  },
];

const count = <T extends string>(items: readonly T[]) =>
  items.reduce<Partial<Record<T, number>>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});

describe.skipIf(!existsSync(corpus))('corpus lockfiles', () => {
  const validate = existsSync(corpus) ? cyclonedxValidator() : undefined;
  it.each(EXPECTED)('$file', async ({ file, entries, kinds, findings, check }) => {
    const lock = await parseLockfile(readFileSync(resolve(corpus, file), 'utf8'), file, detectFormat(file));
    expect(lock.entries).toHaveLength(entries);
    expect(count(lock.entries.map((e) => e.source.kind))).toEqual(kinds);
    expect(lock.entries.every((e) => e.line >= 1)).toBe(true);
    expect(count(validateLockfile(lock, defaultLockPolicy()).map((f) => f.code))).toEqual(findings);
    check?.(lock);
    const sbom = buildSbom([lock], { name: 'rollgate', version: '0.1.0' });
    expect(validate!(sbom), JSON.stringify(validate!.errors?.slice(0, 2))).toBe(true);
  });

  it('covers every file of the corpus', () => {
    const listed = readFileSync(resolve(corpus, 'PROVENANCE.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[0]);
    expect(EXPECTED.map((e) => e.file).sort()).toEqual(listed.sort());
  });
});
