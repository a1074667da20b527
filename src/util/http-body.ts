// An HTTP answer's body read within a byte limit (docs/limits.md): checked against
// content-length first, then counted while streaming, so a server that sends more than it
// declares (or declares nothing) is stopped at the limit too. The caller says what a refusal is.
import type { RollgateError } from '../core/errors.js';

export async function readBodyWithin(
  response: Response,
  max: number,
  refuse: () => RollgateError,
): Promise<Uint8Array> {
  if (Number(response.headers.get('content-length') ?? 0) > max) {
    await response.body?.cancel();
    throw refuse();
  }
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw refuse();
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}
