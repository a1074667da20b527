// The documents gc reads as a root of their own (a retention policy file, gc/pins.json) compile
// in ajv's strict mode: a schema that ajv rejects at first use (a `default` on the root, which
// it ignores) made every `rollgate gc --retention FILE` an INTERNAL_ERROR.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PinsSchema } from '../../src/store/gc-pins.js';
import { RetentionFileSchema, RetentionPolicySchema, parseRetentionPolicy } from '../../src/store/retention.js';

describe.each(Object.entries({ RetentionFileSchema, PinsSchema }))('%s', (_name, schema) => {
  it('is a valid JSON Schema and compiles in strict mode as a document root', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, useDefaults: true, validateSchema: true });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });
});

describe('parseRetentionPolicy', () => {
  it('fills the defaults of the config section, which has the same fields', () => {
    expect(parseRetentionPolicy('{}', 'r.json')).toEqual({
      golden: null,
      certified_release: null,
      experimental: 30,
      ephemeral: 1,
    });
    expect(Object.keys(RetentionFileSchema.properties)).toEqual(Object.keys(RetentionPolicySchema.properties));
    expect(parseRetentionPolicy('{"golden": 7, "ephemeral": null}', 'r.json')).toMatchObject({
      golden: 7,
      ephemeral: null,
    });
  });

  it('names every wrong field of the file', () => {
    expect(() => parseRetentionPolicy('{"golden": 1.5, "nope": 1, "ephemeral": -1}', 'r.json')).toThrow(
      [
        'retention policy r.json is invalid:',
        '  /nope: is not a known field',
        '  /golden: must be a whole number of days (0 or more), or null for never',
        '  /ephemeral: must be a whole number of days (0 or more), or null for never',
      ].join('\n'),
    );
  });
});
