// The trace of a state as people read it (DESIGN 4.4: stored as canonical CBOR, mirrored as
// JSONL): one JSON line per record, in order, digests as `sha256:…`, keys sorted.
import { decodeCanonical } from '../core/cbor.js';
import { toJsonView } from '../core/json-view.js';
import { decodeTraceObject, decodeTraceSegment } from './step-head-schema.js';
import { loadHead, type ObjectReader } from './step-heads.js';

export async function traceJsonl(store: ObjectReader, head: Uint8Array): Promise<string> {
  const trace = decodeTraceObject(await store.getValue((await loadHead(store, head)).trace));
  const lines: string[] = [];
  for (const digest of trace.segments) {
    for (const record of decodeTraceSegment(await store.getValue(digest)).records)
      lines.push(JSON.stringify(toJsonView(decodeCanonical(record))));
  }
  return lines.map((l) => `${l}\n`).join('');
}
