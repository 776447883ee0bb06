import type { InputsClientOptions } from '../client/types';
import { CliError } from './cli-error';
import { intFlag, numberFlag } from './parse-flags';
import { parseTargetFlag } from './target-flag';

/** Flags every API command takes. The key defaults to env CLARIFAI_PAT (see InputsClient). */
export const GLOBAL_FLAGS = {
  target: { type: 'string' },
  insecure: { type: 'boolean' },
  'api-key': { type: 'string' },
  'user-id': { type: 'string' },
  'app-id': { type: 'string' },
  timeout: { type: 'string' },
  rps: { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
} as const;

export const GLOBAL_HELP = `Global options:
  --target <host:port>   API endpoint (env CLARIFAI_GRPC_BASE, default api.clarifai.com:443);
                         a URL works too: https://api.clarifai.com (TLS), http://host:port (plain)
  --insecure             plain text instead of TLS (for the local emulator)
  --api-key <key>        API key or PAT (env CLARIFAI_PAT, then CLARIFAI_API_KEY)
  --user-id <id>         user id (env CLARIFAI_USER_ID)
  --app-id <id>          app id (env CLARIFAI_APP_ID)
  --timeout <ms>         deadline per call, retries included (default 60000)
  --rps <n>              at most n requests per second (default: paced to the limit the
                         service's throttling answers name or show, e.g. 15/s)
  --json                 machine-readable output on stdout
  --debug                show stack traces`;

export interface GlobalValues {
  target?: string;
  insecure?: boolean;
  'api-key'?: string;
  'user-id'?: string;
  'app-id'?: string;
  timeout?: string;
  rps?: string;
  json?: boolean;
  debug?: boolean;
}

/** Client options from the global flags; unset flags fall back to the client's env defaults. */
export function clientOptionsFrom(values: GlobalValues): InputsClientOptions {
  const options: InputsClientOptions = {};
  if (values.target !== undefined) {
    const { target, plainText } = parseTargetFlag(values.target);
    options.target = target;
    if (plainText) options.insecure = true;
  }
  if (values.insecure) options.insecure = true;
  if (values['api-key'] !== undefined) options.apiKey = values['api-key'];
  else if (!process.env['CLARIFAI_PAT'] && !process.env['CLARIFAI_API_KEY']) {
    throw new CliError('no API key: pass --api-key <key>, or set CLARIFAI_PAT (or CLARIFAI_API_KEY)');
  }
  if (values['user-id'] !== undefined) options.userId = values['user-id'];
  if (values['app-id'] !== undefined) options.appId = values['app-id'];
  const timeout = intFlag('timeout', values.timeout, 1, 86_400_000);
  if (timeout !== undefined) options.timeoutMs = timeout;
  const rps = numberFlag('rps', values.rps, 0.01, 10_000);
  if (rps !== undefined) options.maxRequestsPerSecond = rps;
  return options;
}
