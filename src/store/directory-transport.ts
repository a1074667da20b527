// A StateTransport over a plain directory (DESIGN 3): the local CLI, tests and the demo pass
// state between "jobs" this way. Each bundle is one file `<dir>/<name>.tar`, written
// atomically and never replaced: the same bytes again are a no-op, other bytes under the same
// name are refused (a name is derived from the state head, so two bundles under one name
// means one of them is not what its name says).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { equalBytes } from '../core/bytes.js';
import { RollgateError } from '../core/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import type { StateTransport } from './state-transport.js';

/** Names are file names: no separators, no leading dot, nothing a shell or a path would reinterpret. */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

function assertName(name: string): string {
  if (typeof name !== 'string') throw new TypeError('state transport: the name must be a string');
  if (!NAME_RE.test(name)) {
    throw new RollgateError('INPUT_INVALID', `state transport: ${JSON.stringify(name)} is not a valid bundle name`, {
      diagnostics: { name },
    });
  }
  return name;
}

async function readBytes(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new RollgateError('FILE_READ_FAILED', `${path}: cannot read (${code ?? String(error)})`, {
      diagnostics: { path },
      cause: error,
    });
  }
}

export function directoryTransport(dir: string): StateTransport {
  const fileOf = (name: string) => join(dir, `${assertName(name)}.tar`);
  return {
    async upload(name, bundleFile) {
      const target = fileOf(name);
      const bytes = await readBytes(bundleFile);
      if (!bytes) throw new RollgateError('FILE_NOT_FOUND', `${bundleFile}: no such state bundle to upload`);
      try {
        await writeFileAtomic(target, bytes, { exclusive: true, mode: 0o444 });
      } catch (error) {
        if (!(error instanceof RollgateError && error.code === 'FILE_EXISTS')) throw error;
        const existing = await readBytes(target);
        if (existing && equalBytes(existing, bytes)) return;
        throw new RollgateError(
          'FILE_EXISTS',
          `state bundle ${name} is already stored in ${dir} with other bytes; it is not replaced`,
          { diagnostics: { name, path: target }, cause: error },
        );
      }
    },
    async download(name, intoDir) {
      const source = fileOf(name);
      const bytes = await readBytes(source);
      if (!bytes) {
        throw new RollgateError('STATE_ARTIFACT_MISSING', `no state bundle named ${name} in ${dir}`, {
          diagnostics: { name, dir },
        });
      }
      const out = join(intoDir, `${name}.tar`);
      await writeFileAtomic(out, bytes);
      return out;
    },
  };
}
