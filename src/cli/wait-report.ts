import type { InputsClient } from '../client/inputs-client';
import { StatusCode } from '../generated/clarifai/api/status/status_code.pb';
import { statusCodeName } from '../status-code-name';
import type { FailureRow } from './failure-report';
import { ProgressReporter } from './progress';

/** Ids waited for per call, so progress moves while a long wait goes on. */
const WAIT_CHUNK = 512;

export interface WaitOutcome {
  /** Inputs per final status name. */
  counts: Map<string, number>;
  /** Inputs that ended in anything but INPUT_SUCCESS. */
  failed: number;
}

/**
 * Waits until every input in `origins` (id to where it came from) is processed, a chunk of
 * ids at a time so that progress shows on stderr, and records each input that failed
 * processing with its origin. `timeoutMs` bounds the whole wait.
 */
export async function waitWithProgress(
  client: InputsClient,
  origins: ReadonlyMap<string, string>,
  options: { signal?: AbortSignal; timeoutMs: number },
  record: (row: FailureRow) => void,
): Promise<WaitOutcome> {
  const ids = [...origins.keys()];
  const progress = new ProgressReporter(process.stderr, 'processed');
  const deadline = Date.now() + options.timeoutMs;
  const outcome: WaitOutcome = { counts: new Map(), failed: 0 };
  let done = 0;
  for (let start = 0; start < ids.length; start += WAIT_CHUNK) {
    const chunk = ids.slice(start, start + WAIT_CHUNK);
    const finals = await client.waitForInputs(chunk, { signal: options.signal, timeoutMs: Math.max(1, deadline - Date.now()) });
    for (const input of finals) {
      const code = input.status?.code ?? 0;
      const name = statusCodeName(code);
      outcome.counts.set(name, (outcome.counts.get(name) ?? 0) + 1);
      if (code === StatusCode.INPUT_SUCCESS) continue;
      outcome.failed += 1;
      record({
        id: input.id,
        origin: origins.get(input.id) ?? '',
        code,
        codeName: name,
        description: input.status?.description ?? '',
        details: input.status?.details ?? '',
      });
    }
    done += chunk.length;
    progress.update({ done, failed: outcome.failed, total: ids.length });
  }
  progress.finish();
  return outcome;
}

/** "1 INPUT_FAILED, 3 INPUT_SUCCESS", by name. */
export function describeCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => `${n} ${name}`).join(', ');
}
