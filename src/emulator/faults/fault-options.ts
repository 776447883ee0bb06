/** Failures the fault layer can inject (see README, Emulator, "Fault injection"). */
export const FAULT_CODES = ['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED', 'CONN_THROTTLED', 'RPC_SERVER_UNAVAILABLE'] as const;
/** A fault the emulator can inject: a gRPC code that fails the call, or a Clarifai status answered inside gRPC OK. */
export type FaultCode = (typeof FAULT_CODES)[number];

/** `before`: fail without touching the store. `after`: run the call (commit) and drop its answer. */
export type FaultPhase = 'before' | 'after';

/** Extra delay per call: `ms`, plus a uniformly random 0..`jitterMs` either way. */
export interface Latency {
  /** Delay before every call, in ms. */
  ms: number;
  /** Up to this many ms more or less, at random (seeded by `faultSeed`). Default 0. */
  jitterMs?: number;
}

/** The fault controls of `startEmulator`. All are off by default. */
export interface FaultOptions {
  /** Fraction of V2 calls that fault, 0..1. Default 0. */
  faultRate?: number;
  /** Which faults to inject, picked at random per faulted call. Default `['UNAVAILABLE']`. */
  faultCodes?: readonly FaultCode[];
  /** Default `before`. */
  faultPhase?: FaultPhase;
  /** Seed for the fault and jitter choices, so runs repeat. Default: random. */
  faultSeed?: number;
  /** Delay added to every V2 call, e.g. `20` or `{ ms: 20, jitterMs: 5 }`. Default 0. */
  latencyMs?: number | Latency;
  /** Answer CONN_THROTTLED to calls above this many per second (a token bucket). Default off. */
  throttleRps?: number;
}

export interface ResolvedFaults {
  rate: number;
  codes: FaultCode[];
  phase: FaultPhase;
  seed: number;
  latency: Required<Latency>;
  throttleRps: number | undefined;
}

function fail(option: string, expected: string, got: unknown): never {
  throw new TypeError(`startEmulator: option \`${option}\` must be ${expected}, got ${JSON.stringify(got) ?? String(got)}`);
}

const isNonNegative = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** Checks the fault controls and fills in defaults; a bad value names its option. */
export function resolveFaults(options: FaultOptions): ResolvedFaults {
  const rate = options.faultRate ?? 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) fail('faultRate', 'a number from 0 to 1', rate);
  const codes = options.faultCodes ?? ['UNAVAILABLE'];
  if (!Array.isArray(codes) || codes.length === 0) fail('faultCodes', `a non-empty array of ${FAULT_CODES.join(', ')}`, codes);
  for (const code of codes) {
    if (!FAULT_CODES.includes(code)) fail('faultCodes', `made of ${FAULT_CODES.join(', ')}`, code);
  }
  const phase = options.faultPhase ?? 'before';
  if (phase !== 'before' && phase !== 'after') fail('faultPhase', '"before" or "after"', phase);
  const seed = options.faultSeed ?? Math.floor(Math.random() * 2 ** 31);
  if (!Number.isSafeInteger(seed)) fail('faultSeed', 'an integer', seed);
  const latencyOption = options.latencyMs ?? 0;
  const latency = typeof latencyOption === 'number' ? { ms: latencyOption, jitterMs: 0 } : { ms: latencyOption.ms, jitterMs: latencyOption.jitterMs ?? 0 };
  if (!isNonNegative(latency.ms) || !isNonNegative(latency.jitterMs)) fail('latencyMs', 'a non-negative number or { ms, jitterMs } of them', latencyOption);
  const throttleRps = options.throttleRps;
  if (throttleRps !== undefined && !(isNonNegative(throttleRps) && throttleRps > 0)) fail('throttleRps', 'a positive number', throttleRps);
  return { rate, codes: [...codes], phase, seed, latency, throttleRps };
}
