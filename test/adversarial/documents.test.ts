// Hostile encoded documents: canonical CBOR (bombs, indefinite lengths, deep nesting,
// non-shortest forms, tags, NaN), the config, trust stores, revocation bundles, release
// documents, certificates, metrics JSON, fixtures and state.json. Each ends in its own coded
// error (or a sane result) quickly.
import { describe, expect, it } from 'vitest';
import { decodeCanonical, encodeCanonical } from '../../src/core/cbor.js';
import { fromHex, toHex, utf8 } from '../../src/core/bytes.js';
import { generateKeyPair, keyIdOf } from '../../src/core/index.js';
import { parseRevocationBundle, parseTrustStore } from '../../src/core/trust-store.js';
import { parseConfig } from '../../src/config/load-config.js';
import { freezeValues } from '../../src/deploy/metrics-snapshot.js';
import {
  BOUND_HASH_FIELDS,
  CERTIFICATE_VERSION,
  decodeCertificate,
  encodeCertificate,
  issueCertificate,
  type SignedPayload,
} from '../../src/promote/execution-certificate.js';
import { parseMetricsJson } from '../../src/providers/metrics/metrics-json.js';
import { parseReleaseDocument, serializeReleaseDocument } from '../../src/release/release-document.js';
import { releaseHash } from '../../src/release/manifest.js';
import { parseFixture } from '../../src/runtime/fixture.js';
import { parseState } from '../../src/store/state-document.js';
import { manifest, sign } from '../release/fixtures.js';
import { TEN_MB, cutPoints, nested, refused, settle } from './harness.js';

const CBOR_CODES = ['CBOR_DECODE_INVALID', 'CBOR_NONCANONICAL'] as const;

