// Runs one action as the runner expects: secrets masked before anything else, every input read
// once into a typed object inside the error boundary, then the operator, then outputs, summary
// and annotations. A user's mistake fails the step with exit 1 and a coded annotation, repeated
// in the job summary; a bug fails it with exit 2 and the stack in the debug log; non-Error
// throws fail too.
import { ERROR_CODES } from '../core/error-codes.js';
import { isDigestText, parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { environmentError } from '../store/fs-error.js';
import { failureSummary } from './failure-summary.js';
import type { Annotation, RunnerPort } from './runner.js';
import { transportChoice } from '../github/transport-choice.js';
import type { ProcessContext } from '../util/process-context.js';

export interface ActionInputSpec {
  readonly name: string;
  /** Masked with add-mask before any other input is read. */
  readonly secret?: boolean;
}

/** Raw input values by name: undefined when the workflow left an input empty. */
export type RawInputs = Readonly<Record<string, string | undefined>>;

/** The runner, and the environment, wall clock and host the entry read from its process. */
export interface ActionContext extends ProcessContext {
  readonly runner: RunnerPort;
}

/** Where a step's relative paths start: the runner's workspace, else the entry's working directory. */
export function actionWorkspace(context: ProcessContext): string {
  return context.env.GITHUB_WORKSPACE ?? context.host.cwd;
}

export interface ActionOutcome {
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly annotations: readonly Annotation[];
  /** Set when the step must fail (e.g. a policy violation in enforce mode). */
  readonly failure?: string;
}

export interface ActionDefinition<I> {
  readonly name: string;
  readonly inputs: readonly ActionInputSpec[];
  /** Turns the raw values into the typed inputs; throws INPUT_INVALID naming the input. */
  parseInputs(raw: RawInputs): I;
  run(inputs: I, context: ActionContext): Promise<ActionOutcome>;
  /** The state this action reads (received before it runs) and where; its `state` output is published. */
  readonly state?: {
    dir(inputs: I): string;
    heads(inputs: I): readonly Uint8Array[];
  };
}

export async function runAction<I>(definition: ActionDefinition<I>, context: ActionContext): Promise<number> {
  const { runner } = context;
  try {
    for (const spec of definition.inputs) {
      const value = spec.secret ? runner.input(spec.name) : undefined;
      if (value !== undefined) runner.mask(value);
    }
    const raw: Record<string, string | undefined> = {};
    for (const spec of definition.inputs) raw[spec.name] = runner.input(spec.name);
    const inputs = definition.parseInputs(raw);
    // The choice needs only the environment; the handoff (and the bundle code) loads for a transport.
    const choice = definition.state ? transportChoice(context.env) : undefined;
    const handoff =
      choice && choice.kind !== 'none'
        ? await (await import('../github/state-handoff.js')).openHandoff(context.env, actionWorkspace(context), choice)
        : undefined;
    if (handoff && definition.state)
      await handoff.receive(definition.state.dir(inputs), definition.state.heads(inputs));
    const outcome = await definition.run(inputs, context);
    const produced = outcome.outputs.state;
    // Published even when the step fails (a breach): the rollback job needs that state.
    if (handoff && definition.state && produced && isDigestText(produced))
      await handoff.publish(definition.state.dir(inputs), parseDigest(produced));
    for (const [name, value] of Object.entries(outcome.outputs)) runner.setOutput(name, value);
    if (outcome.summary) runner.appendSummary(outcome.summary);
    for (const annotation of outcome.annotations) runner.annotate(annotation);
    if (outcome.failure !== undefined) {
      runner.annotate({ level: 'error', title: `rollgate ${definition.name}`, message: outcome.failure });
      return 1;
    }
    return 0;
  } catch (thrown) {
    // A full disk, a read-only mount, missing permissions: the runner's environment, not a bug.
    const error = environmentError(thrown) ?? thrown;
    if (error instanceof RollgateError) {
      const spec = ERROR_CODES[error.code];
      runner.annotate({
        level: 'error',
        title: `rollgate ${definition.name}: ${error.code} ${spec.numeric_code}`,
        message: `${error.message}\nfix: ${spec.fix}`,
      });
      runner.appendSummary(
        failureSummary({
          action: definition.name,
          code: error.code,
          numeric_code: spec.numeric_code,
          message: error.message,
          fix: spec.fix,
        }),
      );
      if (spec.fault === 'user') return 1;
      runner.debug(error.stack ?? error.message);
      return 2;
    }
    const message = error instanceof Error ? error.message : `non-Error thrown: ${String(error)}`;
    const internal = ERROR_CODES.INTERNAL_ERROR.numeric_code;
    runner.annotate({
      level: 'error',
      title: `rollgate ${definition.name}: INTERNAL_ERROR ${internal}`,
      message,
    });
    runner.appendSummary(
      failureSummary({ action: definition.name, code: 'INTERNAL_ERROR', numeric_code: internal, message }),
    );
    if (error instanceof Error && error.stack) runner.debug(error.stack);
    return 2;
  }
}

/** Reads a boolean input strictly: a typo is an error naming the input, never a silent false. */
export function booleanInput(raw: RawInputs, name: string): boolean | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new RollgateError('INPUT_INVALID', `input ${name}: expected true or false, got ${JSON.stringify(value)}`);
}

export function choiceInput<T extends string>(raw: RawInputs, name: string, choices: readonly T[]): T | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new RollgateError(
    'INPUT_INVALID',
    `input ${name}: expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`,
  );
}

/** A multi-line or comma-separated list input: one item per line or comma, blanks dropped. */
export function listInput(raw: RawInputs, name: string): string[] {
  return (raw[name] ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
