/**
 * The iterators' lazily decoded pages must give exactly what the generated decoder gives, input
 * by input, and must reject a truncated answer when it arrives, not in the middle of a page.
 */
import { decodeInputPage } from '../../src/client/operations/input-page';
import { MultiInputResponse } from '../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';

const RESPONSE = MultiInputResponse.fromPartial({
  status: { code: StatusCode.SUCCESS, description: 'Ok', reqId: 'r1' },
  inputs: Array.from({ length: 5 }, (_, i) => ({
    id: `in${i}`,
    data: {
      image: { url: `https://example.com/${i}.jpg`, base64: Uint8Array.of(i, 1, 2) },
      concepts: [{ id: 'cat', name: 'cat', value: 1 }],
      metadata: { index: i, tags: ['a', i], nested: { deep: i % 2 === 0 } },
    },
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    status: { code: StatusCode.INPUT_SUCCESS, description: 'Download complete' },
    datasetIds: i === 3 ? ['d1'] : [],
  })),
  // Not read by the iterators: skipped, wherever it is.
  inputsAddJob: { id: 'job1', status: { code: StatusCode.SUCCESS } },
});
const bytes = MultiInputResponse.encode(RESPONSE).finish();

test('each input decodes, when asked for, to what the generated decoder gives', () => {
  const eager = MultiInputResponse.decode(bytes);
  const page = decodeInputPage(bytes);
  expect(page.status).toEqual(eager.status);
  expect(page.inputs.length).toBe(5);
  // Out of order and twice: each call decodes from the page's own bytes.
  for (const i of [4, 0, 3, 1, 2, 4]) expect(page.inputs.at(i)).toEqual(eager.inputs[i]);
  expect(page.inputs.at(5)).toBeUndefined();
  expect(page.inputs.at(-1)).toBeUndefined();
});

test('an empty answer is an empty page with its status', () => {
  const page = decodeInputPage(MultiInputResponse.encode(MultiInputResponse.fromPartial({ status: { code: StatusCode.FAILURE } })).finish());
  expect(page.status?.code).toBe(StatusCode.FAILURE);
  expect(page.inputs.length).toBe(0);
});

test('a truncated answer is rejected when it is read', () => {
  const inputsOnly = MultiInputResponse.encode({ ...RESPONSE, inputsAddJob: undefined }).finish();
  expect(() => decodeInputPage(inputsOnly.subarray(0, inputsOnly.length - 10))).toThrow('MultiInputResponse: input 4 runs past the end of the message');
  expect(() => decodeInputPage(bytes.subarray(0, bytes.length - 10))).toThrow(RangeError);
});
