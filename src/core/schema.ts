// JSON Schema validation (ajv) that reports every problem with its path, not only the first
// (changesets' validation style). Defaults are applied from the schema, the one place they live.
import { Ajv, type ErrorObject } from 'ajv';
import type { Static, TSchema } from '@sinclair/typebox';
import type { ErrorCode } from './error-codes.js';
import { RollgateError } from './errors.js';

export interface SchemaProblem {
  /** JSON Pointer of the offending value, "" for the document itself. */
  readonly path: string;
  readonly message: string;
}

// validateSchema off: every schema is TypeBox-built and checked against the meta-schema in tests
// (test/core/schemas.test.ts); compiling the meta-schema at each start cost ~35 ms.
const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true, allowUnionTypes: true, validateSchema: false });

function describe(error: ErrorObject): SchemaProblem {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return { path: `${error.instancePath}/${String(params.additionalProperty)}`, message: 'is not a known field' };
  }
  if (error.keyword === 'required') {
    return { path: `${error.instancePath}/${String(params.missingProperty)}`, message: 'is required' };
  }
  return { path: error.instancePath, message: error.message ?? error.keyword };
}

export interface SchemaValidator<T extends TSchema> {
  (value: unknown): { ok: true; value: Static<T> } | { ok: false; problems: SchemaProblem[] };
}

/** Compiles on first use: compiling every schema at import would slow every action's start. */
export function schemaValidator<T extends TSchema>(schema: T): SchemaValidator<T> {
  let compiled: ReturnType<typeof ajv.compile<Static<T>>> | undefined;
  return (value: unknown) => {
    const validate = (compiled ??= ajv.compile<Static<T>>(schema));
    // useDefaults mutates: validate a copy so the caller's object is never changed.
    let copy: unknown;
    try {
      copy = structuredClone(value);
    } catch (error) {
      // A document nested deeper than the stack allows is no document of any schema here.
      if (error instanceof RangeError) return { ok: false, problems: [{ path: '', message: 'is nested too deeply' }] };
      throw error;
    }
    if (validate(copy)) return { ok: true, value: copy };
    const seen = new Set<string>();
    const problems: SchemaProblem[] = [];
    for (const error of validate.errors ?? []) {
      const problem = describe(error);
      const key = `${problem.path} ${problem.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(problem);
      }
    }
    return { ok: false, problems };
  };
}

/** Validates or throws one coded error listing every problem. */
export function validateOrThrow<T extends TSchema>(
  validator: SchemaValidator<T>,
  value: unknown,
  code: ErrorCode,
  what: string,
): Static<T> {
  const result = validator(value);
  if (result.ok) return result.value;
  const lines = result.problems.map((p) => `  ${p.path || '/'}: ${p.message}`).join('\n');
  throw new RollgateError(code, `${what} is invalid:\n${lines}`, {
    diagnostics: { problems: result.problems.length, first_path: result.problems[0]?.path ?? '' },
  });
}

/** Parses JSON text into a value, with the position of a syntax error in the message. */
export function parseJsonText(text: string, code: ErrorCode, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RollgateError(code, `${what} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
