import { ClarifaiNotFoundError } from '../client/errors';
import type { InputsClient } from '../client/inputs-client';
import type { Input } from '../generated/clarifai/api/resources.pb';
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
    const finals = await waitForPresent(client, chunk, { signal: options.signal, deadline }, (id) => {
      // Listed (in the resume file) but no longer in the app: deleted since, e.g. by sync.
      const name = statusCodeName(StatusCode.CONN_DOES_NOT_EXIST);
      outcome.counts.set(name, (outcome.counts.get(name) ?? 0) + 1);
      outcome.failed += 1;
      record({ id, origin: origins.get(id) ?? '', code: StatusCode.CONN_DOES_NOT_EXIST, codeName: name, description: 'not in the app', details: 'deleted since it was added, or never added' });
    });
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

/**
 * Waits for `ids`; an id the app no longer has is reported through `missing` and the wait goes on
 * for the others, so one deleted input does not hide the state of the rest.
 */
async function waitForPresent(
  client: InputsClient,
  ids: readonly string[],
  options: { signal?: AbortSignal | undefined; deadline: number },
  missing: (id: string) => void,
): Promise<Input[]> {
  let pending = ids;
  for (;;) {
    try {
      return await client.waitForInputs(pending, { signal: options.signal, timeoutMs: Math.max(1, options.deadline - Date.now()) });
    } catch (err) {
      if (!(err instanceof ClarifaiNotFoundError)) throw err;
      const gone = new Set(err.notFoundIds);
      for (const id of gone) missing(id);
      pending = pending.filter((id) => !gone.has(id));
      if (pending.length === 0) return [];
    }
  }
}

/** "1 INPUT_FAILED, 3 INPUT_SUCCESS", by name. */
export function describeCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => `${n} ${name}`).join(', ');
}
