// The one registry of error codes (DESIGN 4.5). Spec-family codes keep their numbers
// (CONTRACT_VIOLATION 1801, WAL_CORRUPTION 1502, REPLAY_DIVERGENCE 1901); ours live in
// ranges by subsystem: 20xx deploy, 21xx locks, 22xx signatures and keys, 23xx state
// store, 24xx encoding, 25xx inputs and files, 26xx trace.
// `fault: 'user'` means the input is wrong (exit 1, clear message); `fault: 'bug'` means
// rollgate is wrong (exit 2, stack in the debug log).

export type Severity = 'FATAL' | 'ERROR' | 'WARN';
export type Fault = 'user' | 'bug';

export interface ErrorCodeSpec {
  readonly numeric_code: number;
  readonly severity: Severity;
  readonly subsystem: string;
  readonly retryable: boolean;
  readonly fault: Fault;
  /** What the person who hits this should do. */
  readonly fix: string;
}

function spec(
  numeric_code: number,
  severity: Severity,
  subsystem: string,
  fault: Fault,
  fix: string,
  retryable = false,
): ErrorCodeSpec {
  return { numeric_code, severity, subsystem, retryable, fault, fix };
}

export const ERROR_CODES = {
  WAL_CORRUPTION: spec(
    1502,
    'FATAL',
    'store',
    'user',
    'restore the state directory from its artifact; run `rollgate verify` to see what is damaged',
  ),
  CONTRACT_VIOLATION: spec(1801, 'FATAL', 'core', 'bug', 'this is a rollgate bug: report it with the debug log'),
  REPLAY_DIVERGENCE: spec(
    1901,
    'FATAL',
    'core',
    'user',
    'the stored evidence no longer reproduces its verdict; inspect the replay report',
  ),

  CBOR_ENCODE_INVALID: spec(
    2401,
    'ERROR',
    'encoding',
    'bug',
    'only text-keyed maps, arrays, text, bytes, booleans, null, safe integers, BigInt and f64() floats can be encoded',
  ),
  CBOR_DECODE_INVALID: spec(
    2402,
    'ERROR',
    'encoding',
    'user',
    'the bytes are not well-formed canonical CBOR; re-create the object with rollgate',
  ),
  CBOR_NONCANONICAL: spec(
    2403,
    'ERROR',
    'encoding',
    'user',
    'the bytes are CBOR but not in canonical form; hashes over them would not be reproducible',
  ),
  DIGEST_FORMAT_INVALID: spec(2404, 'ERROR', 'encoding', 'user', 'write digests as sha256:<64 lowercase hex digits>'),
  TIME_FORMAT_INVALID: spec(2405, 'ERROR', 'encoding', 'user', 'write times in UTC as YYYY-MM-DDTHH:MM:SSZ'),

  INPUT_INVALID: spec(2501, 'ERROR', 'input', 'user', 'correct the input as the message says'),
  FILE_NOT_FOUND: spec(2502, 'ERROR', 'input', 'user', 'check the path; it is resolved from the current directory'),
  FILE_READ_FAILED: spec(
    2503,
    'ERROR',
    'input',
    'user',
    'check the file permissions and that the path is a regular file',
    true,
  ),
  FILE_WRITE_FAILED: spec(2504, 'ERROR', 'input', 'user', 'check that the directory exists and is writable', true),
  FILE_EXISTS: spec(
    2505,
    'ERROR',
    'input',
    'user',
    'choose another output path or remove the existing file deliberately',
  ),
  INTERNAL_ERROR: spec(2599, 'FATAL', 'core', 'bug', 'this is a rollgate bug: report it with the debug log'),

  LOCK_PARSE_FAILED: spec(
    2101,
    'ERROR',
    'locks',
    'user',
    'the lockfile is not valid for its format: regenerate it with its tool (uv lock, poetry lock, pip-compile, npm install, pnpm install, yarn)',
  ),
  LOCK_FORMAT_UNKNOWN: spec(
    2102,
    'ERROR',
    'locks',
    'user',
    'name the lockfile as its tool writes it (uv.lock, poetry.lock, requirements*.txt, package-lock.json, pnpm-lock.yaml, yarn.lock, .github/workflows/*.yml) or pass its format explicitly',
  ),
  LOCK_POLICY_INVALID: spec(
    2103,
    'ERROR',
    'locks',
    'user',
    'fix the lock policy file as the message says; every field and default is in the README',
  ),
  LOCK_UNPINNED: spec(
    2104,
    'ERROR',
    'locks',
    'user',
    'pin the package to one exact version (== for Python) and regenerate the lock',
  ),
  LOCK_HASH_MISSING: spec(
    2105,
    'ERROR',
    'locks',
    'user',
    'regenerate the lock with hashes (uv lock; poetry lock; pip-compile --generate-hashes; npm install writes integrity)',
  ),
  LOCK_HASH_WEAK: spec(
    2106,
    'ERROR',
    'locks',
    'user',
    'the only hashes are of a weak algorithm (sha1/md5): regenerate the lock so it records sha256 or stronger',
  ),
  LOCK_HOST_NOT_ALLOWED: spec(
    2107,
    'ERROR',
    'locks',
    'user',
    'resolve the package from an allowed registry, or add the host to allowed_hosts deliberately',
  ),
  LOCK_INSECURE_URL: spec(2108, 'ERROR', 'locks', 'user', 'use an https:// URL for the registry and artifacts'),
  LOCK_SOURCE_FORBIDDEN: spec(
    2109,
    'ERROR',
    'locks',
    'user',
    'direct URL, git and path sources need an entry in allowed_sources that pins them (commit for git, sha256 for URLs)',
  ),
  LOCK_GIT_NOT_PINNED: spec(
    2110,
    'ERROR',
    'locks',
    'user',
    'pin the git source to a full 40-hex commit, the one allowed_sources lists',
  ),
  LOCK_UNLOCKED_DEPENDENCY: spec(
    2111,
    'ERROR',
    'locks',
    'user',
    'a dependency edge names a package the lock does not lock: regenerate the lock (strict mode)',
  ),
  LOCK_ACTION_NOT_PINNED: spec(
    2112,
    'ERROR',
    'locks',
    'user',
    'pin the action to a full 40-hex commit SHA (keep the tag as a # vX comment), or allowlist it in actions.allow_unpinned',
  ),
  LOCK_IMAGE_NOT_PINNED: spec(2113, 'ERROR', 'locks', 'user', 'pin the docker:// image by digest (image@sha256:…)'),
  LOCK_SOURCE_UNKNOWN: spec(
    2114,
    'ERROR',
    'locks',
    'user',
    'the lock does not say where the package comes from (no resolved URL, no integrity): regenerate it',
  ),
  ARTIFACT_HASH_MISMATCH: spec(
    2115,
    'FATAL',
    'locks',
    'user',
    "the artifact's SHA-256 differs from the locked hash: do not install it; find out who changed it",
  ),
  ARTIFACT_MISSING: spec(
    2116,
    'ERROR',
    'locks',
    'user',
    'download every locked artifact into the artifact index before verifying',
  ),
  ARTIFACT_EXTRA: spec(
    2117,
    'WARN',
    'locks',
    'user',
    'the artifact index holds a file no lock entry names: remove it or lock it',
  ),
  UPGRADE_DISALLOWED: spec(
    2118,
    'ERROR',
    'locks',
    'user',
    'the upgrade policy does not allow this change: split it, or change the policy deliberately',
  ),
  UPGRADE_HASH_CHANGED: spec(
    2119,
    'FATAL',
    'locks',
    'user',
    'the same version now has other hashes: a re-published or tampered artifact; investigate before merging',
  ),

  KEY_FORMAT_INVALID: spec(
    2201,
    'ERROR',
    'keys',
    'user',
    'give an Ed25519 key as written by `rollgate keygen` (PKCS#8 PEM private key, 64-hex public key)',
  ),
  SIGNATURE_INVALID: spec(
    2202,
    'ERROR',
    'keys',
    'user',
    'the signature does not match the payload and key: the payload was changed or signed by another key',
  ),
  KEY_UNKNOWN: spec(
    2203,
    'ERROR',
    'keys',
    'user',
    "add the signer's public key to the trust store, or sign with a key that is in it",
  ),
  KEY_REVOKED: spec(2204, 'ERROR', 'keys', 'user', 'the signer is revoked: sign again with a valid key'),
  KEY_OUTSIDE_WINDOW: spec(
    2205,
    'ERROR',
    'keys',
    'user',
    'the signer is not valid at the verification time: check not_before/not_after or rotate the key',
  ),
  KEY_WRONG_ROLE: spec(
    2206,
    'ERROR',
    'keys',
    'user',
    'sign with a key that holds the required role in the trust store',
  ),
  SIGNATURE_THRESHOLD_NOT_MET: spec(
    2207,
    'ERROR',
    'keys',
    'user',
    'collect signatures from more distinct valid keys of the role',
  ),
  KEY_ROTATION_OVERDUE: spec(
    2208,
    'ERROR',
    'keys',
    'user',
    'the key is older than rotation_max_age_days: create a new key and a rotation record signed by both keys',
  ),
  KEY_SUPERSEDED: spec(
    2209,
    'ERROR',
    'keys',
    'user',
    'the key was rotated out: sign with its successor named in the rotation record',
  ),
  ROTATION_RECORD_INVALID: spec(
    2210,
    'ERROR',
    'keys',
    'user',
    'a rotation record must name two keys of the trust store and carry valid signatures by both',
  ),
  TRUST_STORE_INVALID: spec(2211, 'ERROR', 'keys', 'user', 'fix the trust store document as the message says'),
  REVOCATION_BUNDLE_INVALID: spec(
    2212,
    'ERROR',
    'keys',
    'user',
    'fix the revocation bundle document as the message says',
  ),
  TRUST_STORE_HASH_MISMATCH: spec(
    2213,
    'ERROR',
    'keys',
    'user',
    'the trust store differs from its pinned hash: restore it or update the pin deliberately',
  ),
  REVOCATION_BUNDLE_HASH_MISMATCH: spec(
    2214,
    'ERROR',
    'keys',
    'user',
    'the revocation bundle differs from its pinned hash: restore it or update the pin deliberately',
  ),
  SIGNER_DUPLICATE: spec(
    2215,
    'WARN',
    'keys',
    'user',
    'a key signed more than once; it counts once toward the threshold',
  ),
  PAYLOAD_TYPE_MISMATCH: spec(
    2216,
    'ERROR',
    'keys',
    'user',
    'the signed payload is of another kind or version than expected',
  ),

  CONFIG_INVALID: spec(
    2005,
    'ERROR',
    'deploy',
    'user',
    'fix the config file as the message says: every field, its default and its meaning are in the README',
  ),
  RELEASE_INVALID: spec(
    2006,
    'ERROR',
    'deploy',
    'user',
    'the release document is malformed: create it with `rollgate package`',
  ),
  RELEASE_HASH_MISMATCH: spec(
    2007,
    'ERROR',
    'deploy',
    'user',
    'release_hash does not recompute from the manifest: the manifest was changed after it was hashed',
  ),
  ARTIFACT_SIZE_MISMATCH: spec(
    2008,
    'ERROR',
    'deploy',
    'user',
    "the artifact's size differs from the release manifest: do not ship it",
  ),
  LOCK_NOT_VERIFIED: spec(
    2009,
    'ERROR',
    'deploy',
    'user',
    'run lock-verify for the same lockfile_hash in this run (pass its state), and make it pass',
  ),
  CHECKPOINT_INCOMPATIBLE: spec(
    2010,
    'ERROR',
    'deploy',
    'user',
    'the release needs a data/schema checkpoint the environment does not have: migrate first or ship a compatible release',
  ),
  TRACE_ARTIFACT_MISSING: spec(
    2011,
    'ERROR',
    'deploy',
    'user',
    'the state lacks evidence this step requires: pass the state output of the step that makes it',
  ),
  WASM_MODULE_INVALID: spec(
    2012,
    'ERROR',
    'deploy',
    'user',
    'the file is not a valid WebAssembly module or component: build it again',
  ),
  WASM_NOT_COMPLIANT: spec(
    2013,
    'ERROR',
    'deploy',
    'user',
    'the module breaks its runtime profile (see the reason codes): change its imports or size, or package it for another profile',
  ),
  WASM_MANIFEST_INVALID: spec(
    2014,
    'ERROR',
    'deploy',
    'user',
    'the WASM manifest is malformed, drifted from its profile, or does not match its artifact: package the module again',
  ),
  FIXTURE_INVALID: spec(
    2015,
    'ERROR',
    'deploy',
    'user',
    'fix the deployment fixture as the message says (document 001 fixture schema, version 1)',
  ),
  CONTRACT_MISMATCH: spec(
    2016,
    'ERROR',
    'deploy',
    'user',
    "a case's observed response differs from its expected one: fix the fixture or the runtime; the cycle was not saved",
  ),
  METRICS_PROVIDER_FAILED: spec(
    2017,
    'ERROR',
    'deploy',
    'user',
    'the metrics source did not answer within its timeout and retries: the stage fails closed; check the source (file, command or Prometheus URL) and run the stage again',
    true,
  ),
  METRICS_INVALID: spec(
    2018,
    'ERROR',
    'deploy',
    'user',
    'the metrics source answered something that is not metrics: it must give a JSON object of numbers (requests, errors, p95_baseline_ms, p95_canary_ms), or one sample per Prometheus query',
  ),
  TRAFFIC_COMMAND_FAILED: spec(
    2019,
    'ERROR',
    'deploy',
    'user',
    'the traffic command exited with an error or timed out: its output is in the report; fix it and run the stage again, or roll back',
  ),
  GITHUB_API_FAILED: spec(
    2020,
    'ERROR',
    'github',
    'user',
    "GitHub's REST API refused or did not answer after retries: check the token's permissions (deployments: write, checks: write), the repository and the ref; 5xx and rate limits were retried, so run the job again later if GitHub is down",
    true,
  ),
  COHORT_PLAN_INVALID: spec(
    2001,
    'ERROR',
    'deploy',
    'user',
    'cohorts must be strictly increasing whole percentages between 1 and 100, ending at 100',
  ),
  STAGE_OUT_OF_ORDER: spec(
    2002,
    'ERROR',
    'deploy',
    'user',
    "run the stages in the plan's order: the checkpoint says which stage is next",
  ),
  STAGE_EVIDENCE_CHANGED: spec(
    2003,
    'ERROR',
    'deploy',
    'user',
    'a judged stage is never re-judged with different evidence: keep its recorded verdict or start a new rollout',
  ),
  ROLLOUT_HALTED: spec(
    2004,
    'ERROR',
    'deploy',
    'user',
    'the rollout failed a gate and is halted: roll back, then start a new rollout',
  ),

  STORE_OBJECT_MISSING: spec(
    2301,
    'ERROR',
    'store',
    'user',
    'the state is incomplete: import the state bundle that holds the object, or re-run the step that made it',
  ),
  STORE_OBJECT_CORRUPT: spec(
    2302,
    'FATAL',
    'store',
    'user',
    'an object does not match its name: the state was altered; restore it from its artifact',
  ),
  COMMIT_CONFLICT: spec(
    2303,
    'ERROR',
    'store',
    'user',
    'another committer holds or has finished this commit; use its result or start a new run',
    true,
  ),
  COMMIT_POINTER_MISMATCH: spec(
    2304,
    'FATAL',
    'store',
    'user',
    "the COMMITTED pointer disagrees with the run's objects or WAL: the state was altered",
  ),
  COMMIT_BINDING_INVALID: spec(
    2305,
    'ERROR',
    'store',
    'bug',
    'a commit bound a hash its objects do not reproduce: this is a rollgate bug',
  ),
  STEP_HEAD_INVALID: spec(
    2306,
    'ERROR',
    'store',
    'user',
    'the state head is not a valid step head of this run: pass the `state` output of the previous job',
  ),
  STATE_CHAIN_BROKEN: spec(
    2307,
    'FATAL',
    'store',
    'user',
    'the chain of step heads does not verify: the state was altered or mixed with another run',
  ),
  BUNDLE_INVALID: spec(
    2308,
    'ERROR',
    'store',
    'user',
    'the state bundle is malformed or tampered with: download it again from the run that made it',
  ),
  BUNDLE_TOO_LARGE: spec(
    2309,
    'ERROR',
    'store',
    'user',
    'the state bundle exceeds the size limit: raise the limit deliberately or prune the state',
  ),
  CHECKPOINT_INVALID: spec(
    2310,
    'ERROR',
    'store',
    'user',
    'the rollout checkpoint is malformed or does not match the plan: restore it from the state',
  ),
  GC_LOG_BROKEN: spec(2311, 'FATAL', 'store', 'user', 'the GC log chain does not verify: the log was altered'),
  STORE_LAYOUT_INVALID: spec(
    2312,
    'ERROR',
    'store',
    'user',
    'the state directory holds an unexpected entry; remove it or point --state-dir elsewhere',
  ),
  STATE_ARTIFACT_MISSING: spec(
    2313,
    'ERROR',
    'store',
    'user',
    'no state bundle is stored under the name derived from `state`: pass the `state` output of a job of this run that published it, and check that the job uploaded its artifact',
  ),

  STATE_FILE_MISSING: spec(
    2320,
    'ERROR',
    'runtime',
    'user',
    'there is no state.json yet: run a rollout stage or `rollgate run-fixture` first, or pass --state-dir',
  ),
  STATE_FILE_INVALID: spec(
    2321,
    'ERROR',
    'runtime',
    'user',
    'state.json is not valid: restore it from the state bundle, or move it aside to start fresh',
  ),

  TRACE_CHAIN_BROKEN: spec(
    2601,
    'ERROR',
    'trace',
    'user',
    'the trace records do not hash to the recorded chain: the trace was altered',
  ),
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}
