/**
 * Issue 7.7: properties of the client's input checks and conversion (validate-input.ts,
 * to-proto-input.ts, json-metadata.ts), with fast-check. Anything at all is either accepted
 * or refused with a ClarifaiValidationError (never another error, never a crash); a valid
 * input survives encode/decode with its id, content, concepts and metadata; a value JSON
 * cannot carry is reported at its exact path. The emulator side is fuzzed in test/emulator/fuzz.test.ts.
 */
import fc from 'fast-check';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { ClarifaiError, ClarifaiValidationError, type InputsClient, type JsonObject, type NewInput } from '../../src';
import { toProtoInput } from '../../src/client/inputs/to-proto-input';
import { validateNewInput, validatePatch } from '../../src/client/inputs/validate-input';
import { PostInputsRequest } from '../../src/generated/clarifai/api/service.pb';
import { emulatorClient, RELIABILITY_KEY } from './support';

const RUNS = { numRuns: 300, seed: 7 };

/** Throws anything thrown by `run` that is not a ClarifaiValidationError. */
function onlyValidationErrors(run: () => void): boolean {
  try {
    run();
    return true;
  } catch (error) {
    if (!(error instanceof ClarifaiValidationError)) throw error;
    expect(error.message).toMatch(/^input #\d+/);
    expect(typeof error.path).toBe('string');
    return false;
  }
}

/** JSON objects, as metadata may be (no `__proto__` key: see below). */
const jsonObject = fc.dictionary(
  fc.string().filter((key) => key !== '__proto__'),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 6 },
).filter((m) => !JSON.stringify(m).includes('"__proto__"')) as fc.Arbitrary<JsonObject>;

const conceptId = fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/);
const validInput: fc.Arbitrary<NewInput> = fc.record(
  {
    id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,40}$/),
    content: fc.oneof(
      fc.record({ text: fc.record({ raw: fc.string() }) }),
      fc.record({ text: fc.record({ url: fc.webUrl() }) }),
      fc.record({ image: fc.record({ url: fc.webUrl(), allowDuplicateUrl: fc.boolean() }) }),
      fc.record({ image: fc.record({ bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }) }),
      fc.record({ audio: fc.record({ bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }) }),
      fc.record({ video: fc.record({ url: fc.webUrl() }) }),
    ),
    concepts: fc.array(fc.oneof(conceptId, fc.record({ id: conceptId, value: fc.double({ min: 0, max: 1, noNaN: true }) })), { maxLength: 4 }),
    negativeConcepts: fc.array(conceptId, { maxLength: 3 }),
    metadata: jsonObject,
    datasetIds: fc.array(conceptId, { maxLength: 2 }),
    geo: fc.record({ latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }),
  },
  { requiredKeys: ['content'] },
).map(({ content, ...rest }) => ({ ...rest, ...content }) as NewInput);

