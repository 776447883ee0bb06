/** What the operations of an `InputsClient` share: the call pipeline and the resolved defaults. */
import type { UserAppIDSet } from '../generated/clarifai/api/resources.pb';
import type { Invoke } from './call/invoke';

export interface ClientContext {
  invoke: Invoke;
  userAppId: UserAppIDSet | undefined;
  batchSize: number;
  concurrency: number;
  /** The deadline layer's default, for bounds computed outside the pipeline (a confirmation's grace). */
  timeoutMs: number;
  maxBatchBytes: number;
  maxInputBytes: number;
}
