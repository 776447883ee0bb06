/**
 * Bundled and minified by minified-bundle.test.ts, then run against a faulty emulator: prints
 * what a minified server build would see of the error classes and of retries.
 */
import { ClarifaiApiError, ClarifaiError, ClarifaiTransportError, InputsClient, StatusCode, type CallEvent } from '../../../src';

async function main(): Promise<void> {
  const target = process.argv[2]!;
  const events: CallEvent[] = [];
  const client = new InputsClient({
    apiKey: process.argv[3]!,
    target,
    insecure: true,
    retry: { maxAttempts: 20, baseDelayMs: 1, maxDelayMs: 5 },
    batchSize: 5,
    onCall: (event) => events.push(event),
  });
  const inputs = Array.from({ length: 40 }, (_, i) => ({ id: `b${i}`, text: { raw: `${i}` } }));
  const result = await client.addInputs(inputs);
  const missing = await client.getInput('no-such-input').catch((e: unknown) => e);
  const offline = new InputsClient({ apiKey: 'k', target: '127.0.0.1:1', insecure: true, retry: false, timeoutMs: 2_000 });
  const unreachable = await offline.getInputCount().catch((e: unknown) => e);
  offline.close();
  client.close();
  const made = new ClarifaiApiError({ method: 'm', statusCode: StatusCode.CONN_THROTTLED, statusCodeName: 'CONN_THROTTLED', description: '', details: '', reqId: '' });
  process.stdout.write(
    JSON.stringify({
      minifiedClassName: ClarifaiApiError.name,
      added: result.added.length,
      failed: result.failed.length,
      retried: events.filter((e) => e.willRetry).length,
      madeIsApiError: made instanceof ClarifaiApiError,
      madeIsTransportError: made instanceof ClarifaiTransportError,
      madeRetryable: made.retryable,
      missingIsApiError: missing instanceof ClarifaiApiError,
      missingIsClarifaiError: missing instanceof ClarifaiError,
      missingName: (missing as Error).name,
      unreachableIsTransportError: unreachable instanceof ClarifaiTransportError,
      unreachableIsApiError: unreachable instanceof ClarifaiApiError,
    }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
