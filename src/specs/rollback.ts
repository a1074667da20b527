// rollback: the inputs of actions/rollback and of `rollgate rollback`. Only the action calls
// GitHub (github-token).
import { digest, text } from './field.js';
import { config, githubToken, json, state, stateDir } from './common.js';
import { defineSpec, type OptionsOf } from './spec.js';

export const rollbackSpec = defineSpec(
  'rollback',
  {
    environment: text('environment', 'Environment to roll back.', '<name>').required(),
    state: state(
      "The state of the failed rollout (the failing canary-stage's state output). Absent for a manual rollback.",
    ),
    failedRelease: digest('failed-release', 'The release being rolled back.').defaultNote(
      "the one the state's preflight passed, else the environment's latest",
    ),
    deployCommand: text(
      'deploy-command',
      'Command that deploys a release; gets ROLLGATE_RELEASE_HASH, ROLLGATE_ENVIRONMENT, ROLLGATE_ROLLBACK_FROM.',
      '<cmd>',
    ).defaultNote("the config's deploy_command"),
    reason: text('reason', 'Why, recorded in the rollback report.', '<text>').defaultNote(
      '"a rollout failed" with a state, else "manual rollback"',
    ),
    githubToken: githubToken(
      'Token with deployments write, to find the last successful deployment and record the rollback as one. Without it nothing calls GitHub.',
    ),
    config: config(),
    stateDir,
    json: json(),
  },
  (v) => ({ ...v, reason: v.reason ?? (v.state ? 'a rollout failed' : 'manual rollback') }),
);

export type RollbackSpecOptions = OptionsOf<typeof rollbackSpec>;
