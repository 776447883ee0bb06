/**
 * One V2 call as `onCallReceived` sees it. Apart from received-calls.ts, which needs the method
 * table (and through it the store and better-sqlite3), so the public declarations stay free of
 * those types.
 */
export interface ReceivedCall {
  /** The method, as named in the client API: `postInputs`, `getInputCount`, ... */
  method: string;
  /** Settles when the emulator has answered the call (or failed it); never rejects. */
  finished: Promise<void>;
}
