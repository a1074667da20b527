// canary-stage: the inputs of actions/canary-stage and of `rollgate canary-stage`.
import { RollgateError } from '../core/errors.js';
import { choice, text, wholeNumber } from './field.js';
import { config, environment, json, state, stateDir } from './common.js';
import { defineSpec, type OptionsOf } from './spec.js';

export const canaryStageSpec = defineSpec(
  'canary-stage',
  {
    state: state('The state output of preflight or of the previous canary stage.').required(
      'the state output of preflight or the previous stage',
    ),
    environment: environment('Environment the stage runs in.'),
    stage: wholeNumber('stage', 'Stage index to run (0-based); give stage or cohort, not both.', {
      max: 99,
    }).defaultNote("the checkpoint's next stage"),
    cohort: wholeNumber(
      'cohort',
      "Cohort percent to run (one of the config's rollout.cohorts).",
      { max: 100 },
      '<percent>',
    ).defaultNote("the checkpoint's next stage"),
    shard: text('shard', 'Shard id of this matrix job (region, instance).', '<id>').default('default', '"default"'),
    trafficCommand: text(
      'traffic-command',
      'Command that shifts traffic; gets ROLLGATE_COHORT_PERCENT, ROLLGATE_RELEASE_HASH, ROLLGATE_ENVIRONMENT, ROLLGATE_STAGE_INDEX, ROLLGATE_SHARD.',
      '<cmd>',
    ).defaultNote("the config's traffic_command"),
    metricsSource: choice(
      'metrics-source',
      'Where the metrics come from: file, command or prometheus.',
      ['file', 'command', 'prometheus'] as const,
      '<kind>',
    ).defaultNote("the config's metrics.source"),
    metricsFile: text('metrics-file', 'JSON metrics file (metrics-source file).', '<file>').defaultNote(
      "the config's metrics.file",
    ),
    metricsCommand: text(
      'metrics-command',
      'Command printing metrics JSON (metrics-source command).',
      '<cmd>',
    ).defaultNote("the config's metrics.command"),
    prometheusUrl: text('prometheus-url', 'Prometheus base URL (metrics-source prometheus).', '<url>').defaultNote(
      "the config's metrics.prometheus.url",
    ),
    config: config(),
    stateDir,
    json: json(),
  },
  (v, { ref }) => {
    if (v.stage !== undefined && v.cohort !== undefined)
      throw new RollgateError('INPUT_INVALID', `give ${ref('stage')} or ${ref('cohort')}, not both`);
    return {
      state: v.state,
      environment: v.environment,
      ...(v.stage !== undefined ? { stage: v.stage } : {}),
      ...(v.cohort !== undefined ? { cohort: v.cohort } : {}),
      shard: v.shard,
      ...(v.trafficCommand ? { trafficCommand: v.trafficCommand } : {}),
      metrics: {
        ...(v.metricsSource ? { source: v.metricsSource } : {}),
        ...(v.metricsFile ? { file: v.metricsFile } : {}),
        ...(v.metricsCommand ? { command: v.metricsCommand } : {}),
        ...(v.prometheusUrl ? { prometheusUrl: v.prometheusUrl } : {}),
      },
      config: v.config,
      stateDir: v.stateDir,
      json: v.json === true,
    };
  },
);

export type CanaryStageSpecOptions = OptionsOf<typeof canaryStageSpec>;
