/** The facade: `InputsClient`, its options and result types, and its errors. */
export { InputsClient } from './inputs-client';
export {
  ClarifaiError,
  ClarifaiApiError,
  ClarifaiTransportError,
  ClarifaiAbortError,
  ClarifaiValidationError,
  ClarifaiPartialFailureError,
  ClarifaiWaitTimeoutError,
  ClarifaiNotFoundError,
} from './errors';
export type { OpenTelemetryOptions, OpenTelemetryApiLike, TracerLike, SpanLike, MeterLike } from './call/open-telemetry';
export type * from './types';
