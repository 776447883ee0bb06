/**
 * The single-copy PostInputs encoder must produce the same message as the generated codec, for
 * our decoder and for the official google-protobuf classes, for everything toProtoInput builds.
 */
import fc from 'fast-check';
import { encodePostInputs } from '../../src/client/inputs/encode-post-inputs';
import { methods } from '../../src/client/call/methods';
import { toProtoInput } from '../../src/client/inputs/to-proto-input';
import { prepareInput } from '../../src/client/operations/prepare-input';
import type { NewInput } from '../../src/client/types';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
          concepts: [{ id: 'charlie', value: 1 }, { id: 'dog', name: 'Dog', value: 0 }],
          metadata: { id: 'id001', type: 'animal', size: 100, tags: ['a', 1, null, true], nested: { deep: { x: -1.5 } } },
          geo: { geoPoint: { latitude: 1.5, longitude: -2.5 } },
        },
        datasetIds: ['d1', 'd2'],
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
  'image, video and audio bytes plus text in one input': PostInputsRequest.fromPartial({
    inputs: [
      {
        id: 'all',
        data: {
          image: { base64: bytes(300, 4), hosted: { prefix: 'p', suffix: 's', sizes: ['small'] }, imageInfo: { width: 3, height: 4, format: 'png' } },
          video: { base64: bytes(20_000, 5), url: '' },
          audio: { base64: bytes(130, 6) },
          text: { raw: 'caption' },
          concepts: [{ id: 'c', value: 1 }],
          metadata: { k: 'v' },
        },
      },
    ],
  }),
  'inputs without media bytes go out as the generated codec writes them': PostInputsRequest.fromPartial({
    inputs: [
      { id: 'u', data: { image: { url: 'https://example.com/a.jpg', allowDuplicateUrl: true } } },
      { id: 't', data: { text: { raw: 'hello' } } },
      { id: 'empty-image', data: { image: {} } },
      { id: 'empty' },
    ],
  }),
  'no inputs': PostInputsRequest.fromPartial({ userAppId: { userId: 'u', appId: 'a' } }),
};

const official = (wire: Uint8Array) => officialService.PostInputsRequest.deserializeBinary(wire).toObject();

