// The runtime validator skips meta-schema validation to start faster; this proves every
// schema rollgate ships is a valid JSON Schema (draft-07 meta-schema, strict mode).
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { RevocationBundleSchema, TrustStoreSchema } from '../../src/core/trust-store.js';
import { LockPolicySchema } from '../../src/lock/policy.js';

const SCHEMAS = { TrustStoreSchema, RevocationBundleSchema, LockPolicySchema };

describe.each(Object.entries(SCHEMAS))('%s', (_name, schema) => {
  it('is a valid JSON Schema and compiles in strict mode', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, validateSchema: true });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });
});
