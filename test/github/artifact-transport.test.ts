// The GitHub artifact transport through the real @actions/artifact code path: the library
// zips and uploads to a real blob server (Azurite) through SAS URLs handed out by a stub of
// the results service that checks every request against the package's own protobuf types.
// A state published by one store is received by another and verifies; a blob changed in
// storage, a forged digest and a valid bundle of another run under this name are refused with
// the receiving store untouched; a name nobody published is STATE_ARTIFACT_MISSING.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { formatDigest, sha256 } from '../../src/core/digest.js';
import { githubArtifactTransport } from '../../src/github/artifact-transport.js';
import { exportBundle } from '../../src/store/bundle.js';
import type { ObjectStore } from '../../src/store/object-store.js';
import { publishState, receiveState, stateArtifactName } from '../../src/store/state-exchange.js';
import { verifyChain } from '../../src/store/step-heads.js';
import { startAzuriteBlob, type AzuriteBlob } from '../helpers/azurite.js';
import { buildRun, tempStore } from '../store/fixtures.js';
import { startResultsService, type ResultsServiceStub } from './results-service-stub.js';

const RUN_BACKEND_ID = 'c2a0f7a4-9d1e-4e55-8c51-0d6f3b7d2a11';
const JOB_BACKEND_ID = '5b8e1f0c-7a3d-5e2b-9c4f-1a2b3c4d5e6f';
const ENV_KEYS = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_WORKSPACE',
  'GITHUB_SERVER_URL',
  'GITHUB_RETENTION_DAYS',
  'ACTIONS_ARTIFACT_UPLOAD_CONCURRENCY',
  'ACTIONS_ARTIFACT_MAX_ARTIFACT_COUNT',
] as const;

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), `rollgate-${prefix}-`));
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A well-formed, unsigned JWT carrying the Actions.Results scope the library parses. */
function runtimeToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    scp: `Actions.ExampleScope Actions.Results:${RUN_BACKEND_ID}:${JOB_BACKEND_ID}`,
    iat: now,
    exp: now + 3600,
  };
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
}

function listTree(dir: string): Array<[string, string]> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((d): [string, string] => {
      const path = join(d.parentPath, d.name);
      return [path, d.isFile() ? toHex(sha256(readFileSync(path))) : 'dir'];
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

let azurite: AzuriteBlob;
let stub: ResultsServiceStub;
const savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
/** What @actions/core wrote (logs, ::debug::, ::add-mask::), kept off the test output. */
const written: string[] = [];
const realWrite = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  for (const key of ENV_KEYS) if (process.env[key] !== undefined) savedEnv[key] = process.env[key];
  azurite = await startAzuriteBlob();
  const token = runtimeToken();
  stub = await startResultsService({ azurite, token, runBackendId: RUN_BACKEND_ID, jobBackendId: JOB_BACKEND_ID });
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.ACTIONS_RUNTIME_TOKEN = token;
  process.env.ACTIONS_RESULTS_URL = stub.url;
  process.env.GITHUB_WORKSPACE = temp('workspace');
  process.env.GITHUB_SERVER_URL = 'https://github.com';
  const capture = (chunk: string | Uint8Array): boolean => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  process.stdout.write = capture;
});

afterAll(async () => {
  process.stdout.write = realWrite;
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await stub?.stop();
  await azurite?.stop();
});

/** A 3-step run published through the library; returns what a later job would have. */
async function published(runId: string) {
  const source = tempStore();
  const steps = await buildRun(source, runId, 3);
  const head = steps[2]!.head_hash;
  const result = await publishState(source, head, githubArtifactTransport({ retentionDays: 1 }), temp('publish'));
  expect(stub.violations).toEqual([]);
  return { source, steps, head, result };
}

/** A receiving store already holding another run, so "untouched" is not trivially empty. */
async function receiver(): Promise<ObjectStore> {
  const store = tempStore();
  await buildRun(store, 'run-local', 1);
  return store;
}

