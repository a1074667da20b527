// Every action definition by name: the root action dispatches through this map, and the
// input-declaration test checks each against its action.yml.
import type { ActionDefinition } from '../action-shell/action-runtime.js';
import { canaryStageAction } from './canary-stage-action.js';
import { gateAction } from './gate-action.js';
import { lockVerifyAction } from './lock-verify-action.js';
import { packageAction } from './package-action.js';
import { preflightAction } from './preflight-action.js';
import { promoteAction } from './promote-action.js';
import { rollbackAction } from './rollback-action.js';

export const ACTION_DEFINITIONS: Readonly<Record<string, ActionDefinition<unknown>>> = {
  'canary-stage': canaryStageAction,
  gate: gateAction,
  'lock-verify': lockVerifyAction,
  package: packageAction,
  preflight: preflightAction,
  promote: promoteAction,
  rollback: rollbackAction,
};
