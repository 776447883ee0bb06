/**
 * The one grpc-js client (and channel) behind an `InputsClient`: TLS unless told otherwise,
 * large messages allowed, grpc-js's own retries off (the facade retries), keepalive on.
 */
import { Client, credentials, type ChannelOptions, type ClientOptions } from '@grpc/grpc-js';
import type { InputsClientOptions } from '../types';
import { VERSION } from '../version';

const MiB = 1024 * 1024;

/** Our channel defaults; `channelOptions` from the caller override them key by key. */
export const DEFAULT_CHANNEL_OPTIONS: ChannelOptions = {
  // A 1000-input page with metadata, or a 128-image batch, is far above grpc-js's 4 MiB default.
  'grpc.max_receive_message_length': 256 * MiB,
  'grpc.max_send_message_length': 256 * MiB,
  // The facade retries with its own policy; two stacked retry layers multiply attempts.
  'grpc.enable_retries': 0,
  // grpc-js advertises a 64 KiB HTTP/2 window: one window per round trip. Measured through a
  // 40 ms RTT link, an 8 MiB ListInputs page took 8.4 s with it, 0.7 s with 1 MiB, 0.24 s with
  // 4 MiB and 0.12 s with 16 MiB; 32 and 64 MiB gained little more (at 100 ms RTT: 190 / 175 / 165 ms).
  'grpc-node.flow_control_window': 16 * MiB,
  // Notice dead connections (NAT timeouts, load-balancer resets) while a call waits, so a retry
  // does not go to a dead socket. Pings only while calls are active (servers treat idle pings
  // under 5 minutes apart as abuse).
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 20_000,
  'grpc.primary_user_agent': `clarifai-inputs/${VERSION}`,
};

export interface GrpcClientHandle {
  client: Client;
  /** False when the caller passed their own channel: `close()` then leaves it open. */
  ownsChannel: boolean;
}

export function createGrpcClient(target: string, options: InputsClientOptions): GrpcClientHandle {
  const clientOptions: ClientOptions = { ...DEFAULT_CHANNEL_OPTIONS, ...options.channelOptions };
  if (options.interceptors?.length) clientOptions.interceptors = options.interceptors;
  if (options.interceptorProviders?.length) clientOptions.interceptor_providers = options.interceptorProviders;
  if (options.channel !== undefined) clientOptions.channelOverride = options.channel;
  const channelCredentials =
    options.channelCredentials ??
    (options.insecure === true ? credentials.createInsecure() : credentials.createSsl(options.rootCerts ?? null));
  return { client: new Client(target, channelCredentials, clientOptions), ownsChannel: options.channel === undefined };
}
