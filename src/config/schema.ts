// The rollgate config (`.github/rollgate.yml`, DESIGN 1): one JSON Schema, the one place every
// default lives. Environments in promotion order, the cohort plan, dwell and metrics window,
// gate thresholds, trust store and revocation bundle with their pins, lock policy, retention,
// metrics source, traffic and deploy commands.
import { Type, type Static } from '@sinclair/typebox';
import { LockPolicySchema } from '../lock/policy.js';
import { RetentionPolicySchema } from '../store/retention.js';

export const CONFIG_VERSION = 'rollgate.config/v1';

const Digest = Type.String({ pattern: '^sha256:[0-9a-f]{64}$', description: 'sha256:<64 lowercase hex>' });
const Seconds = (fallback: number, description: string) =>
  Type.Integer({ minimum: 0, maximum: 86_400, default: fallback, description });

const PrometheusSchema = Type.Object(
  {
    url: Type.String({ pattern: '^https?://', description: 'base URL of the Prometheus server (its HTTP API)' }),
    queries: Type.Object(
      {
        requests: Type.String({ minLength: 1, description: 'PromQL: canary requests in the window' }),
        errors: Type.String({ minLength: 1, description: 'PromQL: canary errors in the window' }),
        p95_baseline: Type.String({ minLength: 1, description: 'PromQL: p95 latency of the baseline' }),
        p95_canary: Type.String({ minLength: 1, description: 'PromQL: p95 latency of the canary' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const ConfigSchema = Type.Object(
  {
    config_version: Type.Literal(CONFIG_VERSION, { default: CONFIG_VERSION }),
    environments: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$' }), {
      default: ['dev', 'staging', 'production'],
      minItems: 1,
      uniqueItems: true,
      description: 'environments in promotion order (document 000 0.D: dev → staging → prod)',
    }),
    rollout: Type.Object(
      {
        cohorts: Type.Array(Type.Integer({ minimum: 1, maximum: 100 }), {
          default: [1, 5, 25, 50, 100],
          minItems: 1,
          description: 'traffic percentages of the canary stages, strictly increasing, ending at 100',
        }),
        dwell_seconds: Seconds(300, 'how long each stage runs before its metrics are taken'),
        metrics_window_seconds: Seconds(300, 'the window the metrics cover, ending at the evaluation time'),
        traffic_timeout_seconds: Seconds(600, 'how long the traffic command may run before the stage fails'),
      },
      { additionalProperties: false, default: {} },
    ),
    gates: Type.Object(
      {
        error_rate_max: Type.Number({
          minimum: 0,
          maximum: 1,
          default: 0.005,
          description: 'errors / requests must be at most this',
        }),
        p95_latency_delta_max: Type.Number({
          minimum: 0,
          default: 0.1,
          description: '(p95 canary − p95 baseline) / p95 baseline must be at most this',
        }),
        replay_determinism_failures_max: Type.Integer({
          minimum: 0,
          default: 0,
          description: 'replay determinism failures allowed',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    trust: Type.Object(
      {
        trust_store: Type.String({
          minLength: 1,
          default: '.github/rollgate/trust-store.json',
          description: 'trust store file',
        }),
        trust_store_hash: Type.Optional(Digest),
        revocation_bundle: Type.Optional(Type.String({ minLength: 1, description: 'revocation bundle file' })),
        revocation_bundle_hash: Type.Optional(Digest),
        revocations: Type.Optional(
          Type.Literal('none', {
            description:
              'says there is no revocation bundle, deliberately (the production environment needs a bundle or this)',
          }),
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    lock_policy: Type.Object(LockPolicySchema.properties, {
      additionalProperties: false,
      default: {},
      description: 'the lock policy of lock-verify (see its section)',
    }),
    retention: RetentionPolicySchema,
    metrics: Type.Object(
      {
        source: Type.Union([Type.Literal('file'), Type.Literal('command'), Type.Literal('prometheus')], {
          default: 'file',
          description: 'where a stage reads its metrics',
        }),
        file: Type.Optional(Type.String({ minLength: 1, description: 'JSON metrics file (source: file)' })),
        command: Type.Optional(
          Type.String({ minLength: 1, description: 'command printing metrics JSON (source: command)' }),
        ),
        prometheus: Type.Optional(PrometheusSchema),
        timeout_seconds: Type.Integer({ minimum: 1, maximum: 600, default: 30, description: 'per attempt' }),
        retries: Type.Integer({
          minimum: 0,
          maximum: 10,
          default: 3,
          description: 'retries with exponential backoff before the stage fails closed',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    traffic_command: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'shifts traffic to a cohort; gets ROLLGATE_COHORT_PERCENT, ROLLGATE_RELEASE_HASH, ROLLGATE_ENVIRONMENT, ROLLGATE_STAGE_INDEX',
      }),
    ),
    deploy_command: Type.Optional(Type.String({ minLength: 1, description: 'deploys a release (used by rollback)' })),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
