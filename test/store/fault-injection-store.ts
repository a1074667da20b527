// The fault-injection suite's view of a state store on disk: every file and directory of it,
// each with the kind of thing the layout (DESIGN 5) says it is; a deterministic sample per
// kind; the damages done to one of them; and snapshots (type, size, SHA-256 of the bytes) to
// compare before and after the commands ran. Reads with lstat and never opens anything that is
// not a regular file, so a FIFO or a link to /dev/zero left by a damage cannot hang it.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { decodeCanonical } from '../../src/core/cbor.js';

export interface StoreEntry {
  /** Path relative to the state directory, '/'-separated; '.' is the state directory itself. */
  readonly rel: string;
  readonly dir: boolean;
  /** A file's bytes; a directory's entries. */
  readonly size: number;
  readonly kind: string;
}

export interface Facts {
  /** Runs with a COMMITTED pointer. */
  readonly committedRuns: ReadonlySet<string>;
  /** sha256:<hex> of each certificate a pointer names. */
  readonly certificates: ReadonlySet<string>;
}

const OBJECT_RE = /^objects\/sha256\/[0-9a-f]{2}\/[0-9a-f]{62}$/;

/** Orders names with their digits as numbers: steps/run/2 before steps/run/10. */
export function compareNatural(a: string, b: string): number {
  const split = (s: string) => s.split(/(\d+)/).map((p, i) => (i % 2 ? Number(p) : p));
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    return String(p) < String(q) ? -1 : 1;
  }
  return x.length - y.length;
}

/** The role of an object, from its decoded bytes. */
function objectRole(bytes: Uint8Array, digest: string, facts: Facts): string {
  if (facts.certificates.has(digest)) return 'certificate';
  try {
    const value = decodeCanonical(bytes) as Record<string, unknown> | null;
    if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)) {
      if ('head_version' in value) return 'step head';
      if ('trace_version' in value) return 'trace';
      if ('segment_version' in value) return 'trace segment';
    }
  } catch {
    // not canonical CBOR: evidence as its writer encoded it (JSON reports, the SBOM)
  }
  return 'evidence or checkpoint';
}

/**
 * The kind of a path of the store: what the layout says it is, split where members differ in
 * what reads them (objects by role, step heads by whether their run is committed). A path the
 * layout does not know is 'unclassified', which the suite refuses: a new kind of file must be
 * named here to be damaged.
 */
export function kindOf(rel: string, dir: boolean, root: string, facts: Facts): string {
  const parts = rel.split('/');
  const run = (id: string) => (facts.committedRuns.has(id) ? 'committed run' : 'uncommitted run');
  if (rel === '.') return 'dir: the state directory';
  if (dir) {
    if (rel === 'objects' || rel === 'objects/sha256') return `dir: ${rel}`;
    if (/^objects\/sha256\/[0-9a-f]{2}$/.test(rel)) return 'dir: objects/sha256/<2 hex>';
    if (['wal', 'commits', 'steps', 'gc', 'wasm-artifacts', 'reports'].includes(rel)) return `dir: ${rel}`;
    if (/^wal\/[^/]+\.lock\.d$/.test(rel)) return 'dir: wal/<run>.lock.d';
    if (parts.length === 2 && (parts[0] === 'commits' || parts[0] === 'steps'))
      return `dir: ${parts[0]}/<${run(parts[1]!)}>`;
    if (parts.length === 2 && parts[0] === 'wasm-artifacts') return 'dir: wasm-artifacts/<blueprint>';
    return 'unclassified';
  }
  if (OBJECT_RE.test(rel)) {
    const digest = `sha256:${parts[2]}${parts[3]}`;
    return `object: ${objectRole(readFileSync(join(root, rel)), digest, facts)}`;
  }
  if (/^wal\/[^/]+\.wal$/.test(rel)) return 'wal/<run>.wal';
  if (/^wal\/[^/]+\.lock\.d\/\d{6,}$/.test(rel)) return 'wal/<run>.lock.d/<generation>';
  if (/^wal\/[^/]+\.lock\.d\/\d{6,}\.released$/.test(rel)) return 'wal/<run>.lock.d/<generation>.released';
  if (/^wal\/[^/]+\.lock$/.test(rel)) return 'wal/<run>.lock (legacy)';
  if (parts.length === 3 && parts[0] === 'commits' && parts[2] === 'COMMITTED')
    return `commits/<${run(parts[1]!)}>/COMMITTED`;
  if (parts.length === 3 && parts[0] === 'steps' && /^\d+$/.test(parts[2]!)) return `steps/<${run(parts[1]!)}>/<n>`;
  if (['state.json', 'runtime-events.jsonl', 'gc/log.jsonl', 'gc/pins.json'].includes(rel)) return rel;
  if (parts.length === 3 && parts[0] === 'wasm-artifacts')
    return rel.endsWith('.wasm')
      ? 'wasm-artifacts/<blueprint>/<sha>.wasm'
      : 'wasm-artifacts/<blueprint>/<sha>.manifest';
  // Not the store's own: lock-verify keeps its report and SBOM beside it. Damaged too.
  if (parts.length === 2 && parts[0] === 'reports') return 'reports/<file> (beside the store)';
  return 'unclassified';
}

