// A stub of GitHub's Actions results service, the Twirp JSON API that @actions/artifact v2+
// calls (CreateArtifact, FinalizeArtifact, ListArtifacts, GetSignedArtifactURL). Every request
// is decoded strictly with the protobuf message types the package ships (unknown fields fail)
// and must re-encode to exactly the JSON the client sent; every response is encoded with those
// types. The signed URLs are real SAS URLs into Azurite, so the library moves the bytes for
// real. Any protocol violation is recorded and answered 400 (not retried), and the test fails.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { BlobSASPermissions, generateBlobSASQueryParameters, SASProtocol } from '@azure/storage-blob';
// The package exports only its client; its generated message types are read from its files.
import {
  CreateArtifactRequest,
  CreateArtifactResponse,
  FinalizeArtifactRequest,
  FinalizeArtifactResponse,
  GetSignedArtifactURLRequest,
  GetSignedArtifactURLResponse,
  ListArtifactsRequest,
  ListArtifactsResponse,
  Timestamp,
} from '../../node_modules/@actions/artifact/lib/generated/index.js';
import type { AzuriteBlob } from '../helpers/azurite.js';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';
const CONTAINER = 'actions-results';

export interface StubArtifact {
  readonly id: bigint;
  readonly name: string;
  readonly blobName: string;
  readonly createdAt: Date;
  finalized: boolean;
  size: bigint;
  digest?: string;
}

export interface StubCall {
  readonly method: string;
  readonly request: unknown;
}

export interface ResultsServiceStub {
  /** http://127.0.0.1:<port>/ : ACTIONS_RESULTS_URL */
  readonly url: string;
  readonly calls: StubCall[];
  /** Protocol violations seen; a correct client leaves this empty. */
  readonly violations: string[];
  readonly artifacts: Map<string, StubArtifact>;
  readonly container: string;
  /** The `sig` of every SAS URL handed out, which the client must mask. */
  readonly signatures: string[];
  stop(): Promise<void>;
}

class Violation extends Error {}

interface MessageCodec<T extends object> {
  fromJson(json: unknown, options?: { ignoreUnknownFields?: boolean }): T;
  toJson(message: T, options?: { useProtoFieldName?: boolean; emitDefaultValues?: boolean }): unknown;
  create(value?: Partial<T>): T;
}

/** Strict decode: no unknown fields, and the JSON is exactly what the message re-encodes to. */
function decode<T extends object>(type: MessageCodec<T>, method: string, body: unknown): T {
  let message: T;
  try {
    message = type.fromJson(body, { ignoreUnknownFields: false });
  } catch (error) {
    throw new Violation(`${method}: request does not decode: ${(error as Error).message}`);
  }
  const again = type.toJson(message, { useProtoFieldName: true, emitDefaultValues: false });
  if (!isDeepStrictEqual(again, body)) {
    throw new Violation(`${method}: request ${JSON.stringify(body)} is not canonical (${JSON.stringify(again)})`);
  }
  return message;
}

function encode<T extends object>(type: MessageCodec<T>, value: T): unknown {
  return type.toJson(type.create(value), { useProtoFieldName: true });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of request) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

