/**
 * decodePostInputsAnswer reads what the generated decoder reads (ids, statuses, and each input
 * when asked), decodes answers that echo media bytes at once, and `added` entries made from it
 * behave as plain objects.
 */
import fc from 'fast-check';
import { inspect } from 'node:util';
import { decodePostInputsAnswer, EAGER_ENTRY_BYTES, type AnswerEntry } from '../../src/client/inputs/post-inputs-answer';
import { added } from '../../src/client/operations/post-batch';
import { prepareInput } from '../../src/client/operations/prepare-input';
import type { Input } from '../../src/generated/clarifai/api/resources.pb';
import { MultiInputResponse } from '../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';

/** An entry's input, decoding it if the answer left it encoded. */
const inputOf = (entry: AnswerEntry | undefined) => (typeof entry?.input === 'function' ? entry.input() : entry?.input);

const answer = (inputs: object[], extra: object = {}) =>
  MultiInputResponse.encode(MultiInputResponse.fromPartial({ status: { code: StatusCode.MIXED_STATUS, description: 'Mixed' }, inputs, ...extra })).finish();

test('reads the same status, ids, input statuses and inputs as the generated decoder', () => {
  const input = fc.record({
    id: fc.string({ maxLength: 40 }),
    status: fc.option(fc.record({ code: fc.constantFrom(StatusCode.INPUT_PENDING, StatusCode.INPUT_DUPLICATE, 0), description: fc.string({ maxLength: 30 }) }), { nil: undefined }),
    data: fc.record({
      concepts: fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), value: fc.constantFrom(0, 1, 0.5) }), { maxLength: 3 }),
      metadata: fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean())), { nil: undefined }),
      text: fc.option(fc.record({ raw: fc.string({ maxLength: 50 }) }), { nil: undefined }),
    }),
    datasetIds: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
  });
  fc.assert(
    fc.property(fc.array(input, { maxLength: 6 }), fc.boolean(), (inputs, withJob) => {
      const bytes = answer(inputs, withJob ? { inputsAddJob: { id: 'job-1' } } : {});
      const expected = MultiInputResponse.decode(bytes);
      const ours = decodePostInputsAnswer(bytes);
      expect(ours.status).toEqual(expected.status);
      expect(ours.inputs.map((e) => [e.id, e.status])).toEqual(expected.inputs.map((i) => [i.id, i.status]));
      expect(ours.inputs.map(inputOf)).toEqual(expected.inputs);
    }),
    { numRuns: 100 },
  );
});

test('small entries are decoded when asked for; an answer echoing media bytes is decoded at once', () => {
  const small = answer([{ id: 'a', status: { code: StatusCode.INPUT_PENDING }, data: { text: { raw: 'hello' } } }]);
  const lazy = decodePostInputsAnswer(small);
  small.fill(0); // what a lazy entry reads from
  expect(lazy.inputs[0]?.id).toBe('a'); // read at once
  expect(inputOf(lazy.inputs[0])?.data?.text?.raw).not.toBe('hello');

  const media = new Uint8Array(EAGER_ENTRY_BYTES).fill(7);
  const large = answer([
    { id: 'big', data: { image: { base64: media } } },
    { id: 'b', data: { text: { raw: 'hello' } } },
  ]);
  const eager = decodePostInputsAnswer(large);
  expect(typeof eager.inputs[0]?.input).toBe('object'); // decoded at once
  const image = inputOf(eager.inputs[0])?.data?.image?.base64;
  expect(image?.length).toBe(EAGER_ENTRY_BYTES);
  large.fill(0);
  expect(inputOf(eager.inputs[1])?.data?.text?.raw).toBe('hello');
});

test('an answer cut short is refused, not half read', () => {
  const bytes = answer([{ id: 'a', data: { text: { raw: 'x'.repeat(200) } } }]);
  expect(() => decodePostInputsAnswer(bytes.subarray(0, bytes.length - 10))).toThrow(RangeError);
  // An input whose status claims 4 bytes with 3 left in the input, the next input after it.
  const overrun = Uint8Array.from([0x12, 5, 0x32, 4, 0x08, 0x01, 0x10, 0x12, 3, 0x0a, 1, 0x62]);
  expect(() => decodePostInputsAnswer(overrun)).toThrow(/overruns its length/);
});

test('an added entry made from an answer entry reads its input once, without media bytes, and spreads and serializes as a plain object', async () => {
  const pending = await prepareInput({ image: { bytes: new Uint8Array([1, 2, 3]) } }, 4, 'id-4', Infinity);
  const bytes = answer([{ id: 'id-4', status: { code: StatusCode.INPUT_PENDING }, data: { image: { base64: new Uint8Array([1, 2, 3]), url: 'u' } } }]);
  const entry = decodePostInputsAnswer(bytes).inputs[0];
  if (entry === undefined) throw new Error('no entry');
  let reads = 0;
  const result = added(pending, () => {
    reads++;
    return inputOf(entry) as Input;
  });
  expect(reads).toBe(0);
  expect(result.input.data?.image?.base64).toEqual(new Uint8Array(0));
  expect(result.input.data?.image?.url).toBe('u');
  expect(result.input).toBe(result.input);
  expect(reads).toBe(1);
  expect({ ...result }.input).toBe(result.input);
  expect(JSON.parse(JSON.stringify(result))).toMatchObject({ index: 4, id: 'id-4', input: { id: 'id-4', data: { image: { url: 'u' } } } });
  expect(Object.keys(result)).toEqual(['index', 'id', 'input']);
  expect(inspect(result, { depth: 5 })).toContain("url: 'u'"); // shown, not [Getter/Setter]
  expect(inspect(result)).not.toContain('Getter');
  const replaced = { ...result.input, id: 'replaced' };
  result.input = replaced; // writable, as its type says
  expect(result.input).toBe(replaced);
});