describe('canonical CBOR: refused quickly with a coded error', () => {
  it.each([
    // CBOR bombs: headers declaring far more than the input holds.
    ['byte string of 2^63 bytes', '5b8000000000000000'],
    ['byte string of 2^64-1 bytes', '5bffffffffffffffff'],
    ['byte string of 2^32 bytes', '5b0000000100000000'],
    ['byte string of 4 GB - 1 (u32)', '5affffffff'],
    ['text of 2^63 bytes', '7b8000000000000000'],
    ['text of 2^32 - 1 bytes', '7affffffff00'],
    ['array of 2^63 items', '9b8000000000000000'],
    ['array of 2^32 - 1 items', '9affffffff'],
    ['map of 2^63 pairs', 'bb8000000000000000'],
    ['map of 2^32 - 1 pairs', 'baffffffff'],
    ['nested bombs', '815bffffffffffffffff'],
    ['a bomb as a map value', 'a161615b7fffffffffffffff'],
    // Indefinite lengths.
    ['indefinite byte string', '5f42010243030405ff'],
    ['indefinite text', '7f657374726561646d696e67ff'],
    ['indefinite array', '9f010203ff'],
    ['indefinite map', 'bf6161016162f5ff'],
    ['indefinite, never closed', '9f'.repeat(1000)],
    ['break without a start', 'ff'],
    // Non-shortest integers and lengths.
    ['0 in one extra byte', '1800'],
    ['23 in one extra byte', '1817'],
    ['24 in two bytes', '190018'],
    ['255 in four bytes', '1a000000ff'],
    ['65535 in eight bytes', '1b000000000000ffff'],
    ['-1 in one extra byte', '3800'],
    ['-24 in two bytes', '390017'],
    ['length 1 text in one extra byte', '780161'],
    ['length 0 bytes in two extra bytes', '590000'],
    ['array length in one extra byte', '980100'],
    ['map length in eight bytes', 'bb0000000000000001616101'],
    // Tags, bignums, simple values, undefined, reserved additional info.
    ['tag 0 (date text)', 'c074323031332d30332d32315432303a30343a30305a'],
    ['tag 1 (epoch)', 'c11a514b67b0'],
    ['tag 2 (bignum)', 'c249010000000000000000'],
    ['tag 3 (negative bignum)', 'c349010000000000000000'],
    ['tag 24 (embedded CBOR)', 'd818456449455446'],
    ['tag 55799 (self-describe)', 'd9d9f701'],
    ['a tag of 2^64-1', 'dbffffffffffffffff01'],
    ['1000 nested tags', 'c6'.repeat(1000) + '01'],
    ['undefined', 'f7'],
    ['simple value 16', 'f0'],
    ['simple value 255', 'f8ff'],
    ['reserved additional info 28', '1c'],
    ['reserved additional info 30 in a length', '5e'],
    // Floats: NaN, infinities, and floats that are not binary64.
    ['half NaN', 'f97e00'],
    ['single NaN', 'fa7fc00000'],
    ['double NaN', 'fb7ff8000000000000'],
    ['double NaN with payload', 'fb7ff0000000000001'],
    ['double +Infinity', 'fb7ff0000000000000'],
    ['double -Infinity', 'fbfff0000000000000'],
    ['half 1.0', 'f93c00'],
    ['single 100000.0', 'fa47c35000'],
    ['a NaN inside a map', 'a16161fb7ff8000000000000'],
    // Maps: unsorted, duplicate and non-text keys.
    ['unsorted keys', 'a2616201616101'],
    ['duplicate keys', 'a2616101616101'],
    ['an integer key', 'a10101'],
    ['a byte-string key', 'a1410101'],
    ['an array key', 'a1800101'],
    ['a map key', 'a1a00101'],
    ['longer key first', 'a262616101616201'],
    // Structure: truncation, trailing bytes, empty input, invalid UTF-8.
    ['empty input', ''],
    ['trailing byte', '0101'],
    ['two items', '8001'],
    ['truncated u64', '1b0000'],
    ['truncated text', '6461'],
    ['array missing items', '83010203'.slice(0, 6)],
    ['invalid UTF-8 (lone continuation)', '6180'],
    ['invalid UTF-8 (encoded surrogate)', '63eda080'],
    ['invalid UTF-8 (overlong)', '62c0af'],
    ['invalid UTF-8 (above U+10FFFF)', '64f4908080'],
  ])('%s', async (_what, hex) => {
    await refused(() => decodeCanonical(fromHex(hex)), CBOR_CODES);
  });

  it.each([
    ['arrays', 0x81, 100_000],
    ['arrays, past the 256 limit by one', 0x81, 257],
    ['maps', -1, 100_000],
    ['tags', 0xc6, 100_000],
    ['indefinite arrays', 0x9f, 100_000],
  ])('deep nesting of %s (depth %i)', async (_what, opener, depth) => {
    let bytes: Uint8Array;
    if (opener === -1) {
      // {"a": {"a": … 0}}: a1 61 61 repeated.
      bytes = new Uint8Array(depth * 3 + 1);
      for (let i = 0; i < depth; i++) bytes.set([0xa1, 0x61, 0x61], i * 3);
    } else {
      bytes = new Uint8Array(depth + 1).fill(opener);
      bytes[depth] = 0;
    }
    await refused(() => decodeCanonical(bytes), CBOR_CODES);
  });

  it.each([
    ['a byte string of 10 MB declared shorter than it is', () => [0x5a, 0x00, 0xa0, 0x00, 0x00]],
    [
      'a text of 10 MB cut by one byte',
      () => [0x7a, 0x00, 0xa0, 0x00, 0x00, ...new Array<number>(TEN_MB - 1).fill(0x61)],
    ],
    [
      'an array of 1,000,000 items declared, 10 present',
      () => [0x9a, 0x00, 0x0f, 0x42, 0x40, ...new Array<number>(10).fill(0)],
    ],
  ])('%s', async (_what, build) => {
    await refused(() => decodeCanonical(Uint8Array.from(build())), CBOR_CODES);
  });

  it('accepts the canonical form of what it refuses above (controls)', async () => {
    for (const value of [0, 23, 24, -24, 'a', [1, 2, 3], { a: 1, b: 2 }, new Uint8Array(0)]) {
      const outcome = await settle(() => decodeCanonical(encodeCanonical(value)));
      expect(outcome.ok).toBe(true);
    }
  });
});

