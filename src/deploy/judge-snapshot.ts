// Judging a frozen snapshot (DESIGN 8.1): the verdict is computed from the stored bytes only,
// read back through the snapshot reader, and twice; two different reports from one snapshot
// are REPLAY_DIVERGENCE. Shared by canary stages and the health re-check after a rollback, so
// both are judged the same way.
import { equalBytes } from '../core/bytes.js';
import { encodeCanonical } from '../core/cbor.js';
import { sha256 } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { evaluateHealthGates, gateReportReader, type GateReport, type GateThresholds } from './health-gates.js';
import { metricsSnapshotReader } from './metrics-snapshot.js';

export interface JudgedSnapshot {
  readonly gate_report: GateReport;
  readonly gate_report_bytes: Uint8Array;
  readonly gate_report_hash: Uint8Array;
}

/** `id` names the stage in messages (the evidence id the snapshot is stored under). */
export function judgeSnapshot(
  snapshotBytes: Uint8Array,
  snapshotHash: Uint8Array,
  thresholds: GateThresholds,
  id: string,
): JudgedSnapshot {
  const judge = () => {
    const snapshot = metricsSnapshotReader.read(snapshotBytes, { object_id: id, digest: snapshotHash });
    return encodeCanonical(evaluateHealthGates(snapshot, snapshotHash, thresholds));
  };
  const bytes = judge();
  if (!equalBytes(bytes, judge()))
    throw new RollgateError('REPLAY_DIVERGENCE', `${id}: judging the snapshot twice gave two reports`);
  const hash = sha256(bytes);
  return {
    gate_report: gateReportReader.read(bytes, { object_id: id, digest: hash }),
    gate_report_bytes: bytes,
    gate_report_hash: hash,
  };
}
