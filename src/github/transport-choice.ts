// Which transport carries state between jobs (DESIGN 3, 5), decided from the environment alone so
// an action can make the choice without loading the bundle code: on a runner with the artifact
// service, the run's artifacts; otherwise ROLLGATE_STATE_TRANSPORT says `artifacts`,
// `directory:<path>` (local runs, tests, the demo) or `none` (the jobs share a state directory).
import { RollgateError } from '../core/errors.js';

export type TransportChoice =
  { readonly kind: 'none' } | { readonly kind: 'artifacts' } | { readonly kind: 'directory'; readonly dir: string };

export function transportChoice(env: NodeJS.ProcessEnv): TransportChoice {
  const setting = env.ROLLGATE_STATE_TRANSPORT?.trim();
  if (setting === undefined || setting === '')
    return env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL ? { kind: 'artifacts' } : { kind: 'none' };
  if (setting === 'none' || setting === 'artifacts') return { kind: setting };
  if (setting.startsWith('directory:') && setting.length > 'directory:'.length)
    return { kind: 'directory', dir: setting.slice('directory:'.length) };
  throw new RollgateError(
    'INPUT_INVALID',
    `ROLLGATE_STATE_TRANSPORT must be artifacts, directory:<path> or none, got ${JSON.stringify(setting)}`,
  );
}
