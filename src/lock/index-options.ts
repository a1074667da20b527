// What a lockfile or registry configuration says about where packages are fetched from and how
// (document 004 II.F: an explicit host allowlist only), judged by the policy: an index, registry
// or find-links URL must be https (unless https_only is off) on an allowed host; a local path, a
// file:// URL or a value filled in from the environment cannot be checked, and is a finding; a
// file pulled in with -r/-c must be verified in the same run; a setting that turns off TLS checks
// or allows plain HTTP is a finding while https_only holds, and must name an allowed host when it
// does not; an option the format does not document is a finding, never skipped. Pure.
import { posix } from 'node:path';
import { finding, type LockFinding } from './finding.js';
import type { IndexOption, IndexOptionKind, ParsedLockfile } from './model.js';
import type { LockPolicy } from './policy.js';

export type At = { file: string; line: number; package: string; version: string | null };

/** `${VAR}`, `${VAR:-default}` or `$VAR`: filled in by pip, npm or yarn at install time. */
const ENVIRONMENT_RE = /\$(\{|[A-Za-z_])/;
const URL_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** pip's option names, for index options recorded without a kind. */
const PIP_KINDS: ReadonlyMap<string, IndexOptionKind> = new Map([
  ['index-url', 'index'],
  ['extra-index-url', 'index'],
  ['find-links', 'find-links'],
  ['trusted-host', 'insecure-host'],
  ['requirement', 'include'],
  ['constraint', 'include'],
]);

export function urlProblems(url: string, policy: LockPolicy, at: At, what: string): LockFinding[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [finding('LOCK_HOST_NOT_ALLOWED', 'host', at, `${what} ${url} is not a URL`)];
  }
  const out: LockFinding[] = [];
  if (policy.https_only && parsed.protocol !== 'https:')
    out.push(finding('LOCK_INSECURE_URL', 'https', at, `${what} ${url} is not https`));
  if (!policy.allowed_hosts.includes(parsed.host))
    out.push(finding('LOCK_HOST_NOT_ALLOWED', 'host', at, `${what} host ${parsed.host} is not in allowed_hosts`));
  return out;
}

const unverifiable = (at: At, message: string) => [finding('LOCK_SOURCE_UNVERIFIABLE', 'source', at, message)];
const fromEnvironment = (at: At, what: string, value: string) =>
  unverifiable(
    at,
    `${what} ${value} is filled in from the environment at install time, so lock-verify cannot check it: write it out`,
  );

/** An index, registry or find-links value: an allowed https URL, or a finding. */
export function indexValueProblems(value: string, policy: LockPolicy, at: At, what: string): LockFinding[] {
  if (ENVIRONMENT_RE.test(value)) return fromEnvironment(at, what, value);
  if (/^file:/i.test(value))
    return unverifiable(
      at,
      `${what} ${value} is a local file URL: its packages meet no allowed_hosts check; serve them from an allowed https index`,
    );
  if (URL_RE.test(value)) return urlProblems(value, policy, at, what);
  return unverifiable(
    at,
    `${what} ${value} is a local path, not a URL: its packages meet no allowed_hosts check; serve them from an allowed https index`,
  );
}

/** -r/-c: pip reads the file relative to this one; it counts as checked when this run verifies it. */
function includeProblems(lock: ParsedLockfile, value: string, run: ReadonlySet<string>, at: At, what: string) {
  if (ENVIRONMENT_RE.test(value)) return fromEnvironment(at, what, value);
  if (URL_RE.test(value) || /^(https?|file):/i.test(value))
    return unverifiable(
      at,
      `${what} ${value} is fetched at install time and lock-verify reads no network: commit the file and pass it to lock-verify`,
    );
  const written = value.replace(/\\/g, '/');
  const path = posix.normalize(posix.isAbsolute(written) ? written : posix.join(posix.dirname(lock.path), written));
  return run.has(path)
    ? []
    : unverifiable(at, `${what} ${value} pulls in ${path}, which this run does not verify: pass it to lock-verify too`);
}

/** A host allowed without TLS checks or over HTTP (pip --trusted-host, yarn unsafeHttpWhitelist). */
function insecureHostProblems(value: string, policy: LockPolicy, at: At, what: string): LockFinding[] {
  if (ENVIRONMENT_RE.test(value)) return fromEnvironment(at, what, value);
  if (policy.https_only)
    return [
      finding(
        'LOCK_TRANSPORT_WEAKENED',
        'https',
        at,
        `${what} ${value} lets packages from ${value} come over plain HTTP or without TLS certificate checks`,
      ),
    ];
  return policy.allowed_hosts.includes(value.toLowerCase())
    ? []
    : [finding('LOCK_HOST_NOT_ALLOWED', 'host', at, `${what} ${value} is not in allowed_hosts`)];
}

export function indexOptionProblems(
  lock: ParsedLockfile,
  option: IndexOption,
  policy: LockPolicy,
  run: { readonly paths: ReadonlySet<string> },
): LockFinding[] {
  const kind = option.kind ?? PIP_KINDS.get(option.option);
  const what =
    lock.format === 'requirements.txt' && /^[a-z][a-z-]*$/.test(option.option) ? `--${option.option}` : option.option;
  const at: At = { file: lock.path, line: option.line, package: what, version: null };
  switch (kind) {
    case 'index':
    case 'find-links':
      return indexValueProblems(option.value, policy, at, what);
    case 'include':
      return includeProblems(lock, option.value, run.paths, at, what);
    case 'insecure-host':
      return insecureHostProblems(option.value, policy, at, what);
    case 'insecure-transport':
      if (ENVIRONMENT_RE.test(option.value)) return fromEnvironment(at, what, option.value);
      return policy.https_only
        ? [
            finding(
              'LOCK_TRANSPORT_WEAKENED',
              'https',
              at,
              `${what}: ${option.value} turns off TLS certificate checks for every registry`,
            ),
          ]
        : [];
    case 'environment':
      return unverifiable(
        at,
        `${option.option} is filled in from the environment at install time, so lock-verify cannot tell what it does: write it out`,
      );
    case 'unrecognised':
      return unverifiable(
        at,
        `${what} is not an option the installer documents for this file (pip refuses it): lock-verify cannot tell where it would send the install; remove it`,
      );
    case undefined:
      return [];
  }
}
