/**
 * Round trips between our ts-proto stubs and the official google-protobuf classes, for the
 * requests the Clarifai inputs documentation shows. Each case is built once with each library;
 * bytes made by one must decode in the other to the same message, field by field.
 */
import {
  GetInputsAddJobRequest,
  ListInputsRequest,
  MultiInputResponse,
  PostInputsRequest,
  SingleInputsAddJobResponse,
  StreamInputsRequest,
} from '../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { OfficialStruct, officialResources as R, officialService as S, officialStatus as St } from './official-classes';

const METRO = 'https://samples.clarifai.com/metro-north.jpg';
const PUPPY = 'https://samples.clarifai.com/puppy.jpeg';
const JPEG_BYTES = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const METADATA = { id: 'id001', type: 'animal', size: 100 };

interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

interface OfficialMessage {
  serializeBinary(): Uint8Array;
  toObject(): unknown;
}

interface OfficialClass {
  deserializeBinary(bytes: Uint8Array): OfficialMessage;
}

function officialUserApp() {
  const ids = new R.UserAppIDSet();
  ids.setUserId('me');
  ids.setAppId('my-app');
  return ids;
}

function officialImageInput(opts: { id?: string; url?: string; bytes?: Uint8Array; allowDuplicateUrl?: boolean }) {
  const image = new R.Image();
  if (opts.url) image.setUrl(opts.url);
  if (opts.bytes) image.setBase64(opts.bytes);
  if (opts.allowDuplicateUrl) image.setAllowDuplicateUrl(true);
  const data = new R.Data();
  data.setImage(image);
  const input = new R.Input();
  if (opts.id) input.setId(opts.id);
  input.setData(data);
  return input;
}

function officialPost(...inputs: unknown[]) {
  const req = new S.PostInputsRequest();
  req.setUserAppId(officialUserApp());
  req.setInputsList(inputs);
  return req;
}

const userAppId = { userId: 'me', appId: 'my-app' };

interface Case<T> {
  name: string;
  codec: Codec<T>;
  officialClass: OfficialClass;
  ours: T;
  official: () => OfficialMessage;
  /** Extra checks on the official message decoded from our bytes. */
  inspect?: (decoded: OfficialMessage) => void;
}

function conceptInput() {
  const concept = new R.Concept();
  concept.setId('charlie');
  concept.setValue(1);
  const input = officialImageInput({ url: METRO, allowDuplicateUrl: true });
  input.getData().setConceptsList([concept]);
  return input;
}

function metadataInput() {
  const input = officialImageInput({ url: METRO, allowDuplicateUrl: true });
  input.getData().setMetadata(OfficialStruct.fromJavaScript(METADATA));
  return input;
}

function status(code: number, description: string, details = '') {
  const s = new St.Status();
  s.setCode(code);
  s.setDescription(description);
  if (details) s.setDetails(details);
  return s;
}

function mixedStatusResponse() {
  const ok = officialImageInput({ id: 'train1', url: METRO });
  ok.setStatus(status(StatusCode.INPUT_PENDING, 'Input is pending'));
  const dup = officialImageInput({ id: 'puppy1', url: PUPPY });
  dup.setStatus(status(StatusCode.INPUT_DUPLICATE, 'Input duplicate', 'Input has a duplicate ID.'));
  const res = new S.MultiInputResponse();
  res.setStatus(status(StatusCode.MIXED_STATUS, 'Mixed Success'));
  res.setInputsList([ok, dup]);
  return res;
}

