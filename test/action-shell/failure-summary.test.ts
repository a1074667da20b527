// A step that fails with an error repeats it in the job summary (reviewers read summaries):
// the code, the message as literal text, and the fix; a bug (not a RollgateError) too.
import { describe, expect, it } from 'vitest';
import { RollgateError } from '../../src/core/errors.js';
import { runAction, type ActionDefinition } from '../../src/action-shell/action-runtime.js';
import type { RunnerPort } from '../../src/action-shell/runner.js';
import { recordingRunner } from '../helpers/recording-runner.js';
import { testHost } from '../helpers/host.js';

function failing(error: Error): ActionDefinition<Record<string, never>> {
  return {
    name: 'probe',
    inputs: [],
    parseInputs: () => ({}),
    run: () => Promise.reject(error),
  };
}

const context = (runner: RunnerPort) => ({ runner, env: {}, now: () => 0, host: testHost() });

describe('the failure summary', () => {
  it('names the code and fix, and fences the message so nothing in it renders', async () => {
    const runner = recordingRunner();
    const message = 'metric "<img src=x onerror=alert(1)>" is unknown\n```\n| a | b |';
    const status = await runAction(failing(new RollgateError('METRICS_INVALID', message)), context(runner));
    expect(status).toBe(1);
    expect(runner.summary).toHaveLength(1);
    const [summary] = runner.summary as [string];
    expect(summary).toMatch(/^## rollgate probe: failed with METRICS_INVALID \(2018\)\n/);
    expect(summary).toContain(`\n\`\`\`\`text\n${message}\n\`\`\`\`\n`);
    expect(summary).toMatch(/\nFix: the metrics source answered something that is not metrics/);
  });

  it('reports a bug as INTERNAL_ERROR, with exit 2', async () => {
    const runner = recordingRunner();
    expect(await runAction(failing(new TypeError('x is undefined')), context(runner))).toBe(2);
    expect(runner.summary.join('')).toMatch(
      /^## rollgate probe: failed with INTERNAL_ERROR \(\d+\)\n\n```text\nx is undefined\n```\n/,
    );
  });

  it("reports the runner's full disk or read-only mount as FILE_WRITE_FAILED, exit 1, not a bug", async () => {
    const runner = recordingRunner();
    // A raw error as node:fs raises it, from a write path that did not code it itself.
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      syscall: 'write',
    });
    expect(await runAction(failing(full), context(runner))).toBe(1);
    expect(runner.summary.join('')).toMatch(/^## rollgate probe: failed with FILE_WRITE_FAILED \(2504\)\n/);
    expect(runner.summary.join('')).toContain('the disk is full');
  });

  it('writes nothing extra when the step succeeds', async () => {
    const runner = recordingRunner();
    const ok: ActionDefinition<Record<string, never>> = {
      ...failing(new Error('unused')),
      run: () => Promise.resolve({ outputs: {}, summary: '## done\n', annotations: [] }),
    };
    expect(await runAction(ok, context(runner))).toBe(0);
    expect(runner.summary).toEqual(['## done\n']);
  });
});
