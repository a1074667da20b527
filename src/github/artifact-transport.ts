// A StateTransport over the run's GitHub artifacts (DESIGN 3, 9), on @actions/artifact. Only
// actions that pass state load this module, with `await import()`, so the others never load
// the artifact client. A bundle travels as the artifact `<name>` holding one file,
// `<name>.tar`. Nothing here is trusted for integrity: the caller imports the bundle, which
// verifies every object against the head it was given. The artifact digest recorded at upload
// is still checked on download, so a blob changed in storage fails early with a clear message.
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  ArtifactNotFoundError,
  DefaultArtifactClient,
  type ArtifactClient,
  type UploadArtifactOptions,
} from '@actions/artifact';
import { equalBytes } from '../core/bytes.js';
import { RollgateError } from '../core/errors.js';
import type { StateTransport } from '../store/state-transport.js';

export interface ArtifactTransportOptions {
  /** Days GitHub keeps the artifact; the repository's maximum applies. Absent: its default. */
  readonly retentionDays?: number;
  /** The artifact client; the default talks to the current run's results service. */
  readonly client?: Pick<ArtifactClient, 'uploadArtifact' | 'getArtifact' | 'downloadArtifact'>;
}

function apiFailed(what: string, name: string, error: unknown): RollgateError {
  const reason = error instanceof Error ? error.message : String(error);
  return new RollgateError('GITHUB_API_FAILED', `${what} of state artifact ${name} failed: ${reason}`, {
    diagnostics: { name },
    cause: error,
  });
}

function isNotFound(error: unknown): boolean {
  return error instanceof ArtifactNotFoundError || (error instanceof Error && error.name === 'ArtifactNotFoundError');
}

export function githubArtifactTransport(options: ArtifactTransportOptions = {}): StateTransport {
  const client = options.client ?? new DefaultArtifactClient();

  /** The artifact's id and recorded digest, or undefined when the run has none by that name. */
  async function find(name: string): Promise<{ id: number; digest?: string } | undefined> {
    try {
      const { artifact } = await client.getArtifact(name);
      return { id: artifact.id, ...(artifact.digest ? { digest: artifact.digest } : {}) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw apiFailed('lookup', name, error);
    }
  }

  async function fetchInto(name: string, found: { id: number; digest?: string }, intoDir: string): Promise<string> {
    // A fresh directory, so the artifact's entries are exactly what is in it afterwards.
    const dir = await mkdtemp(join(intoDir, 'artifact-'));
    let mismatch: boolean;
    try {
      const result = await client.downloadArtifact(found.id, {
        path: dir,
        ...(found.digest ? { expectedHash: found.digest } : {}),
      });
      mismatch = result.digestMismatch === true;
    } catch (error) {
      throw apiFailed('download', name, error);
    }
    if (mismatch) {
      throw new RollgateError(
        'BUNDLE_INVALID',
        `state artifact ${name}: its bytes do not match the digest ${found.digest} recorded when it was uploaded`,
        { diagnostics: { name, expected_digest: found.digest ?? null } },
      );
    }
    const entries = (await readdir(dir)).sort();
    const expected = `${name}.tar`;
    if (entries.length !== 1 || entries[0] !== expected) {
      throw new RollgateError(
        'BUNDLE_INVALID',
        `state artifact ${name}: expected exactly one file ${expected}, found ${JSON.stringify(entries)}`,
        { diagnostics: { name } },
      );
    }
    return join(dir, expected);
  }

  return {
    async upload(name, bundleFile) {
      // Stage the bundle as <name>.tar alone in a directory: that is the artifact's only entry.
      const stage = await mkdtemp(join(dirname(bundleFile), '.rollgate-artifact-'));
      try {
        const staged = join(stage, `${name}.tar`);
        await copyFile(bundleFile, staged);
        const uploadOptions: UploadArtifactOptions =
          options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays };
        try {
          await client.uploadArtifact(name, [staged], stage, uploadOptions);
          return;
        } catch (error) {
          // Artifacts are immutable: a second upload under the name is refused by GitHub. The
          // same bytes already stored (a re-run of the same step) are fine; other bytes are not.
          const found = await find(name);
          if (!found) throw apiFailed('upload', name, error);
          const existing = await readFile(await fetchInto(name, found, stage));
          if (equalBytes(existing, await readFile(bundleFile))) return;
          throw new RollgateError(
            'FILE_EXISTS',
            `state artifact ${name} already exists in this run with other bytes; it is not replaced`,
            { diagnostics: { name }, cause: error },
          );
        }
      } finally {
        await rm(stage, { recursive: true, force: true });
      }
    },

    async download(name, intoDir) {
      const found = await find(name);
      if (!found) {
        throw new RollgateError('STATE_ARTIFACT_MISSING', `this run has no artifact named ${name}`, {
          diagnostics: { name },
        });
      }
      return fetchInto(name, found, intoDir);
    },
  };
}
