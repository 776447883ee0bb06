import type { InputStore } from '../store/input-store';

/** What every RPC handler works with. */
export interface HandlerContext {
  store: InputStore;
  /** `prefix` of every hosted URL handed out. */
  hostedPrefix: string;
  maxInputBytes: number;
  /**
   * Called inside the transaction that stored new pending inputs: processing settles or claims
   * them in that same transaction (one commit for both, see `ProcessingWorker.claimWithin`).
   * Returns what to run once it has committed.
   */
  claimAdded: () => () => void;
  /**
   * Called inside that transaction before storing: whether inputs that need no download would be
   * settled at once (see `ProcessingWorker.settlesAtOnce`), so they may be stored settled.
   */
  settlesAtOnce: () => boolean;
  now: () => number;
}

/** Most inputs one PostInputs or PatchInputs call takes. */
export const MAX_INPUTS_PER_CALL = 128;
