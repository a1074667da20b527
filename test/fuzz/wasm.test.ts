// WebAssembly deliverables (document 001 §8): the import reader over hostile binaries (core
// modules go to the engine, components to rollgate's own section reader), built from mutated
// valid modules and from component sections assembled from the binary format's pieces; and the
// deliverable manifest, mutated, checked against its artifact. Each ends in its code or in
// sorted unique import names and a compliance verdict that follows its reason codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { sha256 } from '../../src/core/digest.js';
import { buildDeliverable, inspectDeliverable } from '../../src/wasm/deliverable.js';
import { importModules } from '../../src/wasm/imports.js';
import { isCompliant } from '../../src/wasm/profiles.js';
import { settle } from '../adversarial/harness.js';
import { componentWasi } from '../wasm/modules.js';
import { jsonDocuments, mutateBytes } from './document-inputs.js';
import { fuzz } from './fuzz-runs.js';

/** `(module (import "env" "log" (func (param i32))))`, assembled by hand. */
const CORE = Uint8Array.from(Buffer.from('0061736d010000000105016001' + '7f00020b0103656e76036c6f670000', 'hex'));
const COMPONENT = componentWasi();
const COMPONENT_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

const leb = (n: number) => {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
};
const NAME = fc.oneof(
  fc.constantFrom('wasi:cli/environment@0.2.0', 'env', ''),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
/** One import of a component: name form, name, optional version, then an extern desc of any sort. */
const IMPORT = fc
  .tuple(fc.nat(2), NAME, fc.nat(6), fc.array(fc.nat(255), { maxLength: 4 }))
  .map(([form, name, sort, desc]) => {
    const text = [...Buffer.from(name)];
    return [form, ...leb(text.length), ...text, ...(form === 1 ? [0x00] : []), sort, ...desc];
  });
const SECTION = fc
  .tuple(fc.constantFrom(10, 10, 1, 7), fc.array(IMPORT, { maxLength: 3 }), fc.integer({ min: -2, max: 2 }))
  .map(([id, imports, skew]) => {
    const body = [...leb(imports.length), ...imports.flat()];
    return [id, ...leb(Math.max(0, body.length + skew)), ...body];
  });
const BINARIES = fc.oneof(
  mutateBytes(CORE),
  mutateBytes(COMPONENT),
  fc.array(SECTION, { maxLength: 3 }).map((sections) => Uint8Array.from([...COMPONENT_HEADER, ...sections.flat()])),
);

const MANIFEST = buildDeliverable(COMPONENT, {
  blueprint_id: 'bp',
  runtime_profile: 'wasm_wasi',
  source_module_path: 'app.wasm',
}).manifest;

describe('WebAssembly deliverables', () => {
  it('import modules: WASM_MODULE_INVALID, or sorted unique names', async () => {
    await fuzz('wasm/import-modules', BINARIES, async (bytes) => {
      const outcome = await settle(() => importModules(bytes), ['WASM_MODULE_INVALID']);
      if (!outcome.ok) return false;
      expect(outcome.value).toEqual([...new Set(outcome.value)].sort());
      expect(importModules(bytes)).toEqual(outcome.value);
      return true;
    });
  });

  it('manifests: a coded refusal, or an inspection of their own artifact that follows its reason codes', async () => {
    const input = fc.tuple(jsonDocuments(MANIFEST), fc.oneof(fc.constant(COMPONENT), mutateBytes(COMPONENT)));
    const codes = ['WASM_MANIFEST_INVALID', 'WASM_MODULE_INVALID'] as const;
    await fuzz('wasm/manifest', input, async ([text, artifact]) => {
      const outcome = await settle(() => inspectDeliverable(text, 'manifest.json', artifact), codes);
      if (!outcome.ok) return false;
      expect(outcome.value.manifest.artifact_sha256).toBe(toHex(sha256(artifact)));
      expect(outcome.value.compliant).toBe(isCompliant(outcome.value.reason_codes));
      return true;
    });
  });
});
