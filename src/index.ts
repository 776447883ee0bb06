/** `clarifai-inputs`: the typed client for the Clarifai Inputs API. */
export { InputsClient } from './client/inputs-client';
export {
  ClarifaiError,
  ClarifaiApiError,
  ClarifaiTransportError,
  ClarifaiAbortError,
  ClarifaiValidationError,
  ClarifaiPartialFailureError,
  ClarifaiWaitTimeoutError,
  ClarifaiNotFoundError,
} from './client/errors';
export type { ClarifaiErrorOptions, Partials } from './client/errors';
export { RateLimiter } from './client/call/pacing/rate-limiter';
export type { RateLimiterOptions, Permit, AttemptOutcome } from './client/call/pacing/rate-limiter';
export type { LearnedLimit } from './client/call/pacing/adaptive-rate';
export type {
  InputsClientOptions,
  CallOptions,
  NewInput,
  InputContent,
  InputAnnotations,
  GeoInput,
  InputPatch,
  PatchAction,
  InputSource,
  MediaSource,
  TextSource,
  ConceptInput,
  JsonObject,
  JsonValue,
  RetryOptions,
  MetadataInit,
  CallEvent,
  AddInputsOptions,
  AddInputsProgress,
  AddInputsResult,
  AddInputsBatchResult,
  AddedInput,
  FailedInput,
  ItemFailure,
  UnconfirmedInput,
  DeleteInputsResult,
  PatchInputsOptions,
  PatchInputsResult,
  PatchedInput,
  FailedPatch,
  ListInputsOptions,
  ListInputsPageOptions,
  StreamInputsOptions,
  WaitForInputsOptions,
  WaitProgress,
} from './client/types';
export type {
  OpenTelemetryOptions,
  OpenTelemetryApiLike,
  TracerLike,
  SpanLike,
  MeterLike,
  Attributes,
  Time,
} from './client/call/open-telemetry';
export { StatusCode } from './generated/clarifai/api/status/status_code.pb';
export { statusCodeName } from './status-code-name';
export type {
  Input,
  Data,
  Image,
  Video,
  Audio,
  Text,
  Concept,
  Geo,
  GeoPoint,
  InputCount,
  InputsAddJob,
  InputsAddJobProgress,
} from './generated/clarifai/api/resources.pb';
export type { Status } from './generated/clarifai/api/status/status.pb';
