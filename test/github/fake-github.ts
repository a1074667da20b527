// A fake of the five GitHub REST operations the deployments client uses: a real HTTP server on
// 127.0.0.1 with in-memory deployments, statuses and check runs. It checks itself and its
// client against GitHub's published OpenAPI description (openapi/api.github.com.deployments.json,
// see PROVENANCE.md): every request's path and query parameters and JSON body, and every
// response it sends, are validated with ajv, and each mismatch is recorded in `violations`, so a
// test that expects none proves both sides speak GitHub's documented API. A request that breaks
// the description is answered 422 as GitHub would. `failNext` makes the next calls fail the way
// GitHub's edge does (5xx, 429 with retry-after, 403 with an exhausted rate limit, a dropped
// connection) after their request was validated.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface Fault {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Close the connection without an answer. */
  readonly drop?: boolean;
}

export const faults = {
  badGateway: (): Fault => ({ status: 502 }),
  tooManyRequests: (retryAfterSeconds: number): Fault => ({
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
  }),
  rateLimitExhausted: (resetEpochSeconds: number): Fault => ({
    status: 403,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetEpochSeconds) },
  }),
  dropConnection: (): Fault => ({ drop: true }),
};

export interface FakeStatus extends JsonObject {
  id: number;
  state: string;
}

export interface FakeDeployment extends JsonObject {
  id: number;
  environment: string;
  transient_environment: boolean;
  production_environment: boolean;
}

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: Json | undefined;
  readonly status: number;
}

export interface FakeGitHub {
  readonly url: string;
  readonly token: string;
  readonly violations: string[];
  readonly calls: RecordedCall[];
  readonly deployments: FakeDeployment[];
  readonly checkRuns: JsonObject[];
  statuses(deploymentId: number): FakeStatus[];
  latestState(deploymentId: number): string | undefined;
  failNext(count: number, fault: Fault): void;
  close(): Promise<void>;
}

const DESCRIPTION = JSON.parse(
  readFileSync(new URL('./openapi/api.github.com.deployments.json', import.meta.url), 'utf8'),
) as OpenApi;
const DOC_ID = 'api.github.com.deployments.json';

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, JsonObject>>;
}
interface Operation {
  operationId: string;
  parameters?: JsonObject[];
  requestBody?: JsonObject;
  responses: Record<string, JsonObject>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: JsonObject;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: DOC_ID, components: toJsonSchema(DESCRIPTION.components) as Json }, DOC_ID);
const compiled = new Map<unknown, ValidateFunction>();

/** OpenAPI 3.0 schema → JSON Schema for ajv: `nullable` becomes a null type, refs name the doc. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref' && typeof item === 'string' && item.startsWith('#/')) out[key] = `${DOC_ID}${item}`;
    else if (key !== 'nullable') out[key] = toJsonSchema(item);
  }
  // GitHub sends "" for an unset log_url, environment_url or target_url, which the description
  // documents as the default of a `format: uri` string; "" is no URI, so a documented default is
  // accepted beside the format (the only liberty taken with the description).
  if (typeof out.format === 'string' && typeof out.default === 'string') {
    const { default: fallback, ...rest } = out;
    return toNullable(value, { anyOf: [rest, { const: fallback }] });
  }
  return toNullable(value, out);
}

function toNullable(original: object, out: Record<string, unknown>): unknown {
  if ((original as { nullable?: unknown }).nullable !== true) return out;
  // ajv's own `nullable` needs `type` beside it and ignores `enum`: spell it out instead.
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function validator(schema: unknown): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(toJsonSchema(schema) as object);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Follows a local `#/components/…` reference of the description (parameters, responses). */
function deref<T>(value: JsonObject): T {
  const ref = value.$ref;
  if (typeof ref !== 'string') return value as T;
  const [, , kind = '', name = ''] = ref.split('/');
  const target = DESCRIPTION.components[kind]?.[name];
  if (target === undefined) throw new Error(`dangling $ref ${ref}`);
  return deref<T>(target);
}

