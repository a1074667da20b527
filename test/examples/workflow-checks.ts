// Checks shared by the workflow and action tests: the SchemaStore JSON schemas (from
// ../shared/vectors/github-actions), GitHub's own parser (@actions/workflow-parser), SHA pinning
// and least permissions. Each returns the problems it found, so a test can show them all.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/index';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/run-dist.js';
import { hasSharedVectors, readJson, sharedVectors } from '../helpers/vectors.js';

export { hasSharedVectors, repoRoot };

/** Workflow files under the given repository-relative directories that exist. */
export function workflowFiles(...dirs: string[]): string[] {
  const files: string[] = [];
  for (const dir of dirs) {
    const abs = join(repoRoot, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) {
      if (/\.ya?ml$/.test(name)) files.push(relative(repoRoot, join(abs, name)));
    }
  }
  return files;
}

/** actions/<name>/action.yml, and the root action.yml when there is one. */
export function actionFiles(): string[] {
  const files = readdirSync(join(repoRoot, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `actions/${d.name}/action.yml`)
    .filter((f) => existsSync(join(repoRoot, f)))
    .sort();
  if (existsSync(join(repoRoot, 'action.yml'))) files.push('action.yml');
  return files;
}

export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

/** YAML 1.2 (the yaml package's default), so `on:` stays a string key, as GitHub reads it. */
export function parseYaml(text: string): unknown {
  return parse(text) as unknown;
}

function compile(file: 'github-workflow.json' | 'github-action.json'): ValidateFunction {
  // The SchemaStore schemas are draft-07 and use keywords ajv's strict mode rejects.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(readJson<object>(join(sharedVectors, 'github-actions', file)));
}

let workflowValidator: ValidateFunction | undefined;
let actionValidator: ValidateFunction | undefined;

function schemaProblems(validate: ValidateFunction, doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

export function workflowSchemaProblems(doc: unknown): string[] {
  workflowValidator ??= compile('github-workflow.json');
  return schemaProblems(workflowValidator, doc);
}

export function actionSchemaProblems(doc: unknown): string[] {
  actionValidator ??= compile('github-action.json');
  return schemaProblems(actionValidator, doc);
}

/** GitHub's parser: the schema errors of parseWorkflow, then those of the conversion. */
export async function workflowParserProblems(name: string, content: string): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const problems = result.context.errors.getErrors().map((e) => e.message);
  if (problems.length > 0 || result.value === undefined) {
    return problems.length > 0 ? problems : [`${name}: parser returned no workflow`];
  }
  const template = await convertWorkflowTemplate(result.context, result.value);
  return [...result.context.errors.getErrors().map((e) => e.message), ...(template.errors ?? []).map((e) => e.Message)];
}

export function actionParserProblems(name: string, content: string): string[] {
  const result = parseAction({ name, content }, new NoOperationTraceWriter());
  const problems = result.context.errors.getErrors().map((e) => e.message);
  if (problems.length === 0 && result.value === undefined) return [`${name}: parser returned no action`];
  return problems;
}

type Workflow = {
  permissions?: unknown;
  jobs?: Record<string, { uses?: unknown; steps?: { uses?: unknown }[]; permissions?: unknown }>;
};

const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/;
const VERSION_COMMENT = /#\s*v\d+\.\d+\.\d+\s*$/;
/** rollgate's own actions carry a placeholder commit and a "replace" comment instead of a version. */
const ROLLGATE = /^rollgate\/rollgate\//;

/** Every `uses:` (steps and reusable-workflow jobs). */
function usesOf(doc: Workflow): string[] {
  const uses: string[] = [];
  for (const job of Object.values(doc.jobs ?? {})) {
    if (typeof job.uses === 'string') uses.push(job.uses);
    for (const step of job.steps ?? []) if (typeof step.uses === 'string') uses.push(step.uses);
  }
  return uses;
}

/**
 * Every non-local action or reusable workflow is pinned by a full 40-hex commit SHA (docker
 * images by digest); third-party ones carry a `# vX.Y.Z` comment on the same line.
 */
export function pinningProblems(text: string): string[] {
  const doc = parseYaml(text) as Workflow;
  const lines = text.split('\n');
  const problems: string[] = [];
  for (const ref of usesOf(doc)) {
    if (ref.startsWith('./')) continue;
    if (ref.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(ref)) problems.push(`${ref}: docker image not pinned by digest`);
      continue;
    }
    if (!PINNED.test(ref)) {
      problems.push(`${ref}: not pinned to a full commit SHA`);
      continue;
    }
    if (ROLLGATE.test(ref)) continue;
    const line = lines.filter((l) => l.includes(`uses: ${ref}`));
    if (line.length === 0 || !line.every((l) => VERSION_COMMENT.test(l))) {
      problems.push(`${ref}: no "# vX.Y.Z" comment beside the pin`);
    }
  }
  return problems;
}

const WRITE_SCOPES_ALLOWED_IN_JOBS = new Set(['contents', 'deployments', 'checks', 'id-token']);

/**
 * A top-level `permissions` that grants no write scope (`{}` or reads), and every job that
 * writes names only the scopes rollgate or a release needs.
 */
export function permissionProblems(text: string): string[] {
  const doc = parseYaml(text) as Workflow;
  const problems: string[] = [];
  if (doc.permissions === undefined) problems.push('no top-level permissions');
  else if (typeof doc.permissions === 'string') problems.push(`top-level permissions: ${doc.permissions}`);
  else {
    for (const [scope, level] of Object.entries(doc.permissions as Record<string, unknown>)) {
      if (level === 'write') problems.push(`top-level permissions grant ${scope}: write`);
    }
  }
  for (const [id, job] of Object.entries(doc.jobs ?? {})) {
    if (typeof job.permissions === 'string') {
      problems.push(`job ${id}: permissions ${job.permissions}`);
      continue;
    }
    for (const [scope, level] of Object.entries((job.permissions ?? {}) as Record<string, unknown>)) {
      if (level === 'write' && !WRITE_SCOPES_ALLOWED_IN_JOBS.has(scope)) {
        problems.push(`job ${id}: ${scope}: write`);
      }
    }
  }
  return problems;
}
