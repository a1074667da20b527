// Bounded retries with exponential backoff for a metrics source. A source that still fails
// after its retries fails the stage closed (METRICS_PROVIDER_FAILED); an answer that is not
// metrics (METRICS_INVALID) is not retried, as asking again gives the same answer.
import { RollgateError } from '../../core/errors.js';
import type { MetricsRequest } from './raw-metrics.js';

export async function withRetries<T>(
  request: Pick<MetricsRequest, 'retries' | 'backoff_base_ms' | 'sleep'>,
  source: string,
  attempt: (n: number) => Promise<T>,
): Promise<{ value: T; attempts: number }> {
  const failures: string[] = [];
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(n), attempts: n };
    } catch (error) {
      if (error instanceof RollgateError && error.code === 'METRICS_INVALID') throw error;
      failures.push(`attempt ${n}: ${error instanceof Error ? error.message : String(error)}`);
      if (n > request.retries) {
        throw new RollgateError(
          'METRICS_PROVIDER_FAILED',
          `${source}: no metrics after ${n} attempt(s); the stage fails closed\n  ${failures.join('\n  ')}`,
        );
      }
      await request.sleep(request.backoff_base_ms * 2 ** Math.min(n - 1, 10));
    }
  }
}