/** JSON's view of a value (-0 becomes 0, as in any JSON text). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('anything at all: accepted, or refused with a ClarifaiValidationError', () => {
  test('validateNewInput', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withTypedArray: true, withNullPrototype: true }), fc.nat(), (value, index) => {
      onlyValidationErrors(() => validateNewInput(value, index));
    }), RUNS);
  });

  test('validateNewInput on input-shaped objects with wrong values', () => {
    const field = fc.constantFrom('id', 'image', 'video', 'audio', 'text', 'concepts', 'negativeConcepts', 'metadata', 'datasetIds', 'geo');
    fc.assert(fc.property(validInput, field, fc.anything({ withBigInt: true }), (input, key, value) => {
      onlyValidationErrors(() => validateNewInput({ ...input, [key]: value }, 0));
    }), RUNS);
  });

  test('validatePatch', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withDate: true }), (value) => {
      onlyValidationErrors(() => validatePatch(value, 3));
    }), RUNS);
  });
});

describe('valid inputs', () => {
  test('are accepted, and survive conversion, encode and decode', async () => {
    await fc.assert(fc.asyncProperty(validInput, async (input) => {
      validateNewInput(input, 0);
      const wire = await toProtoInput(input, input.id ?? 'assigned', 0);
      const decoded = PostInputsRequest.decode(PostInputsRequest.encode(PostInputsRequest.fromPartial({ inputs: [wire] })).finish()).inputs[0]!;
      expect(decoded.id).toBe(input.id ?? 'assigned');
      const data = decoded.data!;
      if (input.text && input.text.raw !== undefined) expect(data.text?.raw).toBe(input.text.raw);
      if (input.text && input.text.url !== undefined) expect(data.text?.url).toBe(input.text.url);
      if (input.image && input.image.url !== undefined) expect([data.image?.url, data.image?.allowDuplicateUrl]).toEqual([input.image.url, input.image.allowDuplicateUrl]);
      if (input.image && input.image.bytes !== undefined) expect(Buffer.from(data.image!.base64)).toEqual(Buffer.from(input.image.bytes));
      if (input.audio && input.audio.bytes !== undefined) expect(Buffer.from(data.audio!.base64)).toEqual(Buffer.from(input.audio.bytes));
      if (input.video && input.video.url !== undefined) expect(data.video?.url).toBe(input.video.url);
      const concepts = [
        ...(input.concepts ?? []).map((c) => (typeof c === 'string' ? [c, 1] : [c.id, Math.fround(c.value ?? 1)])),
        ...(input.negativeConcepts ?? []).map((id) => [id, 0]),
      ];
      expect(data.concepts.map((c) => [c.id, c.value])).toEqual(concepts);
      expect(asJson(data.metadata ?? {})).toEqual(asJson(input.metadata ?? {}));
      expect(decoded.datasetIds).toEqual(input.datasetIds ?? []);
      // Floats on the wire; -0 goes out as the default 0.
      if (input.geo) expect(asJson([data.geo?.geoPoint?.latitude, data.geo?.geoPoint?.longitude])).toEqual(asJson([Math.fround(input.geo.latitude), Math.fround(input.geo.longitude)]));
    }), RUNS);
  });
});

describe('values JSON cannot carry are reported at their exact path', () => {
  const badValue = fc.constantFrom<[unknown, RegExp]>(
    [Number.NaN, /is NaN/],
    [Infinity, /is Infinity/],
    [-Infinity, /is -Infinity/],
    [10n, /is a BigInt/],
    [undefined, /is undefined/],
    [() => 1, /is a function/],
    [new Date(0), /is an instance of Date/],
    [new Map(), /is an instance of Map/],
    [Symbol('s'), /is a symbol/],
  );
  const key = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);

  test('anywhere in nested metadata', () => {
    fc.assert(fc.property(jsonObject, fc.array(key, { minLength: 1, maxLength: 4 }), badValue, (metadata, pathKeys, [bad, problem]) => {
      // Put `bad` at metadata.k1.k2...kn, making objects on the way.
      // A JSON copy, not structuredClone: under jest that makes objects of another realm (see RELIABILITY.md).
      const root = asJson(metadata) as Record<string, unknown>;
      let node = root;
      pathKeys.slice(0, -1).forEach((k) => {
        node[k] = {};
        node = node[k] as Record<string, unknown>;
      });
      node[pathKeys.at(-1)!] = bad;
      const error = (() => {
        try {
          validateNewInput({ id: 'm1', text: { raw: 'x' }, metadata: root }, 5);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ClarifaiValidationError);
      const expectedPath = ['metadata', ...pathKeys].join('.');
      expect((error as ClarifaiValidationError).path).toBe(expectedPath);
      expect((error as Error).message).toMatch(new RegExp(`^input #5 \\(id "m1"\\): ${expectedPath.replace(/\./g, '\\.')} `));
      expect((error as Error).message).toMatch(problem);
    }), RUNS);
  });
});

describe('against the emulator', () => {
  let emulator: RunningEmulator;
  let client: InputsClient;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY] });
    client = emulatorClient(emulator.target);
  });
  afterAll(async () => {
    client.close();
    await emulator.close();
    process.off('unhandledRejection', onUnhandled);
  });

  test('metadata survives a round trip through the service', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(jsonObject, async (metadata) => {
      const id = `meta-${n++}`;
      await client.addInputs([{ id, text: { raw: 'm' }, metadata }]);
      expect(asJson((await client.getInput(id)).data?.metadata ?? {})).toEqual(asJson(metadata));
    }), { numRuns: 60, seed: 11 });
  });

  test('addInputs with random arrays: a result or a ClarifaiError, never another error or an unhandled rejection', async () => {
    const element = fc.oneof(validInput.map((input) => ({ ...input, id: undefined })), fc.anything({ withBigInt: true }));
    await fc.assert(fc.asyncProperty(fc.array(element, { maxLength: 6 }), async (inputs) => {
      try {
        const result = await client.addInputs(inputs as NewInput[]);
        expect(result.added.length + result.failed.length).toBe(inputs.length);
      } catch (error) {
        expect(error).toBeInstanceOf(ClarifaiError);
      }
    }), { numRuns: 60, seed: 13 });
    expect(unhandled).toEqual([]);
  });
});
