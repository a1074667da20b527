// Every operator's input specification by name: one per action under actions/, each also a
// CLI command. scripts/gen-docs.mjs writes the actions' `inputs:` from these.
import { canaryStageSpec } from './canary-stage.js';
import { gateSpec } from './gate.js';
import { lockVerifySpec } from './lock-verify.js';
import { packageSpec } from './package.js';
import { preflightSpec } from './preflight.js';
import { promoteSpec } from './promote.js';
import { rollbackSpec } from './rollback.js';
import type { OperatorSpec } from './spec.js';

export { actionInputs, actionYamlInputs, describeField } from './spec.js';

export const OPERATOR_SPECS: Readonly<Record<string, OperatorSpec>> = {
  'canary-stage': canaryStageSpec,
  gate: gateSpec,
  'lock-verify': lockVerifySpec,
  package: packageSpec,
  preflight: preflightSpec,
  promote: promoteSpec,
  rollback: rollbackSpec,
};
