// UML_OS.DepLock.EvaluateUpgradeRequest_v1 (document 004, DESIGN 6): compares a base lock with
// the proposal and lists every change (added, removed, upgraded, downgraded, source changed,
// hash changed at the same version), classified major/minor/patch/prerelease, with a risk class
// and allowed/disallowed per the policy. Pure.
import { compareText } from '../core/errors.js';
import { finding, sortFindings, type LockFinding } from './finding.js';
import type { LockEntry, LockSource, ParsedLockfile } from './model.js';
import type { LockPolicy, UpgradeChange } from './policy.js';
import { sortVersions, versionDelta } from './version-compare.js';

export const UPGRADE_OPERATOR = 'UML_OS.DepLock.EvaluateUpgradeRequest_v1';

export const RISKS = ['low', 'medium', 'high', 'critical'] as const;
export type Risk = (typeof RISKS)[number];

const RISK: Readonly<Record<UpgradeChange, Risk>> = {
  removed: 'low',
  patch: 'low',
  added: 'medium',
  minor: 'medium',
  major: 'high',
  prerelease: 'high',
  downgrade: 'high',
  source_changed: 'critical',
  hash_changed: 'critical',
};

export interface UpgradeChangeRecord {
  readonly package: string;
  readonly change: UpgradeChange;
  readonly from: string | null;
  readonly to: string | null;
  readonly risk: Risk;
  readonly allowed: boolean;
  readonly line: number;
  readonly detail: string;
}

export interface UpgradeReport {
  readonly base: string;
  readonly proposal: string;
  readonly changes: readonly UpgradeChangeRecord[];
  readonly allowed: boolean;
  readonly findings: readonly LockFinding[];
}

function sourceKey(source: LockSource): string {
  return [source.kind, source.url ?? '', source.commit ?? '', source.path ?? '', source.digest ?? ''].join('|');
}

function hashSet(entry: LockEntry): Set<string> {
  return new Set(entry.artifacts.flatMap((a) => a.hashes.map((h) => `${h.algorithm}:${h.hex}`)));
}

function byName(lock: ParsedLockfile): Map<string, LockEntry[]> {
  const map = new Map<string, LockEntry[]>();
  for (const entry of lock.entries) map.set(entry.name, [...(map.get(entry.name) ?? []), entry]);
  return map;
}

/** A registry URL's origin: moving between mirrors of one host is not a source change. */
function sameSource(a: LockEntry, b: LockEntry): boolean {
  if (a.source.kind === 'registry' && b.source.kind === 'registry') {
    const origin = (s: LockSource) => (s.url ? new URL(s.url).host : '');
    try {
      return origin(a.source) === origin(b.source);
    } catch {
      return a.source.url === b.source.url;
    }
  }
  return sourceKey(a.source) === sourceKey(b.source);
}

export function evaluateUpgrade(base: ParsedLockfile, proposal: ParsedLockfile, policy: LockPolicy): UpgradeReport {
  const changes: UpgradeChangeRecord[] = [];
  const record = (
    pkg: string,
    change: UpgradeChange,
    from: LockEntry | undefined,
    to: LockEntry | undefined,
    detail: string,
  ) =>
    changes.push({
      package: pkg,
      change,
      from: from?.version ?? null,
      to: to?.version ?? null,
      risk: RISK[change],
      allowed: policy.upgrades[change],
      line: (to ?? from)?.line ?? 0,
      detail,
    });
  const before = byName(base);
  const after = byName(proposal);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
  for (const name of names) {
    const old = before.get(name) ?? [];
    const now = after.get(name) ?? [];
    const oldVersions = new Map(old.map((e) => [e.version ?? '', e]));
    const newVersions = new Map(now.map((e) => [e.version ?? '', e]));
    // Versions present on both sides: the same version must keep its source and its hashes.
    for (const [version, entry] of newVersions) {
      const prior = oldVersions.get(version);
      if (!prior) continue;
      if (!sameSource(prior, entry))
        record(
          name,
          'source_changed',
          prior,
          entry,
          `source ${prior.source.kind} ${prior.source.url ?? prior.source.path ?? ''} → ${entry.source.kind} ${entry.source.url ?? entry.source.path ?? ''}`,
        );
      const removed = [...hashSet(prior)].filter((h) => !hashSet(entry).has(h));
      if (removed.length > 0)
        record(
          name,
          'hash_changed',
          prior,
          entry,
          `${removed.length} locked hash(es) of ${version || 'this entry'} were removed or replaced`,
        );
    }
    // Versions only on one side pair up in order (an upgrade per pair); the rest are added or removed.
    const gone = sortVersions(
      proposal.ecosystem,
      [...oldVersions.keys()].filter((v) => !newVersions.has(v)),
    );
    const came = sortVersions(
      proposal.ecosystem,
      [...newVersions.keys()].filter((v) => !oldVersions.has(v)),
    );
    const pairs = Math.min(gone.length, came.length);
    for (let i = 0; i < pairs; i++) {
      const from = oldVersions.get(gone[i]!)!;
      const to = newVersions.get(came[i]!)!;
      const delta = versionDelta(proposal.ecosystem, gone[i]!, came[i]!);
      const change: UpgradeChange = delta === 'same' || delta === 'unknown' ? 'major' : delta;
      record(
        name,
        change,
        from,
        to,
        delta === 'unknown'
          ? `${gone[i]} → ${came[i]} (versions not comparable: treated as major)`
          : `${gone[i]} → ${came[i]}`,
      );
      if (!sameSource(from, to))
        record(name, 'source_changed', from, to, `source ${from.source.kind} → ${to.source.kind}`);
    }
    for (const v of gone.slice(pairs))
      record(name, 'removed', oldVersions.get(v), undefined, `${v || 'unversioned'} removed`);
    for (const v of came.slice(pairs))
      record(name, 'added', undefined, newVersions.get(v), `${v || 'unversioned'} added`);
  }
  changes.sort(
    (a, b) =>
      compareText(a.package, b.package) ||
      compareText(a.change, b.change) ||
      compareText(a.from ?? '', b.from ?? '') ||
      compareText(a.to ?? '', b.to ?? ''),
  );
  const findings = changes
    .filter((c) => !c.allowed)
    .map((c) =>
      finding(
        c.change === 'hash_changed' ? 'UPGRADE_HASH_CHANGED' : 'UPGRADE_DISALLOWED',
        'upgrade',
        { file: proposal.path, line: c.line, package: c.package, version: c.to },
        `${c.change} (${c.risk} risk): ${c.detail}`,
      ),
    );
  return {
    base: base.path,
    proposal: proposal.path,
    changes,
    allowed: findings.length === 0,
    findings: sortFindings(findings),
  };
}
