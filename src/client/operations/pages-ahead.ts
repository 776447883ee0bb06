/**
 * Every item of a paginated RPC, fetching page N+1 while the caller consumes page N, so the
 * server and the network work while the caller decodes and iterates. Only one page ahead: at most
 * two pages in memory. A page that `isLast` says ends the set is never followed by a fetch (a
 * ListInputs short page ends without an extra call, as without prefetch).
 *
 * Abort and early exit: every fetch gets a signal of this iteration, aborted when the caller's
 * `signal` is or when the caller leaves the loop (`break`, `return`, a throw), so an in-flight
 * fetch ahead is cancelled and its rejection is handled here; no listener outlives the iteration.
 * Items of the page in hand are still yielded after an abort (they are already here); the next
 * page is not, even when its answer had already arrived.
 */
import { ClarifaiAbortError } from '../errors';
import type { Page } from './input-page';

export interface PagesAhead<T> {
  /** RPC name, for the abort error. */
  method: string;
  signal: AbortSignal | undefined;
  /** Page `index` (0-based); `previous` is the page before it, undefined for the first. */
  fetchPage(index: number, previous: Page<T> | undefined, signal: AbortSignal): Promise<Page<T>>;
  /** True when no page follows this one. */
  isLast(page: Page<T>): boolean;
}

const ignore = (): void => undefined;

export async function* pagesAhead<T>({ method, signal, fetchPage, isLast }: PagesAhead<T>): AsyncGenerator<T, void, undefined> {
  const iteration = new AbortController();
  const onAbort = (): void => iteration.abort(signal?.reason);
  if (signal?.aborted === true) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let page = await fetchPage(0, undefined, iteration.signal);
    for (let index = 0; ; index++) {
      let ahead: Promise<Page<T>> | undefined;
      if (!isLast(page)) {
        ahead = fetchPage(index + 1, page, iteration.signal);
        // Handled now: the caller may stop before it is awaited, or it may fail while we yield.
        ahead.catch(ignore);
        // One turn of the event loop, so grpc-js puts the request on the wire before the caller
        // consumes this page: a loop that never awaits I/O would otherwise hold it back until
        // the page is done, and nothing would overlap.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      // Item by item, so a lazily decoded page decodes each input only when it is reached.
      for (let item = 0; item < page.length; item++) yield page.at(item) as T;
      if (ahead === undefined) return;
      page = await ahead;
      if (iteration.signal.aborted) throw new ClarifaiAbortError(method, iteration.signal.reason);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Cancels a fetch still in flight when the caller stops early; nothing otherwise.
    iteration.abort();
  }
}
