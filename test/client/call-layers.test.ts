/** The call pipeline's pure parts: the retry decision and how layers compose. */
import { Metadata, status } from '@grpc/grpc-js';
import { composeLayers, type Answer, type Call, type CallLayer, type CallResult } from '../../src/client/call/call';
import { decideRetry } from '../../src/client/call/retry-decision';
import { methods } from '../../src/client/call/methods';
import { ClarifaiApiError, ClarifaiTransportError, ClarifaiValidationError } from '../../src/client/errors';

const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, attemptTimeoutMs: undefined, random: () => 0.5 };
const unavailable = new ClarifaiTransportError({ method: 'm', grpcCode: status.UNAVAILABLE, details: '' });

test.each([
  ['a retryable failure, time left', { error: unavailable, attempt: 1 }, { retry: true, delayMs: 50 }],
  ['the second wait doubles', { error: unavailable, attempt: 2 }, { retry: true, delayMs: 100 }],
  ['attempts used up', { error: unavailable, attempt: 3 }, { retry: false }],
  ['retries off', { error: unavailable, attempt: 1, policy: false as const }, { retry: false }],
  ['not retryable', { error: new ClarifaiValidationError('bad'), attempt: 1 }, { retry: false }],
  ['not a ClarifaiError', { error: new Error('bug'), attempt: 1 }, { retry: false }],
  ['the wait would pass the deadline', { error: unavailable, attempt: 1, deadlineAt: 1_040 }, { retry: false }],
  [
    'DEADLINE_EXCEEDED of a call that is not idempotent',
    { error: new ClarifaiTransportError({ method: 'm', grpcCode: status.DEADLINE_EXCEEDED, details: '', idempotent: false }), attempt: 1 },
    { retry: false },
  ],
  [
    'CONN_THROTTLED',
    { error: new ClarifaiApiError({ method: 'm', statusCode: 11005, statusCodeName: 'CONN_THROTTLED', description: '', details: '', reqId: '' }), attempt: 1 },
    { retry: true, delayMs: 50 },
  ],
  [
    'a throttle the limiter paces: at once, whatever the attempts made',
    { error: new ClarifaiApiError({ method: 'm', statusCode: 11005, statusCodeName: 'CONN_THROTTLED', description: '', details: '', reqId: '' }), attempt: 3, pacedThrottle: true },
    { retry: true, delayMs: 0 },
  ],
  [
    'a paced throttle at the deadline',
    { error: new ClarifaiApiError({ method: 'm', statusCode: 11005, statusCodeName: 'CONN_THROTTLED', description: '', details: '', reqId: '' }), attempt: 1, pacedThrottle: true, deadlineAt: 1_000 },
    { retry: false },
  ],
  [
    'a paced RESOURCE_EXHAUSTED of a call that is not idempotent',
    { error: new ClarifaiTransportError({ method: 'm', grpcCode: status.RESOURCE_EXHAUSTED, details: '' }), attempt: 1, pacedThrottle: true, idempotent: false },
    { retry: false },
  ],
])('decideRetry: %s', (_name, input, expected) => {
  expect(decideRetry({ policy, now: 1_000, deadlineAt: 60_000, ...input })).toEqual(expected);
});

test('layers run outermost first, each may change the call it passes on, and results come back up', async () => {
  const seen: string[] = [];
  const tag =
    (name: string): CallLayer =>
    async (call, next) => {
      seen.push(`${name} in ${call.deadlineAt}`);
      const result = await next({ ...call, deadlineAt: call.deadlineAt - 1 });
      seen.push(`${name} out`);
      return { ...result, attempts: result.attempts + 1 };
    };
  const send = async <Req, Res extends Answer>(call: Call<Req, Res>): Promise<CallResult<Res>> => {
    seen.push(`wire ${call.deadlineAt}`);
    return { response: { status: undefined } as Res, attempts: 1 };
  };
  const run = composeLayers([tag('a'), tag('b')], send);
  const call = { method: methods.getInputCount, request: { userAppId: undefined }, metadata: new Metadata(), deadlineAt: 10, callId: 1, options: {}, observe: () => undefined };
  await expect(run(call)).resolves.toMatchObject({ attempts: 3 });
  expect(seen).toEqual(['a in 10', 'b in 9', 'wire 8', 'b out', 'a out']);
});