describe('config (parseConfig)', () => {
  it.each([
    ['a list', '- a\n- b\n'],
    ['a scalar', 'just text\n'],
    ['a number', '42\n'],
    ['cohorts as text', 'rollout:\n  cohorts: "1,5,100"\n'],
    ['a negative dwell', 'rollout:\n  dwell_seconds: -1\n'],
    ['a dwell of 1e400', 'rollout:\n  dwell_seconds: 1e400\n'],
    ['a .nan gate', 'gates:\n  error_rate_max: .nan\n'],
    ['an .inf gate', 'gates:\n  error_rate_max: .inf\n'],
    ['a gate as text', 'gates:\n  error_rate_max: "0.01"\n'],
    ['duplicate top-level keys', 'rollout: {}\nrollout: {}\n'],
    ['duplicate nested keys', 'gates:\n  error_rate_max: 0.1\n  error_rate_max: 0.2\n'],
    ['an unknown key', 'rollut:\n  cohorts: [1]\n'],
    ['a __proto__ key', '__proto__:\n  polluted: true\n'],
    ['a constructor key', 'constructor:\n  prototype:\n    polluted: true\n'],
    ['a tab indent', 'rollout:\n\tcohorts: [1]\n'],
    ['an unclosed flow', 'rollout: {cohorts: [1, 5\n'],
    ['an unknown tag', 'rollout: !!js/function "x"\n'],
    ['a custom tag', 'rollout: !evil {}\n'],
    ['a merge key', 'base: &b {dwell_seconds: 1}\nrollout:\n  <<: *b\n'],
    ['two documents', 'rollout: {}\n---\nrollout: {}\n'],
    ['a BOM then junk', '\ufeff:::\n'],
    ['a workflow command as the environment', 'environments: ["::error::pwned"]\n'],
    ['HTML as the environment', 'environments: ["<img src=x onerror=alert(1)>"]\n'],
    ['a lone surrogate', 'environments: ["\ud800"]\n'],
    ['U+FFFD', 'environments: ["\ufffd"]\n'],
    ['a 10 MB key', () => `${'k'.repeat(TEN_MB)}: 1\n`],
    ['a 10 MB comment', () => `# ${'c'.repeat(TEN_MB)}\n`],
    ['a 10 MB environment name', () => `environments: ["${'e'.repeat(TEN_MB)}"]\n`],
    ['2,000 nested block maps', () => Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
    ['50,000 cohorts', () => `rollout:\n  cohorts: [${Array.from({ length: 50_000 }, (_, i) => i % 100).join(',')}]\n`],
  ] as const)('%s', async (_what, text) => {
    const source = typeof text === 'function' ? text() : text;
    const outcome = await settle(() => parseConfig(source, 'rollgate.yml'), ['CONFIG_INVALID']);
    if (outcome.ok) {
      // Only an acceptable config is accepted: nothing leaked onto Object.prototype.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(outcome.value.gates.error_rate_max).toSatisfy(Number.isFinite);
    }
  });

  const VALID_CONFIG = [
    'environments: [dev, staging, production]',
    'rollout:',
    '  cohorts: [1, 5, 25, 100]',
    '  dwell_seconds: 60',
    'gates:',
    '  error_rate_max: 0.01',
    'metrics:',
    '  source: command',
    '  command: ./metrics.sh',
    '',
  ].join('\n');
  it.each(cutPoints(VALID_CONFIG.length, 20))('a valid config cut at %i', async (at) => {
    await settle(() => parseConfig(VALID_CONFIG.slice(0, at), 'rollgate.yml'), ['CONFIG_INVALID']);
  });
});

const keyPair = generateKeyPair();
const TRUST_KEY = {
  key_id: keyIdOf(keyPair.publicKey),
  public_key: toHex(keyPair.publicKey),
  roles: ['release'],
  not_before: '2026-01-01T00:00:00Z',
  not_after: '2027-01-01T00:00:00Z',
};
const TRUST = { trust_store_version: 'rollgate.trust-store/v1', keys: [TRUST_KEY] };
const REVOCATIONS = {
  revocation_bundle_version: 'rollgate.revocation-bundle/v1',
  revocations: [{ key_id: TRUST_KEY.key_id, revoked_at: '2026-06-01T00:00:00Z', reason: 'lost' }],
};
const json = (v: unknown) => utf8(typeof v === 'string' ? v : JSON.stringify(v));

describe('trust stores (parseTrustStore)', () => {
  it.each([
    ['an array', []],
    ['null', 'null'],
    ['a number', '1e400'],
    ['another version', { ...TRUST, trust_store_version: 'rollgate.trust-store/v2' }],
    ['keys as a map', { ...TRUST, keys: { a: TRUST_KEY } }],
    ['a public key too short', { ...TRUST, keys: [{ ...TRUST_KEY, public_key: 'ab' }] }],
    ['a public key not hex', { ...TRUST, keys: [{ ...TRUST_KEY, public_key: 'zz'.repeat(32) }] }],
    ['a public key of 10 MB', () => ({ ...TRUST, keys: [{ ...TRUST_KEY, public_key: 'a'.repeat(TEN_MB) }] })],
    ['a role that does not exist', { ...TRUST, keys: [{ ...TRUST_KEY, roles: ['root'] }] }],
    ['roles as text', { ...TRUST, keys: [{ ...TRUST_KEY, roles: 'release' }] }],
    ['a local time', { ...TRUST, keys: [{ ...TRUST_KEY, not_before: '2026-01-01T00:00:00+01:00' }] }],
    ['February 30', { ...TRUST, keys: [{ ...TRUST_KEY, not_before: '2026-02-30T00:00:00Z' }] }],
    ['hour 24', { ...TRUST, keys: [{ ...TRUST_KEY, not_after: '2026-01-01T24:00:00Z' }] }],
    ['year 99999', { ...TRUST, keys: [{ ...TRUST_KEY, not_after: '99999-01-01T00:00:00Z' }] }],
    ['a threshold of 0', { ...TRUST, thresholds: { release: 0 } }],
    [
      'a threshold of 1e400',
      '{"trust_store_version":"rollgate.trust-store/v1","keys":[],"thresholds":{"release":1e400}}',
    ],
    ['a threshold of 1.5', { ...TRUST, thresholds: { release: 1.5 } }],
    ['a rotation_max_age_days of NaN text', { ...TRUST, keys: [{ ...TRUST_KEY, rotation_max_age_days: 'NaN' }] }],
    ['1,001 keys', () => ({ ...TRUST, keys: new Array<typeof TRUST_KEY>(1001).fill(TRUST_KEY) })],
    ['a __proto__ field', '{"trust_store_version":"rollgate.trust-store/v1","keys":[],"__proto__":{"x":1}}'],
    ['a duplicate field, the last one wrong', '{"trust_store_version":"rollgate.trust-store/v1","keys":[],"keys":5}'],
    // 3,000, not 100k: from about 10k levels schemaValidator's structuredClone overflows the
    // stack and a RangeError escapes (reported).
    ['3,000 nested arrays', () => nested('[', ']', 3_000)],
    [
      '3,000 nested arrays as keys',
      () => `{"trust_store_version":"rollgate.trust-store/v1","keys":${nested('[', ']', 3_000)}}`,
    ],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['truncated', JSON.stringify(TRUST).slice(0, 40)],
  ] as const)('refuses %s with TRUST_STORE_INVALID', async (_what, doc) => {
    const value = typeof doc === 'function' ? doc() : doc;
    const bytes = Buffer.isBuffer(value) ? new Uint8Array(value) : json(value);
    await refused(() => parseTrustStore(bytes, 'trust.json'), ['TRUST_STORE_INVALID', 'TIME_FORMAT_INVALID']);
  });
});

describe('revocation bundles (parseRevocationBundle)', () => {
  it.each([
    ['an array', []],
    ['another version', { ...REVOCATIONS, revocation_bundle_version: 'x' }],
    ['revocations as a map', { ...REVOCATIONS, revocations: { a: 1 } }],
    [
      'a revocation without key_id',
      { ...REVOCATIONS, revocations: [{ revoked_at: '2026-06-01T00:00:00Z', reason: 'x' }] },
    ],
    [
      'a revoked_at of text',
      { ...REVOCATIONS, revocations: [{ ...REVOCATIONS.revocations[0], revoked_at: 'yesterday' }] },
    ],
    ['a revoked_at of 1e400', { ...REVOCATIONS, revocations: [{ ...REVOCATIONS.revocations[0], revoked_at: 1 }] }],
    [
      'a reason of 3,000 nested arrays',
      () =>
        `{"revocation_bundle_version":"rollgate.revocation-bundle/v1","revocations":[{"reason":${nested('[', ']', 3_000)}}]}`,
    ],
    ['an unknown field', { ...REVOCATIONS, extra: true }],
    ['invalid UTF-8', Buffer.from([0x5b, 0xc3, 0x28, 0x5d])],
    ['truncated', JSON.stringify(REVOCATIONS).slice(0, 60)],
  ] as const)('refuses %s', async (_what, doc) => {
    const value = typeof doc === 'function' ? doc() : doc;
    const bytes = Buffer.isBuffer(value) ? new Uint8Array(value) : json(value);
    await refused(
      () => parseRevocationBundle(bytes, 'revoked.json'),
      ['REVOCATION_BUNDLE_INVALID', 'TIME_FORMAT_INVALID'],
    );
  });

  it('a key revoked twice stays revoked from the earlier instant (a sane verdict, not a refusal)', async () => {
    const twice = {
      ...REVOCATIONS,
      revocations: [REVOCATIONS.revocations[0], { ...REVOCATIONS.revocations[0], revoked_at: '2026-03-01T00:00:00Z' }],
    };
    const outcome = await settle(() => parseRevocationBundle(json(twice), 'revoked.json'));
    expect(outcome.ok && outcome.value.revocations.size).toBe(1);
  });
});

describe('release documents (parseReleaseDocument)', () => {
  const m = manifest();
  const valid = serializeReleaseDocument({ manifest: m, release_hash: releaseHash(m), signatures: [sign(m)] });
  const doc = JSON.parse(valid) as { manifest: Record<string, unknown>; release_hash: string; signatures: unknown[] };
  const edit = (f: (d: typeof doc) => void) => {
    const copy = JSON.parse(valid) as typeof doc;
    f(copy);
    return JSON.stringify(copy);
  };
  const RELEASE_CODES = ['RELEASE_INVALID', 'RELEASE_HASH_MISMATCH', 'DIGEST_FORMAT_INVALID'] as const;

  it('parses the valid literal', async () => {
    expect((await settle(() => parseReleaseDocument(valid, 'release.json'))).ok).toBe(true);
  });
  it.each([
    ['an array', '[]'],
    ['1e400', '1e400'],
    ['release_hash uppercase', edit((d) => (d.release_hash = d.release_hash.toUpperCase()))],
    ['release_hash of another manifest', edit((d) => (d.manifest.release_id = 'other'))],
    ['release_hash as bytes', edit((d) => ((d as Record<string, unknown>).release_hash = [1, 2, 3]))],
    ['artifacts as a map', edit((d) => (d.manifest.artifacts = { a: 1 }))],
    [
      'an artifact listed twice',
      edit(
        (d) =>
          (d.manifest.artifacts = [...(d.manifest.artifacts as unknown[]), ...(d.manifest.artifacts as unknown[])]),
      ),
    ],
    ['a size of 1e400', valid.replace(/"size":\s*\d+/, '"size": 1e400')],
    ['a negative size', valid.replace(/"size":\s*\d+/, '"size": -1')],
    ['a size as text', valid.replace(/"size":\s*(\d+)/, '"size": "$1"')],
    ['a short sha256', valid.replace(/"sha256":\s*"sha256:[0-9a-f]{64}"/, '"sha256": "sha256:abc"')],
    ['a signature not hex', edit((d) => (d.signatures = [{ key_id: 'ed25519:' + '0'.repeat(32), signature: 'zz' }]))],
    ['signatures as text', edit((d) => ((d as Record<string, unknown>).signatures = 'sig'))],
    ['an unknown field', edit((d) => ((d as Record<string, unknown>).extra = 1))],
    ['the manifest version changed', edit((d) => (d.manifest.manifest_version = 'rollgate.release/v2'))],
    ['a workflow command as the release id', edit((d) => (d.manifest.release_id = '::error::pwned'))],
    ['HTML as an artifact name', valid.replace(/"name":\s*"[^"]*"/, '"name": "<img src=x onerror=alert(1)>"')],
    ['3,000 nested arrays', nested('[', ']', 3_000)],
    ['a 10 MB release id', edit((d) => (d.manifest.release_id = 'r'.repeat(TEN_MB)))],
    // JSON.parse keeps the last of duplicate keys: a wrong last one is refused.
    [
      'a duplicate release_hash key, the last one wrong',
      valid.trimEnd().replace(/\}$/, `,"release_hash":"sha256:${'0'.repeat(64)}"}`),
    ],
    ...cutPoints(valid.trimEnd().length - 1, 10).map((at) => [`cut at ${at}`, valid.slice(0, at)] as [string, string]),
  ])('refuses %s', async (_what, text) => {
    await refused(() => parseReleaseDocument(text, 'release.json'), RELEASE_CODES);
  });
});

describe('execution certificates (decodeCertificate)', () => {
  const payload = {
    certificate_version: CERTIFICATE_VERSION,
    tenant_id: 'octo/app',
    run_id: '1',
    environment: 'production',
    signature_algorithm: 'ed25519',
    verification_time_utc: '2026-01-01T00:00:00Z',
    valid_until_utc: '2026-01-02T00:00:00Z',
    checkpoint_schema: 'db-v1',
    ...Object.fromEntries(BOUND_HASH_FIELDS.map((f) => [f, new Uint8Array(32).fill(1)])),
  } as SignedPayload;
  const cert = issueCertificate(payload, keyPair.privateKey);
  const bytes = encodeCertificate(cert);
  const variant = (over: Record<string, unknown>, inner: Record<string, unknown> = {}) =>
    encodeCanonical({ ...cert, signed_payload: { ...cert.signed_payload, ...inner }, ...over });

  it('decodes the valid literal', async () => {
    expect((await settle(() => decodeCertificate(bytes, 'cert.cbor'))).ok).toBe(true);
  });
  it.each([
    ['empty', new Uint8Array(0)],
    ['an array', encodeCanonical([cert.key_id])],
    ['a CBOR bomb', fromHex('5b8000000000000000')],
    ['a trailing byte', Uint8Array.from([...bytes, 0])],
    ['a 63-byte signature', variant({ signature: new Uint8Array(63) })],
    ['a text signature', variant({ signature: 'sig' })],
    ['an extra field', variant({ extra: 1 })],
    [
      'a payload field missing',
      encodeCanonical({
        ...cert,
        signed_payload: Object.fromEntries(Object.entries(cert.signed_payload).filter(([k]) => k !== 'run_id')),
      }),
    ],
    ['a 31-byte hash', variant({}, { release_hash: new Uint8Array(31) })],
    ['a hash as text', variant({}, { trace_root_hash: 'sha256:00' })],
    ['another version', variant({}, { certificate_version: 'rollgate.execution-certificate/v2' })],
    ['another algorithm', variant({}, { signature_algorithm: 'rsa' })],
    ['a number as run_id', variant({}, { run_id: 1 })],
    ['a number as checkpoint_schema', variant({}, { checkpoint_schema: 1 })],
    ['a payload as an array', variant({ signed_payload: [1] })],
    ['an extra payload field', variant({}, { extra: 'x' })],
    ...cutPoints(bytes.length, 12).map((at) => [`cut at ${at}`, bytes.slice(0, at)] as [string, Uint8Array]),
    // Flips in the headers (a flip inside a hash or the signature still decodes: decoding is not verifying).
    ...[0, 1, 2].map(
      (at) =>
        [`byte ${at} flipped`, Uint8Array.from(bytes, (b, i) => (i === at ? b ^ 0x20 : b))] as [string, Uint8Array],
    ),
  ])('refuses %s with CERTIFICATE_INVALID', async (_what, input) => {
    await refused(() => decodeCertificate(input, 'cert.cbor'), ['CERTIFICATE_INVALID']);
  });
});

describe('metrics JSON (parseMetricsJson, then freezing)', () => {
  it.each([
    ['not JSON', 'NaN'],
    ['a bare Infinity', '{"requests": Infinity}'],
    ['an array', '[1, 2]'],
    ['null', 'null'],
    ['an unknown metric', '{"p95_canary": 10}'],
    ['a __proto__ key', '{"__proto__": {"requests": 1}}'],
    ['a constructor key', '{"constructor": 1}'],
    ['a nested object', '{"requests": {"value": 1}}'],
    ['a boolean', '{"errors": true}'],
    ['a huge array', () => `{"requests": [${new Array<string>(1_000_000).fill('1').join(',')}]}`],
    // 3,000, not 100k: from about 10k levels the refusal's own message (JSON.stringify of the
    // value) overflows the stack and a RangeError escapes (reported).
    ['3,000 nested arrays', () => `{"requests": ${nested('[', ']', 3_000)}}`],
    ['100k nested objects', () => nested('{"a":', '}', 100_000, '1')],
    ['a 10 MB unknown key', () => `{"${'k'.repeat(TEN_MB)}": 1}`],
    ['truncated', '{"requests": 10, "err'],
    // Strict documents: nothing two readers could read two ways, no value below zero.
    ['a duplicate key', '{"errors": 180, "errors": 0}'],
    ['-1e400', '{"p95_baseline_ms": -1e400}'],
    ['"-Infinity" as text', '{"requests": "-Infinity"}'],
    ['a negative count', '{"errors": -1}'],
    ['a negative duration', '{"p95_canary_ms": -5000}'],
    ['"nan" lowercase', '{"errors": "nan"}'],
    ['a blank string', '{"errors": "  "}'],
    ['hex text', '{"errors": "0x10"}'],
    ['binary text', '{"errors": "0b0"}'],
    ['octal text', '{"errors": "0o264"}'],
    ['a workflow command', '{"errors": "::error::pwned"}'],
    ['HTML', '{"errors": "<img src=x onerror=alert(1)>"}'],
  ] as const)('refuses %s with METRICS_INVALID', async (_what, text) => {
    await refused(
      () => parseMetricsJson(typeof text === 'function' ? text() : text, 'metrics.json'),
      ['METRICS_INVALID'],
    );
  });

  it.each([
    ['1e400 (overflow)', '{"p95_canary_ms": 1e400}', 'p95_canary_ms', 'Infinity'],
    ['"NaN" as text', '{"p95_canary_ms": "NaN"}', 'p95_canary_ms', 'NaN'],
    ['"Infinity" as text', '{"errors": "Infinity"}', 'errors', 'Infinity'],
    ['1e-400 (underflow)', '{"requests": 1e-400}', 'requests', 0],
    ['a fractional count', '{"requests": 1.5}', 'requests', null],
    ['a count past 2^53', '{"requests": 9007199254740993}', 'requests', null],
    ['a 10 MB numeric string', () => `{"errors": "${'9'.repeat(TEN_MB)}"}`, 'errors', 'Infinity'],
    ['decimal text', '{"errors": "12"}', 'errors', 12],
    ['a null', '{"errors": null}', 'errors', null],
  ] as const)('freezes %s to a typed value, never a guess', async (_what, text, name, frozen) => {
    const outcome = await settle(() =>
      freezeValues(parseMetricsJson(typeof text === 'function' ? text() : text, 'metrics.json')),
    );
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.value[name]).toEqual(frozen);
  });
});

