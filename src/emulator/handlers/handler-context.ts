import type { InputStore } from '../store/input-store';

/** What every RPC handler works with. */
export interface HandlerContext {
  store: InputStore;
  /** `prefix` of every hosted URL handed out. */
  hostedPrefix: string;
  maxInputBytes: number;
  /** Tells the processing worker that new pending inputs exist. */
  onInputsAdded: () => void;
  now: () => number;
}

/** Most inputs one PostInputs or PatchInputs call takes. */
export const MAX_INPUTS_PER_CALL = 128;
