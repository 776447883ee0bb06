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
export { RateLimiter } from './call/pacing/rate-limiter';
export type { RateLimiterOptions, Permit, AttemptOutcome } from './call/pacing/rate-limiter';
export type { LearnedLimit } from './call/pacing/adaptive-rate';
export type { OpenTelemetryOptions, OpenTelemetryApiLike, TracerLike, SpanLike, MeterLike } from './call/open-telemetry';
export type * from './types';
