/**
 * Whether a client sends PostInputs over the direct transport (direct-call.ts) or through
 * grpc-js, and the transport itself when it does.
 *
 * Direct only when the client asked for nothing that lives in grpc-js: no channel, channel or
 * call credentials, interceptors, or channel options beyond the ones this transport honours; a
 * plain `host:port` target; and no proxy in the environment (grpc-js reads `grpc_proxy`,
 * `https_proxy` and `http_proxy`) nor `GRPC_SSL_CIPHER_SUITES`. `uploadTransport: 'grpc-js'`
 * turns it off. Every other method always goes through grpc-js. TLS trusts what grpc-js would:
 * `rootCerts`, else the file in `GRPC_DEFAULT_SSL_ROOTS_FILE_PATH`, else Node's roots.
 */
import { readFileSync } from 'node:fs';
import type { ChannelOptions } from '@grpc/grpc-js';
import type { InputsClientOptions } from '../../types';
import { DEFAULT_CHANNEL_OPTIONS } from '../channel';
import { DirectConnection } from './direct-connection';
import type { DirectCallOptions } from './direct-call';
import { parseTargetAddress } from './target-address';

/** Channel options the direct transport honours as grpc-js would; any other sends every call through grpc-js. */
const HONOURED_OPTIONS = new Set([
  ...Object.keys(DEFAULT_CHANNEL_OPTIONS),
  'grpc.ssl_target_name_override',
  'grpc-node.max_session_memory',
]);

const PROXY_VARIABLES = ['grpc_proxy', 'https_proxy', 'http_proxy', 'GRPC_PROXY', 'HTTPS_PROXY', 'HTTP_PROXY'];

export interface DirectTransport {
  connection: DirectConnection;
  /** Per-call settings from the channel options. */
  callOptions: Omit<DirectCallOptions, 'deadline' | 'signal'>;
}

function numberOption(options: ChannelOptions, key: string): number {
  const value = options[key];
  return typeof value === 'number' ? value : Number.NaN;
}

/** Why PostInputs goes through grpc-js for these options, or undefined when it goes direct. */
export function grpcJsReason(target: string, options: InputsClientOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (options.uploadTransport === 'grpc-js') return "uploadTransport: 'grpc-js'";
  if (options.channel !== undefined) return 'channel';
  if (options.channelCredentials !== undefined) return 'channelCredentials';
  if (options.callCredentials !== undefined) return 'callCredentials';
  if ((options.interceptors?.length ?? 0) > 0) return 'interceptors';
  if ((options.interceptorProviders?.length ?? 0) > 0) return 'interceptorProviders';
  const foreign = Object.keys(options.channelOptions ?? {}).find((key) => !HONOURED_OPTIONS.has(key));
  if (foreign !== undefined) return `channelOptions['${foreign}']`;
  // grpc-js's own retries (off by default: the client retries) exist only in grpc-js.
  const grpcRetries = options.channelOptions?.['grpc.enable_retries'];
  if (grpcRetries !== undefined && grpcRetries !== 0) return "channelOptions['grpc.enable_retries']";
  const proxy = PROXY_VARIABLES.find((name) => (env[name] ?? '') !== '');
  if (proxy !== undefined) return `a proxy in ${proxy}`;
  if ((env.GRPC_SSL_CIPHER_SUITES ?? '') !== '') return 'GRPC_SSL_CIPHER_SUITES';
  if (parseTargetAddress(target) === undefined) return `target ${JSON.stringify(target)} (not host:port)`;
  return undefined;
}

/** grpc-js's replacement for the system roots, read when the client is made (grpc-js reads it then too). */
function grpcDefaultRoots(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const file = env.GRPC_DEFAULT_SSL_ROOTS_FILE_PATH;
  return file === undefined || file === '' ? undefined : readFileSync(file);
}

/** The direct transport for a client with these options, or undefined (then grpc-js carries PostInputs too). */
export function createDirectTransport(target: string, options: InputsClientOptions, userAgentSuffix: string): DirectTransport | undefined {
  const address = parseTargetAddress(target);
  if (address === undefined || grpcJsReason(target, options) !== undefined) return undefined;
  const merged: ChannelOptions = { ...DEFAULT_CHANNEL_OPTIONS, ...options.channelOptions };
  const override = merged['grpc.ssl_target_name_override'];
  const connection = new DirectConnection({
    address,
    insecure: options.insecure === true,
    rootCerts: options.insecure === true ? undefined : (options.rootCerts ?? grpcDefaultRoots()),
    serverName: typeof override === 'string' ? override : undefined,
    flowControlWindow: numberOption(merged, 'grpc-node.flow_control_window') || 65_535,
    keepaliveTimeMs: numberOption(merged, 'grpc.keepalive_time_ms'),
    keepaliveTimeoutMs: numberOption(merged, 'grpc.keepalive_timeout_ms') || 20_000,
    maxSessionMemory: numberOption(merged, 'grpc-node.max_session_memory') || Number.MAX_SAFE_INTEGER,
  });
  const limit = (key: string): number => {
    const value = numberOption(merged, key);
    return value >= 0 ? value : Number.POSITIVE_INFINITY;
  };
  return {
    connection,
    callOptions: {
      userAgent: `${String(merged['grpc.primary_user_agent'] ?? '')} ${userAgentSuffix}`.trim(),
      maxSendMessageLength: limit('grpc.max_send_message_length'),
      maxReceiveMessageLength: limit('grpc.max_receive_message_length'),
    },
  };
}
