/**
 * The host and port of a plain `host:port` target (grpc-js's default scheme, as in
 * `api.clarifai.com:443`, `127.0.0.1:50051`, `[::1]:50051`, or the same behind `dns:///`).
 * Anything else grpc-js resolves itself (`unix:`, `ipv4:` lists, other name resolvers): then
 * undefined, and the call goes through grpc-js.
 */
export interface TargetAddress {
  host: string;
  port: number;
  /** `host:port` as the `:authority` header carries it (IPv6 in brackets). */
  authority: string;
}

/** grpc-js's default port when a target names none. */
const DEFAULT_PORT = 443;

export function parseTargetAddress(target: string): TargetAddress | undefined {
  const rest = target.startsWith('dns:///') ? target.slice('dns:///'.length) : target;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9_.-]+))(?::(\d{1,5}))?$/.exec(rest);
  if (match === null) return undefined;
  const host = match[1] ?? match[2] ?? '';
  const port = match[3] === undefined ? DEFAULT_PORT : Number(match[3]);
  if (host === '' || port < 1 || port > 65535) return undefined;
  const authority = match[1] !== undefined ? `[${host}]:${port}` : `${host}:${port}`;
  return { host, port, authority };
}
