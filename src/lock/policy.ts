// The lock policy (document 004 II.F, DESIGN 6): a YAML document validated by this schema,
// which is also the one place its defaults live. With no policy file the defaults apply, and
// they are strict.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { RollgateError } from '../core/errors.js';
import { schemaValidator, validateOrThrow } from '../core/schema.js';
import { parseYamlDoc } from '../util/yaml-doc.js';

export const HASH_ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const;

const Commit = Type.String({ pattern: '^[0-9a-f]{40}$', description: 'full 40-hex commit SHA' });
const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the artifact, lowercase hex' });

const AllowedSource = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('git'),
      url: Type.String({ minLength: 1, description: 'git URL as the lock writes it, without #fragment' }),
      commit: Commit,
      reason: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('url'),
      url: Type.String({ pattern: '^https://', description: 'exact artifact URL' }),
      sha256: Sha256Hex,
      reason: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Union([Type.Literal('path'), Type.Literal('directory'), Type.Literal('editable')]),
      path: Type.String({ minLength: 1, description: 'path exactly as the lock writes it' }),
      reason: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
]);

export const UPGRADE_CHANGES = [
  'added',
  'removed',
  'major',
  'minor',
  'patch',
  'prerelease',
  'downgrade',
  'source_changed',
  'hash_changed',
] as const;
export type UpgradeChange = (typeof UPGRADE_CHANGES)[number];

export const LockPolicySchema = Type.Object(
  {
    policy_version: Type.Literal('rollgate.lock-policy/v1', { default: 'rollgate.lock-policy/v1' }),
    allowed_hosts: Type.Array(Type.String({ pattern: '^[a-z0-9.-]+(:[0-9]+)?$' }), {
      default: ['pypi.org', 'files.pythonhosted.org', 'registry.npmjs.org'],
      description: 'registry and artifact hosts packages may come from (exact host names)',
    }),
    https_only: Type.Boolean({ default: true, description: 'every registry and artifact URL must be https://' }),
    hash_algorithms: Type.Array(Type.Union(HASH_ALGORITHMS.map((a) => Type.Literal(a))), {
      default: ['sha256', 'sha384', 'sha512'],
      minItems: 1,
      uniqueItems: true,
      description: "accepted artifact hash algorithms; npm's sha512 integrity counts, sha1 and md5 never do",
    }),
    strict: Type.Boolean({
      default: true,
      description: 'every dependency edge must resolve to a locked entry (document 004 I.E)',
    }),
    allowed_sources: Type.Array(AllowedSource, {
      default: [],
      description: 'direct URL, git and path sources allowed because they are pinned here',
    }),
    actions: Type.Object(
      {
        allow_unpinned: Type.Array(Type.String(), {
          default: [],
          description: 'uses: patterns allowed without a commit SHA, e.g. `my-org/*` or `my-org/deploy`',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    upgrades: Type.Object(
      Object.fromEntries(
        UPGRADE_CHANGES.map((c) => [
          c,
          Type.Boolean({
            default: !['major', 'prerelease', 'downgrade', 'source_changed', 'hash_changed'].includes(c),
          }),
        ]),
      ) as Record<UpgradeChange, ReturnType<typeof Type.Boolean>>,
      { additionalProperties: false, default: {}, description: 'which kinds of change an upgrade review allows' },
    ),
  },
  { additionalProperties: false },
);

export type LockPolicy = Static<typeof LockPolicySchema>;

const validatePolicy = schemaValidator(LockPolicySchema);

/** The schema's defaults, filled in by TypeBox without compiling a validator (start-up cost). */
export function defaultLockPolicy(): LockPolicy {
  return Value.Default(LockPolicySchema, {}) as LockPolicy;
}

/** Parses a policy document (YAML or JSON text); `where` names the file in every message. */
export function parseLockPolicy(text: string, where: string): LockPolicy {
  const { value } = parseYamlDoc(
    text,
    where,
    (path, line, message, cause) => new RollgateError('LOCK_POLICY_INVALID', `${path}:${line}: ${message}`, { cause }),
  );
  return validateOrThrow(validatePolicy, value ?? {}, 'LOCK_POLICY_INVALID', where);
}
