/**
 * Buffers for encoded PostInputs requests, used again once a request has its answer.
 *
 * Why: a batch of 128 images is an 8 MB request. Written into a fresh buffer every time, each
 * batch pays the kernel's page faults (every new page is zeroed) and leaves 8 MB of external
 * memory for V8 to collect; in a CPU profile of `addInputs` that write cost more than grpc-js's
 * own framing copy, and the client used 2-3x the CPU per GB of the same upload sent pre-encoded
 * (BENCHMARKS.md). A pooled buffer is already mapped, and nothing is left to collect.
 *
 * When it is safe: grpc-js copies the serialized bytes into its own framed message before any of
 * them go on the wire, so once the server has answered, the call never reads them again. A
 * buffer goes back to the pool only then (`recycleRequestBuffer`, after the call succeeded);
 * after an error, a deadline or a cancel grpc-js may still hold it, so it is left to the GC. A
 * retried request is encoded again into another buffer; only the last one is recycled.
 *
 * Bounded: only buffers of at least 1 MiB (smaller ones come from Node's shared pool and are never
 * recycled), at most 64 MiB kept, all dropped after a second without an upload.
 */

const MIN_POOLED = 1024 * 1024;
const MAX_POOLED_BYTES = 64 * 1024 * 1024;
const IDLE_RELEASE_MS = 1000;

/** Free buffers, each owning its whole ArrayBuffer. */
const free: Buffer[] = [];
let freeBytes = 0;
/** The buffer a request was last encoded into (its answer not yet seen). */
const inFlight = new WeakMap<object, Buffer>();
let idleTimer: NodeJS.Timeout | undefined;

function releaseAll(): void {
  free.length = 0;
  freeBytes = 0;
}

/** A buffer of exactly `size` bytes for `request`'s encoding, pooled when large enough. */
export function requestBuffer(request: object, size: number): Buffer {
  if (size < MIN_POOLED) return Buffer.allocUnsafe(size);
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    const length = (free[i] as Buffer).length;
    if (length >= size && (best < 0 || length < (free[best] as Buffer).length)) best = i;
  }
  let whole: Buffer;
  if (best >= 0) {
    whole = free.splice(best, 1)[0] as Buffer;
    freeBytes -= whole.length;
  } else {
    whole = Buffer.allocUnsafeSlow(size);
  }
  inFlight.set(request, whole);
  return whole.subarray(0, size);
}

/** `request` was answered: the buffer of its last encoding may be used again. */
export function recycleRequestBuffer(request: object): void {
  const whole = inFlight.get(request);
  if (whole === undefined) return;
  inFlight.delete(request);
  if (freeBytes + whole.length > MAX_POOLED_BYTES) return;
  free.push(whole);
  freeBytes += whole.length;
  if (idleTimer === undefined) idleTimer = setTimeout(releaseAll, IDLE_RELEASE_MS).unref();
  else idleTimer.refresh();
}

/** Bytes held by free buffers (for tests). */
export function pooledBytes(): number {
  return freeBytes;
}
