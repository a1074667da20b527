// Reads and validates the config: YAML 1.2, unique keys, every schema problem reported with its
// JSON path and its line in the file; cross-field rules (the cohort plan, a metrics source with
// its settings) checked after the schema. Pure: text in, config or coded error out.
import { Value } from '@sinclair/typebox/value';
import { parseYamlDoc } from '../util/yaml-doc.js';
import { RollgateError } from '../core/errors.js';
import { schemaValidator, type SchemaProblem } from '../core/schema.js';
import { validateCohorts } from '../deploy/cohort-plan.js';
import { ConfigSchema, type Config } from './schema.js';

export { DEFAULT_CONFIG_PATH } from './paths.js';

const validateConfig = schemaValidator(ConfigSchema);

export function defaultConfig(): Config {
  return Value.Default(ConfigSchema, {}) as Config;
}

function crossFieldProblems(config: Config): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  try {
    validateCohorts(config.rollout.cohorts);
  } catch (error) {
    problems.push({ path: '/rollout/cohorts', message: (error as Error).message });
  }
  // A file source may also be given to a stage as an input; the other sources need settings.
  const m = config.metrics;
  if (m.source === 'command' && m.command === undefined)
    problems.push({ path: '/metrics/command', message: 'is required when source is command' });
  if (m.source === 'prometheus' && m.prometheus === undefined)
    problems.push({ path: '/metrics/prometheus', message: 'is required when source is prometheus' });
  if (config.trust.revocation_bundle_hash !== undefined && config.trust.revocation_bundle === undefined) {
    problems.push({ path: '/trust/revocation_bundle', message: 'is required when revocation_bundle_hash pins one' });
  }
  if (config.trust.revocations === 'none' && config.trust.revocation_bundle !== undefined) {
    problems.push({
      path: '/trust/revocations',
      message: 'says none, but revocation_bundle names one: keep one of the two',
    });
  }
  return problems;
}

/** Parses config text; `where` names the file. Every problem is listed with its line. */
export function parseConfig(text: string, where: string): Config {
  const { doc, value, line } = parseYamlDoc(
    text,
    where,
    (path, at, message) => new RollgateError('CONFIG_INVALID', `${path}:${at}: ${message}`),
  );
  const lineOf = (pointer: string): number | undefined => {
    const keys = pointer
      .split('/')
      .slice(1)
      .map((k) => (/^\d+$/.test(k) ? Number(k) : k.replace(/~1/g, '/').replace(/~0/g, '~')));
    for (let n = keys.length; n > 0; n--) {
      const node = doc.getIn(keys.slice(0, n), true);
      if (node !== undefined) return line(node);
    }
    return undefined;
  };
  const result = validateConfig(value ?? {});
  const problems = result.ok ? crossFieldProblems(result.value) : result.problems;
  if (result.ok && problems.length === 0) return result.value;
  const listed = problems.map((p) => {
    const line = lineOf(p.path);
    return `  ${where}${line ? `:${line}` : ''} ${p.path || '/'}: ${p.message}`;
  });
  throw new RollgateError('CONFIG_INVALID', `${where} is invalid:\n${listed.join('\n')}`, {
    diagnostics: { problems: problems.length, first_path: problems[0]?.path ?? '' },
  });
}
