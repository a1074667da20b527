// A real Azure Blob Storage emulator for artifact tests: Azurite's blob service on 127.0.0.1,
// an ephemeral port and a temporary location, with the emulator's published development
// account. Stopped by the test that started it (SIGTERM to its own pid, then SIGKILL), or by
// itself when the test process goes away.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

/** Azurite's well-known development account (documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const LISTENING_RE = /successfully listens on (http:\/\/127\.0\.0\.1:\d+)/;

export interface AzuriteBlob {
  /** http://127.0.0.1:<port>/devstoreaccount1 */
  readonly accountUrl: string;
  readonly credential: StorageSharedKeyCredential;
  /** A client with the account key: what the test (and the results stub) use directly. */
  readonly service: BlobServiceClient;
  stop(): Promise<void>;
}

export async function startAzuriteBlob(): Promise<AzuriteBlob> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const location = await mkdtemp(join(tmpdir(), 'rollgate-azurite-'));
  // Azurite runs in a small wrapper that stops it when our end of its stdin closes, so a test
  // process that dies without its afterAll does not leave the emulator running.
  const wrapper = [
    "process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));",
    'process.stdin.resume();',
    `process.argv.splice(1, 0, ${JSON.stringify(main)});`,
    `require(${JSON.stringify(main)});`,
  ].join(' ');
  const child = spawn(
    process.execPath,
    [
      '-e',
      wrapper,
      '--',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--location',
      location,
      '--skipApiVersionCheck',
      '--loose',
      '--disableProductStyleUrl',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const stop = async () => {
    await stopChild(child);
    await rm(location, { recursive: true, force: true });
  };
  let base: string;
  try {
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`not listening within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const onData = () => {
        const match = LISTENING_RE.exec(output);
        if (match) done(undefined, match[1]);
      };
      const onExit = (code: number | null, signal: string | null) => done(new Error(`exited (${code ?? signal})`));
      const onError = (error: Error) => done(error);
      function done(error: Error | undefined, url?: string) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        child.off('error', onError);
        if (error) reject(error);
        else resolve(url!);
      }
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
      child.once('error', onError);
    });
  } catch (error) {
    await stop();
    throw new Error(`azurite blob service did not start: ${(error as Error).message}\n${output}`, { cause: error });
  }
  const accountUrl = `${base}/${AZURITE_ACCOUNT}`;
  const credential = new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY);
  return { accountUrl, credential, service: new BlobServiceClient(accountUrl, credential), stop };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
