/** `clarifai-inputs`: the typed client for the Clarifai Inputs API. */
export {
  InputsClient,
  ClarifaiError,
  ClarifaiApiError,
  ClarifaiTransportError,
  ClarifaiAbortError,
  ClarifaiValidationError,
  ClarifaiPartialFailureError,
  ClarifaiWaitTimeoutError,
  ClarifaiNotFoundError,
  openTelemetryOnCall,
} from './client';
export type {
  TracerLike,
  SpanLike,
  MeterLike,
  InputsClientOptions,
  CallOptions,
  NewInput,
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
  UnconfirmedInput,
  DeleteInputsResult,
  ListInputsOptions,
  ListInputsPageOptions,
  StreamInputsOptions,
  WaitForInputsOptions,
} from './client';
export { StatusCode } from './generated/clarifai/api/status/status_code.pb';
export { statusCodeName } from './status-code-name';
export type { Input, Data, Image, Video, Audio, Text, Concept, Geo, GeoPoint, InputCount } from './generated/clarifai/api/resources.pb';
export type { Status } from './generated/clarifai/api/status/status.pb';
