/** The error family: messages, fields, and instanceof across duplicate copies of the package. */
import { status } from '@grpc/grpc-js';
import { inspect } from 'node:util';
import {
  ClarifaiAbortError,
  ClarifaiApiError,
  ClarifaiError,
  ClarifaiTransportError,
  ClarifaiValidationError,
  ClarifaiWaitTimeoutError,
  StatusCode,
} from '../../src';
import { apiErrorFrom, checkStatus } from '../../src/client/call/check-status';

test('instanceof works across two copies of the module', () => {
  let copy: typeof import('../../src/client/errors') | undefined;
  jest.isolateModules(() => {
    copy = require('../../src/client/errors');
  });
  expect(copy!.ClarifaiApiError).not.toBe(ClarifaiApiError);
  const fromCopy = new copy!.ClarifaiApiError({ method: 'GetInput', statusCode: 11008, statusCodeName: 'CONN_KEY_INVALID', description: '', details: '', reqId: '' });
  expect(fromCopy).toBeInstanceOf(ClarifaiApiError);
  expect(fromCopy).toBeInstanceOf(ClarifaiError);
  expect(fromCopy).toBeInstanceOf(Error);
  expect(fromCopy).not.toBeInstanceOf(ClarifaiTransportError);
  const ours = new ClarifaiTransportError({ method: 'ListInputs', grpcCode: status.UNAVAILABLE, details: 'x' });
  expect(ours).toBeInstanceOf(copy!.ClarifaiTransportError);
  expect(ours).toBeInstanceOf(copy!.ClarifaiError);
  expect(ours).not.toBeInstanceOf(copy!.ClarifaiApiError);
  expect(new Error('plain')).not.toBeInstanceOf(ClarifaiError);
  expect({ name: 'ClarifaiError' }).not.toBeInstanceOf(ClarifaiError);
});

test.each([
  [{ code: StatusCode.SUCCESS }, undefined],
  [{ code: StatusCode.MIXED_STATUS }, 'PostInputs failed: MIXED_STATUS (10010)'],
  [{ code: StatusCode.CONN_THROTTLED, description: 'slow down' }, 'PostInputs failed: CONN_THROTTLED (11005): slow down'],
  [{ code: 99_999, details: 'odd' }, 'PostInputs failed: UNKNOWN_99999 (99999): odd'],
  [undefined, 'PostInputs failed: ZERO (0): the response carried no status'],
])('checkStatus(%j) → %s', (statusValue, message) => {
  const status = statusValue && { description: '', details: '', percentCompleted: 0, timeRemaining: 0, reqId: '', developerNotes: '', ...statusValue };
  const run = (): void => checkStatus('PostInputs', status);
  if (message === undefined) expect(run).not.toThrow();
  else expect(run).toThrow(message);
});

test('apiErrorFrom keeps every field', () => {
  const error = apiErrorFrom('GetInput', { code: 11101, description: 'Resource does not exist', details: 'input x', reqId: 'abc', percentCompleted: 0, timeRemaining: 0, developerNotes: '' });
  expect(error).toMatchObject({ method: 'GetInput', statusCode: 11101, statusCodeName: 'CONN_DOES_NOT_EXIST', retryable: false, attempts: 0, description: 'Resource does not exist', details: 'input x', reqId: 'abc', name: 'ClarifaiApiError' });
});

test('transport, abort, validation and timeout errors', () => {
  const cause = new Error('socket');
  const transport = new ClarifaiTransportError({ method: 'PostInputs', grpcCode: status.DEADLINE_EXCEEDED, details: 'Deadline exceeded' }, { cause });
  expect(transport.message).toBe('PostInputs failed: DEADLINE_EXCEEDED (gRPC 4): Deadline exceeded');
  expect(transport.cause).toBe(cause);
  expect(new ClarifaiAbortError('ListInputs', 'why').message).toBe('ListInputs aborted');
  const validation = new ClarifaiValidationError('bad', { index: 3, inputId: 'x', path: 'metadata.a' });
  expect([validation.index, validation.inputId, validation.path, validation.name]).toEqual([3, 'x', 'metadata.a', 'ClarifaiValidationError']);
  const ids = Array.from({ length: 12 }, (_, i) => `id${i}`);
  expect(new ClarifaiWaitTimeoutError(ids, 1000).message).toBe(
    'waitForInputs timed out after 1000 ms; 12 input(s) still pending: id0, id1, id2, id3, id4, id5, id6, id7, id8, id9 and 2 more',
  );
  expect(inspect(transport)).toContain('DEADLINE_EXCEEDED');
});
