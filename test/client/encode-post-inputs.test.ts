/**
 * The single-copy PostInputs encoder proposed by the benchmarks must produce the same message as
 * the generated codec, for our decoder and for the official google-protobuf classes.
 */
import fc from 'fast-check';
import { encodePostInputs } from '../../bench/proposals/post-inputs-encoder';
import { PostInputsRequest } from '../../src/generated/clarifai/api/service.pb';

const officialService = require('clarifai-nodejs-grpc/proto/clarifai/api/service_pb');

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

const CASES: Record<string, PostInputsRequest> = {
  'image bytes with annotations': PostInputsRequest.fromPartial({
    userAppId: { userId: 'u', appId: 'a' },
    inputs: [
      {
        id: 'train1',
        data: {
          image: { base64: bytes(70_000, 1), allowDuplicateUrl: true },
          concepts: [{ id: 'charlie', value: 1 }],
          metadata: { id: 'id001', type: 'animal', size: 100 },
          geo: { geoPoint: { latitude: 1.5, longitude: -2.5 } },
        },
        datasetIds: ['d1'],
      },
    ],
    inputsAddJobId: 'job',
    inputIdConflictResolution: 2,
  }),
  'video and audio bytes, a 200-byte payload (2-byte length)': PostInputsRequest.fromPartial({
    inputs: [
      { id: 'v', data: { video: { base64: bytes(200, 2) } } },
      { id: 'a', data: { audio: { base64: bytes(3, 3) } } },
    ],
  }),
  'inputs without media bytes go out as the generated codec writes them': PostInputsRequest.fromPartial({
    inputs: [{ id: 'u', data: { image: { url: 'https://example.com/a.jpg' } } }, { id: 't', data: { text: { raw: 'hello' } } }, { id: 'empty' }],
  }),
  'no inputs': PostInputsRequest.fromPartial({ userAppId: { userId: 'u', appId: 'a' } }),
};

describe('encodePostInputs (bench/proposals)', () => {
  it.each(Object.entries(CASES))('%s: decodes to the same request', (_, request) => {
    const decoded = PostInputsRequest.decode(encodePostInputs(request));
    expect(PostInputsRequest.toJSON(decoded)).toEqual(PostInputsRequest.toJSON(request));
  });

  it('decodes with the official google-protobuf classes to what the generated codec encodes', () => {
    const request = CASES['image bytes with annotations'] as PostInputsRequest;
    const ours = officialService.PostInputsRequest.deserializeBinary(encodePostInputs(request)).toObject();
    const generated = officialService.PostInputsRequest.deserializeBinary(PostInputsRequest.encode(request).finish()).toObject();
    expect(ours).toEqual(generated);
    expect(ours.inputsList[0].data.image.base64).toBeTruthy();
  });

  it('keeps any mix of media sizes around the 1-, 2- and 3-byte length boundaries', () => {
    const size = fc.constantFrom(0, 1, 127, 128, 16_383, 16_384, 70_000);
    const input = fc.record({ id: fc.string({ maxLength: 20 }), kind: fc.constantFrom('image', 'video', 'audio'), size, seed: fc.nat(255) });
    fc.assert(
      fc.property(fc.array(input, { maxLength: 5 }), (specs) => {
        const request = PostInputsRequest.fromPartial({
          inputs: specs.map((s) => ({ id: s.id, data: { [s.kind]: { base64: bytes(s.size, s.seed) }, concepts: [{ id: 'c', value: 1 }] } })),
        });
        expect(PostInputsRequest.toJSON(PostInputsRequest.decode(encodePostInputs(request)))).toEqual(PostInputsRequest.toJSON(request));
      }),
      { numRuns: 60 },
    );
  });
});