async function refused(head: Uint8Array): Promise<Error & { code?: string }> {
  const target = await receiver();
  const before = listTree(target.layout.root);
  const error = await receiveState(target, head, githubArtifactTransport(), temp('receive')).then(
    () => new Error('receiveState accepted the state'),
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  expect(listTree(target.layout.root)).toEqual(before);
  return error;
}

/** Uploads `tarBytes` through the library as artifact `carrier`, its one entry named `<entryName>.tar`. */
async function uploadCarrier(carrier: string, entryName: string, tarBytes: Uint8Array) {
  const dir = temp('carrier');
  writeFileSync(join(dir, `${entryName}.tar`), tarBytes);
  await new DefaultArtifactClient().uploadArtifact(carrier, [join(dir, `${entryName}.tar`)], dir);
  expect(stub.violations).toEqual([]);
  return stub.artifacts.get(carrier)!;
}

/** Overwrites the stored blob of artifact `name` with other bytes, as someone with storage access could. */
async function overwriteBlob(name: string, bytes: Buffer) {
  const blob = stub.artifacts.get(name)!.blobName;
  await azurite.service
    .getContainerClient(stub.container)
    .getBlockBlobClient(blob)
    .uploadData(bytes, { blobHTTPHeaders: { blobContentType: 'application/zip' } });
}

async function blobBytes(name: string): Promise<Buffer> {
  return azurite.service
    .getContainerClient(stub.container)
    .getBlobClient(stub.artifacts.get(name)!.blobName)
    .downloadToBuffer();
}

/** The exported bundle of `head`, with one object's last byte flipped. */
async function tamperedBundle(store: ObjectStore, head: Uint8Array, victim: Uint8Array): Promise<Buffer> {
  const file = join(temp('export'), 'b.tar');
  await exportBundle(store, head, file);
  const bytes = readFileSync(file);
  const original = await store.get(victim);
  const at = bytes.indexOf(Buffer.from(original));
  expect(at).toBeGreaterThan(0);
  bytes[at + original.length - 1] = bytes[at + original.length - 1]! ^ 0x01;
  return bytes;
}

describe('githubArtifactTransport through @actions/artifact, Azurite and a results-service stub', () => {
  it('round-trips a real chain: publish uploads a zip to blob storage, receive verifies it into a new store', async () => {
    const { source, head, result } = await published('run-art');
    const name = stateArtifactName(head);
    expect(result.name).toBe(name);

    const create = stub.calls.find(
      (c) => c.method === 'CreateArtifact' && (c.request as { name: string }).name === name,
    );
    expect(create?.request).toMatchObject({ name, version: 7, mimeType: { value: 'application/zip' } });
    expect((create?.request as { expiresAt?: unknown }).expiresAt).toBeDefined();
    const artifact = stub.artifacts.get(name)!;
    expect(artifact.finalized).toBe(true);
    const zip = await blobBytes(name);
    expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\u0003\u0004', 'latin1'));
    expect(artifact.digest).toBe(`sha256:${createHash('sha256').update(zip).digest('hex')}`);
    expect(artifact.size).toBe(BigInt(zip.length));

    // What arrives is byte for byte the bundle the source exports.
    const direct = await githubArtifactTransport().download(name, temp('download'));
    const exported = join(temp('export'), 'b.tar');
    await exportBundle(source, head, exported);
    expect(readFileSync(direct)).toEqual(readFileSync(exported));

    const target = tempStore();
    const received = await receiveState(target, head, githubArtifactTransport(), temp('receive'));
    expect(formatDigest(received.head)).toBe(formatDigest(head));
    await expect(verifyChain(target, head)).resolves.toHaveLength(3);
    expect((await target.list()).map(formatDigest)).toEqual((await source.list()).map(formatDigest));
    // The library masks every SAS signature the service hands out before anything logs it.
    expect(stub.signatures.length).toBeGreaterThanOrEqual(2);
    const masked = written
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('::add-mask::'));
    for (const sig of stub.signatures) expect(masked).toContain(`::add-mask::${sig}`);
    expect(stub.violations).toEqual([]);
  });

  it('a name nobody published is STATE_ARTIFACT_MISSING, and nothing is downloaded or written', async () => {
    const signedBefore = stub.calls.filter((c) => c.method === 'GetSignedArtifactURL').length;
    const error = await refused(sha256(new Uint8Array([42])));
    expect(error).toMatchObject({ code: 'STATE_ARTIFACT_MISSING' });
    expect(stub.calls.filter((c) => c.method === 'GetSignedArtifactURL')).toHaveLength(signedBefore);
    expect(stub.violations).toEqual([]);
  });

  it('refuses a blob overwritten in storage after upload (the recorded digest no longer matches)', async () => {
    const { source, head, steps } = await published('run-blob');
    const name = stateArtifactName(head);
    const carrier = await uploadCarrier(
      'carrier-blob',
      name,
      await tamperedBundle(source, head, steps[1]!.head.evidence[1]!.digest),
    );
    await overwriteBlob(name, await blobBytes(carrier.name));
    const error = await refused(head);
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID' });
    expect(error.message).toMatch(/do not match the digest/);
    expect(stub.violations).toEqual([]);
  });

  it('refuses the same tampering when the service also reports the forged digest (import catches it)', async () => {
    const { source, head, steps } = await published('run-forged');
    const name = stateArtifactName(head);
    const carrier = await uploadCarrier(
      'carrier-forged',
      name,
      await tamperedBundle(source, head, steps[0]!.head.evidence[0]!.digest),
    );
    await overwriteBlob(name, await blobBytes(carrier.name));
    stub.artifacts.get(name)!.digest = carrier.digest;
    const error = await refused(head);
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID' });
    expect(error.message).toMatch(/does not hash to its name/);
    expect(stub.violations).toEqual([]);
  });

  it("refuses another run's valid state uploaded under this head's name (wrong HEAD)", async () => {
    const other = tempStore();
    const [foreign] = await buildRun(other, 'run-foreign', 1);
    const head = sha256(new TextEncoder().encode('a head whose name a forger claims'));
    const file = join(temp('export'), 'b.tar');
    await exportBundle(other, foreign!.head_hash, file);
    const name = stateArtifactName(head);
    await uploadCarrier(name, name, readFileSync(file));
    const error = await refused(head);
    expect(error).toMatchObject({ code: 'BUNDLE_INVALID' });
    expect(error.message).toMatch(/is not the expected/);
    expect(stub.violations).toEqual([]);
  });

  it('publishing the same state again is a no-op; other bytes under an existing name are refused', async () => {
    const { source, head } = await published('run-twice');
    const name = stateArtifactName(head);
    const id = stub.artifacts.get(name)!.id;
    await publishState(source, head, githubArtifactTransport(), temp('publish'));
    expect(stub.artifacts.get(name)!.id).toBe(id);
    // GitHub refused the second CreateArtifact (409); the transport found the same bytes stored.
    const creates = () =>
      stub.calls.filter((c) => c.method === 'CreateArtifact' && (c.request as { name: string }).name === name);
    expect(creates()).toHaveLength(2);

    const otherFile = join(temp('other'), 'other.tar');
    mkdirSync(join(otherFile, '..'), { recursive: true });
    writeFileSync(
      otherFile,
      Buffer.concat([readFileSync(await githubArtifactTransport().download(name, temp('d'))), Buffer.alloc(512)]),
    );
    await expect(githubArtifactTransport().upload(name, otherFile)).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    expect(creates()).toHaveLength(3);
    expect(stub.artifacts.get(name)!.id).toBe(id);
    expect(stub.violations).toEqual([]);
  });

  it('the stub is strict: an unknown field, a wrong backend id or a non-canonical value is a violation', async () => {
    const post = (method: string, body: unknown) =>
      fetch(new URL(`/twirp/github.actions.results.api.v1.ArtifactService/${method}`, stub.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${process.env.ACTIONS_RUNTIME_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ids = { workflow_run_backend_id: RUN_BACKEND_ID, workflow_job_run_backend_id: JOB_BACKEND_ID };
    const before = stub.violations.length;
    expect((await post('ListArtifacts', { ...ids, name_filter: 'x', surprise: 1 })).status).toBe(400);
    expect((await post('ListArtifacts', { ...ids, workflow_run_backend_id: 'other' })).status).toBe(400);
    expect((await post('ListArtifacts', { ...ids, id_filter: 7 })).status).toBe(400);
    expect((await post('ListArtifacts', { ...ids, nameFilter: 'x' })).status).toBe(400);
    expect((await post('ListArtifacts', ids)).status).toBe(200);
    const seen = stub.violations.splice(before);
    expect(seen).toHaveLength(4);
    expect(seen[0]).toMatch(/surprise/);
  });
});
