// Step heads (DESIGN 3, 5): each operator step appends its trace records and evidence, and
// writes a head object naming its parent, so a run is a verifiable chain. The head's digest is
// the `state` value an action outputs; steps/<run_id>/<n> records it, created once.
import { readFile } from 'node:fs/promises';
import { equalBytes, toHex } from '../core/bytes.js';
import { decodeCanonical, encodeCanonical, type CborValue } from '../core/cbor.js';
import { formatDigest, isDigestText, parseDigest, sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { sortEvidence, type EvidenceEntry } from '../core/lineage.js';
import { traceHead, traceNextDigest, type TraceRecord } from '../core/trace.js';
import { writeFileAtomic } from './atomic-write.js';
import { assertRunId, stepHeadPath } from './layout.js';
import type { ObjectStore } from './object-store.js';
import {
  decodeStepHead,
  decodeTraceObject,
  decodeTraceSegment,
  HEAD_VERSION,
  SEGMENT_VERSION,
  TRACE_VERSION,
  type StepHead,
  type TraceObject,
  type TraceSegment,
} from './step-head-schema.js';

export interface NewEvidence {
  readonly object_type: string;
  readonly object_id: string;
  readonly bytes: Uint8Array;
}

export interface StepInput {
  readonly run_id: string;
  /** The previous step's head digest; null for the first step of a run. */
  readonly parent: Uint8Array | null;
  readonly operator: string;
  readonly records: readonly TraceRecord[];
  readonly evidence: readonly NewEvidence[];
  /** A new rollout checkpoint value; absent keeps the parent's. */
  readonly checkpoint?: CborValue;
  /**
   * false for the record of a refused attempt: its head is stored (and named to the user) but
   * does not take the step's place in steps/<run>/<n>, so a retry from the same parent can.
   */
  readonly claim?: boolean;
}

export interface StepResult {
  readonly head_hash: Uint8Array;
  readonly head: StepHead;
}

/** What reading a chain needs: the object store, or an in-memory view of a bundle being checked. */
export interface ObjectReader {
  get(digest: Uint8Array): Promise<Uint8Array>;
  getValue(digest: Uint8Array): Promise<CborValue>;
}

export async function loadHead(store: ObjectReader, digest: Uint8Array): Promise<StepHead> {
  return decodeStepHead(await store.getValue(digest), formatDigest(digest));
}

/** Writes the step's objects, then its head, then claims steps/<run>/<n> (create-if-absent). */
export async function appendStep(store: ObjectStore, input: StepInput): Promise<StepResult> {
  assertRunId(input.run_id);
  const parent = input.parent === null ? undefined : await loadHead(store, input.parent);
  if (parent && parent.run_id !== input.run_id) {
    throw new RollgateError('STEP_HEAD_INVALID', `state head belongs to run ${parent.run_id}, not ${input.run_id}`);
  }
  const parentTrace = parent ? decodeTraceObject(await store.getValue(parent.trace)) : undefined;
  const stepIndex = parent ? parent.step_index + 1 : 0;
  let tail = parent ? parent.trace_tail_hash : traceHead();
  // Each record is encoded once: hashed from those bytes and stored as them.
  const encoded = input.records.map((record) => encodeCanonical(record));
  for (const bytes of encoded) tail = traceNextDigest(tail, sha256(bytes));
  const segment: TraceSegment = {
    segment_version: SEGMENT_VERSION,
    run_id: input.run_id,
    step_index: stepIndex,
    records: encoded,
  };
  const segments = [...(parentTrace?.segments ?? []), await store.putValue(segment)];
  const trace = await store.putValue({ trace_version: TRACE_VERSION, run_id: input.run_id, segments });
  const evidenceDigests = await store.putMany(input.evidence.map((item) => item.bytes));
  const evidence: EvidenceEntry[] = [
    ...(parent?.evidence ?? []),
    ...input.evidence.map((item, i) => ({
      object_type: item.object_type,
      object_id: item.object_id,
      digest: evidenceDigests[i]!,
    })),
  ];
  const checkpoint =
    input.checkpoint === undefined ? (parent?.checkpoint ?? null) : await store.putValue(input.checkpoint);
  const head: StepHead = {
    head_version: HEAD_VERSION,
    run_id: input.run_id,
    step_index: stepIndex,
    operator: input.operator,
    parent: input.parent,
    trace,
    trace_tail_hash: tail,
    evidence: sortEvidence(evidence).map((e) => ({
      object_type: e.object_type,
      object_id: e.object_id,
      digest: e.digest,
    })),
    checkpoint,
  };
  const headHash = await store.putValue(head);
  if (input.claim !== false) await claimStep(store, input.run_id, head.step_index, headHash);
  return { head_hash: headHash, head };
}

async function claimStep(store: ObjectStore, runId: string, stepIndex: number, headHash: Uint8Array): Promise<void> {
  const path = stepHeadPath(store.layout, runId, stepIndex);
  try {
    await writeFileAtomic(path, `${formatDigest(headHash)}\n`, { exclusive: true });
  } catch (error) {
    if (!(error instanceof RollgateError && error.code === 'FILE_EXISTS')) throw error;
    const existing = await readStepHead(store, runId, stepIndex);
    // A re-run that produced the very same head is the same step: idempotent.
    if (!existing || !equalBytes(existing, headHash)) {
      throw new RollgateError(
        'COMMIT_CONFLICT',
        `step ${stepIndex} of run ${runId} is already recorded with another head`,
        {
          diagnostics: { run_id: runId, step_index: stepIndex },
        },
      );
    }
  }
}

export async function readStepHead(
  store: ObjectStore,
  runId: string,
  stepIndex: number,
): Promise<Uint8Array | undefined> {
  let text: string;
  try {
    text = (await readFile(stepHeadPath(store.layout, runId, stepIndex), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!isDigestText(text))
    throw new RollgateError('STEP_HEAD_INVALID', `steps/${runId}/${stepIndex} does not hold a digest`);
  return parseDigest(text);
}

/**
 * Verifies the chain ending at a head: every head, trace, record, evidence object and
 * checkpoint present and hashing to its name; step indexes counting down to a first step with
 * no parent; one run; each trace extending its parent's; evidence only ever added.
 * Returns the heads from the first step to the given one. Linear in the size of the objects it
 * reads: each is read (and decoded) once, and each step's evidence is checked against a set of
 * the next head's, not by scanning that head's list once per entry.
 */
export async function verifyChain(store: ObjectReader, headHash: Uint8Array): Promise<StepHead[]> {
  // Collected from the given head back to step 0, then reversed.
  const chain: StepHead[] = [];
  let cursor: Uint8Array | null = headHash;
  while (cursor !== null) {
    const head = await loadHead(store, cursor);
    const child = chain[chain.length - 1];
    if (child && (head.run_id !== child.run_id || head.step_index !== child.step_index - 1)) {
      throw broken(`head ${formatDigest(cursor)} is not the parent step of the next head`);
    }
    chain.push(head);
    cursor = head.parent;
    if (chain.length > 100_000) throw broken('chain is too long');
  }
  chain.reverse();
  if (chain[0]!.step_index !== 0) throw broken('the first head does not start at step 0');
  let tail = traceHead();
  let previousEvidence: readonly EvidenceEntry[] = [];
  let previousKeys: readonly string[] = [];
  let previousTrace: TraceObject | undefined;
  const read = new Set<string>();
  for (const head of chain) {
    const trace = decodeTraceObject(await store.getValue(head.trace));
    if (trace.run_id !== head.run_id || trace.segments.length !== head.step_index + 1) {
      throw broken(`trace of step ${head.step_index} does not hold one segment per step of its run`);
    }
    // The parent's trace was decoded (and checked) on the step before: chain[i - 1] is the parent.
    if (head.step_index > 0 && !previousTrace!.segments.every((d, i) => equalBytes(d, trace.segments[i]!))) {
      throw broken(`trace of step ${head.step_index} rewrites earlier segments`);
    }
    // Each step adds exactly its own segment; earlier segments were folded with earlier heads.
    const segment = decodeTraceSegment(await store.getValue(trace.segments[head.step_index]!));
    if (segment.run_id !== head.run_id || segment.step_index !== head.step_index) {
      throw broken(`trace segment of step ${head.step_index} belongs elsewhere`);
    }
    // Each stored record must be canonical CBOR: its hash is then its ObjectDigest.
    for (const bytes of segment.records) {
      decodeCanonical(bytes);
      tail = traceNextDigest(tail, sha256(bytes));
    }
    if (!equalBytes(tail, head.trace_tail_hash))
      throw broken(`trace_tail_hash of step ${head.step_index} does not recompute`);
    const keys = head.evidence.map(evidenceKey);
    if (previousKeys.length > 0) {
      const kept = new Set(keys);
      previousKeys.forEach((key, i) => {
        if (kept.has(key)) return;
        const entry = previousEvidence[i]!;
        throw broken(`step ${head.step_index} drops or changes evidence ${entry.object_type}/${entry.object_id}`);
      });
    }
    // Each head lists every evidence object of the run so far: an object already read for an
    // earlier head (the same digest, so the same bytes) is not read and hashed again.
    for (const digest of [...head.evidence.map((e) => e.digest), ...(head.checkpoint ? [head.checkpoint] : [])]) {
      const name = toHex(digest);
      if (read.has(name)) continue;
      await store.get(digest);
      read.add(name);
    }
    previousEvidence = head.evidence;
    previousKeys = keys;
    previousTrace = trace;
  }
  return chain;
}

/**
 * One evidence entry as a string that equals another's exactly when type, id and digest are
 * equal: the type's length first, so no type and id can run into each other, and the digest
 * last, at its fixed length. A set of every entry (not a map by type and id) keeps the check
 * the same for a head that lists a type and id twice.
 */
function evidenceKey(entry: EvidenceEntry): string {
  return `${entry.object_type.length}:${entry.object_type}${entry.object_id}${toHex(entry.digest)}`;
}

function broken(message: string): RollgateError {
  return new RollgateError('STATE_CHAIN_BROKEN', message);
}

/**
 * Evidence of this type is another chain's head (a matrix shard the gate judged): the state
 * that depends on it depends on that whole chain too, the way a merge depends on both parents.
 */
export const MERGED_HEAD_EVIDENCE = 'shard_state';

/**
 * Every object a head depends on: the heads of its chain, traces, segments, evidence,
 * checkpoints, and the chains of the shard heads it merged.
 */
export async function reachableFrom(
  store: ObjectReader,
  headHash: Uint8Array,
  reached: Set<string> = new Set(),
): Promise<Set<string>> {
  let cursor: Uint8Array | null = headHash;
  while (cursor !== null && !reached.has(formatDigest(cursor))) {
    reached.add(formatDigest(cursor));
    const head = await loadHead(store, cursor);
    reached.add(formatDigest(head.trace));
    for (const segment of decodeTraceObject(await store.getValue(head.trace)).segments)
      reached.add(formatDigest(segment));
    for (const entry of head.evidence) {
      if (entry.object_type === MERGED_HEAD_EVIDENCE) await reachableFrom(store, entry.digest, reached);
      reached.add(formatDigest(entry.digest));
    }
    if (head.checkpoint) reached.add(formatDigest(head.checkpoint));
    cursor = head.parent;
  }
  return reached;
}

/** How many trace records a run holds up to a head: the next record's logical step `t`. */
export async function traceLength(store: ObjectReader, headHash: Uint8Array): Promise<number> {
  const head = await loadHead(store, headHash);
  let count = 0;
  for (const segment of decodeTraceObject(await store.getValue(head.trace)).segments) {
    count += decodeTraceSegment(await store.getValue(segment)).records.length;
  }
  return count;
}
