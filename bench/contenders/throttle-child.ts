/**
 * Child process: one pacing contender uploads small text inputs to an emulator that throttles
 * above a rate, and reports wall time, attempts, throttled answers and inputs lost.
 *
 * - `paced`: default options (the adaptive rate limiter), `clients` clients sharing one limiter.
 * - `retry only`: `rateLimiter: false`, the previous behaviour: throttling is retried like any failure.
 * - `sleep 15 s`: no limiter, no retry; a batch answered CONN_THROTTLED waits 15 s and goes again,
 *   as Clarifai's docs suggest (and the Python SDK does, with 5 s).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { InputsClient } from '../../src/client/inputs-client';
import { RateLimiter } from '../../src/client/call/pacing/rate-limiter';
import { ClarifaiApiError, ClarifaiError } from '../../src/client/errors';
import type { CallEvent, InputsClientOptions, NewInput } from '../../src/client/types';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { readTask, runContenderChild } from '../harness/child-protocol';
import { API_KEY, USER_APP } from './upload-task';

export const PACING_MODES = ['paced', 'retry only', 'sleep 15 s'] as const;
export type PacingMode = (typeof PACING_MODES)[number];

export interface ThrottleTask {
  target: string;
  mode: PacingMode;
  inputs: number;
  concurrency: number;
  /** Clients sharing one limiter (`paced` only); the inputs are split between them. */
  clients: number;
  /** Inputs per PostInputs (default 128). */
  batchSize: number;
}

const DOCS_SLEEP_MS = 15_000;

function textInputs(from: number, count: number, tag: string): NewInput[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${tag}-${from + i}`, text: { raw: `bench text ${from + i}` } }));
}

async function main() {
  const task = readTask<ThrottleTask>();
  const events: CallEvent[] = [];
  const base: InputsClientOptions = {
    target: task.target,
    insecure: true,
    apiKey: API_KEY,
    userId: USER_APP.userId,
    appId: USER_APP.appId,
    concurrency: task.concurrency,
    batchSize: task.batchSize,
    onCall: (event) => events.push(event),
  };
  const tag = `${task.mode.replace(/\W+/g, '-')}-${process.pid}`;
  const started = process.hrtime.bigint();
  let added = 0;
  const clients: InputsClient[] = [];
  try {
    if (task.mode === 'paced') {
      const limiter = new RateLimiter();
      const share = Math.ceil(task.inputs / task.clients);
      const runs = Array.from({ length: task.clients }, (_, c) => {
        const client = new InputsClient({ ...base, rateLimiter: limiter });
        clients.push(client);
        return client.addInputs(textInputs(c * share, Math.min(share, task.inputs - c * share), tag));
      });
      for (const result of await Promise.all(runs)) added += result.added.length;
    } else if (task.mode === 'retry only') {
      const client = new InputsClient({ ...base, rateLimiter: false });
      clients.push(client);
      try {
        added = (await client.addInputs(textInputs(0, task.inputs, tag))).added.length;
      } catch (error) {
        added = error instanceof ClarifaiError ? (error.partialResult?.added.length ?? 0) : 0;
      }
    } else {
      const client = new InputsClient({ ...base, rateLimiter: false, retry: false });
      clients.push(client);
      const n = task.batchSize;
      const batches = Array.from({ length: Math.ceil(task.inputs / n) }, (_, b) => textInputs(b * n, Math.min(n, task.inputs - b * n), tag));
      // A throttled batch comes back either as an error (nothing stored) or in `failed`.
      const attempt = async (pending: NewInput[]) => {
        try {
          return await client.addInputs(pending, { concurrency: 1 });
        } catch (error) {
          if (!(error instanceof ClarifaiApiError && error.statusCode === StatusCode.CONN_THROTTLED)) throw error;
          return { added: [], failed: pending.map((input) => ({ input, statusCode: StatusCode.CONN_THROTTLED })) };
        }
      };
      const worker = async (): Promise<void> => {
        for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
          let pending: NewInput[] = batch;
          while (pending.length > 0) {
            const result = await attempt(pending);
            added += result.added.length;
            const throttled = result.failed.filter((f) => f.statusCode === StatusCode.CONN_THROTTLED);
            if (throttled.length < result.failed.length) throw new Error(`sleep contender: ${result.failed.length - throttled.length} inputs failed otherwise`);
            pending = throttled.map((f) => f.input);
            if (pending.length > 0) await sleep(DOCS_SLEEP_MS);
          }
        }
      };
      await Promise.all(Array.from({ length: task.concurrency }, worker));
    }
  } finally {
    for (const client of clients) client.close();
  }
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const throttled = events.filter((e) => e.statusCode === StatusCode.CONN_THROTTLED).length;
  return { elapsedMs, inputs: added, bytes: 0, counts: { attempts: events.length, throttled, failed: task.inputs - added } };
}

if (require.main === module) runContenderChild(main);
