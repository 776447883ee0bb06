import { randomBytes } from 'node:crypto';

/** Longest input id the emulator accepts. */
export const MAX_ID_LENGTH = 255;

/** Letters, digits, `_`, `-`, `.` and `:`; it must start with a letter or digit. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** Why a client-chosen id is refused, or undefined when it is fine. */
export function idProblem(id: string): string | undefined {
  if (id.length > MAX_ID_LENGTH) return `id is ${id.length} characters long; the limit is ${MAX_ID_LENGTH}`;
  if (!ID_PATTERN.test(id)) {
    return `id ${JSON.stringify(id)} has characters that are not allowed: use letters, digits, "_", "-", "." and ":", starting with a letter or digit`;
  }
  return undefined;
}

/** A server-made id: 32 lowercase hex characters, URL-safe. */
export function newInputId(): string {
  return randomBytes(16).toString('hex');
}

/** A request id for the status of every response. */
export function newRequestId(): string {
  return `emu-${randomBytes(8).toString('hex')}`;
}
