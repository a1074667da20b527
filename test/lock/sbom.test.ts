// The SBOM validates against the official CycloneDX 1.6 schema (with ajv-formats, see
// ../shared/vectors/NOTES.md) and is the same bytes whatever the order of the input entries.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildSbom, contentUuid, serializeSbom } from '../../src/lock/sbom.js';
import { repoRoot } from '../helpers/run-dist.js';
import { SHA512, entry, lockfile } from './model-fixtures.js';

const schemas = resolve(repoRoot, '../shared/vectors/cyclonedx');

export function cyclonedxValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  for (const name of ['spdx.schema.json', 'jsf-0.82.schema.json'])
    ajv.addSchema(JSON.parse(readFileSync(resolve(schemas, name), 'utf8')) as object);
  return ajv.compile(JSON.parse(readFileSync(resolve(schemas, 'bom-1.6.schema.json'), 'utf8')) as object);
}

const tool = { name: 'rollgate', version: '0.1.0' };
const python = lockfile([
  entry({ name: 'requests', version: '2.32.3', dependencies: [{ name: 'idna' }] }),
  entry({ name: 'idna', version: '3.7', line: 9 }),
  entry({
    name: 'mylib',
    version: '0.1.0',
    source: { kind: 'git', url: 'https://github.com/o/mylib.git', commit: 'c'.repeat(40) },
    artifacts: [],
    line: 20,
  }),
]);
const npm = lockfile(
  [
    entry({
      name: '@types/node',
      version: '20.0.0',
      source: { kind: 'registry', url: 'https://registry.npmjs.org/' },
      artifacts: [
        {
          url: 'https://registry.npmjs.org/@types/node/-/node-20.0.0.tgz',
          hashes: [{ algorithm: 'sha512', hex: SHA512 }],
        },
      ],
    }),
  ],
  { path: 'package-lock.json', format: 'package-lock.json', ecosystem: 'npm' },
);

describe.skipIf(!existsSync(schemas))('CycloneDX SBOM', () => {
  it('validates against bom-1.6.schema.json', () => {
    const validate = cyclonedxValidator();
    const sbom = buildSbom([python, npm], tool);
    expect(validate(sbom), JSON.stringify(validate.errors)).toBe(true);
    expect(sbom.components.map((c) => c.purl)).toEqual([
      'pkg:npm/%40types/node@20.0.0',
      'pkg:pypi/idna@3.7',
      'pkg:pypi/mylib@0.1.0',
      'pkg:pypi/requests@2.32.3',
    ]);
    expect(sbom.dependencies.find((d) => d.ref === 'pkg:pypi/requests@2.32.3')!.dependsOn).toEqual([
      'pkg:pypi/idna@3.7',
    ]);
    expect(sbom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is deterministic: same bytes for any entry order, no timestamp', () => {
    const one = serializeSbom(buildSbom([python, npm], tool));
    const two = serializeSbom(buildSbom([npm, { ...python, entries: [...python.entries].reverse() }], tool));
    expect(Buffer.from(one).toString()).toBe(Buffer.from(two).toString());
    expect(Buffer.from(one).toString()).not.toMatch(/timestamp/);
  });

  it('derives the serial number from the content', () => {
    expect(contentUuid(new Uint8Array([1]))).not.toBe(contentUuid(new Uint8Array([2])));
    expect(buildSbom([python], tool).serialNumber).not.toBe(buildSbom([npm], tool).serialNumber);
  });
});