/** Every file and directory under root (root itself as '.'), sorted naturally. */
export function walkStore(root: string, facts: Facts): StoreEntry[] {
  const entries: StoreEntry[] = [
    { rel: '.', dir: true, size: readdirSync(root).length, kind: kindOf('.', true, root, facts) },
  ];
  const walk = (dir: string, prefix: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const rel = `${prefix}${d.name}`;
      const path = join(dir, d.name);
      const stats = lstatSync(path);
      entries.push({
        rel,
        dir: stats.isDirectory(),
        size: stats.isDirectory() ? readdirSync(path).length : stats.size,
        kind: kindOf(rel, stats.isDirectory(), root, facts),
      });
      if (stats.isDirectory()) walk(path, `${rel}/`);
    }
  };
  walk(root, '');
  return entries.sort((a, b) => (a.rel === '.' ? -1 : b.rel === '.' ? 1 : compareNatural(a.rel, b.rel)));
}

/**
 * Which members of each kind are damaged, and how. The default takes the first, middle and last
 * member and spreads the kind's damages over them in turn, so each damage is done once per kind
 * (and each of the three members gets some); a count takes that many members, spread evenly, and
 * `all` every member, each getting every damage.
 */
export type Sampling = { readonly members: number | 'all'; readonly spread: boolean };

export function parseSampling(text: string | undefined): Sampling {
  if (text === undefined || text === '') return { members: 3, spread: true };
  if (text === 'all') return { members: 'all', spread: false };
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`ROLLGATE_FAULT_SAMPLES must be "all" or a count, not ${text}`);
  return { members: n, spread: false };
}

export function describeSampling(s: Sampling): string {
  if (s.members === 'all') return 'every member of each kind, every damage';
  return s.spread
    ? `first, middle and last member of each kind, each damage once per kind`
    : `${s.members} member(s) of each kind, every damage`;
}

export function sampleByKind(entries: readonly StoreEntry[], sampling: Sampling): Map<string, StoreEntry[]> {
  const byKind = new Map<string, StoreEntry[]>();
  for (const e of entries) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
  const sampled = new Map<string, StoreEntry[]>();
  for (const [kind, members] of [...byKind].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const n = sampling.members === 'all' ? members.length : Math.min(sampling.members, members.length);
    const picks = new Set<number>();
    for (let i = 0; i < n; i++) picks.add(n === 1 ? 0 : Math.round((i * (members.length - 1)) / (n - 1)));
    sampled.set(
      kind,
      [...picks].sort((a, b) => a - b).map((i) => members[i]!),
    );
  }
  return sampled;
}

/** The damages of a kind's sample: every damage to each member, or (spread) each once, in turn. */
export function damagesOf(
  members: readonly StoreEntry[],
  spread: boolean,
): Array<{ readonly entry: StoreEntry; readonly mutation: Mutation }> {
  if (!spread) return members.flatMap((entry) => mutationsFor(entry).map((mutation) => ({ entry, mutation })));
  const slots = [...new Set(members.flatMap((e) => mutationsFor(e).map(slotOf)))];
  return slots.flatMap((slot, i) => {
    // The i-th damage goes to the (i mod n)-th member, or the next one it applies to.
    for (let k = 0; k < members.length; k++) {
      const entry = members[(i + k) % members.length]!;
      const mutation = mutationsFor(entry).find((m) => slotOf(m) === slot);
      if (mutation) return [{ entry, mutation }];
    }
    return [];
  });
}

/** A damage without the offsets or sizes of one file: `flip first`, `truncate to half`, `a FIFO`. */
export function slotOf(m: Mutation): string {
  if (m.type === 'flip') return `flip ${m.at}`;
  if (m.type === 'truncate') return `truncate to ${m.to}`;
  return m.type;
}