describe('fixtures (parseFixture)', () => {
  const CASE = {
    case_id: 'c1',
    deploy_target: 'container',
    runtime_profile: 'native',
    blueprint_id: 'bp',
    environment: 'staging',
    region: 'r1',
    container_image: 'img:1',
    expected: { outcome: 'success', status_code: 202, response_body: {} },
  };
  const doc = (cases: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ schema_version: 1, name: 'n', cases, ...extra });
  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['schema_version "1"', JSON.stringify({ schema_version: '1', name: 'n', cases: [CASE] })],
    ['schema_version 1e400', '{"schema_version": 1e400, "name": "n", "cases": []}'],
    ['cases as a map', doc({ a: CASE })],
    ['no cases', doc([])],
    ['replicas NaN-like 1e400', doc([CASE]).replace('"region":"r1"', '"region":"r1","replicas":1e400')],
    ['replicas 65536', doc([{ ...CASE, replicas: 65_536 }])],
    ['replicas 1.5', doc([{ ...CASE, replicas: 1.5 }])],
    ['status_code 1e400', doc([CASE]).replace('"status_code":202', '"status_code":1e400')],
    ['status_code "202"', doc([{ ...CASE, expected: { ...CASE.expected, status_code: '202' } }])],
    ['response_body an array', doc([{ ...CASE, expected: { ...CASE.expected, response_body: [] } }])],
    ['a case that is null', doc([null])],
    ['a duplicate case id after trimming', doc([CASE, { ...CASE, case_id: ' c1 ' }])],
    ['a blank case id of 10 MB', () => doc([{ ...CASE, case_id: ' '.repeat(TEN_MB) }])],
    ['100k nested arrays', () => nested('[', ']', 100_000)],
    [
      '100k nested response bodies',
      () => doc([CASE]).replace('"response_body":{}', `"response_body":${nested('[', ']', 100_000)}`),
    ],
    ['a __proto__ case', doc([JSON.parse(`{"__proto__": ${JSON.stringify(CASE)}}`) as unknown])],
  ] as const)('refuses %s with FIXTURE_INVALID', async (_what, text) => {
    await refused(() => parseFixture(typeof text === 'function' ? text() : text, 'fixture.json'), ['FIXTURE_INVALID']);
  });

  it('keeps 50,000 cases in linear time', async () => {
    const cases = Array.from({ length: 50_000 }, (_, i) => ({ ...CASE, case_id: `c${i}` }));
    const outcome = await settle(() => parseFixture(doc(cases), 'fixture.json'));
    expect(outcome.ok && outcome.value.cases.length).toBe(50_000);
  });
});

