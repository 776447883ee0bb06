/**
 * Shared pieces of the reliability tests: numbered inputs whose content says what they are, a
 * checker that the stored set is exactly those inputs once each, and a client tuned for faults.
 */
import { InputsClient, type CallEvent, type InputsClientOptions, type NewInput } from '../../src';
import type { Input } from '../../src/generated/clarifai/api/resources.pb';

/** A key distinctive enough to grep for in any output. */
export const RELIABILITY_KEY = 'rel-key-7Hq2ZxW9pLk4';

/** Retries fast and often: faults at 20% need a few attempts now and then, never a long wait. */
export const chaosRetry = { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 8 };

/** `n` text inputs; input i carries `tag#i` as its text and `{ tag, i }` as metadata. Ids only when `ids` is set. */
export function numberedInputs(n: number, tag: string, ids = false): NewInput[] {
  return Array.from({ length: n }, (_, i) => ({
    ...(ids ? { id: `${tag}-${i}` } : {}),
    text: { raw: `${tag}#${i}` },
    metadata: { tag, i },
  }));
}

/**
 * Problems with `stored` as the set of `numberedInputs(n, tag)`: a missing or doubled number,
 * text that does not match its metadata, a repeated id. Empty when every input is there once.
 */
export function storedProblems(stored: readonly Input[], n: number, tag: string): string[] {
  const problems: string[] = [];
  const seen = new Map<number, number>();
  const ids = new Set<string>();
  for (const input of stored) {
    if (ids.has(input.id)) problems.push(`id ${input.id} listed twice`);
    ids.add(input.id);
    const meta = input.data?.metadata as { tag?: unknown; i?: unknown } | undefined;
    const i = typeof meta?.i === 'number' ? meta.i : -1;
    if (meta?.tag !== tag || i < 0 || i >= n) {
      problems.push(`input ${input.id} is not one of ours: ${JSON.stringify(meta)}`);
      continue;
    }
    if (input.data?.text?.raw !== `${tag}#${i}`) problems.push(`input ${input.id}: text ${JSON.stringify(input.data?.text?.raw)} for number ${i}`);
    seen.set(i, (seen.get(i) ?? 0) + 1);
  }
  for (let i = 0; i < n; i++) {
    const count = seen.get(i) ?? 0;
    if (count !== 1) problems.push(`number ${i} stored ${count} times`);
    if (problems.length > 20) break;
  }
  return problems;
}

/** Attempts per method, from `onCall` events. */
export class CallLog {
  readonly events: CallEvent[] = [];
  readonly onCall = (event: CallEvent): void => {
    this.events.push(event);
  };

  attempts(method: string): number {
    return this.events.filter((e) => e.method === method).length;
  }

  /** Attempts of `method` that ended in an error (a gRPC error or a non-success Clarifai status). */
  failedAttempts(method: string): number {
    return this.events.filter((e) => e.method === method && e.error !== undefined).length;
  }
}

/** A client for a local emulator: insecure (loopback), fast retries. */
export function emulatorClient(target: string, options: InputsClientOptions = {}): InputsClient {
  return new InputsClient({ apiKey: RELIABILITY_KEY, target, insecure: true, retry: chaosRetry, ...options });
}

/** Every stored input, through StreamInputs (retried like any read). */
export async function allStored(client: InputsClient): Promise<Input[]> {
  const out: Input[] = [];
  for await (const input of client.streamInputs({ perPage: 1000 })) out.push(input);
  return out;
}