const cases: Case<any>[] = [
  {
    name: 'PostInputs: an image by URL with allow_duplicate_url',
    codec: PostInputsRequest,
    officialClass: S.PostInputsRequest,
    ours: PostInputsRequest.fromPartial({ userAppId, inputs: [{ data: { image: { url: METRO, allowDuplicateUrl: true } } }] }),
    official: () => officialPost(officialImageInput({ url: METRO, allowDuplicateUrl: true })),
  },
  {
    name: 'PostInputs: an image by bytes',
    codec: PostInputsRequest,
    officialClass: S.PostInputsRequest,
    ours: PostInputsRequest.fromPartial({ userAppId, inputs: [{ data: { image: { base64: JPEG_BYTES } } }] }),
    official: () => officialPost(officialImageInput({ bytes: JPEG_BYTES })),
    inspect: (decoded: any) =>
      expect(Array.from(decoded.getInputsList()[0].getData().getImage().getBase64_asU8())).toEqual(Array.from(JPEG_BYTES)),
  },
  {
    name: 'PostInputs: two inputs with ids train1 and puppy1',
    codec: PostInputsRequest,
    officialClass: S.PostInputsRequest,
    ours: PostInputsRequest.fromPartial({
      userAppId,
      inputs: [
        { id: 'train1', data: { image: { url: METRO, allowDuplicateUrl: true } } },
        { id: 'puppy1', data: { image: { url: PUPPY, allowDuplicateUrl: true } } },
      ],
    }),
    official: () =>
      officialPost(
        officialImageInput({ id: 'train1', url: METRO, allowDuplicateUrl: true }),
        officialImageInput({ id: 'puppy1', url: PUPPY, allowDuplicateUrl: true }),
      ),
    inspect: (decoded: any) => expect(decoded.getInputsList().map((i: any) => i.getId())).toEqual(['train1', 'puppy1']),
  },
  {
    name: 'PostInputs: the concept charlie with value 1',
    codec: PostInputsRequest,
    officialClass: S.PostInputsRequest,
    ours: PostInputsRequest.fromPartial({
      userAppId,
      inputs: [{ data: { image: { url: METRO, allowDuplicateUrl: true }, concepts: [{ id: 'charlie', value: 1 }] } }],
    }),
    official: () => officialPost(conceptInput()),
    inspect: (decoded: any) => {
      const concept = decoded.getInputsList()[0].getData().getConceptsList()[0];
      expect([concept.getId(), concept.getValue()]).toEqual(['charlie', 1]);
    },
  },
  {
    name: 'PostInputs: metadata {id: "id001", type: "animal", size: 100}',
    codec: PostInputsRequest,
    officialClass: S.PostInputsRequest,
    ours: PostInputsRequest.fromPartial({
      userAppId,
      inputs: [{ data: { image: { url: METRO, allowDuplicateUrl: true }, metadata: METADATA } }],
    }),
    official: () => officialPost(metadataInput()),
    inspect: (decoded: any) => expect(decoded.getInputsList()[0].getData().getMetadata().toJavaScript()).toEqual(METADATA),
  },
  {
    name: 'ListInputs: page 1, per_page 10',
    codec: ListInputsRequest,
    officialClass: S.ListInputsRequest,
    ours: ListInputsRequest.fromPartial({ userAppId, page: 1, perPage: 10 }),
    official: () => {
      const req = new S.ListInputsRequest();
      req.setUserAppId(officialUserApp());
      req.setPage(1);
      req.setPerPage(10);
      return req;
    },
  },
  {
    name: 'StreamInputs: per_page 10',
    codec: StreamInputsRequest,
    officialClass: S.StreamInputsRequest,
    ours: StreamInputsRequest.fromPartial({ userAppId, perPage: 10 }),
    official: () => {
      const req = new S.StreamInputsRequest();
      req.setUserAppId(officialUserApp());
      req.setPerPage(10);
      return req;
    },
  },
  {
    name: 'StreamInputs: per_page 10 after last_id',
    codec: StreamInputsRequest,
    officialClass: S.StreamInputsRequest,
    ours: StreamInputsRequest.fromPartial({ userAppId, perPage: 10, lastId: 'puppy1' }),
    official: () => {
      const req = new S.StreamInputsRequest();
      req.setUserAppId(officialUserApp());
      req.setPerPage(10);
      req.setLastId('puppy1');
      return req;
    },
  },
  {
    name: 'GetInputsAddJob: by id',
    codec: GetInputsAddJobRequest,
    officialClass: S.GetInputsAddJobRequest,
    ours: GetInputsAddJobRequest.fromPartial({ userAppId, id: 'job-1' }),
    official: () => {
      const req = new S.GetInputsAddJobRequest();
      req.setUserAppId(officialUserApp());
      req.setId('job-1');
      return req;
    },
  },
  {
    name: 'SingleInputsAddJobResponse: a job in progress',
    codec: SingleInputsAddJobResponse,
    officialClass: S.SingleInputsAddJobResponse,
    ours: SingleInputsAddJobResponse.fromPartial({
      status: { code: StatusCode.SUCCESS, description: 'Ok' },
      inputsAddJob: {
        id: 'job-1',
        progress: { pendingCount: '2', inProgressCount: '1', successCount: '5', failedCount: '1' },
        status: { code: StatusCode.JOB_RUNNING, description: 'Job is running' },
      },
    }),
    official: () => {
      const progress = new R.InputsAddJobProgress();
      progress.setPendingCount(2);
      progress.setInProgressCount(1);
      progress.setSuccessCount(5);
      progress.setFailedCount(1);
      const job = new R.InputsAddJob();
      job.setId('job-1');
      job.setProgress(progress);
      job.setStatus(status(St.StatusCode.JOB_RUNNING, 'Job is running'));
      const res = new S.SingleInputsAddJobResponse();
      res.setStatus(status(St.StatusCode.SUCCESS, 'Ok'));
      res.setInputsAddJob(job);
      return res;
    },
  },
  {
    name: 'MultiInputResponse: MIXED_STATUS with per-input statuses',
    codec: MultiInputResponse,
    officialClass: S.MultiInputResponse,
    ours: MultiInputResponse.fromPartial({
      status: { code: StatusCode.MIXED_STATUS, description: 'Mixed Success' },
      inputs: [
        {
          id: 'train1',
          data: { image: { url: METRO } },
          status: { code: StatusCode.INPUT_PENDING, description: 'Input is pending' },
        },
        {
          id: 'puppy1',
          data: { image: { url: PUPPY } },
          status: { code: StatusCode.INPUT_DUPLICATE, description: 'Input duplicate', details: 'Input has a duplicate ID.' },
        },
      ],
    }),
    official: mixedStatusResponse,
    inspect: (decoded: any) =>
      expect(decoded.getInputsList().map((i: any) => [i.getId(), i.getStatus().getCode(), i.getStatus().getDetails()])).toEqual([
        ['train1', 30001, ''],
        ['puppy1', 30100, 'Input has a duplicate ID.'],
      ]),
  },
];

describe.each(cases)('$name', ({ codec, officialClass, ours, official, inspect }) => {
  it('encoded by us, decodes in the official classes to the same message', () => {
    const decoded = officialClass.deserializeBinary(codec.encode(ours).finish());
    expect(decoded.toObject()).toEqual(official().toObject());
    inspect?.(decoded);
  });

  it('encoded by the official classes, decodes in ours to the same message', () => {
    expect(codec.decode(official().serializeBinary())).toEqual(ours);
  });
});