describe('state.json (parseState)', () => {
  it.each([
    ['not JSON', '{"schema_version":1,'],
    ['an array', '[]'],
    ['a string', '"state"'],
    ['schema_version 2', '{"schema_version":2}'],
    ['schema_version 1e400', '{"schema_version":1e400}'],
    ['keys as text', '{"processed_case_keys":"a"}'],
    ['keys holding a number', '{"processed_case_keys":["a",1]}'],
    ['rollouts as a map', '{"rollouts":{}}'],
    ['a rollout that is null', '{"rollouts":[null]}'],
    ['health as an array', '{"health":[]}'],
    ['a health count of 1e400', '{"health":{"failure_streak":1e400}}'],
    ['a health count as text', '{"health":{"failure_streak":"3"}}'],
    ['a health count of 1.5', '{"health":{"failure_streak":1.5}}'],
    ['a health count past 2^53', '{"health":{"failure_streak":9007199254740993}}'],
    [
      '1,000,000 keys, one a number',
      () => `{"processed_case_keys":[${new Array<string>(999_999).fill('"k"').join(',')},1]}`,
    ],
    ['100k nested arrays', () => nested('[', ']', 100_000)],
    ['100k nested keys', () => `{"processed_case_keys":${nested('[', ']', 100_000)}}`],
    ['a 10 MB unterminated string', () => `{"x":"${'s'.repeat(TEN_MB)}`],
  ] as const)('refuses %s with STATE_FILE_INVALID', async (_what, text) => {
    await refused(() => parseState(typeof text === 'function' ? text() : text, 'state.json'), ['STATE_FILE_INVALID']);
  });

  it('keeps a __proto__ key as data, never as the prototype', async () => {
    const outcome = await settle(() => parseState('{"__proto__":{"polluted":true},"schema_version":1}', 'state.json'));
    expect(outcome.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (outcome.ok) expect(outcome.value).not.toHaveProperty('polluted');
  });
});
