// A RunnerPort that keeps what an action wrote (annotations, summary), for tests of the action
// runtime without a runner's files.
import type { Annotation, RunnerPort } from '../../src/action-shell/runner.js';

export interface RecordingRunner extends RunnerPort {
  readonly annotations: Annotation[];
  readonly summary: string[];
}

export function recordingRunner(): RecordingRunner {
  const annotations: Annotation[] = [];
  const summary: string[] = [];
  return {
    annotations,
    summary,
    input: () => undefined,
    mask: () => undefined,
    setOutput: () => undefined,
    appendSummary: (text) => void summary.push(text),
    annotate: (a) => void annotations.push(a),
    info: () => undefined,
    debug: () => undefined,
  };
}
