/**
 * One input read from the source, made ready to send: validated, given its final id, measured
 * (files with `stat`, before they are read), and refused locally when it is too big or an empty
 * file, so that it ends in `failed` without being sent and the rest go on.
 */
import { randomUUID } from 'node:crypto';
import type { Input } from '../../generated/clarifai/api/resources.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { measureInput, type InputSize } from '../inputs/input-size';
import { toProtoShell } from '../inputs/to-proto-input';
import { inputLabel } from '../inputs/validate-input';
import type { FailedInput, NewInput } from '../types';
import { itemStatus } from './item-status';

/** One input on its way: as given, where it was in the source, and its final id. */
export interface PendingInput {
  input: NewInput;
  index: number;
  id: string;
  /** True when the client chose the id (so nobody else can have used it). */
  idAssigned: boolean;
  /** Encoded size in PostInputs, files included (an upper bound within a few bytes). */
  bytes: number;
  /** The wire input without file content; the file is read into it when its batch is sent. */
  wire: Input;
  /** Set when the input is not sent: why, as its entry in `failed`. */
  refused?: FailedInput;
}

/** 32 hex characters: unique, and valid as a Clarifai input id. */
export function newInputId(): string {
  return randomUUID().replaceAll('-', '');
}

/** An entry of `failed`. */
export function failedInput(
  pending: Pick<PendingInput, 'input' | 'id' | 'index'>,
  code: StatusCode,
  description: string,
  details: string,
): FailedInput {
  return {
    input: { ...pending.input, id: pending.id },
    id: pending.id,
    index: pending.index,
    ...itemStatus(code),
    description,
    details,
  };
}

const NOT_SENT = 'checked by the client before sending; not sent';

/**
 * `input` is validated; `id` is its final id. Waits only for a `{ file }` (its `stat`); other
 * inputs are ready at once, so a large array of inputs in memory costs no promise per input.
 * A file that cannot be read rejects with a `ClarifaiValidationError`.
 */
export function prepareInput(input: NewInput, index: number, id: string, maxInputBytes: number): PendingInput | Promise<PendingInput> {
  const wire = toProtoShell(input, id);
  const size = measureInput(input, wire, index);
  return size instanceof Promise ? size.then((s) => pendingOf(input, index, id, wire, s, maxInputBytes)) : pendingOf(input, index, id, wire, size, maxInputBytes);
}

function pendingOf(input: NewInput, index: number, id: string, wire: Input, { bytes, emptyFile }: InputSize, maxInputBytes: number): PendingInput {
  const pending: PendingInput = { input, index, id, idAssigned: input.id === undefined, bytes, wire };
  const label = inputLabel(index, id);
  if (emptyFile !== undefined) {
    pending.refused = failedInput(pending, StatusCode.INPUT_INVALID_ARGUMENT, `${label}: ${emptyFile} is empty (0 bytes)`, NOT_SENT);
  } else if (bytes > maxInputBytes) {
    const description = `${label}: ${bytes} bytes encoded, over the limit of ${maxInputBytes} bytes (maxInputBytes)`;
    pending.refused = failedInput(pending, StatusCode.INPUT_OVER_LIMIT, description, NOT_SENT);
  }
  return pending;
}
