// The CLI's port to the terminal: one place that writes, so commands stay testable and the
// JSON mode prints exactly one document. A reader that goes away early (`rollgate verify |
// head -1`) closes the pipe: the next write fails with EPIPE, and output then ends quietly,
// like other command-line tools: nothing more is written or printed, and the command finishes
// with the status it would have had. Any other write error of standard output (a full disk
// under a redirection) is reported once on standard error and fails the run.
import { stableJson } from '../core/json-view.js';
import { writeFailed } from '../store/fs-error.js';
import { EXIT_USER, describeError } from './error-boundary.js';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export interface ProcessOutput extends CliOutput {
  /** Whether standard output failed with something other than a closed pipe. */
  readonly failed: () => boolean;
}

export function streamOutput(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): ProcessOutput {
  let failure = false;
  const guarded = (stream: NodeJS.WritableStream, name: string) => {
    let open = true;
    let listening = false;
    return (text: string) => {
      if (!listening) {
        listening = true;
        stream.on('error', (error: NodeJS.ErrnoException) => {
          open = false;
          if (error.code === 'EPIPE' || failure) return;
          failure = true;
          // Standard output lost what the command wrote: say so, and fail (not on stderr itself).
          if (stream !== stderr) {
            errText(describeError(writeFailed(name, error), false));
            if (!process.exitCode) process.exitCode = EXIT_USER;
          }
        });
      }
      if (open) stream.write(text.endsWith('\n') ? text : `${text}\n`);
    };
  };
  const errText = guarded(stderr, 'standard error');
  return { out: guarded(stdout, 'standard output'), err: errText, failed: () => failure };
}

export const processOutput: ProcessOutput = streamOutput(process.stdout, process.stderr);

export function printJson(output: CliOutput, value: unknown): void {
  output.out(stableJson(value));
}
