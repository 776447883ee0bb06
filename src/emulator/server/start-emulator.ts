import { MultiInputResponse, V2Service } from '../../generated/clarifai/api/service.pb';
import { faultsEnabled, withFaults } from '../faults/fault-layer';
import { listen, shutdown } from './grpc-server';
import type { HandlerContext } from '../handlers/handler-context';
import { startRestServer, type RestServer } from '../rest/rest-server';
import { HealthService, HealthState } from './health-service';
import { startHostedServer, type HostedServer } from '../hosted/hosted-server';
import { reportReceivedCalls } from './received-calls';
import { resolveOptions, type EmulatorOptions } from './options';
import { makeLocalTls, type TlsMaterial } from './tls';
import { processInput } from '../processing/process-input';
import { ProcessingWorker } from '../processing/worker';
import { openStore } from '../store/open-store';
import { createV2Methods, toV2Server } from './v2-methods';

/** A started emulator. */
export interface RunningEmulator {
  /** `host:port` to dial, e.g. `127.0.0.1:50051`. */
  target: string;
  /** The gRPC port (the one chosen when `port` was 0). */
  port: number;
  /** The user every key acts for. */
  userId: string;
  /** The app used when a request names none. */
  appId: string;
  /** Base URL of the REST/JSON gateway (`http://127.0.0.1:PORT`), when `restPort` was given. */
  restUrl?: string;
  /** Its port. */
  restPort?: number;
  /** With `tls: true`: the CA certificate file clients should trust (removed by `close()`). */
  tlsCaFile?: string;
  /** `prefix` of hosted URLs (the loopback HTTP server for stored bytes). */
  hostedUrlPrefix: string;
  /** Stops accepting calls, lets in-flight ones finish, stops processing, closes the db. */
  close(): Promise<void>;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

function targetOf(host: string, port: number): string {
  if (WILDCARDS.has(host)) return `127.0.0.1:${port}`;
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Starts a Clarifai-compatible Inputs server: grpc-js on `host:port`, SQLite in `db`, a
 * processing worker and a loopback HTTP server for hosted bytes. Inputs left pending by an
 * earlier run on the same db are processed again.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const o = resolveOptions(options);
  const opened = openStore(o.db, o.sync);
  const { store } = opened;
  let hosted: HostedServer | undefined;
  let tls: TlsMaterial | undefined;
  try {
    if (o.tls === true) tls = await makeLocalTls();
    else if (o.tls) tls = { ...o.tls, dispose: async () => undefined };
    store.requeue();
    hosted = await startHostedServer('127.0.0.1', o.hostedPort, (token) => store.blobs.read(token));
    const limits = { timeoutMs: o.downloadTimeoutMs, maxBytes: o.maxInputBytes, maxRedirects: o.maxRedirects };
    const worker = new ProcessingWorker(
      store,
      (row, stop) => processInput(row, { limits }, stop),
      o.processingConcurrency,
      o.log,
    );
    const ctx: HandlerContext = { store, hostedPrefix: hosted.prefix, maxInputBytes: o.maxInputBytes, claimAdded: () => worker.claimWithin(),
      settlesAtOnce: () => worker.settlesAtOnce(), now: Date.now };
    let methods = createV2Methods({ ctx, auth: { apiKeys: o.apiKeys, userId: o.userId, appId: o.appId }, log: o.log });
    const closingSignal = new AbortController();
    if (faultsEnabled(o.faults)) methods = withFaults(methods, o.faults, undefined, closingSignal.signal);
    if (o.onCallReceived) methods = reportReceivedCalls(methods, o.onCallReceived);
    const health = new HealthState(['clarifai.api.V2']);
    const { server, port } = await listen(
      [
        { definition: V2Service, implementation: toV2Server(methods) },
        { definition: HealthService, implementation: health.implementation() },
      ],
      o.host,
      o.port,
      o.log,
      tls,
      o.uploadTransport === 'http2'
        ? [{ path: V2Service.postInputs.path, decode: V2Service.postInputs.requestDeserialize, encode: (res: MultiInputResponse) => MultiInputResponse.encode(res).finish(), handle: methods.postInputs }]
        : [],
    );
    let rest: RestServer | undefined;
    if (o.restPort !== undefined) {
      rest = await startRestServer(methods, o.host, o.restPort, o.log, tls).catch((err: unknown) => {
        server.forceShutdown();
        throw err;
      });
    }
    worker.kick();
    const hostedServer = hosted;
    const restServer = rest;
    const tlsMaterial = tls;
    let closing: Promise<void> | undefined;
    return {
      target: targetOf(o.host, port),
      port,
      userId: o.userId,
      appId: o.appId,
      ...(restServer ? { restUrl: `${tls ? 'https' : 'http'}://${targetOf(o.host, restServer.port)}`, restPort: restServer.port } : {}),
      ...(tls?.caFile ? { tlsCaFile: tls.caFile } : {}),
      hostedUrlPrefix: hosted.prefix,
      close: () =>
        (closing ??= (async () => {
          health.shutdown();
          await Promise.all([shutdown(server, o.shutdownGraceMs), restServer?.close(o.shutdownGraceMs)]);
          // Calls cut off by the grace period may still sit in a latency wait: end those now,
          // before the db closes under them.
          closingSignal.abort();
          await worker.stop();
          await hostedServer.close();
          await tlsMaterial?.dispose();
          opened.close();
        })()),
    };
  } catch (err) {
    await hosted?.close();
    await tls?.dispose();
    opened.abandon();
    throw err;
  }
}