const ROUTES = Object.entries(DESCRIPTION.paths).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(),
    template,
    pattern: new RegExp(`^${template.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
    operation,
  })),
);

const EPOCH_MS = Date.parse('2025-01-01T00:00:00Z');

export async function startFakeGitHub(options: { owner?: string; repo?: string; token?: string } = {}) {
  const owner = options.owner ?? 'octo-org';
  const repo = options.repo ?? 'octo-app';
  const token = options.token ?? 'ghs_fakeTokenForTests0123456789';
  const violations: string[] = [];
  const calls: RecordedCall[] = [];
  const deployments: FakeDeployment[] = [];
  const statusesById = new Map<number, FakeStatus[]>();
  const checkRuns: JsonObject[] = [];
  const pendingFaults: Fault[] = [];
  let nextId = 1;
  let ticks = 0;
  let base = '';

  /** A clock that moves one second per object, so creation times order like ids. */
  const stamp = () => new Date(EPOCH_MS + 1000 * ++ticks).toISOString().replace('.000Z', 'Z');
  const repoUrl = () => `${base}/repos/${owner}/${repo}`;
  const user: JsonObject = userObject();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function handle(req: IncomingMessage, res: ServerResponse, text: string) {
    const url = new URL(req.url ?? '/', base);
    const query = Object.fromEntries(url.searchParams);
    const problems: string[] = [];
    let body: Json | undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text) as Json;
      } catch {
        problems.push('body is not JSON');
      }
    }
    const where = `${req.method} ${url.pathname}`;
    const send = (status: number, payload: Json, operation?: Operation, headers: Record<string, string> = {}) => {
      checkResponse(where, status, payload, operation);
      calls.push({ method: req.method ?? '', path: url.pathname, query, body, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };

    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (route === undefined) {
      violations.push(`${where}: no such operation in the description`);
      return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    }
    const { operation } = route;
    const params = route.pattern.exec(url.pathname)?.groups ?? {};
    checkHeaders(req, problems);
    const values = checkParameters(operation, params, query, problems);
    checkBody(operation, body, problems);
    for (const problem of problems) violations.push(`${where} (${operation.operationId}): ${problem}`);

    const fault = pendingFaults.shift();
    if (fault?.drop === true) {
      calls.push({ method: req.method ?? '', path: url.pathname, query, body, status: 0 });
      req.socket.destroy();
      return;
    }
    if (fault !== undefined) {
      return send(fault.status ?? 502, { message: 'injected fault', documentation_url: docs }, operation, {
        ...fault.headers,
      });
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      return send(401, { message: 'Bad credentials', documentation_url: docs }, operation);
    }
    if (problems.length > 0) {
      return send(422, validationFailed(problems), operation);
    }
    if (values.owner !== owner || values.repo !== repo) {
      return send(404, { message: 'Not Found', documentation_url: docs }, operation);
    }
    const [status, payload, headers] = answer(operation.operationId, values, body as JsonObject, url);
    return send(status, payload, operation, headers);
  }

  function answer(
    operationId: string,
    values: Record<string, Json>,
    body: JsonObject,
    url: URL,
  ): [number, Json, Record<string, string>?] {
    switch (operationId) {
      case 'repos/create-deployment':
        return [201, createDeployment(body)];
      case 'repos/list-deployments': {
        const list = deployments
          .filter((d) => values.environment === undefined || d.environment === values.environment)
          .filter((d) => values.ref === undefined || d.ref === values.ref)
          .filter((d) => values.sha === undefined || d.sha === values.sha)
          .reverse();
        return page(list, values, url);
      }
      case 'repos/list-deployment-statuses': {
        const statuses = statusesById.get(values.deployment_id as number);
        if (statuses === undefined) return [404, { message: 'Not Found', documentation_url: docs }];
        return page([...statuses].reverse(), values, url);
      }
      case 'repos/create-deployment-status':
        return createStatus(values.deployment_id as number, body);
      case 'checks/create':
        return createCheckRun(body);
      default:
        throw new Error(`no handler for ${operationId}`);
    }
  }

  function createDeployment(body: JsonObject): FakeDeployment {
    const id = nextId++;
    const at = stamp();
    const ref = body.ref as string;
    const environment = (body.environment as string | undefined) ?? 'production';
    const deployment: FakeDeployment = {
      url: `${repoUrl()}/deployments/${id}`,
      id,
      node_id: `DE_fake${id}`,
      sha: /^[0-9a-f]{40}$/.test(ref) ? ref : createHash('sha1').update(ref).digest('hex'),
      ref,
      task: (body.task as string | undefined) ?? 'deploy',
      payload: body.payload ?? {},
      original_environment: environment,
      environment,
      description: (body.description as string | null | undefined) ?? null,
      creator: user,
      created_at: at,
      updated_at: at,
      statuses_url: `${repoUrl()}/deployments/${id}/statuses`,
      repository_url: repoUrl(),
      transient_environment: body.transient_environment === true,
      production_environment: (body.production_environment as boolean | undefined) ?? environment === 'production',
      performed_via_github_app: null,
    };
    deployments.push(deployment);
    statusesById.set(id, []);
    return deployment;
  }

  function createStatus(deploymentId: number, body: JsonObject): [number, Json] {
    const deployment = deployments.find((d) => d.id === deploymentId);
    if (deployment === undefined) return [404, { message: 'Not Found', documentation_url: docs }];
    const status = addStatus(deployment, body);
    // auto_inactive, as the description words it: "Adds a new inactive status to all prior
    // non-transient, non-production environment deployments with the same repository and
    // environment name … only added to deployments that had a success state. Default: true".
    if (body.state === 'success' && body.auto_inactive !== false) {
      for (const prior of deployments) {
        if (prior.id >= deploymentId || prior.environment !== deployment.environment) continue;
        if (prior.transient_environment || prior.production_environment) continue;
        if (latestState(prior.id) === 'success') addStatus(prior, { state: 'inactive', description: '' });
      }
    }
    return [201, status];
  }

  function addStatus(deployment: FakeDeployment, body: JsonObject): FakeStatus {
    const id = nextId++;
    const at = stamp();
    const logUrl = (body.log_url as string | undefined) ?? (body.target_url as string | undefined) ?? '';
    const status: FakeStatus = {
      url: `${repoUrl()}/deployments/${deployment.id}/statuses/${id}`,
      id,
      node_id: `DES_fake${id}`,
      state: body.state as string,
      creator: user,
      description: (body.description as string | undefined) ?? '',
      environment: deployment.environment,
      target_url: logUrl,
      created_at: at,
      updated_at: at,
      deployment_url: deployment.url as string,
      repository_url: repoUrl(),
      environment_url: (body.environment_url as string | undefined) ?? '',
      log_url: logUrl,
      performed_via_github_app: null,
    };
    statusesById.get(deployment.id)?.push(status);
    return status;
  }

  function createCheckRun(body: JsonObject): [number, Json] {
    // GitHub's rule beside the schema: a completed check run needs a conclusion.
    if (body.status === 'completed' && body.conclusion === undefined) {
      return [422, validationFailed(['conclusion is required when status is completed'])];
    }
    const id = nextId++;
    const at = stamp();
    const output = (body.output ?? {}) as JsonObject;
    const run: JsonObject = {
      id,
      head_sha: body.head_sha as string,
      node_id: `CR_fake${id}`,
      external_id: (body.external_id as string | undefined) ?? '',
      url: `${repoUrl()}/check-runs/${id}`,
      html_url: `https://github.com/${owner}/${repo}/runs/${id}`,
      details_url: (body.details_url as string | undefined) ?? null,
      status: (body.status as string | undefined) ?? 'queued',
      conclusion: (body.conclusion as string | undefined) ?? null,
      started_at: at,
      completed_at: body.status === 'completed' ? at : null,
      output: {
        title: (output.title as string | undefined) ?? null,
        summary: (output.summary as string | undefined) ?? null,
        text: (output.text as string | undefined) ?? null,
        annotations_count: 0,
        annotations_url: `${repoUrl()}/check-runs/${id}/annotations`,
      },
      name: body.name as string,
      check_suite: { id: 1000 + id },
      app: null,
      pull_requests: [],
    };
    checkRuns.push(run);
    return [201, run];
  }

  /** One page of `list`, with GitHub's Link header when there are more. */
  function page(list: Json[], values: Record<string, Json>, url: URL): [number, Json, Record<string, string>] {
    const perPage = Math.min(100, (values.per_page as number | undefined) ?? 30);
    const number = (values.page as number | undefined) ?? 1;
    const last = Math.max(1, Math.ceil(list.length / perPage));
    const link = (n: number, rel: string) => {
      const target = new URL(url);
      target.searchParams.set('page', String(n));
      return `<${target.href}>; rel="${rel}"`;
    };
    const links = number < last ? [link(number + 1, 'next'), link(last, 'last')] : [];
    return [
      200,
      list.slice((number - 1) * perPage, number * perPage),
      links.length > 0 ? { link: links.join(', ') } : {},
    ];
  }

  function checkHeaders(req: IncomingMessage, problems: string[]) {
    if (req.headers.accept !== 'application/vnd.github+json') problems.push(`accept is ${req.headers.accept}`);
    if (req.headers['x-github-api-version'] !== '2022-11-28') problems.push('x-github-api-version is not 2022-11-28');
    // GitHub refuses requests without a user agent.
    if (!req.headers['user-agent']) problems.push('no user-agent');
  }

  /** Validates path and query parameters; returns them typed as their schemas say. */
  function checkParameters(
    operation: Operation,
    path: Record<string, string>,
    query: Record<string, string>,
    problems: string[],
  ): Record<string, Json> {
    const values: Record<string, Json> = {};
    const declared = (operation.parameters ?? []).map((p) => deref<Parameter>(p));
    for (const name of Object.keys(query)) {
      if (!declared.some((p) => p.in === 'query' && p.name === name)) problems.push(`unknown query parameter ${name}`);
    }
    for (const parameter of declared) {
      const raw = parameter.in === 'path' ? path[parameter.name] : query[parameter.name];
      if (raw === undefined) {
        if (parameter.required === true) problems.push(`${parameter.in} parameter ${parameter.name} is missing`);
        continue;
      }
      const text = decodeURIComponent(raw);
      const value = parameter.schema.type === 'integer' && /^-?\d+$/.test(text) ? Number(text) : text;
      const validate = validator(parameter.schema);
      if (!validate(value))
        problems.push(`${parameter.in} parameter ${parameter.name}: ${ajv.errorsText(validate.errors)}`);
      values[parameter.name] = value;
    }
    return values;
  }

  function checkBody(operation: Operation, body: Json | undefined, problems: string[]) {
    if (operation.requestBody === undefined) {
      if (body !== undefined) problems.push('a body where the operation takes none');
      return;
    }
    const schema = (deref<JsonObject>(operation.requestBody).content as JsonObject | undefined)?.['application/json'];
    if (body === undefined) {
      if (operation.requestBody.required === true) problems.push('the required body is missing');
      return;
    }
    const validate = validator((schema as JsonObject).schema);
    if (!validate(body)) problems.push(`body: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
  }

  /**
   * A response is checked against its operation's schema for that status; an error status the
   * operation does not list (401, 403, 429, 5xx: GitHub sends them for any operation) against
   * basic-error; an undocumented success status is itself a violation.
   */
  function checkResponse(where: string, status: number, payload: Json, operation: Operation | undefined) {
    const documented = operation?.responses[String(status)];
    let schema: unknown;
    if (documented !== undefined) {
      const content = deref<JsonObject>(documented).content as JsonObject | undefined;
      schema = (content?.['application/json'] as JsonObject | undefined)?.schema;
    } else if (status >= 400) {
      schema = DESCRIPTION.components.schemas?.['basic-error'];
    } else {
      violations.push(`${where}: response status ${status} is not documented`);
      return;
    }
    if (schema === undefined) return;
    const validate = validator(schema);
    if (!validate(payload)) {
      violations.push(`${where}: response ${status}: ${ajv.errorsText(validate.errors, { dataVar: 'response' })}`);
    }
  }

  function latestState(deploymentId: number): string | undefined {
    return statusesById.get(deploymentId)?.at(-1)?.state;
  }

  function userObject(): JsonObject {
    const login = 'github-actions[bot]';
    const html = `https://github.com/apps/github-actions`;
    const api = `https://api.github.com/users/${encodeURIComponent(login)}`;
    return {
      login,
      id: 41898282,
      node_id: 'MDM6Qm90NDE4OTgyODI=',
      avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
      gravatar_id: '',
      url: api,
      html_url: html,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: 'Bot',
      site_admin: false,
    };
  }

  const fake: FakeGitHub = {
    url: base,
    token,
    violations,
    calls,
    deployments,
    checkRuns,
    statuses: (id) => statusesById.get(id) ?? [],
    latestState,
    failNext(count, fault) {
      for (let i = 0; i < count; i++) pendingFaults.push(fault);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // fetch keeps connections alive; close would otherwise wait for them to time out.
        server.closeAllConnections();
      }),
  };
  return fake;
}

const docs = 'https://docs.github.com/rest';

function validationFailed(problems: readonly string[]): Json {
  return {
    message: 'Validation Failed',
    documentation_url: 'https://docs.github.com/rest',
    errors: problems.map((message) => ({ resource: 'Request', code: 'invalid', message })),
  };
}
