/**
 * Sends one batch with PostInputs and sorts every input of it into added or failed.
 *
 * Never doubled, never lost: ids are always set by the client, so a retried attempt can only
 * meet its own earlier write as a duplicate-id (30100) answer. When an earlier attempt of this
 * batch ended without an answer, such inputs, and any input the answer leaves out, are
 * confirmed with ListInputs by id: found means added (once), not found means failed.
 */
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import type { Input } from '../../generated/clarifai/api/resources.pb';
import type { MultiInputResponse } from '../../generated/clarifai/api/service.pb';
import type { Status } from '../../generated/clarifai/api/status/status.pb';
import type { ClientContext } from '../context';
import { methods } from '../call/methods';
import { recycleRequestBuffer } from '../inputs/request-buffers';
import { toProtoInput } from '../inputs/to-proto-input';
import { inputsByIdMap } from './inputs-by-ids';
import type { CallSettings } from '../call-options';
import type { AddedInput, FailedInput } from '../types';
import { failedInput, type PendingInput } from './prepare-input';

export interface BatchOutcome {
  added: AddedInput[];
  failed: FailedInput[];
}

/** Per-input codes that mean "accepted; processing goes on". */
const ACCEPTED: ReadonlySet<number> = new Set([
  StatusCode.SUCCESS,
  StatusCode.INPUT_SUCCESS,
  StatusCode.INPUT_PENDING,
  StatusCode.INPUT_IN_PROGRESS,
]);

/** A user-chosen id found after a retry counts as ours only if it was created after this allowance before the call. */
const CLOCK_SKEW_MS = 60_000;

/** MIXED_STATUS, or a FAILURE that still reports each input, is an answer to sort, not an error. */
export function isPerInputResult(response: Pick<MultiInputResponse, 'status'> & { inputs: ReadonlyArray<{ status?: Status | undefined }> }): boolean {
  const code = response.status?.code;
  if (code === StatusCode.MIXED_STATUS) return true;
  return code === StatusCode.FAILURE && response.inputs.some((input) => (input.status?.code ?? 0) !== 0);
}

/** The input as returned, without the echoed media bytes (the caller has them; results stay small). */
function withoutBytes(input: Input): Input {
  const data = input.data;
  if (data === undefined) return input;
  const empty = new Uint8Array(0);
  return {
    ...input,
    data: {
      ...data,
      image: data.image && { ...data.image, base64: empty },
      video: data.video && { ...data.video, base64: empty },
      audio: data.audio && { ...data.audio, base64: empty },
    },
  };
}

function failure(pending: PendingInput, status: Status | undefined, fallback: string): FailedInput {
  return failedInput(pending, status?.code ?? 0, status?.description || fallback, status?.details ?? '');
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * An entry of `added`, its media bytes dropped. An input given as it is (decoded already, perhaps
 * holding echoed media bytes) is stripped now, so nothing keeps those bytes alive. Given a
 * function, the input is made when `input` is first read, then kept: an own enumerable property,
 * so spreading or serializing the entry reads it as any other.
 */
export function added(p: PendingInput, input: Input | (() => Input)): AddedInput {
  if (typeof input !== 'function') return { index: p.index, id: p.id, input: withoutBytes(input) };
  let made: Input | undefined;
  const entry: AddedInput = {
    index: p.index,
    id: p.id,
    get input() {
      return (made ??= withoutBytes(input()));
    },
    set input(value: Input) {
      made = value;
    },
  };
  // console.log and util.inspect show the input, not `[Getter/Setter]` (not enumerable: spread and JSON do not see it).
  Object.defineProperty(entry, INSPECT, { value: () => ({ index: entry.index, id: entry.id, input: entry.input }) });
  return entry;
}

/** The stored input found by id, when this call wrote it (not an input with the same id from before the call). */
export function ownWrite(p: PendingInput, stored: Input | undefined, startedAt: number): Input | undefined {
  const createdAt = stored?.createdAt?.getTime();
  return p.idAssigned || createdAt === undefined || createdAt >= startedAt - CLOCK_SKEW_MS ? stored : undefined;
}

/** The inputs of `pending` the app has now, by id. */
export function confirmById(ctx: ClientContext, pending: readonly PendingInput[], call: CallSettings): Promise<Map<string, Input>> {
  return inputsByIdMap(ctx, pending.map((p) => p.id), call);
}

export async function postBatch(ctx: ClientContext, batch: readonly PendingInput[], call: CallSettings): Promise<BatchOutcome> {
  const startedAt = Date.now();
  // Files are read here, only for the batch being sent (their sizes were checked with stat).
  const made = batch.map((p) => toProtoInput(p.input, p.id, p.index, p.wire));
  const inputs = made.some((m) => m instanceof Promise) ? await Promise.all(made) : (made as Input[]);
  const request = { userAppId: ctx.userAppId, inputs, inputsAddJobId: '', inputIdConflictResolution: 0 };
  const { response, attempts } = await ctx.invoke(methods.postInputs, request, { ...call, itemCount: batch.length, acceptStatus: isPerInputResult });
  // Answered: grpc-js is done with the encoded request, its buffer can serve the next batch.
  recycleRequestBuffer(request);
  const retried = attempts > 1;
  const allAdded = response.status?.code === StatusCode.SUCCESS;
  const echoed = new Map(response.inputs.map((entry) => [entry.id, entry]));
  const outcome: BatchOutcome = { added: [], failed: [] };
  const toConfirm: PendingInput[] = [];

  for (const p of batch) {
    const answer = echoed.get(p.id);
    const code = answer?.status?.code ?? 0;
    if (allAdded) outcome.added.push(answer === undefined ? added(p, p.wire) : added(p, answer.input));
    else if (answer === undefined || code === 0) toConfirm.push(p);
    else if (ACCEPTED.has(code)) outcome.added.push(added(p, answer.input));
    else if (code === StatusCode.INPUT_DUPLICATE && retried) toConfirm.push(p);
    else outcome.failed.push(failure(p, answer.status, 'refused'));
  }
  if (toConfirm.length === 0) return outcome;

  const found = await confirmById(ctx, toConfirm, call);
  for (const p of toConfirm) {
    const stored = ownWrite(p, found.get(p.id), startedAt);
    if (stored !== undefined) outcome.added.push(added(p, stored));
    else outcome.failed.push(failure(p, echoed.get(p.id)?.status, 'the answer did not report this input and it was not found afterwards'));
  }
  return outcome;
}
