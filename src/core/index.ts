// rollgate/core: canonical CBOR, hashes, Ed25519 keys and trust, errors, trace, replay token.
// Pure functions of their arguments; the one exception is digestFile, which reads a file.
export { F64, decodeCanonical, encodeCanonical, f64, isF64, type CborValue } from './cbor.js';
export {
  assertBytes,
  concatBytes,
  equalBytes,
  fromBase64,
  fromHex,
  fromUtf8,
  isBytes,
  toBase64,
  toHex,
  utf8,
} from './bytes.js';
export {
  DIGEST_LENGTH,
  digestFile,
  digestStream,
  formatDigest,
  isDigestText,
  objectDigest,
  parseDigest,
  sha256,
  taggedHash,
} from './digest.js';
export { HASH_TAGS, type HashTag } from './hash-tags.js';
export {
  PRIVATE_KEY_LENGTH,
  PUBLIC_KEY_LENGTH,
  SIGNATURE_LENGTH,
  generateKeyPair,
  keyIdOf,
  privateKeyFromPem,
  privateKeyToPem,
  publicKeyFromPem,
  publicKeyOf,
  publicKeyToPem,
  signBytes,
  signPayload,
  verifyBytes,
  verifyPayload,
  type KeyPair,
} from './ed25519.js';
export {
  KEY_ROLES,
  REVOCATION_BUNDLE_VERSION,
  ROTATION_VERSION,
  TRUST_STORE_VERSION,
  assertPinned,
  parseRevocationBundle,
  parseTrustStore,
  type KeyRole,
  type Revocation,
  type RevocationBundle,
  type RotationRecord,
  type SignatureEntry,
  type TrustStore,
  type TrustedKey,
} from './trust-store.js';
export { rotationPayload, signRotation } from './key-rotation.js';
export {
  assertSignaturesPass,
  checkSignatures,
  rotationProblem,
  type PayloadKind,
  type SignatureCheckInput,
  type SignatureFinding,
  type SignatureReport,
} from './signature-check.js';
export {
  ERROR_CODES,
  isErrorCode,
  type ErrorCode,
  type ErrorCodeSpec,
  type Fault,
  type Severity,
} from './error-codes.js';
export {
  RollgateError,
  compareText,
  errorRecord,
  isRollgateError,
  recordFromError,
  sortErrorRecords,
  type Diagnostics,
  type ErrorRecord,
  type RecordContext,
} from './errors.js';
export {
  assertTraceTail,
  traceHead,
  traceNext,
  traceNextDigest,
  traceTail,
  type TraceRecord,
  type TraceRecordType,
} from './trace.js';
export { replayToken, type ReplayTokenInputs } from './replay-token.js';
export { SECONDS_PER_DAY, formatUtc, parseUtc } from './utc-time.js';
export { stableJson, toJsonView, type JsonValue } from './json-view.js';
export { schemaValidator, validateOrThrow, type SchemaProblem, type SchemaValidator } from './schema.js';
export { compareEvidence, lineageRoot, sortEvidence, type EvidenceEntry } from './lineage.js';
export {
  DETERMINISM_PROFILE,
  determinismProfileHash,
  operatorContractsRoot,
  type OperatorContract,
} from './run-identity.js';
