/**
 * Child process: one serializer or deserializer alone, no network. Encodes one PostInputs batch of
 * image inputs, or decodes one page of listed inputs, `iterations` times, the way each client
 * does it. The facade's serializer is encodePostInputs itself (also timed alone). Every encoder's
 * output is first checked to decode to the same request.
 */
import { methods } from '../../src/client/call/methods';
import { MultiInputResponse, PostInputsRequest, V2Service } from '../../src/generated/clarifai/api/service.pb';
import { imagePool, uploadId } from '../fixtures/image-bytes';
import { readTask, runContenderChild } from '../harness/child-protocol';
import { encodePostInputs } from '../../src/client/inputs/encode-post-inputs';
import { PageSource } from '../servers/page-source';
import { officialDefinition } from './official-stub';
import { USER_APP } from './upload-task';

export interface CodecTask {
  codec: string;
  iterations: number;
  batchSize: number;
  imageBytes: number;
  perPage: number;
}

type Encoder = (request: PostInputsRequest, official: object) => Uint8Array;
type Decoder = (page: Buffer) => { inputs: unknown[] };

export const ENCODERS: Record<string, Encoder> = {
  'official stub serializer': (_, official) => officialDefinition()['clarifai.api.V2'].PostInputs.requestSerialize(official),
  'generated requestSerialize (raw V2Client)': (request) => V2Service.postInputs.requestSerialize(request),
  'facade serializer (InputsClient)': (request) => methods.postInputs.serialize(request),
  'encodePostInputs alone': (request) => encodePostInputs(request),
};

export const DECODERS: Record<string, Decoder> = {
  'official stub deserializer': (page) => officialDefinition()['clarifai.api.V2'].ListInputs.responseDeserialize(page),
  'generated decode (raw V2Client, InputsClient)': (page) => MultiInputResponse.decode(page),
};

async function main() {
  const task = readTask<CodecTask>();
  const encoder = ENCODERS[task.codec];
  const decoder = DECODERS[task.codec];
  if (encoder === undefined && decoder === undefined) throw new Error(`unknown codec ${JSON.stringify(task.codec)}`);
  let work: () => number;
  let inputs: number;
  let bytes: number;
  if (encoder !== undefined) {
    const pool = imagePool(task.batchSize, task.imageBytes);
    const ours = Array.from({ length: task.batchSize }, (_, j) => ({ id: uploadId(j), data: { image: { base64: pool[j] } } }));
    const request = PostInputsRequest.fromPartial({ userAppId: USER_APP, inputs: ours });
    const official = {
      user_app_id: { user_id: USER_APP.userId, app_id: USER_APP.appId },
      inputs: ours.map((i) => ({ id: i.id, data: { image: { base64: i.data.image.base64 } } })),
    };
    const expected = PostInputsRequest.toJSON(request);
    const actual = PostInputsRequest.toJSON(PostInputsRequest.decode(encoder(request, official)));
    if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${task.codec}: the encoded request does not decode to the original`);
    work = () => encoder(request, official).length;
    inputs = task.batchSize;
    bytes = task.batchSize * task.imageBytes;
  } else {
    const page = new PageSource(task.perPage, false).page(0, task.perPage);
    work = () => (decoder as Decoder)(page).inputs.length;
    inputs = task.perPage;
    bytes = page.length;
  }
  for (let i = 0; i < Math.ceil(task.iterations / 10); i++) work();
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < task.iterations; i++) sink += work();
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (sink === 0) throw new Error('nothing was encoded or decoded');
  return { elapsedMs, inputs: inputs * task.iterations, bytes: bytes * task.iterations };
}

if (require.main === module) runContenderChild(main);
