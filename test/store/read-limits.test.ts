// Every file rollgate reads has a size bound (docs/limits.md): over it is a coded error naming
// the file and the fix, decided from the size before the content is read, and a file that
// claims no size (a device, a pipe) is cut at the bound while reading.
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RollgateError } from '../../src/core/errors.js';
import { readFileMetrics } from '../../src/providers/metrics/file-metrics.js';
import { PROMETHEUS_BODY_MAX_BYTES, readPrometheusMetrics } from '../../src/providers/metrics/prometheus-metrics.js';
import type { MetricsRequest } from '../../src/providers/metrics/raw-metrics.js';
import { loadConfigFile } from '../../src/providers/config-file.js';
import { readWorkspaceFile } from '../../src/providers/lockfile-files.js';
import { readPrivateKeyFile } from '../../src/store/key-files.js';
import { READ_LIMITS, readBytesIfPresent, readTextIfPresent } from '../../src/util/read-text.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-limits-'));
/** A sparse file of `size` bytes: no disk used, and the bound must refuse it before reading. */
function sized(name: string, size: number): string {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, size);
  return path;
}

async function refusal(run: () => Promise<unknown>): Promise<RollgateError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof RollgateError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const request: MetricsRequest = {
  evaluation_unix: 1_700_000_000,
  window_seconds: 60,
  timeout_ms: 1_000,
  retries: 2,
  backoff_base_ms: 1,
  env: {},
  sleep: () => Promise.resolve(),
};

describe('the bounded reader', () => {
  it('reads a file at the bound and refuses one byte more, naming the file and the fix', async () => {
    expect((await readBytesIfPresent(sized('at.yml', READ_LIMITS.config), 'config'))?.length).toBe(READ_LIMITS.config);
    const error = await refusal(() => readTextIfPresent(sized('over.yml', READ_LIMITS.config + 1), 'config'));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.message).toBe(
      `${join(dir, 'over.yml')}: ${READ_LIMITS.config + 1} bytes, over the ${READ_LIMITS.config}-byte limit for a config file: check that the path names the right file (docs/limits.md lists the limits)`,
    );
    expect(error.diagnostics).toMatchObject({ limit: READ_LIMITS.config, kind: 'config' });
  });

  it('cuts a file that reports no size (a device) at the bound', async () => {
    const error = await refusal(() => readBytesIfPresent('/dev/zero', 'key'));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.message).toContain(`/dev/zero: more than ${READ_LIMITS.key} bytes`);
  });

  it('absent is undefined; a directory is FILE_READ_FAILED', async () => {
    expect(await readTextIfPresent(join(dir, 'nope'), 'config')).toBeUndefined();
    expect((await refusal(() => readTextIfPresent(dir, 'config'))).code).toBe('FILE_READ_FAILED');
  });
});

describe('each reader applies its bound', () => {
  it.each([
    ['the config', () => loadConfigFile(sized('rollgate.yml', READ_LIMITS.config + 1)), 'INPUT_TOO_LARGE'],
    [
      'a lockfile',
      () => readWorkspaceFile(dir, 'uv.lock'),
      'INPUT_TOO_LARGE',
      () => sized('uv.lock', READ_LIMITS.lockfile + 1),
    ],
    ['a key file', () => readPrivateKeyFile(sized('k.key', READ_LIMITS.key + 1)), 'KEY_FORMAT_INVALID'],
    [
      'a metrics file (not retried: it does not shrink)',
      () => readFileMetrics('metrics.json', dir, request),
      'METRICS_INVALID',
      () => sized('metrics.json', READ_LIMITS.metrics + 1),
    ],
  ] as const)('%s', async (_what, run, code, prepare?: () => unknown) => {
    prepare?.();
    expect((await refusal(run)).code).toBe(code);
  });

  it('a Prometheus answer past its bound is METRICS_INVALID, by header or by stream, not retried', async () => {
    const config = {
      url: 'http://prometheus.test',
      queries: { requests: 'r', errors: 'e', p95_baseline: 'b', p95_canary: 'c' },
    };
    let calls = 0;
    const big = 'x'.repeat(PROMETHEUS_BODY_MAX_BYTES + 1);
    for (const headers of [{ 'content-length': String(big.length) }, {}] as Record<string, string>[]) {
      const fetchImpl = (() => {
        calls++;
        const stream = new Response(big).body!; // streamed: no content-length
        return Promise.resolve(new Response('content-length' in headers ? big : stream, { status: 200, headers }));
      }) as typeof fetch;
      const error = await refusal(() => readPrometheusMetrics(config, request, fetchImpl));
      expect(error.code).toBe('METRICS_INVALID');
      expect(error.message).toContain(`over ${PROMETHEUS_BODY_MAX_BYTES} bytes`);
    }
    expect(calls).toBe(2);
  });
});
