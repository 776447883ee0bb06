/** Starting each kind of server in its own process, and running work against it. */
import { startServer, type ServerProcess } from '../harness/fork-child';
import type { DelayProxyTask } from '../servers/delay-proxy';
import type { EmulatorTask } from '../servers/emulator-server';
import { HTTP2_TUNING, type Http2Tuning } from '../../src/emulator/server/http2-tuning';
import type { SinkTask } from '../servers/sink-server';
import type { WorkloadContext } from './context';

/** The server settings we recommend and benchmark as "tuned": the emulator's. The flow-control workload compares alternatives. */
export const TUNED_SERVER: Http2Tuning = HTTP2_TUNING;

export function startSink(task: SinkTask): Promise<ServerProcess> {
  return startServer('servers/sink-server', task, 'sink server');
}

/** `server` seen through a proxy that adds `rttMs` of round trip. */
export function startDelayProxy(server: ServerProcess, rttMs: number): Promise<ServerProcess> {
  const task: DelayProxyTask = { upstream: server.target, delayMs: rttMs / 2 };
  return startServer('servers/delay-proxy', task, 'delay proxy');
}

export function startRawSink(): Promise<ServerProcess> {
  return startServer('servers/raw-http2-sink', {}, 'raw http2 sink');
}

export function startEmulatorProcess(ctx: WorkloadContext, label: string, sync: EmulatorTask['sync'] = 'FULL', throttleRps?: number): Promise<ServerProcess> {
  const task: EmulatorTask = { db: ctx.scratch.dbFile(label), sync, ...(throttleRps === undefined ? {} : { throttleRps }) };
  return startServer('servers/emulator-server', task, 'emulator');
}

/** Runs `work` against a server that is stopped afterwards, whatever happens. */
export async function withServer<T>(start: () => Promise<ServerProcess>, work: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}