describe('encodePostInputs', () => {
  it('is the PostInputs serializer the facade uses', () => {
    expect(methods.postInputs.serialize).toBe(encodePostInputs);
  });

  it.each(Object.entries(CASES))('%s: decodes to the same request', (_, request) => {
    const decoded = PostInputsRequest.decode(encodePostInputs(request));
    expect(PostInputsRequest.toJSON(decoded)).toEqual(PostInputsRequest.toJSON(request));
  });

  it.each(Object.entries(CASES))('%s: the official google-protobuf classes read what the generated codec writes', (_, request) => {
    const ours = official(encodePostInputs(request));
    expect(ours).toEqual(official(PostInputsRequest.encode(request).finish()));
  });

  it('writes each media payload once, in one piece, and as many bytes as the generated codec', () => {
    const request = CASES['image, video and audio bytes plus text in one input'] as PostInputsRequest;
    const wire = encodePostInputs(request);
    expect(wire.length).toBe(PostInputsRequest.encode(request).finish().length);
    const video = request.inputs[0]!.data!.video!.base64;
    expect(Buffer.from(wire).indexOf(Buffer.from(video))).toBeGreaterThan(0);
    expect(official(wire).inputsList[0].data.image.base64).toBeTruthy();
  });

  it('encodes what toProtoInput builds from every field a NewInput can carry', async () => {
    const inputs = await Promise.all([
      toProtoInput(
        {
          image: { bytes: bytes(1_000, 7) },
          concepts: ['a', { id: 'b', name: 'B', value: 0.5 }],
          negativeConcepts: ['n'],
          metadata: { a: [1, 'x', { y: false }], b: null },
          geo: { latitude: 10, longitude: 20 },
          datasetIds: ['ds'],
        },
        'i1',
        0,
      ),
      toProtoInput({ image: { url: 'http://127.0.0.1:1/a.jpg', allowDuplicateUrl: true } }, 'i2', 1),
      // @ts-expect-error two kinds of content (refused by validation): the encoder still has to match the generated one
      toProtoInput({ video: { bytes: bytes(129, 8) }, text: { raw: 'r' } }, 'i3', 2),
      toProtoInput({ audio: { bytes: bytes(17_000, 9) } }, 'i4', 3),
      toProtoInput({ text: { url: 'http://127.0.0.1:1/t.txt' } }, 'i5', 4),
    ]);
    const request = PostInputsRequest.fromPartial({ userAppId: { userId: 'u', appId: 'a' }, inputs });
    const wire = encodePostInputs(request);
    expect(PostInputsRequest.toJSON(PostInputsRequest.decode(wire))).toEqual(PostInputsRequest.toJSON(request));
    expect(official(wire)).toEqual(official(PostInputsRequest.encode(request).finish()));
  });

  it('keeps any mix of media sizes around the 1-, 2- and 3-byte length boundaries', () => {
    const size = fc.constantFrom(0, 1, 127, 128, 16_383, 16_384, 70_000);
    const media = fc.record({ size, seed: fc.nat(255) }, { requiredKeys: [] });
    const input = fc.record({ id: fc.string({ maxLength: 20 }), image: fc.option(media), video: fc.option(media), audio: fc.option(media) });
    const part = (m: { size?: number; seed?: number } | null) => (m === null ? undefined : { base64: bytes(m.size ?? 0, m.seed ?? 0) });
    fc.assert(
      fc.property(fc.array(input, { maxLength: 5 }), (specs) => {
        const request = PostInputsRequest.fromPartial({
          inputs: specs.map((s) => ({ id: s.id, data: { image: part(s.image), video: part(s.video), audio: part(s.audio), concepts: [{ id: 'c', value: 1 }] } })),
        });
        const wire = encodePostInputs(request);
        expect(PostInputsRequest.toJSON(PostInputsRequest.decode(wire))).toEqual(PostInputsRequest.toJSON(request));
        expect(wire.length).toBe(PostInputsRequest.encode(request).finish().length);
      }),
      { numRuns: 60 },
    );
  });

  it('sends an input measured first (the addInputs path) with its measured size, encoded as the generated codec does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'encode-measured-'));
    try {
      const file = path.join(dir, 'a.bin');
      writeFileSync(file, bytes(40_000, 3));
      const size = fc.constantFrom(1, 127, 128, 16_383, 16_384, 70_000);
      const given: NewInput[] = [
        { image: { file }, concepts: ['a'], metadata: { k: [1, 'two'] } },
        { image: { url: 'http://127.0.0.1:1/a.jpg' }, concepts: [{ id: 'b', value: 0.5 }] },
        { text: { raw: 'caption' }, geo: { latitude: 1, longitude: 2 }, datasetIds: ['d'] },
      ];
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ kind: fc.constantFrom('image', 'video', 'audio'), size, seed: fc.nat(255) }), { maxLength: 4 }), async (specs) => {
          const inputs: NewInput[] = [...given, ...specs.map((m) => ({ [m.kind]: { bytes: bytes(m.size, m.seed) }, concepts: ['c'], negativeConcepts: ['n'] }) as unknown as NewInput)];
          const pending = await Promise.all(inputs.map((input, i) => prepareInput(input, i, `id${i}`, Infinity)));
          const request = PostInputsRequest.fromPartial({
            inputs: await Promise.all(pending.map((p) => toProtoInput(p.input, p.id, p.index, p.wire))),
          });
          const wire = encodePostInputs(request);
          expect(wire.length).toBe(pending.reduce((sum, p) => sum + p.bytes, 0));
          expect(PostInputsRequest.toJSON(PostInputsRequest.decode(wire))).toEqual(PostInputsRequest.toJSON(request));
          expect(official(wire)).toEqual(official(PostInputsRequest.encode(request).finish()));
        }),
        { numRuns: 30 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an encoding that throws half way leaves nothing behind for the next one', () => {
    const broken = PostInputsRequest.fromPartial({ inputs: [{ id: 'x', data: { concepts: [{ id: 'c', value: 1 }], text: { raw: 'r' } } }] });
    (broken.inputs[0]!.data as { metadata?: unknown }).metadata = { bad: Symbol('not JSON') };
    expect(() => encodePostInputs(broken)).toThrow();
    const request = CASES['image bytes with annotations']!;
    expect(official(encodePostInputs(request))).toEqual(official(PostInputsRequest.encode(request).finish()));
  });
});
