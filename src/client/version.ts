/** This package's version; a test keeps it equal to package.json. */
export const VERSION = '0.1.0';

/** Sent as `x-clarifai-request-id-prefix` on every request, as the official SDKs send theirs. */
export const REQUEST_ID_PREFIX = `clarifai-inputs-${VERSION}`;
