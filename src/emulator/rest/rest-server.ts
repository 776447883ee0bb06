import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Metadata } from '@grpc/grpc-js';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { newRequestId } from '../service/ids';
import { makeStatus } from '../service/status';
import { GrpcFault } from '../server/grpc-fault';
import { MAX_MESSAGE_BYTES } from '../server/grpc-server';
import type { RequestOf, ResponseOf, V2MethodName } from '../server/v2-method-table';
import type { UnaryMethod, V2Methods } from '../server/v2-methods';
import { httpStatusOf, httpStatusOfGrpc } from './http-status';
import { JsonMappingError, queryToJson, requestFromJson, responseToJson } from './json-mapping';
import { route } from './routes';

/** Base64 makes bytes 4/3 longer: a JSON body may be that much above the gRPC message limit. */
const MAX_BODY_BYTES = Math.ceil((MAX_MESSAGE_BYTES * 4) / 3) + 1024 * 1024;

export interface RestServer {
  port: number;
  close(graceMs: number): Promise<void>;
}

/** Certificate and key (PEM) to serve HTTPS instead of HTTP. */
export interface TlsPair {
  cert: string;
  key: string;
}

/** A refusal before any method runs: the Clarifai status and the HTTP status to answer with. */
class Refusal extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: StatusCode,
    details: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(details);
  }
}

function send(res: http.ServerResponse, httpStatus: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(httpStatus, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
}

function statusJson(code: StatusCode, details: string): unknown {
  const s = makeStatus(code, details, newRequestId());
  return { status: { code: s.code, description: s.description, details: s.details, req_id: s.reqId } };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Refusal(413, StatusCode.RPC_MAX_MESSAGE_SIZE_EXCEEDED, `request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Refusal(400, StatusCode.CONN_BAD_REQUEST_FORMAT, `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** The request's headers as gRPC metadata, so REST and gRPC share auth and every other layer. */
function metadataOf(req: http.IncomingMessage): Metadata {
  const metadata = new Metadata();
  const auth = req.headers.authorization;
  if (auth !== undefined) metadata.set('authorization', auth);
  return metadata;
}

async function answer(methods: V2Methods, req: http.IncomingMessage): Promise<{ httpStatus: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const found = route(req.method ?? 'GET', url.pathname.replace(/\/+$/, ''));
  if ('notFound' in found) throw new Refusal(404, StatusCode.CONN_DOES_NOT_EXIST, `no endpoint ${req.method} ${url.pathname}`);
  if ('wrongVerb' in found) {
    throw new Refusal(405, StatusCode.CONN_BAD_REQUEST_FORMAT, `${url.pathname} takes ${found.wrongVerb.join(', ')}, not ${req.method}`, { allow: found.wrongVerb.join(', ') });
  }
  const { binding, fields } = found.found;
  const text = await readBody(req);
  const fromClient = binding.body ? parseBody(text) : queryToJson(binding.method, url.searchParams);
  if (typeof fromClient !== 'object' || fromClient === null || Array.isArray(fromClient)) {
    throw new Refusal(400, StatusCode.CONN_BAD_REQUEST_FORMAT, 'the request body must be a JSON object');
  }
  return invoke(methods, binding.method, { ...fromClient, ...fields }, metadataOf(req));
}

async function invoke<K extends V2MethodName>(methods: V2Methods, name: K, json: unknown, metadata: Metadata): Promise<{ httpStatus: number; body: unknown }> {
  const method: UnaryMethod<RequestOf<K>, ResponseOf<K>> = methods[name];
  const response = await method({ request: requestFromJson(name, json), metadata });
  return { httpStatus: httpStatusOf(response.status?.code ?? StatusCode.SUCCESS), body: responseToJson(name, response) };
}

/**
 * The REST/JSON gateway: the Inputs endpoints of the Clarifai REST API on their own port, over
 * the same methods (auth, faults, store) as gRPC. Errors are a Clarifai status in a JSON body
 * with the matching HTTP status; no stack trace ever leaves.
 */
export async function startRestServer(methods: V2Methods, host: string, port: number, log: (line: string) => void, tls?: TlsPair): Promise<RestServer> {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    answer(methods, req).then(
      ({ httpStatus, body }) => send(res, httpStatus, body),
      (err: unknown) => {
        if (err instanceof Refusal) return send(res, err.httpStatus, statusJson(err.code, err.message), err.headers);
        if (err instanceof JsonMappingError) return send(res, 400, statusJson(StatusCode.CONN_BAD_REQUEST_FORMAT, err.message));
        if (err instanceof GrpcFault) return send(res, httpStatusOfGrpc(err.grpcCode), statusJson(StatusCode.RPC_SERVER_UNAVAILABLE, err.message));
        const reqId = newRequestId();
        log(`emulator: REST ${req.method} ${req.url?.split('?')[0]} failed (req_id ${reqId}): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return send(res, 500, statusJson(StatusCode.FAILURE, `emulator internal error (req_id ${reqId})`));
      },
    );
  };
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, handler) : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: unknown) => {
    throw new Error(`The emulator's REST gateway could not listen on ${host}:${port}: ${(err as Error).message}`, { cause: err });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
