/** What the operations of an `InputsClient` share: the transport and the resolved defaults. */
import type { UserAppIDSet } from '../generated/clarifai/api/resources.pb';
import type { Transport } from './call/invoke';

export interface ClientContext {
  transport: Transport;
  userAppId: UserAppIDSet | undefined;
  batchSize: number;
  concurrency: number;
  maxBatchBytes: number;
  maxInputBytes: number;
}
