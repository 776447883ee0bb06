/**
 * `clarifai-inputs/emulator`: a local, Clarifai-compatible Inputs server on grpc-js and SQLite
 * (better-sqlite3, loaded only here). See README, "Emulator".
 */
export { startEmulator } from './server/start-emulator';
export type { RunningEmulator } from './server/start-emulator';
export type { EmulatorOptions, SyncMode } from './server/options';
export type { ReceivedCall } from './server/received-call';
export type { FaultCode, FaultOptions, FaultPhase, Latency } from './faults/fault-options';
export { FAULT_CODES } from './faults/fault-options';
export { sampleBmp, sampleGif, sampleJpeg, samplePng, sampleTiff, sampleWebp } from './samples/sample-images';
