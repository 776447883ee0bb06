import { parseArgs } from 'node:util';
import { FAULT_CODES, type FaultCode, type Latency } from '../../emulator/faults/fault-options';
import type { EmulatorOptions } from '../../emulator/server/options';
import { idProblem } from '../../emulator/service/ids';

/** The default database of the CLI: a file in the working directory. */
export const CLI_DEFAULT_DB = 'clarifai-emulator.db';

export const EMULATOR_USAGE = `usage: clarifai-inputs emulator --api-key <key> [--api-key <key2>] [--port 0] [--host 127.0.0.1]
         [--db ${CLI_DEFAULT_DB}|:memory:] [--user-id local] [--app-id main]
         [--concurrency 8] [--download-timeout-ms 10000] [--sync FULL|NORMAL]
         [--fault-rate 0..1] [--fault-code <code>]... [--fault-phase before|after] [--fault-seed <n>]
         [--latency-ms <n>[±<jitter>]] [--throttle-rps <n>]
Without --api-key, CLARIFAI_PAT is used as the key. Fault codes: ${FAULT_CODES.join(', ')}.`;

/** A command-line mistake; the message names the flag. */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'api-key': { type: 'string', multiple: true },
  db: { type: 'string' },
  'user-id': { type: 'string' },
  'app-id': { type: 'string' },
  concurrency: { type: 'string' },
  'download-timeout-ms': { type: 'string' },
  sync: { type: 'string' },
  'fault-rate': { type: 'string' },
  'fault-code': { type: 'string', multiple: true },
  'fault-phase': { type: 'string' },
  'fault-seed': { type: 'string' },
  'latency-ms': { type: 'string' },
  'throttle-rps': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function int(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new FlagError(`--${flag} must be a whole number from ${min} to ${max}, got '${text}'`);
  }
  return Number(text);
}

function num(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !(n >= min && n <= max)) throw new FlagError(`--${flag} must be a number from ${min} to ${max}, got '${text}'`);
  return n;
}

function latency(text: string | undefined): Latency | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(?:(?:±|\+-|~)(\d+(?:\.\d+)?))?$/.exec(text);
  if (!m) throw new FlagError(`--latency-ms must look like 20 or 20±5 (milliseconds), got '${text}'`);
  return { ms: Number(m[1]), jitterMs: Number(m[2] ?? 0) };
}

export interface ParsedEmulatorFlags {
  help: boolean;
  options: EmulatorOptions;
}

/** Turns `emulator` flags into startEmulator options; any mistake throws FlagError naming the flag. */
export function parseEmulatorFlags(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedEmulatorFlags {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof FLAGS; strict: true; allowPositionals: false }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (err) {
    const message = (err as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new FlagError(`unknown flag '${unknown[1]}'`);
    const missing = /Option '(--[\w-]+)[^']*' argument missing/.exec(message);
    if (missing) throw new FlagError(`${missing[1]} needs a value`);
    throw new FlagError(message.split('\n')[0] ?? message);
  }
  if (values.help) return { help: true, options: { apiKeys: [] } };
  const keys = values['api-key'] ?? (env.CLARIFAI_PAT ? [env.CLARIFAI_PAT] : []);
  if (keys.length === 0) throw new FlagError('--api-key is required (or set CLARIFAI_PAT)');
  keys.forEach((key) => {
    if (key.length === 0 || /\s/.test(key)) throw new FlagError('--api-key must be a non-empty key without spaces');
  });
  for (const flag of ['host', 'db', 'user-id', 'app-id'] as const) {
    if (values[flag] === '') throw new FlagError(`--${flag} must not be empty`);
  }
  for (const flag of ['user-id', 'app-id'] as const) {
    const problem = values[flag] === undefined ? undefined : idProblem(values[flag]);
    if (problem !== undefined) throw new FlagError(`--${flag}: ${problem.replace(/^id /, '')}`);
  }
  const codes = values['fault-code'];
  codes?.forEach((code) => {
    if (!(FAULT_CODES as readonly string[]).includes(code)) throw new FlagError(`--fault-code must be one of ${FAULT_CODES.join(', ')}, got '${code}'`);
  });
  const phase = values['fault-phase'];
  if (phase !== undefined && phase !== 'before' && phase !== 'after') throw new FlagError(`--fault-phase must be 'before' or 'after', got '${phase}'`);
  const sync = values.sync?.toUpperCase();
  if (sync !== undefined && sync !== 'FULL' && sync !== 'NORMAL') throw new FlagError(`--sync must be FULL or NORMAL, got '${values.sync}'`);
  const options: EmulatorOptions = {
    apiKeys: keys,
    port: int('port', values.port, 0, 65535) ?? 0,
    host: values.host ?? '127.0.0.1',
    db: values.db ?? CLI_DEFAULT_DB,
    ...(values['user-id'] !== undefined ? { userId: values['user-id'] } : {}),
    ...(values['app-id'] !== undefined ? { appId: values['app-id'] } : {}),
    ...(values.concurrency !== undefined ? { processingConcurrency: int('concurrency', values.concurrency, 1, 1024) } : {}),
    ...(values['download-timeout-ms'] !== undefined ? { downloadTimeoutMs: int('download-timeout-ms', values['download-timeout-ms'], 1, 3_600_000) } : {}),
    ...(sync !== undefined ? { sync } : {}),
    ...(values['fault-rate'] !== undefined ? { faultRate: num('fault-rate', values['fault-rate'], 0, 1) } : {}),
    ...(codes ? { faultCodes: codes as FaultCode[] } : {}),
    ...(phase !== undefined ? { faultPhase: phase } : {}),
    ...(values['fault-seed'] !== undefined ? { faultSeed: int('fault-seed', values['fault-seed'], 0, Number.MAX_SAFE_INTEGER) } : {}),
    ...(values['latency-ms'] !== undefined ? { latencyMs: latency(values['latency-ms']) } : {}),
    ...(values['throttle-rps'] !== undefined ? { throttleRps: num('throttle-rps', values['throttle-rps'], Number.MIN_VALUE, 1e9) } : {}),
  };
  return { help: false, options };
}