export type Mutation =
  | { readonly type: 'flip'; readonly at: 'first' | 'middle' | 'last'; readonly offset: number }
  | { readonly type: 'delete' }
  | { readonly type: 'truncate'; readonly to: 'empty' | 'half'; readonly size: number }
  | { readonly type: 'append garbage' }
  | { readonly type: 'a directory' }
  | { readonly type: 'a file' }
  | { readonly type: 'a symbolic link to /dev/zero' }
  | { readonly type: 'a FIFO' };

export function describeMutation(m: Mutation): string {
  if (m.type === 'flip') return `flip the ${m.at} byte (offset ${m.offset})`;
  if (m.type === 'truncate') return `truncate to ${m.to === 'empty' ? '0 bytes' : `half (${m.size} bytes)`}`;
  return m.type === 'delete' || m.type === 'append garbage' ? m.type : `replace by ${m.type}`;
}

/** Every damage that changes this entry (a flip needs a byte, a cut to half needs two). */
export function mutationsFor(entry: StoreEntry): Mutation[] {
  const retype: Mutation[] = [{ type: 'a symbolic link to /dev/zero' }, { type: 'a FIFO' }];
  if (entry.dir) return [{ type: 'delete' }, { type: 'a file' }, ...retype];
  const flips: Mutation[] = [];
  const offsets = new Set<number>();
  for (const [at, offset] of [
    ['first', 0],
    ['middle', entry.size >> 1],
    ['last', entry.size - 1],
  ] as const) {
    if (entry.size === 0 || offsets.has(offset)) continue;
    offsets.add(offset);
    flips.push({ type: 'flip', at, offset });
  }
  return [
    ...flips,
    { type: 'delete' },
    ...(entry.size > 0 ? [{ type: 'truncate', to: 'empty', size: 0 } as const] : []),
    ...(entry.size > 1 ? [{ type: 'truncate', to: 'half', size: entry.size >> 1 } as const] : []),
    { type: 'append garbage' },
    { type: 'a directory' },
    ...retype,
  ];
}

export const GARBAGE = Buffer.from('\u0000rollgate fault injection\u00ff', 'latin1');

/** Does the damage, keeping a file's mode (objects and pointers are stored read-only). */
export function applyMutation(path: string, m: Mutation): void {
  const rewrite = (change: (bytes: Buffer) => Buffer) => {
    const mode = lstatSync(path).mode & 0o777;
    const bytes = change(readFileSync(path));
    chmodSync(path, 0o644);
    writeFileSync(path, bytes);
    chmodSync(path, mode);
  };
  switch (m.type) {
    case 'flip':
      return rewrite((b) => {
        b[m.offset] = b[m.offset]! ^ 0x01;
        return b;
      });
    case 'truncate':
      return rewrite((b) => b.subarray(0, m.size));
    case 'append garbage':
      return rewrite((b) => Buffer.concat([b, GARBAGE]));
    case 'delete':
      return rmSync(path, { recursive: true, force: true });
    case 'a directory':
      rmSync(path, { force: true });
      return mkdirSync(path);
    case 'a file':
      rmSync(path, { recursive: true, force: true });
      return writeFileSync(path, 'not a directory\n');
    case 'a symbolic link to /dev/zero':
      rmSync(path, { recursive: true, force: true });
      return symlinkSync('/dev/zero', path);
    case 'a FIFO':
      rmSync(path, { recursive: true, force: true });
      return void execFileSync('mkfifo', [path]);
  }
}

/** What is at a path: its type, and for a file its size and hash, for a link its target. */
export type Shape =
  | { readonly type: 'absent' | 'dir' | 'fifo' | 'other' }
  | { readonly type: 'file'; readonly size: number; readonly sha256: string }
  | { readonly type: 'link'; readonly target: string };

export function shapeOf(path: string): Shape {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    return { type: 'absent' };
  }
  if (stats.isDirectory()) return { type: 'dir' };
  if (stats.isSymbolicLink()) return { type: 'link', target: readlinkSync(path) };
  if (stats.isFIFO()) return { type: 'fifo' };
  if (!stats.isFile()) return { type: 'other' };
  const bytes = readFileSync(path);
  return { type: 'file', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export const sameShape = (a: Shape, b: Shape): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Every path under root (not root itself) with its shape; links are not followed. */
export function snapshot(root: string): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  const walk = (dir: string, prefix: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const rel = `${prefix}${name}`;
      const shape = shapeOf(join(dir, name));
      shapes.set(rel, shape);
      if (shape.type === 'dir') walk(join(dir, name), `${rel}/`);
    }
  };
  walk(root, '');
  return shapes;
}
