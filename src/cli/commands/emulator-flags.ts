import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FAULT_CODES, type FaultCode, type Latency } from '../../emulator/faults/fault-options';
import type { EmulatorOptions } from '../../emulator/server/options';
import { idProblem } from '../../emulator/service/ids';
import { badFlag } from '../cli-error';
import { intFlag, numberFlag, withUsageErrors } from '../parse-flags';

/** The default database of the CLI: a file in the working directory. */
export const CLI_DEFAULT_DB = 'clarifai-emulator.db';

export const EMULATOR_USAGE = `usage: clarifai-inputs emulator --api-key <key> [--api-key <key2>] [--port 0] [--host 127.0.0.1] [--rest-port <n>] [--hosted-port <n>]
         [--tls] [--tls-cert <pem file> --tls-key <pem file>]
         [--db ${CLI_DEFAULT_DB}|:memory:] [--user-id local] [--app-id main]
         [--concurrency 8] [--download-timeout-ms 10000] [--sync FULL|NORMAL] [--upload-transport http2|grpc-js]
         [--fault-rate 0..1] [--fault-code <code>]... [--fault-phase before|after] [--fault-seed <n>]
         [--latency-ms <n>[±<jitter>]] [--throttle-rps <n>]
Without --api-key, CLARIFAI_PAT is used as the key. Fault codes: ${FAULT_CODES.join(', ')}.`;

const FLAGS = {
  port: { type: 'string' },
  'rest-port': { type: 'string' },
  'hosted-port': { type: 'string' },
  tls: { type: 'boolean' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  host: { type: 'string' },
  'api-key': { type: 'string', multiple: true },
  db: { type: 'string' },
  'user-id': { type: 'string' },
  'app-id': { type: 'string' },
  concurrency: { type: 'string' },
  'download-timeout-ms': { type: 'string' },
  sync: { type: 'string' },
  'upload-transport': { type: 'string' },
  'fault-rate': { type: 'string' },
  'fault-code': { type: 'string', multiple: true },
  'fault-phase': { type: 'string' },
  'fault-seed': { type: 'string' },
  'latency-ms': { type: 'string' },
  'throttle-rps': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function pemFile(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw badFlag(flag, `cannot read ${file}: ${(err as Error).message}`);
  }
}

/** `--tls` makes a certificate at start; `--tls-cert` with `--tls-key` uses yours (and implies TLS). */
function tlsFlags(values: { tls?: boolean; 'tls-cert'?: string; 'tls-key'?: string }): EmulatorOptions['tls'] {
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if ((cert === undefined) !== (key === undefined)) throw badFlag(cert === undefined ? 'tls-cert' : 'tls-key', 'needs --tls-cert and --tls-key together');
  if (cert !== undefined && key !== undefined) return { cert: pemFile('tls-cert', cert), key: pemFile('tls-key', key) };
  return values.tls ? true : undefined;
}

function latencyFlag(text: string | undefined): Latency | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(?:(?:±|\+-|~)(\d+(?:\.\d+)?))?$/.exec(text);
  if (!m) throw badFlag('latency-ms', `expected milliseconds like 20 or 20±5, got '${text}'`);
  return { ms: Number(m[1]), jitterMs: Number(m[2] ?? 0) };
}

/** Present keys only, so startEmulator's defaults apply to the rest. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface ParsedEmulatorFlags {
  help: boolean;
  options: EmulatorOptions;
}

/** Turns `emulator` flags into startEmulator options; a mistake throws a CliError (exit code 2) naming the flag. */
export function parseEmulatorFlags(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedEmulatorFlags {
  const { values } = withUsageErrors(() => parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  if (values.help) return { help: true, options: { apiKeys: [] } };
  const keys = values['api-key'] ?? (env.CLARIFAI_PAT ? [env.CLARIFAI_PAT] : []);
  if (keys.length === 0) throw badFlag('api-key', 'required (or set CLARIFAI_PAT)');
  keys.forEach((key) => {
    if (key.length === 0 || /\s/.test(key)) throw badFlag('api-key', 'must be a non-empty key without spaces');
  });
  for (const flag of ['host', 'db', 'user-id', 'app-id'] as const) {
    if (values[flag] === '') throw badFlag(flag, 'must not be empty');
  }
  for (const flag of ['user-id', 'app-id'] as const) {
    const problem = values[flag] === undefined ? undefined : idProblem(values[flag]);
    if (problem !== undefined) throw badFlag(flag, problem.replace(/^id /, ''));
  }
  const codes = values['fault-code'];
  codes?.forEach((code) => {
    if (!(FAULT_CODES as readonly string[]).includes(code)) throw badFlag('fault-code', `must be one of ${FAULT_CODES.join(', ')}, got '${code}'`);
  });
  const phase = values['fault-phase'];
  if (phase !== undefined && phase !== 'before' && phase !== 'after') throw badFlag('fault-phase', `must be 'before' or 'after', got '${phase}'`);
  const sync = values.sync?.toUpperCase();
  if (sync !== undefined && sync !== 'FULL' && sync !== 'NORMAL') throw badFlag('sync', `must be FULL or NORMAL, got '${values.sync}'`);
  const uploadTransport = values['upload-transport'];
  if (uploadTransport !== undefined && uploadTransport !== 'http2' && uploadTransport !== 'grpc-js') {
    throw badFlag('upload-transport', `must be http2 or grpc-js, got '${uploadTransport}'`);
  }
  const options: EmulatorOptions = {
    apiKeys: keys,
    port: intFlag('port', values.port, 0, 65535) ?? 0,
    host: values.host ?? '127.0.0.1',
    db: values.db ?? CLI_DEFAULT_DB,
    ...defined({
      restPort: intFlag('rest-port', values['rest-port'], 0, 65535),
      hostedPort: intFlag('hosted-port', values['hosted-port'], 0, 65535),
      tls: tlsFlags(values),
      userId: values['user-id'],
      appId: values['app-id'],
      processingConcurrency: intFlag('concurrency', values.concurrency, 1, 1024),
      downloadTimeoutMs: intFlag('download-timeout-ms', values['download-timeout-ms'], 1, 3_600_000),
      sync,
      uploadTransport,
      faultRate: numberFlag('fault-rate', values['fault-rate'], 0, 1),
      faultCodes: codes as FaultCode[] | undefined,
      faultPhase: phase,
      faultSeed: intFlag('fault-seed', values['fault-seed'], 0, Number.MAX_SAFE_INTEGER),
      latencyMs: latencyFlag(values['latency-ms']),
      throttleRps: numberFlag('throttle-rps', values['throttle-rps'], Number.MIN_VALUE, 1e9),
    }),
  };
  return { help: false, options };
}
