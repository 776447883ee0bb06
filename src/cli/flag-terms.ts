/** The CLI flag for each client option a library message may name. */
const FLAG_OF_OPTION: Record<string, string> = {
  apiKey: '--api-key',
  userId: '--user-id',
  appId: '--app-id',
  target: '--target',
  timeoutMs: '--timeout',
  insecure: '--insecure',
  batchSize: '--batch-size',
  concurrency: '--concurrency',
};

/**
 * A client error message in the CLI's terms: "pass insecure: true" becomes "pass --insecure",
 * "option `apiKey`" becomes "--api-key". A CLI user has flags, not constructor options.
 */
export function inFlagTerms(message: string): string {
  return message
    .replace(/\binsecure: true\b/g, '--insecure')
    .replace(/\boption `(\w+)`/g, (whole, name: string) => FLAG_OF_OPTION[name] ?? whole)
    .replace(/\bpass `?(apiKey|userId|appId)`?/g, (whole, name: string) => `pass ${FLAG_OF_OPTION[name] ?? name}`);
}
