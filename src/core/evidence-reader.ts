// Readers of stored evidence (STYLE: whoever writes a kind of evidence owns its reader). A
// kind's one schema is TypeBox over the value canonical CBOR decodes to: byte strings are
// Uint8Array, typed floats F64, integers numbers. Its one decode returns the typed value or
// EVIDENCE_INVALID naming the evidence type, id and digest and every problem with its path.
// Readers only read: nothing is re-encoded, so every stored byte and hash stays as it was.
import { Kind, Type, TypeRegistry, type Static, type TSchema, type TUnion, type TLiteral } from '@sinclair/typebox';
import { Errors } from '@sinclair/typebox/errors';
import { Check } from '@sinclair/typebox/value';
import { decodeCanonical, isF64, type F64 } from './cbor.js';
import { formatDigest, sha256 } from './digest.js';
import { isErrorCode, type ErrorCode } from './error-codes.js';
import { RollgateError } from './errors.js';

const F64_KIND = 'rollgate.F64';
const ERROR_CODE_KIND = 'rollgate.ErrorCode';
if (!TypeRegistry.Has(F64_KIND)) TypeRegistry.Set(F64_KIND, (_schema, v) => isF64(v) && Number.isFinite(v.value));
if (!TypeRegistry.Has(ERROR_CODE_KIND))
  TypeRegistry.Set(ERROR_CODE_KIND, (_schema, v) => typeof v === 'string' && isErrorCode(v));

/** A float field (DESIGN 4.1): binary64 on the wire, an F64 holding a finite number here. */
export const Float64 = Type.Unsafe<F64>({ [Kind]: F64_KIND });
/** A SHA-256 digest inside a hashed object: the raw 32 bytes (DESIGN 4.2). */
export const Digest32 = Type.Uint8Array({ minByteLength: 32, maxByteLength: 32 });
/** A count or index: an integer CBOR encodes as one (0 to 2^53 - 1). */
export const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
/** A code of the registry (core/error-codes.ts). */
export const ErrorCodeSchema = Type.Unsafe<ErrorCode>({ [Kind]: ERROR_CODE_KIND });

/** One of the given texts. */
export function OneOf<const T extends string>(values: readonly T[]): TUnion<TLiteral<T>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)));
}

/** A map with exactly these fields: a stored object has no field its writer did not write. */
export const Exact = <P extends Parameters<typeof Type.Object>[0]>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });

/** What names the evidence being read: its entry in a step head, or where the bytes came from. */
export interface EvidenceRef {
  /** The entry's type, when read through one: it must be the reader's. */
  readonly object_type?: string;
  readonly object_id: string;
  /** The stored object's digest; default the SHA-256 of the bytes read. */
  readonly digest?: Uint8Array;
}

export type Decoded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RollgateError };

export interface EvidenceReader<T> {
  readonly object_type: string;
  /** The typed value of stored bytes, or the coded error saying what is wrong. */
  decode(bytes: Uint8Array, ref: EvidenceRef): Decoded<T>;
  /** decode, throwing the coded error. */
  read(bytes: Uint8Array, ref: EvidenceRef): T;
  /** The same checks on a value already decoded (from the bytes whose digest `ref` names). */
  check(value: unknown, ref: EvidenceRef): Decoded<T>;
}

const MAX_LISTED = 20;

export interface Problem {
  /** JSON Pointer of the offending field, "" for the object itself. */
  readonly path: string;
  readonly message: string;
}

function invalidEvidence(
  code: ErrorCode,
  object_type: string,
  ref: EvidenceRef,
  digest: Uint8Array | undefined,
  problems: readonly Problem[],
  cause?: unknown,
): RollgateError {
  const name = `${object_type} ${JSON.stringify(ref.object_id)}${digest ? ` (${formatDigest(digest)})` : ''}`;
  const lines = problems.slice(0, MAX_LISTED).map((p) => `  ${p.path || '/'}: ${p.message}`);
  if (problems.length > MAX_LISTED) lines.push('  … and more');
  return new RollgateError(code, `${name} is not a valid ${object_type}:\n${lines.join('\n')}`, {
    diagnostics: {
      object_type,
      object_id: ref.object_id,
      digest: digest ? formatDigest(digest) : '',
      problems: problems.length,
      first_path: problems[0]?.path ?? '',
    },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * The reader of one kind: `schema` says its shape; `refine`, when given, lists what the shape
 * cannot say (a rule across fields), each problem as a path and a message.
 */
export function evidenceReader<S extends TSchema>(
  object_type: string,
  schema: S,
  options: {
    readonly refine?: (value: Static<S>) => readonly Problem[];
    /** A kind with a code of its own (a checkpoint, a certificate); default EVIDENCE_INVALID. */
    readonly code?: ErrorCode;
  } = {},
): EvidenceReader<Static<S>> {
  const code = options.code ?? 'EVIDENCE_INVALID';
  const invalid = (ref: EvidenceRef, digest: Uint8Array | undefined, problems: readonly Problem[], cause?: unknown) =>
    invalidEvidence(code, object_type, ref, digest, problems, cause);
  const check = (value: unknown, ref: EvidenceRef, digest: Uint8Array | undefined): Decoded<Static<S>> => {
    if (ref.object_type !== undefined && ref.object_type !== object_type) {
      const message = `the entry names a ${ref.object_type}, read as a ${object_type}`;
      return { ok: false, error: invalid(ref, digest, [{ path: '', message }]) };
    }
    if (!Check(schema, value)) {
      const problems: Problem[] = [];
      for (const error of Errors(schema, value)) {
        problems.push({ path: error.path, message: error.message });
        if (problems.length > MAX_LISTED) break;
      }
      return { ok: false, error: invalid(ref, digest, problems) };
    }
    const problems = options.refine?.(value) ?? [];
    if (problems.length > 0) return { ok: false, error: invalid(ref, digest, problems) };
    return { ok: true, value };
  };
  const decode = (bytes: Uint8Array, ref: EvidenceRef): Decoded<Static<S>> => {
    const digest = ref.digest ?? sha256(bytes);
    let value: unknown;
    try {
      value = decodeCanonical(bytes);
    } catch (error) {
      if (!(error instanceof RollgateError)) throw error;
      const problem = { path: '', message: `not canonical CBOR (${error.code}: ${error.message})` };
      return { ok: false, error: invalid(ref, digest, [problem], error) };
    }
    return check(value, ref, digest);
  };
  return {
    object_type,
    decode,
    read(bytes, ref) {
      const result = decode(bytes, ref);
      if (!result.ok) throw result.error;
      return result.value;
    },
    check: (value, ref) => check(value, ref, ref.digest),
  };
}
