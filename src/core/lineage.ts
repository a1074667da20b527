// lineage_root_hash (DESIGN 8.2): a Merkle root over the run's evidence objects sorted by
// (object_type, object_id). Leaves and inner nodes have their own tags, so a leaf can never be
// passed off as a node; an odd last node is promoted unchanged rather than paired with itself,
// so two different evidence lists can never share a root (the duplicated-leaf ambiguity).
import { assertBytes } from './bytes.js';
import { DIGEST_LENGTH, taggedHash } from './digest.js';
import { RollgateError, compareText } from './errors.js';
import { HASH_TAGS } from './hash-tags.js';

export interface EvidenceEntry {
  /** What kind of evidence, e.g. `lock_report`, `sbom`, `gate_report`. */
  readonly object_type: string;
  /** Unique within its type in one run, e.g. a file path or a stage index. */
  readonly object_id: string;
  readonly digest: Uint8Array;
}

export function compareEvidence(a: EvidenceEntry, b: EvidenceEntry): number {
  return compareText(a.object_type, b.object_type) || compareText(a.object_id, b.object_id);
}

/** Sorts entries and refuses a (type, id) listed twice. */
export function sortEvidence(entries: readonly EvidenceEntry[]): EvidenceEntry[] {
  const sorted = [...entries].sort(compareEvidence);
  for (let i = 1; i < sorted.length; i++) {
    if (compareEvidence(sorted[i - 1]!, sorted[i]!) === 0) {
      throw new RollgateError(
        'CONTRACT_VIOLATION',
        `evidence ${sorted[i]!.object_type}/${sorted[i]!.object_id} is listed twice`,
      );
    }
  }
  return sorted;
}

export function lineageRoot(entries: readonly EvidenceEntry[]): Uint8Array {
  let level = sortEvidence(entries).map((e) =>
    taggedHash(
      HASH_TAGS.lineage_leaf_v1,
      e.object_type,
      e.object_id,
      assertBytes(e.digest, DIGEST_LENGTH, 'evidence digest'),
    ),
  );
  if (level.length === 0) return taggedHash(HASH_TAGS.lineage_empty_v1);
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? taggedHash(HASH_TAGS.lineage_node_v1, level[i]!, level[i + 1]!) : level[i]!);
    }
    level = next;
  }
  return level[0]!;
}