export async function startResultsService(options: {
  readonly azurite: AzuriteBlob;
  readonly token: string;
  readonly runBackendId: string;
  readonly jobBackendId: string;
}): Promise<ResultsServiceStub> {
  const { azurite, token, runBackendId, jobBackendId } = options;
  const containerClient = azurite.service.getContainerClient(CONTAINER);
  await containerClient.createIfNotExists();
  const artifacts = new Map<string, StubArtifact>();
  const calls: StubCall[] = [];
  const violations: string[] = [];
  const signatures: string[] = [];
  let nextId = 1000n;

  const sasUrl = (blobName: string, permissions: string) => {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 60_000),
        expiresOn: new Date(Date.now() + 3_600_000),
        protocol: SASProtocol.HttpsAndHttp,
      },
      azurite.credential,
    ).toString();
    signatures.push(new URLSearchParams(sas).get('sig') ?? '');
    return `${containerClient.getBlobClient(blobName).url}?${sas}`;
  };

  const checkIds = (method: string, request: { workflowRunBackendId: string; workflowJobRunBackendId: string }) => {
    if (request.workflowRunBackendId !== runBackendId || request.workflowJobRunBackendId !== jobBackendId) {
      throw new Violation(`${method}: backend ids do not match the runtime token's Actions.Results scope`);
    }
  };

  /** Twirp errors: a JSON body with code and msg, and the status Twirp maps the code to. */
  const twirpError = (response: ServerResponse, status: number, code: string, msg: string) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ code, msg }));
  };

  async function handle(method: string, body: unknown): Promise<{ status: number; json: unknown }> {
    switch (method) {
      case 'CreateArtifact': {
        const request = decode(CreateArtifactRequest, method, body);
        checkIds(method, request);
        calls.push({ method, request });
        if (request.version !== 7) throw new Violation(`${method}: version ${request.version}, expected 7`);
        if (artifacts.get(request.name)?.finalized) {
          return {
            status: 409,
            json: { code: 'already_exists', msg: 'an artifact with this name already exists on the workflow run' },
          };
        }
        const id = nextId++;
        const blobName = `${runBackendId}/${id}/${request.name}.zip`;
        artifacts.set(request.name, {
          id,
          name: request.name,
          blobName,
          createdAt: new Date(),
          finalized: false,
          size: 0n,
        });
        return {
          status: 200,
          json: encode(CreateArtifactResponse, { ok: true, signedUploadUrl: sasUrl(blobName, 'cw') }),
        };
      }
      case 'FinalizeArtifact': {
        const request = decode(FinalizeArtifactRequest, method, body);
        checkIds(method, request);
        calls.push({ method, request });
        const artifact = artifacts.get(request.name);
        if (!artifact || artifact.finalized) throw new Violation(`${method}: no pending artifact ${request.name}`);
        const properties = await containerClient.getBlobClient(artifact.blobName).getProperties();
        if (BigInt(properties.contentLength ?? -1) !== BigInt(request.size)) {
          throw new Violation(`${method}: size ${request.size}, but the blob holds ${properties.contentLength}`);
        }
        if (request.hash && !/^sha256:[0-9a-f]{64}$/.test(request.hash.value)) {
          throw new Violation(`${method}: hash ${request.hash.value} is not sha256:<hex>`);
        }
        artifact.finalized = true;
        artifact.size = BigInt(request.size);
        if (request.hash) artifact.digest = request.hash.value;
        return {
          status: 200,
          json: encode(FinalizeArtifactResponse, { ok: true, artifactId: artifact.id.toString() }),
        };
      }
      case 'ListArtifacts': {
        const request = decode(ListArtifactsRequest, method, body);
        checkIds(method, request);
        calls.push({ method, request });
        const found = [...artifacts.values()].filter(
          (a) =>
            a.finalized &&
            (request.nameFilter === undefined || a.name === request.nameFilter.value) &&
            (request.idFilter === undefined || a.id === BigInt(request.idFilter.value)),
        );
        return {
          status: 200,
          json: encode(ListArtifactsResponse, {
            artifacts: found.map((a) => ({
              workflowRunBackendId: runBackendId,
              workflowJobRunBackendId: jobBackendId,
              databaseId: a.id.toString(),
              name: a.name,
              size: a.size.toString(),
              createdAt: Timestamp.fromDate(a.createdAt),
              ...(a.digest === undefined ? {} : { digest: { value: a.digest } }),
            })),
          }),
        };
      }
      case 'GetSignedArtifactURL': {
        const request = decode(GetSignedArtifactURLRequest, method, body);
        checkIds(method, request);
        calls.push({ method, request });
        const artifact = artifacts.get(request.name);
        if (!artifact?.finalized) return { status: 404, json: { code: 'not_found', msg: 'artifact not found' } };
        return {
          status: 200,
          json: encode(GetSignedArtifactURLResponse, { signedUrl: sasUrl(artifact.blobName, 'r') }),
        };
      }
      default:
        throw new Violation(`unknown method ${method}`);
    }
  }

  const server: Server = createServer((request, response) => {
    void (async () => {
      try {
        const prefix = `/twirp/${SERVICE}/`;
        if (request.method !== 'POST' || !request.url?.startsWith(prefix)) {
          throw new Violation(`unexpected ${request.method} ${request.url}`);
        }
        if (request.headers.authorization !== `Bearer ${token}`) throw new Violation('missing or wrong bearer token');
        if (request.headers['content-type'] !== 'application/json') {
          throw new Violation(`content-type ${request.headers['content-type']}, expected application/json`);
        }
        let body: unknown;
        const text = await readBody(request);
        try {
          body = JSON.parse(text);
        } catch {
          throw new Violation(`body is not JSON: ${text.slice(0, 200)}`);
        }
        const { status, json } = await handle(request.url.slice(prefix.length), body);
        if (status !== 200) {
          const { code, msg } = json as { code: string; msg: string };
          twirpError(response, status, code, msg);
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        violations.push(error instanceof Violation ? message : `stub failure: ${message}`);
        twirpError(response, 400, 'invalid_argument', message);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    violations,
    artifacts,
    container: CONTAINER,
    signatures,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
