/**
 * The one grpc-js client (and channel) behind an `InputsClient`: TLS unless told otherwise,
 * large messages allowed, grpc-js's own retries off (the facade retries), keepalive on.
 */
import { Client, credentials, type ChannelOptions, type ClientOptions } from '@grpc/grpc-js';
import type { InputsClientOptions } from './types';
import { VERSION } from './version';

const MiB = 1024 * 1024;

/** Our channel defaults; `channelOptions` from the caller override them key by key. */
export const DEFAULT_CHANNEL_OPTIONS: ChannelOptions = {
  // A 1000-input page with metadata, or a 128-image batch, is far above grpc-js's 4 MiB default.
  'grpc.max_receive_message_length': 256 * MiB,
  'grpc.max_send_message_length': 256 * MiB,
  // The facade retries with its own policy; two stacked retry layers multiply attempts.
  'grpc.enable_retries': 0,
  // Notice dead connections (NAT timeouts, load-balancer resets) between long uploads.
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
