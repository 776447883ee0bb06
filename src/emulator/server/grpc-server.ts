import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { routeDirectMethods, type AnyDirectMethod } from './direct-routes';
import { applyConnectionWindow, applyHttp2Settings, HTTP2_TUNING } from './http2-tuning';
import { grpcStatusOf } from './v2-methods';

/** Message size limit in both directions: 256 MiB, above the API's 128 MB batch limit. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export interface ServiceBinding {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

/**
 * Creates a grpc-js server with the emulator's limits and HTTP/2 flow-control tuning, and binds
 * it (plain text, or TLS with the given certificate). The calls of `direct` methods are served
 * off the HTTP/2 stream by our own code (direct-unary.ts), the rest by grpc-js. If grpc-js no
 * longer has the internals the tuning or the direct methods need, the server still starts, at
 * grpc-js's defaults and with grpc-js serving every call, and `log` gets one line saying so.
 */
export async function listen(
  services: ServiceBinding[],
  host: string,
  port: number,
  log: (line: string) => void,
  tls?: { cert: string; key: string },
  direct: AnyDirectMethod[] = [],
): Promise<{ server: Server; port: number }> {
  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  for (const s of services) server.addService(s.definition, s.implementation);
  const missing = [applyHttp2Settings(server, HTTP2_TUNING)];
  const address = host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) => {
    const credentials = tls
      ? ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(tls.cert), private_key: Buffer.from(tls.key) }], false)
      : ServerCredentials.createInsecure();
    server.bindAsync(address, credentials, (err, p) => (err ? reject(err) : resolve(p)));
  }).catch((err: unknown) => {
    server.forceShutdown();
    throw new Error(`The emulator could not listen on ${address}: ${(err as Error).message}`, { cause: err });
  });
  missing.push(applyConnectionWindow(server, HTTP2_TUNING, (line) => log(`emulator: ${line}`)));
  const notFound = missing.filter((m) => m !== undefined);
  if (notFound.length > 0) {
    log(`emulator: HTTP/2 flow-control tuning incomplete, grpc-js has no ${notFound.join(' or ')}; uploads run at grpc-js defaults`);
  }
  const limits = { maxReceiveMessageLength: MAX_MESSAGE_BYTES, maxSendMessageLength: MAX_MESSAGE_BYTES };
  const notRouted = routeDirectMethods(server, direct, limits, grpcStatusOf);
  if (notRouted !== undefined) log(`emulator: grpc-js has no ${notRouted}; it serves PostInputs itself, at more CPU per uploaded byte`);
  return { server, port: bound };
}

/** Lets in-flight calls finish for up to `graceMs`, then cuts what is left. */
export function shutdown(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.forceShutdown(), graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
