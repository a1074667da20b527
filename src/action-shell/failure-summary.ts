// A step that fails with an error still explains itself where reviewers read: its job summary
// names the code, the message (literal text, whatever it quotes) and the fix, as the
// annotation does.
import { fencedBlock, markdownText } from './untrusted-text.js';

export interface StepFailure {
  readonly action: string;
  readonly code: string;
  readonly numeric_code: number;
  readonly message: string;
  readonly fix?: string;
}

export function failureSummary(failure: StepFailure): string {
  return [
    `## rollgate ${failure.action}: failed with ${failure.code} (${failure.numeric_code})`,
    '',
    fencedBlock(failure.message),
    ...(failure.fix ? [`Fix: ${markdownText(failure.fix)}`, ''] : []),
  ].join('\n');
}
