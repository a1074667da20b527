// The DeploymentsPort on GitHub's REST API (DESIGN 8.2, 8.3, 9): deployments and their statuses
// for promote and rollback, a check run that branch rules can require. @octokit/core does the
// HTTP part (URL templates, JSON, typed responses, errors with status and headers); the retries
// are ours (github-retry.ts) because Octokit's retry and throttling plugins wait on real timers
// through bottleneck, which an injected sleep cannot replace. Every answer's body is read within
// a byte limit (bounded-fetch.ts), and one past it is not retried. Load this module with
// `await import()`: only the actions that talk to GitHub should pay for Octokit.
import { Octokit } from '@octokit/core';
import { RollgateError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { bodyRefusal, boundedFetch } from './bounded-fetch.js';
import type { DeploymentRecord, DeploymentsPort } from './deployments-port.js';
import { DEFAULT_RETRY_POLICY, retryDecision, type RetryPolicy } from './github-retry.js';

export interface GithubDeploymentsOptions {
  readonly token: string;
  /** `owner/repo`, as GITHUB_REPOSITORY gives it. */
  readonly repository: string;
  /** GITHUB_API_URL; https://api.github.com when absent (GitHub Enterprise Server differs). */
  readonly apiUrl?: string;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Attempts after the first for 5xx, network errors and rate limits (default 3). */
  readonly retries?: number;
  /** The most deployments listSuccessful looks at, newest first (default 100). */
  readonly listLimit?: number;
}

/** GitHub's REST API version these calls are written against (the x-github-api-version header). */
export const GITHUB_API_VERSION = '2022-11-28';
/** GitHub's longest page. */
const PAGE_SIZE = 100;
/** GitHub refuses (422) or cuts longer texts; we cut them ourselves and say so. */
const STATUS_DESCRIPTION_MAX = 140;
const CHECK_SUMMARY_MAX = 65_535;
/** One attempt that takes longer than this is abandoned and counts as a network error. */
const ATTEMPT_TIMEOUT_MS = 30_000;

export function githubDeployments(options: GithubDeploymentsOptions): DeploymentsPort {
  const [owner, repo, ...extra] = options.repository.split('/');
  if (owner === undefined || repo === undefined || owner === '' || repo === '' || extra.length > 0) {
    throw new RollgateError(
      'INPUT_INVALID',
      `repository must be owner/repo, got ${JSON.stringify(options.repository)}`,
    );
  }
  if (options.token.trim() === '') throw new RollgateError('INPUT_INVALID', 'a GitHub token is required');
  const listLimit = options.listLimit ?? PAGE_SIZE;
  if (!Number.isSafeInteger(listLimit) || listLimit < 1) {
    throw new RollgateError('INPUT_INVALID', `listLimit must be a positive integer, got ${listLimit}`);
  }
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retries: options.retries ?? DEFAULT_RETRY_POLICY.retries };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const octokit = new Octokit({
    baseUrl: (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: `rollgate/${VERSION}`,
    // Every answer's body is read within GITHUB_BODY_MAX_BYTES (bounded-fetch.ts).
    request: { fetch: boundedFetch(options.fetch) },
  });
  const headers = {
    authorization: `Bearer ${options.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': GITHUB_API_VERSION,
  };

  /** One operation with its retries; every failure leaves as GITHUB_API_FAILED naming it. */
  async function call<T>(operation: string, send: (request: RequestExtras) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send({ headers, request: { signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) } });
      } catch (error) {
        // An answer past the body limit does not shrink on a retry.
        const refused = bodyRefusal(error);
        if (refused !== undefined) {
          throw new RollgateError(
            refused.code,
            redact(`GitHub ${operation} failed: ${refused.message}`, options.token),
            { diagnostics: { ...refused.diagnostics, operation, attempts: attempt }, cause: error },
          );
        }
        if (!isHttpError(error)) throw error;
        // Octokit reports a request that got no answer as status 500 without a response.
        const status = error.response === undefined ? 0 : error.status;
        const decision = retryDecision({ status, headers: error.response?.headers ?? {} }, attempt, policy, Date.now());
        if (decision.retry) {
          await sleep(decision.waitMs);
          continue;
        }
        const answer = status === 0 ? 'no answer' : `HTTP ${status}`;
        throw new RollgateError(
          'GITHUB_API_FAILED',
          redact(`GitHub ${operation} failed: ${answer} (${error.message}); ${decision.reason}`, options.token),
          { diagnostics: { operation, status, attempts: attempt }, cause: error },
        );
      }
    }
  }

  return {
    async createDeployment(input) {
      const response = await call(`create deployment (${input.environment})`, (extras) =>
        octokit.request('POST /repos/{owner}/{repo}/deployments', {
          ...extras,
          owner,
          repo,
          ref: input.ref,
          environment: input.environment,
          description: input.description,
          payload: { ...input.payload },
          production_environment: input.production_environment,
          // Rollgate gates the release on its own evidence (DESIGN 8.2) before it gets here: GitHub
          // must neither merge the default branch into the ref (that would deploy a commit nobody
          // judged) nor hold the deployment on commit statuses (a required context rollgate does not
          // set would block every promotion).
          auto_merge: false,
          required_contexts: [],
        }),
      );
      // 202 is GitHub's "merged the default branch instead": impossible with auto_merge false.
      if (response.status !== 201 || !('id' in response.data)) {
        throw new RollgateError(
          'GITHUB_API_FAILED',
          `GitHub create deployment (${input.environment}) answered ${response.status} without a deployment`,
          { diagnostics: { operation: 'create deployment', status: response.status } },
        );
      }
      return { id: Number(response.data.id) };
    },

    async setStatus(deploymentId, input) {
      await call(`set deployment ${deploymentId} status ${input.state}`, (extras) =>
        octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
          ...extras,
          owner,
          repo,
          deployment_id: deploymentId,
          state: input.state,
          description: cut(input.description, STATUS_DESCRIPTION_MAX),
          ...(input.log_url === undefined ? {} : { log_url: input.log_url }),
          ...(input.environment_url === undefined ? {} : { environment_url: input.environment_url }),
          // A new success makes the environment's earlier successful deployments inactive, so only
          // the release running there stays `success`. GitHub documents this for non-production
          // environments only; production keeps its successes, which listSuccessful returns newest
          // first for rollback to pick from.
          auto_inactive: input.state === 'success',
        }),
      );
    },

    /**
     * The newest `listLimit` deployments of the environment (GitHub lists newest first), each
     * with its newest status (one request each: the list does not carry states). Successful
     * deployments older than those are not seen; with auto_inactive only the last success and
     * those after a failed promotion stay `success`, so the bound is generous.
     */
    async listSuccessful(environment) {
      const deployments: DeploymentRecord[] = [];
      for (let page = 1; deployments.length < listLimit; page++) {
        const perPage = Math.min(PAGE_SIZE, listLimit);
        const response = await call(`list deployments (${environment}) page ${page}`, (extras) =>
          octokit.request('GET /repos/{owner}/{repo}/deployments', {
            ...extras,
            owner,
            repo,
            environment,
            per_page: perPage,
            page,
          }),
        );
        for (const d of response.data.slice(0, listLimit - deployments.length)) {
          deployments.push({
            // int64 in GitHub's description; Octokit parses ids past 2^53 as BigInt, none are yet.
            id: Number(d.id),
            ref: d.ref,
            sha: d.sha,
            environment: d.environment,
            payload: d.payload,
            created_at: d.created_at,
          });
        }
        if (response.data.length < perPage) break;
      }
      const successful: DeploymentRecord[] = [];
      for (const deployment of deployments) {
        const response = await call(`list deployment ${deployment.id} statuses`, (extras) =>
          octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
            ...extras,
            owner,
            repo,
            deployment_id: deployment.id,
            per_page: 1,
          }),
        );
        if (response.data[0]?.state === 'success') successful.push(deployment);
      }
      // Newest first by creation, then by id (ids only grow), whatever order the pages came in.
      return successful.sort((a, b) => compareDesc(a.created_at, b.created_at) || b.id - a.id);
    },

    async createCheckRun(input) {
      const response = await call(`create check run ${input.name}`, (extras) =>
        octokit.request('POST /repos/{owner}/{repo}/check-runs', {
          ...extras,
          owner,
          repo,
          name: input.name,
          head_sha: input.head_sha,
          status: 'completed',
          conclusion: input.conclusion,
          output: { title: input.title, summary: cut(input.summary, CHECK_SUMMARY_MAX) },
          ...(input.details_url === undefined ? {} : { details_url: input.details_url }),
        }),
      );
      return { id: Number(response.data.id) };
    },
  };
}

/** Octokit's RequestError (an HttpError), or the AbortError it passes on with a status set. */
interface HttpError extends Error {
  readonly status: number;
  readonly response?: { readonly headers: Readonly<Record<string, string | number | undefined>> };
}

function isHttpError(error: unknown): error is HttpError {
  return error instanceof Error && typeof (error as Partial<HttpError>).status === 'number';
}

interface RequestExtras {
  readonly headers: Readonly<Record<string, string>>;
  readonly request: { readonly signal: AbortSignal };
}

/** Cuts text to `max` UTF-16 units, marking the cut, without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** GitHub does not echo tokens, but a message that ends up in a public log must never carry one. */
function redact(text: string, token: string): string {
  return text.replaceAll(token, '[REDACTED]');
}
