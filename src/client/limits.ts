/**
 * The client's limits and defaults that other parts (the CLI's flags and help) must agree with:
 * one definition each, imported wherever the number is needed.
 */

/** Inputs per PostInputs (and ids per DeleteInputs / PatchInputs / ListInputs-by-id) request: the service's maximum. */
export const MAX_BATCH_SIZE = 128;
/** Batches in flight at once. */
export const DEFAULT_CONCURRENCY = 4;
/** Overall deadline of one logical call, retries included. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** ListInputs / StreamInputs page size: the default, and the service's maximum. */
export const DEFAULT_PER_PAGE = 128;
export const MAX_PER_PAGE = 1000;
/** waitForInputs: the whole wait, the first poll interval and the interval it grows to. */
export const DEFAULT_WAIT_TIMEOUT_MS = 300_000;
export const DEFAULT_POLL_MS = 500;
export const DEFAULT_MAX_POLL_MS = 5_000;
const MIB = 1024 * 1024;
/**
 * Encoded bytes per PostInputs (the service refuses a request over 128 MB). 8 MiB: in the bench's
 * `streamed` workload larger batches uploaded no faster and the client's peak RSS grew from 212 MB
 * (8 MiB) to 463 MB (32 MiB); docs/client.md, "Adding inputs".
 */
export const DEFAULT_MAX_BATCH_BYTES = 8 * MIB;
export const MAX_BATCH_BYTES = 128 * MIB;
/** The largest input sent: the service's documented per-input limit ("about 20 MB"). */
export const DEFAULT_MAX_INPUT_BYTES = 20 * MIB;
